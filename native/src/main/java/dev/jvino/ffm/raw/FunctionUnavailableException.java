package dev.jvino.ffm.raw;

/** A C function jvino binds is not exported by the loaded (older) runtime. */
public final class FunctionUnavailableException extends UnsupportedOperationException {
  private final String function;

  /** {@code function} is missing from OpenVINO {@code runtimeVersion}. */
  public FunctionUnavailableException(String function, String runtimeVersion) {
    super(function + " is not available in OpenVINO " + runtimeVersion);
    this.function = function;
  }

  /** The missing C function. */
  public String function() {
    return function;
  }
}
