package dev.jvino.nncf;

/**
 * NNCF's {@code DropType}: how {@code quantize_with_accuracy_control} measures the accuracy drop between the
 * float metric {@code m0} and the quantized metric {@code m}. A metric at or above {@code m0} is never a drop.
 */
public enum DropType {
  /** {@code m0 - m}. */
  ABSOLUTE("absolute"),
  /** {@code |1 - m / m0|}. */
  RELATIVE("relative");

  private final String value;

  DropType(String value) {
    this.value = value;
  }

  /** NNCF's string value. */
  public String value() {
    return value;
  }

  /** Parses NNCF's value (case-insensitive; the Java name is accepted too). */
  public static DropType fromValue(String value) {
    return NncfValues.parse(DropType.class, DropType::value, "drop_type", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
