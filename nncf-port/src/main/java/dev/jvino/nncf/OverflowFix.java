package dev.jvino.nncf;

/**
 * NNCF's {@code OverflowFix}: which weights get half of the 8-bit range, so that int8 accumulation on
 * CPUs without VNNI cannot overflow. The default is FIRST_LAYER.
 */
public enum OverflowFix {
  /** Every Convolution, GroupConvolution, ConvolutionBackpropData and MatMul weight. */
  ENABLE("enable"),
  /** The weights of the first quantized convolution reached from each model input. */
  FIRST_LAYER("first_layer_only"),
  /** No weight gets half range. */
  DISABLE("disable");

  private final String value;

  OverflowFix(String value) {
    this.value = value;
  }

  /** NNCF's string value. */
  public String value() {
    return value;
  }

  /** Parses NNCF's value (case-insensitive; the Java name is accepted too). */
  public static OverflowFix fromValue(String value) {
    return NncfValues.parse(OverflowFix.class, OverflowFix::value, "overflow fix", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
