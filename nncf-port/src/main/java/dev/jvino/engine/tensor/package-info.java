/**
 * The reference engine's n-dimensional array, {@link dev.jvino.engine.tensor.NdArray}: an OpenVINO
 * element type, a {@code long[]} shape and one primitive data array chosen by
 * {@link dev.jvino.engine.tensor.Storage} (float for f32/f16/bf16, double for f64, long for every
 * integer type, boolean for boolean). {@link dev.jvino.engine.tensor.Values} holds the per-type rounding
 * (f16/bf16 round to nearest even) and wrapping (integers wrap to their width) that keeps stored values
 * exactly representable in their type.
 */
package dev.jvino.engine.tensor;
