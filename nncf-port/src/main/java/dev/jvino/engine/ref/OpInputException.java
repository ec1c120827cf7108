package dev.jvino.engine.ref;

/** An operation input has a shape, rank, value or element type the operation cannot accept. */
public final class OpInputException extends OpException {
  private static final long serialVersionUID = 1L;

  private final int input;

  public OpInputException(String op, int input, String reason) {
    super(op, "input " + input + ": " + reason);
    this.input = input;
  }

  /** Zero-based index of the offending input (-1 when it concerns several inputs together). */
  public int input() {
    return input;
  }
}
