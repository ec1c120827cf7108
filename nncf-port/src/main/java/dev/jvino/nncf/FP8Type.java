package dev.jvino.nncf;

/** NNCF's {@code FP8Type}: the destination type of a FakeConvert in the FP8 quantization modes. */
public enum FP8Type {
  E4M3("f8e4m3"),
  E5M2("f8e5m2");

  private final String value;

  FP8Type(String value) {
    this.value = value;
  }

  /** NNCF's string value, also the IR name of the element type ({@code f8e4m3}, {@code f8e5m2}). */
  public String value() {
    return value;
  }

  /** The largest finite value of the type: 448 (E4M3) or 57344 (E5M2). */
  public int maxValue() {
    return this == E4M3 ? 448 : 57344;
  }

  /** Parses NNCF's value (case-insensitive; the Java name is accepted too). */
  public static FP8Type fromValue(String value) {
    return NncfValues.parse(FP8Type.class, FP8Type::value, "FP8 type", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
