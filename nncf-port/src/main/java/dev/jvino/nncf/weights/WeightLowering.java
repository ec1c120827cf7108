package dev.jvino.nncf.weights;

import dev.jvino.ir.ElementType;
import dev.jvino.nncf.CompressWeightsMode;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Data-free weight lowering: NNCF's reference ({@code weight_lowering.py}, numpy path) computation of
 * codes, scales, zero points and dequantized values for every {@link CompressWeightsMode}, bit for bit.
 *
 * <p>Input is a float32 weight in C order with its shape, the reduced axis (NNCF's single reduction
 * axis; any axis, negative counts from the end) and a group size ({@code -1} = per channel). Grouping
 * splits the reduced axis into {@code [r/gs, gs]}. All arithmetic is float32 with round half to even and
 * true division, as in NNCF.
 *
 * <p>Large weights are split over two threads by outer rows; results do not depend on the split.
 */
public final class WeightLowering {
  private WeightLowering() {}

  /**
   * Lowers a weight with a mode that needs no user codebook (every mode but CODEBOOK and
   * ADAPTIVE_CODEBOOK).
   *
   * @throws IllegalArgumentException for a bad shape, axis, group size, or a weight whose length does
   *     not match the shape
   * @throws InvalidGroupSizeException if the group size does not divide the reduced axis
   */
  public static CompressedWeight lower(
      float[] weight, long[] shape, int reductionAxis, CompressWeightsMode mode, int groupSize) {
    return lower(weight, shape, reductionAxis, mode, groupSize, null);
  }

  /** {@link #lower(float[], long[], int, CompressWeightsMode, int)} for an int shape. */
  public static CompressedWeight lower(
      float[] weight, int[] shape, int reductionAxis, CompressWeightsMode mode, int groupSize) {
    return lower(weight, Arrays.stream(shape).asLongStream().toArray(), reductionAxis, mode, groupSize, null);
  }

  /**
   * Lowers a weight. {@code codebook} is required for CODEBOOK (1-D, 2 to 256 finite, strictly
   * increasing values) and ignored otherwise; CB4 always uses NNCF's fixed CB4 codebook.
   *
   * @throws UnsupportedOperationException for ADAPTIVE_CODEBOOK, whose codebook is fitted on data
   */
  public static CompressedWeight lower(
      float[] weight,
      long[] shape,
      int reductionAxis,
      CompressWeightsMode mode,
      int groupSize,
      float @Nullable [] codebook) {
    WeightGrouping gr = WeightGrouping.of(shape, reductionAxis, groupSize);
    if (weight.length != gr.size()) {
      throw new IllegalArgumentException(
          "weight has " + weight.length + " values but shape " + Arrays.toString(shape) + " needs " + gr.size());
    }
    return switch (mode) {
      case INT8_SYM, INT8_ASYM, INT4_SYM, INT4_ASYM -> IntegerLowering.lower(weight, gr, mode);
      case FP4, MXFP4, FP8_E4M3, MXFP8_E4M3, NVFP4 -> FloatLowering.lower(weight, gr, mode);
      case NF4 -> TableLowering.lowerNf4(weight, gr, null);
      case CB4 -> TableLowering.lowerCodebook(weight, gr, mode, TableLowering.CB4, ElementType.F32, null);
      case CODEBOOK -> {
        if (codebook == null) {
          throw new IllegalArgumentException("CODEBOOK mode needs a codebook");
        }
        validateCodebook(codebook);
        yield TableLowering.lowerCodebook(weight, gr, mode, codebook, ElementType.F32, null);
      }
      case ADAPTIVE_CODEBOOK -> throw new UnsupportedOperationException(
          "ADAPTIVE_CODEBOOK fits its codebook on calibration data; lower with CODEBOOK and a codebook instead");
    };
  }

  /**
   * CODEBOOK lowering with a codebook stored in another element type (NNCF keeps the user codebook's
   * dtype): the values must be exactly representable in {@code codebookType}; for f16 and bf16 codebooks
   * the decision midpoints are rounded to that type, as NNCF computes them in the codebook's dtype.
   *
   * @throws IllegalArgumentException for a bad codebook or a value not representable in the type
   */
  public static CompressedWeight lowerWithCodebook(
      float[] weight, long[] shape, int reductionAxis, int groupSize, float[] codebook, ElementType codebookType) {
    checkCodebookType(codebook, codebookType);
    WeightGrouping gr = WeightGrouping.of(shape, reductionAxis, groupSize);
    if (weight.length != gr.size()) {
      throw new IllegalArgumentException(
          "weight has " + weight.length + " values but shape " + Arrays.toString(shape) + " needs " + gr.size());
    }
    return TableLowering.lowerCodebook(weight, gr, CompressWeightsMode.CODEBOOK, codebook, codebookType, null);
  }

  /**
   * Checks a CODEBOOK codebook for storage in {@code codebookType}: finite, strictly increasing, and every
   * value exactly representable in the type (f32, f16, bf16, f8e4m3 or an integer type).
   *
   * @throws IllegalArgumentException naming the first value that does not fit
   */
  public static void checkCodebookType(float[] codebook, ElementType codebookType) {
    validateCodebook(codebook);
    for (float c : codebook) {
      boolean representable = switch (codebookType) {
        case F32 -> true;
        case F16 -> Float.float16ToFloat(Float.floatToFloat16(c)) == c;
        case BF16 -> dev.jvino.numeric.BFloat16.toFloat(dev.jvino.numeric.BFloat16.fromFloat(c)) == c;
        case F8E4M3 -> dev.jvino.numeric.Float8E4M3.round(c) == c;
        case I8, U8, I4, U4, I16, U16, I32 -> c == Math.rint(c) && c >= minOf(codebookType) && c <= maxOf(codebookType);
        default -> throw new IllegalArgumentException("unsupported codebook element type " + codebookType);
      };
      if (!representable) {
        throw new IllegalArgumentException("codebook value " + c + " is not representable as " + codebookType);
      }
    }
  }

  private static double minOf(ElementType t) {
    return t.kind() == ElementType.Kind.UNSIGNED ? 0 : -Math.pow(2, t.bitWidth() - 1);
  }

  private static double maxOf(ElementType t) {
    return t.kind() == ElementType.Kind.UNSIGNED ? Math.pow(2, t.bitWidth()) - 1 : Math.pow(2, t.bitWidth() - 1) - 1;
  }

  /**
   * Lowering with precomputed parameters (NNCF's {@code precomputed_scale} / {@code precomputed_zero_point},
   * as scale estimation, AWQ and GPTQ produce them): codes and dequantized values use the given scale
   * (and zero point) as they are, in the scale layout of {@link WeightGrouping#scaleShape()}.
   * Asymmetric INT modes need both; other modes take no zero point. CODEBOOK uses {@code codebook}.
   *
   * @throws IllegalArgumentException for arrays of the wrong length, a missing or superfluous zero
   *     point ("both scale and zero point are required for asymmetric quantization"), NVFP4 or
   *     ADAPTIVE_CODEBOOK, or MX scales that are not powers of two
   */
  public static CompressedWeight lowerWithScale(
      float[] weight,
      long[] shape,
      int reductionAxis,
      CompressWeightsMode mode,
      int groupSize,
      float[] scale,
      int @Nullable [] zeroPoint,
      float @Nullable [] codebook) {
    WeightGrouping gr = WeightGrouping.of(shape, reductionAxis, groupSize);
    if (weight.length != gr.size()) {
      throw new IllegalArgumentException(
          "weight has " + weight.length + " values but shape " + Arrays.toString(shape) + " needs " + gr.size());
    }
    if (scale.length != gr.scaleCount()) {
      throw new IllegalArgumentException("precomputed scale has " + scale.length + " values; scale shape "
          + Arrays.toString(gr.scaleShape()) + " needs " + gr.scaleCount());
    }
    if (mode.isAsymmetric() != (zeroPoint != null)) {
      throw new IllegalArgumentException(mode.isAsymmetric()
          ? "If precomputed quantization parameters are provided, both scale and zero point are required for "
              + "asymmetric quantization."
          : "mode " + mode + " has no zero point");
    }
    if (zeroPoint != null && zeroPoint.length != scale.length) {
      throw new IllegalArgumentException(
          "precomputed zero point has " + zeroPoint.length + " values, expected " + scale.length);
    }
    return switch (mode) {
      case INT8_SYM, INT8_ASYM, INT4_SYM, INT4_ASYM -> IntegerLowering.lower(weight, gr, mode, scale, zeroPoint);
      case FP4, MXFP4, FP8_E4M3, MXFP8_E4M3 -> FloatLowering.lower(weight, gr, mode, scale);
      case NVFP4 -> throw new IllegalArgumentException("a precomputed scale is not supported for NVFP4");
      case NF4 -> TableLowering.lowerNf4(weight, gr, scale);
      case CB4 -> TableLowering.lowerCodebook(weight, gr, mode, TableLowering.CB4, ElementType.F32, scale);
      case CODEBOOK -> {
        if (codebook == null) {
          throw new IllegalArgumentException("CODEBOOK mode needs a codebook");
        }
        validateCodebook(codebook);
        yield TableLowering.lowerCodebook(weight, gr, mode, codebook, ElementType.F32, scale);
      }
      case ADAPTIVE_CODEBOOK -> throw new UnsupportedOperationException(
          "ADAPTIVE_CODEBOOK fits its codebook on calibration data");
    };
  }

  /**
   * ADAPTIVE_CODEBOOK lowering with an estimated codebook, which NNCF does not validate: its values only need
   * to be finite and non-decreasing (rounding to the value type may repeat an entry); midpoints as in
   * {@link #lowerWithCodebook}.
   *
   * @throws IllegalArgumentException for a non-finite or decreasing codebook, or a bad shape
   */
  public static CompressedWeight lowerWithEstimatedCodebook(
      float[] weight, long[] shape, int reductionAxis, int groupSize, float[] codebook, ElementType codebookType) {
    if (codebook.length < 2 || codebook.length > 256) {
      throw new IllegalArgumentException("an estimated codebook needs 2 to 256 values, got " + codebook.length);
    }
    for (int i = 0; i < codebook.length; i++) {
      if (!Float.isFinite(codebook[i]) || (i > 0 && codebook[i] < codebook[i - 1])) {
        throw new IllegalArgumentException("estimated codebook value " + i + " (" + codebook[i]
            + ") is not finite or is below the previous one");
      }
    }
    WeightGrouping gr = WeightGrouping.of(shape, reductionAxis, groupSize);
    if (weight.length != gr.size()) {
      throw new IllegalArgumentException(
          "weight has " + weight.length + " values but shape " + Arrays.toString(shape) + " needs " + gr.size());
    }
    return TableLowering.lowerCodebook(weight, gr, CompressWeightsMode.ADAPTIVE_CODEBOOK, codebook, codebookType,
        null);
  }

  /**
   * CODEBOOK lowering with a precomputed scale (as scale estimation produces it) and a codebook stored in
   * {@code codebookType} (decision midpoints rounded to that type, as {@link #lowerWithCodebook}).
   *
   * @throws IllegalArgumentException for a bad codebook, shape or scale length
   */
  public static CompressedWeight lowerWithCodebookAndScale(float[] weight, long[] shape, int reductionAxis,
      int groupSize, float[] codebook, ElementType codebookType, float[] scale) {
    checkCodebookType(codebook, codebookType);
    WeightGrouping gr = WeightGrouping.of(shape, reductionAxis, groupSize);
    if (weight.length != gr.size() || scale.length != gr.scaleCount()) {
      throw new IllegalArgumentException("weight has " + weight.length + " values and scale " + scale.length
          + " for shape " + Arrays.toString(shape) + " (needs " + gr.size() + " and " + gr.scaleCount() + ")");
    }
    return TableLowering.lowerCodebook(weight, gr, CompressWeightsMode.CODEBOOK, codebook, codebookType, scale);
  }

  /** A copy of NNCF's CB4 codebook. */
  public static float[] cb4Codebook() {
    return TableLowering.CB4.clone();
  }

  /**
   * Checks a user codebook as NNCF does (at least 2 values, strictly increasing), plus finiteness and
   * jvino's limit of 256 entries (one byte per index).
   */
  public static void validateCodebook(float[] codebook) {
    if (codebook.length < 2) {
      throw new IllegalArgumentException("codebook must have at least 2 values, got " + codebook.length);
    }
    if (codebook.length > 256) {
      throw new IllegalArgumentException("codebooks over 256 values are not supported, got " + codebook.length);
    }
    for (int i = 0; i < codebook.length; i++) {
      if (!Float.isFinite(codebook[i])) {
        throw new IllegalArgumentException("codebook value " + i + " is not finite: " + codebook[i]);
      }
      if (i > 0 && !(codebook[i] > codebook[i - 1])) {
        throw new IllegalArgumentException("codebook must be strictly increasing; value " + i + " is " + codebook[i]
            + " after " + codebook[i - 1]);
      }
    }
  }
}
