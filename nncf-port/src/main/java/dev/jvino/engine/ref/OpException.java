package dev.jvino.engine.ref;

/**
 * Base of the typed errors a reference kernel raises. Every one names the operation (e.g.
 * {@code Convolution-1}) it was raised by.
 */
public abstract class OpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String op;

  protected OpException(String op, String message) {
    super(op + ": " + message);
    this.op = op;
  }

  /** The operation, as {@code Type-version}. */
  public String op() {
    return op;
  }
}
