/**
 * Reference-engine kernels: pure functions from {@link dev.jvino.engine.tensor.NdArray} inputs and a
 * typed attribute record to output arrays, independent of any graph model, with OpenVINO's semantics
 * (each op computes in its element type; shapes are derived from the inputs at run time).
 *
 * <p>Entry points are static methods grouped by family ({@link dev.jvino.engine.ref.Elementwise},
 * {@link dev.jvino.engine.ref.Activations}, {@link dev.jvino.engine.ref.Convert},
 * {@link dev.jvino.engine.ref.MatMul}, {@link dev.jvino.engine.ref.ShapeOps},
 * {@link dev.jvino.engine.ref.Indexing}, {@link dev.jvino.engine.ref.Slicing},
 * {@link dev.jvino.engine.ref.Reductions}, {@link dev.jvino.engine.ref.Convolution},
 * {@link dev.jvino.engine.ref.Pooling}, {@link dev.jvino.engine.ref.Normalization},
 * {@link dev.jvino.engine.ref.Attention}, {@link dev.jvino.engine.ref.Quantization}). A graph executor
 * can instead go through {@link dev.jvino.engine.ref.KernelRegistry}, which maps an IR layer's type and
 * version (or opset) to an {@link dev.jvino.engine.ref.OpKernel} that parses the layer's text attributes.
 * Errors are typed: {@link dev.jvino.engine.ref.OpAttributeException},
 * {@link dev.jvino.engine.ref.OpInputException} and {@link dev.jvino.engine.ref.UnsupportedOpException},
 * all naming the operation.
 */
package dev.jvino.engine.ref;
