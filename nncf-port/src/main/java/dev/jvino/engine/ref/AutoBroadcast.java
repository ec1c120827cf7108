package dev.jvino.engine.ref;

/**
 * The {@code auto_broadcast} attribute of elementwise operations: {@code none}, {@code numpy}, or
 * {@code pdpd} with its {@code axis} (-1 aligns the second input to the trailing dimensions).
 */
public record AutoBroadcast(Mode mode, long axis) {
  /** Broadcast mode. */
  public enum Mode { NONE, NUMPY, PDPD }

  public static final AutoBroadcast NONE = new AutoBroadcast(Mode.NONE, -1);
  public static final AutoBroadcast NUMPY = new AutoBroadcast(Mode.NUMPY, -1);

  /** PDPD broadcasting aligned at {@code axis}. */
  public static AutoBroadcast pdpd(long axis) {
    return new AutoBroadcast(Mode.PDPD, axis);
  }

  /** Parses the IR spelling ({@code none}, {@code numpy}, {@code pdpd}; {@code explicit} is rejected). */
  public static AutoBroadcast parse(String op, String text, long axis) {
    return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "none" -> NONE;
      case "numpy" -> NUMPY;
      case "pdpd" -> pdpd(axis);
      default -> throw new OpAttributeException(op, "auto_broadcast", text, "expected none, numpy or pdpd");
    };
  }
}
