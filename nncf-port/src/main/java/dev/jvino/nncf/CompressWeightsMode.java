package dev.jvino.nncf;

import java.util.Locale;

/**
 * How {@code compress_weights} stores a weight, with NNCF's string values ({@code "int4_sym"}, ...).
 */
public enum CompressWeightsMode {
  /** 8-bit symmetric integers (i8), per channel. */
  INT8_SYM("int8_sym"),
  /** 8-bit asymmetric integers (u8) with a u8 zero point, per channel. NNCF's default. */
  INT8_ASYM("int8_asym"),
  /** 4-bit symmetric integers (i4). */
  INT4_SYM("int4_sym"),
  /** 4-bit asymmetric integers (u4) with a u4 zero point. */
  INT4_ASYM("int4_asym"),
  /** The 16-level NF4 table. */
  NF4("nf4"),
  /** The fixed 16-entry CB4 codebook. */
  CB4("cb4"),
  /** FP4 E2M1 values with E8M0 scales over groups of 32. */
  MXFP4("mxfp4"),
  /** FP8 E4M3 values with E8M0 scales over groups of 32. */
  MXFP8_E4M3("mxfp8_e4m3"),
  /** FP8 E4M3 values with an f16 scale. */
  FP8_E4M3("fp8_e4m3"),
  /** FP4 E2M1 values with an f16 scale. */
  FP4("fp4"),
  /** FP4 E2M1 values, E4M3 group scales over groups of 16 and one f32 global scale. */
  NVFP4("nvfp4"),
  /** A user codebook. */
  CODEBOOK("codebook"),
  /** A codebook tuned on data. */
  ADAPTIVE_CODEBOOK("adaptive_codebook");

  private final String value;

  CompressWeightsMode(String value) {
    this.value = value;
  }

  /** NNCF's string value, e.g. {@code "int4_sym"}. */
  public String value() {
    return value;
  }

  /** Whether the codes are integers with a uniform scale (the INT modes). */
  public boolean isInteger() {
    return this == INT8_SYM || this == INT8_ASYM || this == INT4_SYM || this == INT4_ASYM;
  }

  /** Whether the mode stores a zero point. */
  public boolean isAsymmetric() {
    return this == INT8_ASYM || this == INT4_ASYM;
  }

  /** Whether the codes index a codebook. */
  public boolean isCodebook() {
    return this == CB4 || this == CODEBOOK || this == ADAPTIVE_CODEBOOK;
  }

  /** Whether the mode uses E8M0 (power-of-two) block scales. */
  public boolean isMx() {
    return this == MXFP4 || this == MXFP8_E4M3;
  }

  /** Bits per code: 8 for INT8 and the FP8 modes, 4 otherwise (codebooks: up to 16 entries). */
  public int numBits() {
    return switch (this) {
      case INT8_SYM, INT8_ASYM, FP8_E4M3, MXFP8_E4M3 -> 8;
      default -> 4;
    };
  }

  /**
   * NNCF's default group size for the mode: -1 (per channel) for INT8 and codebook modes, 32 for MX,
   * 16 for NVFP4, 128 otherwise.
   */
  public int defaultGroupSize() {
    return switch (this) {
      case INT8_SYM, INT8_ASYM, CB4, CODEBOOK, ADAPTIVE_CODEBOOK -> -1;
      case MXFP4, MXFP8_E4M3 -> 32;
      case NVFP4 -> 16;
      default -> 128;
    };
  }

  /**
   * The mode with the given NNCF value (case-insensitive; the enum constant name is accepted too).
   *
   * @throws IllegalArgumentException naming the accepted values if none matches
   */
  public static CompressWeightsMode fromValue(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    for (CompressWeightsMode m : values()) {
      if (m.value.equals(v)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown compression mode '" + value + "'; expected one of " + java.util.Arrays.stream(values())
            .map(CompressWeightsMode::value).toList());
  }

  @Override
  public String toString() {
    return value;
  }
}
