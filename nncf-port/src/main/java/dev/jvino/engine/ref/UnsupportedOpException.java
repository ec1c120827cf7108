package dev.jvino.engine.ref;

/**
 * The reference engine has no kernel for this operation, or none for this combination of element types
 * or attribute values.
 */
public final class UnsupportedOpException extends OpException {
  private static final long serialVersionUID = 1L;

  public UnsupportedOpException(String op, String reason) {
    super(op, reason);
  }
}
