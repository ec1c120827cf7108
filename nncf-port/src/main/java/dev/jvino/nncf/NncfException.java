package dev.jvino.nncf;

/** Base of the errors jvino's NNCF port raises, mirroring {@code nncf.*Error}. */
public class NncfException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NncfException(String message) {
    super(message);
  }

  public NncfException(String message, Throwable cause) {
    super(message, cause);
  }
}
