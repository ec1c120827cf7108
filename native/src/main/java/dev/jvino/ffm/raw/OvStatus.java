package dev.jvino.ffm.raw;

/** {@code ov_status_e}: the codes every status-returning C function reports (0 is success). */
public enum OvStatus {
  OK(0),
  GENERAL_ERROR(-1),
  NOT_IMPLEMENTED(-2),
  NETWORK_NOT_LOADED(-3),
  PARAMETER_MISMATCH(-4),
  NOT_FOUND(-5),
  OUT_OF_BOUNDS(-6),
  UNEXPECTED(-7),
  REQUEST_BUSY(-8),
  RESULT_NOT_READY(-9),
  NOT_ALLOCATED(-10),
  INFER_NOT_STARTED(-11),
  NETWORK_NOT_READ(-12),
  INFER_CANCELLED(-13),
  INVALID_C_PARAM(-14),
  UNKNOWN_C_ERROR(-15),
  NOT_IMPLEMENT_C_METHOD(-16),
  /** Spelled {@code UNKNOW_EXCEPTION} in the header. */
  UNKNOW_EXCEPTION(-17);

  private final int code;

  OvStatus(int code) {
    this.code = code;
  }

  /** The C value. */
  public int code() {
    return code;
  }

  /** The status for {@code code}, or {@code null} for a value the header does not define. */
  public static OvStatus of(int code) {
    return code <= 0 && code >= -17 ? values()[-code] : null;
  }

  /** The header's name for {@code code}, or {@code "STATUS(<code>)"} for an unknown value. */
  public static String nameOf(int code) {
    OvStatus s = of(code);
    return s == null ? "STATUS(" + code + ")" : s.name();
  }
}
