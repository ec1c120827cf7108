/**
 * Quantizer placement for {@code nncf.quantize} on OpenVINO models (the port of NNCF's MinMax quantizer setup):
 * the CPU hardware configuration ({@link dev.jvino.nncf.quantization.placement.HardwareConfig}), NNCF's operator
 * metatypes ({@link dev.jvino.nncf.quantization.placement.Metatype}), hardware-fused and ignored patterns,
 * quantizer propagation with branch merging and unified scales, and the overflow-fix, CPU_SPR and transformer
 * passes. Entry point: {@link dev.jvino.nncf.quantization.placement.QuantizerPlacement#place}.
 */
package dev.jvino.nncf.quantization.placement;
