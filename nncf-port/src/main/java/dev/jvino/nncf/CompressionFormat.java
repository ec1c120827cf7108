package dev.jvino.nncf;

/** How compressed weights are stored (NNCF's {@code CompressionFormat}); OpenVINO models take only {@link #DQ}. */
public enum CompressionFormat {
  /** Low-precision constants followed by a decompression subgraph. */
  DQ("dequantize"),
  FQ("fake_quantize"),
  FQ_LORA("fake_quantize_with_lora"),
  FQ_LORA_NLS("fake_quantize_with_lora_nls");

  private final String value;

  CompressionFormat(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static CompressionFormat fromValue(String value) {
    return NncfValues.parse(CompressionFormat.class, CompressionFormat::value, "compression format", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
