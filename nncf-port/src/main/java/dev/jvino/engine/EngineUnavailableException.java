package dev.jvino.engine;

/** The requested engine cannot be used in this build or on this machine (e.g. no OpenVINO runtime). */
public final class EngineUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String engine;

  public EngineUnavailableException(String engine, String message) {
    super(message);
    this.engine = engine;
  }

  /** The engine name that was asked for. */
  public String engine() {
    return engine;
  }
}
