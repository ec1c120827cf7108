package dev.jvino.nncf.quantization;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.nncf.QuantizationScheme;
import dev.jvino.nncf.ValidationException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The attributes of one FakeQuantize, and NNCF's {@code calculate_quantizer_parameters} that derives them
 * from a {@link MinMaxStatistic}. All arithmetic is float32 with Python numbers cast to float32 before
 * each operation, as numpy 2 does (NEP 50); rounding is half-to-even.
 *
 * <ul>
 *   <li>Symmetric: {@code high = max(max, max(0.01 * max(max), 8e-5))} (no all-zero filter); the range is
 *       signed when forced or when any min is negative, then {@code low = -high} (narrow) or
 *       {@code -high * levels / (levels - 2)}, otherwise {@code low = 0}.
 *   <li>Asymmetric: ranges narrower than 8e-4 are widened by 8e-4 on each side, zero is put inside
 *       the range, then one border moves so that zero is a quantization level ({@link #tuneRange}).
 *   <li>Half range (overflow fix; symmetric weights only): the range of {@code bits - 1} bits scaled by
 *       {@code (levels - 1) / (2^(bits-1) - 1)}, keeping the levels of {@code bits} bits.
 *   <li>Per-tensor values are squeezed to scalars; per-channel values keep the statistic's shape.
 *       Output low/high equal input low/high.
 * </ul>
 *
 * @param inputLow f32
 * @param inputHigh f32
 * @param outputLow f32
 * @param outputHigh f32
 * @param levels the number of quantization levels
 */
public record FakeQuantizeParameters(NdArray inputLow, NdArray inputHigh, NdArray outputLow, NdArray outputHigh,
    long levels) {
  private static final float SYMMETRIC_EPS = 0.01f;
  private static final float SYMMETRIC_FLOOR = 8e-5f;
  private static final float ASYMMETRIC_MIN_RANGE = 8e-4f;
  private static final float ASYMMETRIC_EPS = 1e-8f;

  public FakeQuantizeParameters {
    Objects.requireNonNull(inputLow, "inputLow");
    Objects.requireNonNull(inputHigh, "inputHigh");
    Objects.requireNonNull(outputLow, "outputLow");
    Objects.requireNonNull(outputHigh, "outputHigh");
    if (levels < 2) {
      throw new ValidationException("FakeQuantize levels must be >= 2, got " + levels);
    }
  }

  /**
   * NNCF's {@code calculate_quantizer_parameters}.
   *
   * @param group whether the quantizer is on weights or activations
   * @param halfRange use half of the range (the overflow fix)
   * @throws ValidationException if half range is asked for an asymmetric or an activation quantizer
   */
  public static FakeQuantizeParameters calculate(MinMaxStatistic statistic, QuantizerConfig config,
      QuantizerGroup group, boolean halfRange) {
    float[] min = statistic.min().toFloatArray();
    float[] max = statistic.max().toFloatArray();
    long[] shape = statistic.min().shape();
    float[][] range;
    long levels;
    if (halfRange) {
      if (config.mode() != QuantizationScheme.SYMMETRIC) {
        throw new ValidationException("half_range is only applied to symmetric quantization mode.");
      }
      if (group != QuantizerGroup.WEIGHTS) {
        throw new ValidationException("half_range is only applied to weight quantizers.");
      }
      long halfLevels = 1L << (config.numBits() - 1); // signed, not narrow
      range = symmetricRange(min, max, halfLevels, config);
      levels = config.levels();
      float factor = (float) ((double) (levels - 1) / (halfLevels - 1));
      for (int i = 0; i < min.length; i++) {
        range[0][i] *= factor;
        range[1][i] *= factor;
      }
    } else {
      levels = config.levels();
      range = config.mode() == QuantizationScheme.SYMMETRIC ? symmetricRange(min, max, levels, config)
          : asymmetricRange(min, max, config.numBits());
    }
    long[] outShape = config.perChannel() ? shape : squeezed(shape);
    NdArray low = NdArray.f32(outShape, range[0]);
    NdArray high = NdArray.f32(outShape, range[1]);
    return new FakeQuantizeParameters(low, high, low, high, levels);
  }

  /** numpy's {@code squeeze}: every axis of length 1 removed. */
  static long[] squeezed(long[] shape) {
    return Arrays.stream(shape).filter(d -> d != 1).toArray();
  }

  /** NNCF's {@code symmetric_range}: {low, high}. */
  static float[][] symmetricRange(float[] min, float[] max, long levels, QuantizerConfig config) {
    float[] high = fixZeroFiltersSymmetric(max);
    boolean signed = Boolean.TRUE.equals(config.signednessToForce());
    for (float m : min) {
      signed |= m < 0;
    }
    float[] low = new float[high.length];
    if (signed) {
      float scale = config.narrowRange() ? 1f : (float) ((double) levels / (levels - 2));
      for (int i = 0; i < high.length; i++) {
        low[i] = -high[i] * scale;
      }
    }
    return new float[][] {low, high};
  }

  /** {@code fix_zero_filters_symmetric}: no channel's high below 1% of the largest (nor below 8e-5). */
  static float[] fixZeroFiltersSymmetric(float[] max) {
    float maxRange = Float.NEGATIVE_INFINITY;
    for (float v : max) {
      maxRange = Float.isNaN(v) || Float.isNaN(maxRange) ? Float.NaN : Math.max(maxRange, v);
    }
    float threshold = Math.max(maxRange * SYMMETRIC_EPS, SYMMETRIC_FLOOR);
    float[] high = new float[max.length];
    for (int i = 0; i < max.length; i++) {
      high[i] = Math.max(threshold, max[i]);
    }
    return high;
  }

  /** NNCF's {@code asymmetric_range}: {low, high}. */
  static float[][] asymmetricRange(float[] min, float[] max, int numBits) {
    int n = min.length;
    float[] low = new float[n];
    float[] high = new float[n];
    for (int i = 0; i < n; i++) {
      // fix_zero_filters_asymmetric
      float range = max[i] - min[i];
      float correction = range > ASYMMETRIC_MIN_RANGE ? (Math.max(ASYMMETRIC_EPS * range, range) - range) * 0.5f
          : ASYMMETRIC_MIN_RANGE;
      float lo = min[i] - correction;
      float hi = max[i] + correction;
      low[i] = lo < 0f ? lo : 0f;
      high[i] = hi > 0f ? hi : 0f;
    }
    tuneRange(low, high, numBits);
    return new float[][] {low, high};
  }

  /**
   * NNCF's {@code tune_range} (without zero-point unification), in place: of the two ways to make zero
   * a quantization level (move the left or the right border outwards), the one that gives the larger
   * range is kept; the right border moves on ties.
   */
  static void tuneRange(float[] left, float[] right, int numBits) {
    float levelHigh = (float) ((1L << numBits) - 1);
    for (int i = 0; i < left.length; i++) {
      float lo = left[i];
      float hi = right[i];
      float s = levelHigh / (hi - lo);
      float q = (float) Math.rint(-lo * s);
      float ra = q < levelHigh ? q / (q - levelHigh) * hi : lo;
      float rb = q > 0f ? (q - levelHigh) / q * lo : hi;
      float mask = (hi - ra) > (rb - lo) ? 1f : 0f;
      float inv = Math.abs(1f - mask);
      left[i] = mask * ra + inv * lo;
      right[i] = inv * rb + mask * hi;
    }
  }
}
