package dev.jvino.nncf.compression;

import dev.jvino.ir.ElementType;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.weights.CompressedWeight;
import dev.jvino.nncf.weights.WeightLowering;
import dev.jvino.numeric.Nf4;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The quantize-dequantize of one 4-bit weight config, as AWQ's grid search and scale estimation use it
 * (NNCF's {@code integer_quantize_dequantize_weight} for INT4_SYM/INT4_ASYM and
 * {@code float_quantize_dequantize_weight} for NF4, CB4 and CODEBOOK).
 *
 * <p>For the table modes the "unscaled" value of a code is its table entry (NF4 level, or codebook value;
 * NNCF's {@code CompressedWeight.get_unscaled_tensor}), and the dequantized weight is that entry times the
 * float32 scale; there is no zero point. The scale is {@code max|w|} for NF4 and {@code max|w| / max|codebook|}
 * for the codebooks (float32 eps clamp).
 *
 * @param mode INT4_SYM, INT4_ASYM, NF4, CB4 or CODEBOOK
 * @param codebook the codebook of CB4/CODEBOOK, else null
 * @param codebookType the element type a CODEBOOK codebook is kept in (its decision midpoints use it)
 */
record ModeQuantizer(CompressWeightsMode mode, float @Nullable [] codebook, ElementType codebookType) {

  ModeQuantizer {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(codebookType, "codebookType");
    switch (mode) {
      case INT4_SYM, INT4_ASYM, NF4 -> { }
      case CB4 -> codebook = codebook == null ? WeightLowering.cb4Codebook() : codebook.clone();
      case CODEBOOK -> {
        if (codebook == null) {
          throw new IllegalArgumentException("CODEBOOK mode needs a codebook");
        }
        codebook = codebook.clone();
      }
      default -> throw new IllegalArgumentException(
          "AWQ and scale estimation quantize with INT4_SYM, INT4_ASYM, NF4, CB4 or CODEBOOK, not " + mode);
    }
  }

  /** The quantizer of a weight's config. */
  static ModeQuantizer of(WeightCompressionConfig config) {
    return new ModeQuantizer(config.mode(), config.codebook(), config.codebookType());
  }

  /** A mode without a user codebook (INT4_SYM, INT4_ASYM, NF4, CB4). */
  static ModeQuantizer of(CompressWeightsMode mode) {
    return new ModeQuantizer(mode, null, ElementType.F32);
  }

  /** Whether the mode is an integer one (codes with an optional zero point). */
  boolean isInteger() {
    return mode == CompressWeightsMode.INT4_SYM || mode == CompressWeightsMode.INT4_ASYM;
  }

  boolean isAsymmetric() {
    return mode == CompressWeightsMode.INT4_ASYM;
  }

  /** The table of a table mode: NF4 levels or the codebook. */
  float[] table() {
    if (mode == CompressWeightsMode.NF4) {
      return Nf4.values();
    }
    if (codebook == null) {
      throw new IllegalStateException(mode + " has no table");
    }
    return codebook.clone();
  }

  /** Data-free lowering with the mode's own scale. */
  CompressedWeight lower(float[] w, long[] shape, int axis, int groupSize) {
    if (mode == CompressWeightsMode.CODEBOOK && codebookType != ElementType.F32) {
      return WeightLowering.lowerWithCodebook(w, shape, axis, groupSize, codebook, codebookType);
    }
    return WeightLowering.lower(w, shape, axis, mode, groupSize, codebook);
  }

  /** Lowering with a precomputed scale (and, for INT4_ASYM, zero point). */
  CompressedWeight lowerWithScale(float[] w, long[] shape, int axis, int groupSize, float[] scale,
      int @Nullable [] zeroPoint) {
    if (mode == CompressWeightsMode.CODEBOOK && codebookType != ElementType.F32) {
      return WeightLowering.lowerWithCodebookAndScale(w, shape, axis, groupSize, codebook, codebookType, scale);
    }
    return WeightLowering.lowerWithScale(w, shape, axis, mode, groupSize, scale, zeroPoint, codebook);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ModeQuantizer q && q.mode == mode && java.util.Arrays.equals(q.codebook, codebook)
        && q.codebookType == codebookType;
  }

  @Override
  public int hashCode() {
    return mode.hashCode() * 31 + java.util.Arrays.hashCode(codebook);
  }

  @Override
  public String toString() {
    return "ModeQuantizer[" + mode + (codebook == null ? "" : ", " + codebook.length + " entries") + "]";
  }
}
