package dev.jvino.nncf;

/** An invalid parameter value or combination: NNCF's {@code nncf.ValidationError}. */
public class ValidationException extends NncfException {
  private static final long serialVersionUID = 1L;

  public ValidationException(String message) {
    super(message);
  }
}
