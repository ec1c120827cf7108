package dev.jvino.nncf;

/**
 * NNCF's {@code QuantizationScheme} (aliased as {@code advanced_parameters.QuantizationMode}): whether a
 * quantizer's range is symmetric around zero.
 */
public enum QuantizationScheme {
  SYMMETRIC("symmetric"),
  ASYMMETRIC("asymmetric"),
  SYMMETRIC_LORA("symmetric_lora"),
  SYMMETRIC_LORA_NLS("symmetric_lora_nls"),
  ASYMMETRIC_LORA("asymmetric_lora"),
  ASYMMETRIC_LORA_NLS("asymmetric_lora_nls");

  private final String value;

  QuantizationScheme(String value) {
    this.value = value;
  }

  /** NNCF's string value. */
  public String value() {
    return value;
  }

  /** Parses NNCF's value (case-insensitive; the Java name is accepted too). */
  public static QuantizationScheme fromValue(String value) {
    return NncfValues.parse(QuantizationScheme.class, QuantizationScheme::value, "quantization scheme", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
