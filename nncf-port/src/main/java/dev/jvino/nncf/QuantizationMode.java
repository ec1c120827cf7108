package dev.jvino.nncf;

/**
 * NNCF's top-level {@code QuantizationMode} of {@code nncf.quantize}: the FP8 modes, which insert
 * FakeConvert instead of FakeQuantize. Not the same type as {@link QuantizationScheme} (NNCF's advanced
 * {@code QuantizationMode}).
 */
public enum QuantizationMode {
  FP8_E4M3("fp8_e4m3"),
  FP8_E5M2("fp8_e5m2");

  private final String value;

  QuantizationMode(String value) {
    this.value = value;
  }

  /** NNCF's string value. */
  public String value() {
    return value;
  }

  /** Parses NNCF's value (case-insensitive; the Java name is accepted too). */
  public static QuantizationMode fromValue(String value) {
    return NncfValues.parse(QuantizationMode.class, QuantizationMode::value, "quantization mode", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
