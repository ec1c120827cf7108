package dev.jvino.engine;

/** The inputs given to an inference do not match the model's Parameters (count, name, type or shape). */
public final class EngineInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public EngineInputException(String message) {
    super(message);
  }
}
