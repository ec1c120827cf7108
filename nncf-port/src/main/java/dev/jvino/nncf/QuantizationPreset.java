package dev.jvino.nncf;

/**
 * NNCF's {@code QuantizationPreset}: {@link #PERFORMANCE} quantizes activations symmetrically,
 * {@link #MIXED} asymmetrically; weights are symmetric in both. The default is MIXED for
 * {@link ModelType#TRANSFORMER} models and PERFORMANCE otherwise.
 */
public enum QuantizationPreset {
  /** Symmetric weights and activations. */
  PERFORMANCE("performance"),
  /** Symmetric weights, asymmetric activations. */
  MIXED("mixed");

  private final String value;

  QuantizationPreset(String value) {
    this.value = value;
  }

  /** NNCF's string value. */
  public String value() {
    return value;
  }

  /** Parses NNCF's value (case-insensitive; the Java name is accepted too). */
  public static QuantizationPreset fromValue(String value) {
    return NncfValues.parse(QuantizationPreset.class, QuantizationPreset::value, "preset", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
