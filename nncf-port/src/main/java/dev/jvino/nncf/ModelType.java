package dev.jvino.nncf;

/** NNCF's {@code ModelType}: model families with their own quantization rules. */
public enum ModelType {
  /** Transformer models: extra ignored patterns and metatypes, SmoothQuant. */
  TRANSFORMER("transformer");

  private final String value;

  ModelType(String value) {
    this.value = value;
  }

  /** NNCF's string value. */
  public String value() {
    return value;
  }

  /** Parses NNCF's value (case-insensitive; the Java name is accepted too). */
  public static ModelType fromValue(String value) {
    return NncfValues.parse(ModelType.class, ModelType::value, "model type", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
