package dev.jvino.engine.ref;

/** An operation attribute has a value the operation does not accept. */
public final class OpAttributeException extends OpException {
  private static final long serialVersionUID = 1L;

  private final String attribute;
  private final String value;

  public OpAttributeException(String op, String attribute, Object value, String reason) {
    super(op, "attribute '" + attribute + "' = " + render(value) + ": " + reason);
    this.attribute = attribute;
    this.value = render(value);
  }

  private static String render(Object value) {
    if (value instanceof long[] a) {
      return java.util.Arrays.toString(a);
    }
    if (value instanceof int[] a) {
      return java.util.Arrays.toString(a);
    }
    return String.valueOf(value);
  }

  /** The attribute's name, as the IR spells it. */
  public String attribute() {
    return attribute;
  }

  /** The rejected value, as text. */
  public String value() {
    return value;
  }
}
