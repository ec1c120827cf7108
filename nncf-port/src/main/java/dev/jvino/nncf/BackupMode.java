package dev.jvino.nncf;

import java.util.Locale;
import java.util.Optional;

/** The precision for weights that mixed precision (or a group-size fallback) keeps out of the primary mode. */
public enum BackupMode {
  /** Keep the weight uncompressed. */
  NONE("none"),
  INT8_SYM("int8_sym"),
  INT8_ASYM("int8_asym"),
  MXFP8_E4M3("mxfp8_e4m3"),
  FP8_E4M3("fp8_e4m3");

  private final String value;

  BackupMode(String value) {
    this.value = value;
  }

  /** NNCF's string value. */
  public String value() {
    return value;
  }

  /** The compression mode this backup uses, or empty for {@link #NONE}. */
  public Optional<CompressWeightsMode> compressionMode() {
    return switch (this) {
      case NONE -> Optional.empty();
      case INT8_SYM -> Optional.of(CompressWeightsMode.INT8_SYM);
      case INT8_ASYM -> Optional.of(CompressWeightsMode.INT8_ASYM);
      case MXFP8_E4M3 -> Optional.of(CompressWeightsMode.MXFP8_E4M3);
      case FP8_E4M3 -> Optional.of(CompressWeightsMode.FP8_E4M3);
    };
  }

  /**
   * NNCF's default backup for a primary mode: MXFP8_E4M3 for the MX modes, FP8_E4M3 for FP4 and
   * FP8_E4M3, INT8_ASYM otherwise.
   */
  public static BackupMode defaultFor(CompressWeightsMode primary) {
    return switch (primary) {
      case MXFP4, MXFP8_E4M3 -> MXFP8_E4M3;
      case FP4, FP8_E4M3 -> FP8_E4M3;
      default -> INT8_ASYM;
    };
  }

  /** The mode with the given value (case-insensitive). */
  public static BackupMode fromValue(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    for (BackupMode m : values()) {
      if (m.value.equals(v)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown backup mode '" + value + "'");
  }

  @Override
  public String toString() {
    return value;
  }
}
