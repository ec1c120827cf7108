package dev.jvino.nncf;

/**
 * The quantization parameters of one quantizer group (activations or weights) in
 * {@link AdvancedQuantizationParameters}: integer {@link QuantizationParameters}, or
 * {@link FP8QuantizationParameters} for the FP8 {@link QuantizationMode}s.
 */
public sealed interface QuantizerParameters permits QuantizationParameters, FP8QuantizationParameters {}
