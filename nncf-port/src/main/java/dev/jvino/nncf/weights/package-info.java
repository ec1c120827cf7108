/**
 * NNCF's data-free weight lowering, bit for bit: {@link dev.jvino.nncf.weights.WeightLowering} turns a
 * float32 weight into codes, scales, zero points (and codebooks, E8M0/E4M3 scales, NVFP4's global scale)
 * plus the dequantized weight for every {@link dev.jvino.nncf.CompressWeightsMode};
 * {@link dev.jvino.nncf.weights.QuantizationError} and
 * {@link dev.jvino.nncf.weights.MixedPrecisionSelection} give the data-free mixed-precision criterion;
 * {@link dev.jvino.nncf.weights.GroupSizeFallback} handles channels not divisible by the group size.
 */
package dev.jvino.nncf.weights;
