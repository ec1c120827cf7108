package dev.jvino.nncf.quantization;

/** NNCF's {@code QuantizerGroup}: whether a quantizer is on an activation or on a constant weight. */
public enum QuantizerGroup {
  ACTIVATIONS,
  WEIGHTS
}
