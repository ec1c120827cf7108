package dev.jvino.nncf;

/**
 * A parameter or combination the OpenVINO backend does not support, or that jvino does not implement
 * yet: NNCF's {@code nncf.ParameterNotSupportedError}.
 */
public class ParameterNotSupportedException extends NncfException {
  private static final long serialVersionUID = 1L;

  public ParameterNotSupportedException(String message) {
    super(message);
  }
}
