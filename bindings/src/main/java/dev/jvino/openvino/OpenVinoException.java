package dev.jvino.openvino;

import dev.jvino.ffm.raw.OvStatus;
import org.jspecify.annotations.Nullable;

/**
 * A C API call returned a failing {@code ov_status_e}. Carries the function, the status (code and
 * header name) and OpenVINO's last error text, which was read right after the failure.
 */
public final class OpenVinoException extends RuntimeException {
  private final String function;
  private final int status;
  private final @Nullable String lastError;
  private final String description;

  OpenVinoException(String function, int status, @Nullable String lastError, String description) {
    super(function + " failed with " + OvStatus.nameOf(status) + " (" + status + ")"
        + (lastError == null || lastError.isBlank() ? "" : ": " + lastError.strip()));
    this.function = function;
    this.status = status;
    this.lastError = lastError;
    this.description = description;
  }

  /** OpenVINO's fixed text for the status ({@code ov_get_error_info}), e.g. "general error". */
  public String statusDescription() {
    return description;
  }

  /** The C function that failed. */
  public String function() {
    return function;
  }

  /** The raw status code (negative). */
  public int status() {
    return status;
  }

  /** The header's name of the status, e.g. {@code GENERAL_ERROR}. */
  public String statusName() {
    return OvStatus.nameOf(status);
  }

  /** OpenVINO's last error text, or null when it set none (e.g. INVALID_C_PARAM). */
  public @Nullable String lastError() {
    return lastError;
  }
}
