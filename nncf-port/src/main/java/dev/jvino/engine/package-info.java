/**
 * The engine seam: {@link dev.jvino.engine.Engine} compiles a {@link dev.jvino.ir.Model} into a
 * {@link dev.jvino.engine.CompiledModel}, whose {@link dev.jvino.engine.InferSession}s run it (inputs by
 * position or name, outputs as {@link dev.jvino.engine.tensor.NdArray}, ReadValue/Assign variables kept
 * per session until {@code resetState()}).
 *
 * <p>{@link dev.jvino.engine.ReferenceEngine} is the pure-Java executor over the kernels of
 * {@code dev.jvino.engine.ref}; {@link dev.jvino.engine.Engines} picks an engine by name or by the
 * {@code jvino.engine} system property.
 *
 * <pre>{@code
 * Engine engine = Engines.auto();
 * InferSession s = engine.compile(model).createSession();
 * NdArray y = s.infer(Map.of("x", NdArray.f32(new long[] {1, 3}, 1, 2, 3))).get(0);
 * }</pre>
 */
package dev.jvino.engine;
