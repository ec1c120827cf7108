package dev.jvino.nncf.weights;

import dev.jvino.nncf.CompressWeightsMode;

/**
 * NNCF's weight quantization error ({@code get_integer_quantization_error}) and the data-free
 * mixed-precision sensitivity built on it (WEIGHT_QUANTIZATION_ERROR).
 *
 * <p>The weight is quantized and dequantized with an integer config, then
 * {@code max_mean = max over channels of mean((dq - w)^2 along the reduction axis)}, in float32 with
 * numpy's summation order: pairwise summation (8 interleaved partial sums, blocks of 128 split in
 * halves) when the reduced axis is the innermost one, and a plain running sum otherwise.
 */
public final class QuantizationError {
  /** numpy's pairwise-summation block size. */
  private static final int PAIRWISE_BLOCK = 128;

  private QuantizationError() {}

  /**
   * {@code max(mean((dq - w)^2, axis))} for an integer mode, computed like NNCF's numpy reference.
   *
   * @param groupSize the config's group size (-1 = per channel); the mean is still taken over the whole
   *     original axis
   * @throws IllegalArgumentException for a non-integer mode
   */
  public static float maxMean(float[] weight, long[] shape, int axis, CompressWeightsMode mode, int groupSize) {
    if (!mode.isInteger()) {
      throw new IllegalArgumentException("the quantization error is defined for integer modes, got " + mode);
    }
    CompressedWeight cw = WeightLowering.lower(weight, shape, axis, mode, groupSize);
    WeightGrouping gr = WeightGrouping.of(shape, axis, -1);
    float[] dq = cw.dequantized();
    int n = weight.length;
    float[] sq = new float[n];
    for (int i = 0; i < n; i++) {
      float d = dq[i] - weight[i];
      sq[i] = d * d;
    }
    int r = gr.channel();
    int inner = gr.inner();
    float worst = Float.NEGATIVE_INFINITY;
    boolean nan = false;
    float count = r;
    if (inner == 1) {
      for (int o = 0; o < gr.outer(); o++) {
        float mean = pairwiseSum(sq, o * r, r) / count;
        nan |= Float.isNaN(mean);
        worst = Math.max(worst, mean);
      }
    } else {
      float[] acc = new float[inner];
      for (int o = 0; o < gr.outer(); o++) {
        java.util.Arrays.fill(acc, 0f);
        int base = o * r * inner;
        for (int k = 0; k < r; k++) {
          int row = base + k * inner;
          for (int i = 0; i < inner; i++) {
            acc[i] += sq[row + i];
          }
        }
        for (int i = 0; i < inner; i++) {
          float mean = acc[i] / count;
          nan |= Float.isNaN(mean);
          worst = Math.max(worst, mean);
        }
      }
    }
    return nan ? Float.NaN : worst;
  }

  /**
   * {@code ||dq - w||_F} for an integer mode (HAWQ's weight score), for 2-D weights only, as NNCF.
   * NNCF gets this from a BLAS dot product whose summation order depends on the machine, so it is not
   * bit-reproducible; jvino sums the squares in double and rounds the root to float32.
   *
   * @throws IllegalArgumentException for a weight that is not 2-D ("Improper number of dimensions to
   *     norm.", NNCF's message) or a non-integer mode
   */
  public static float frobenius(float[] weight, long[] shape, int axis, CompressWeightsMode mode, int groupSize) {
    if (shape.length != 2) {
      throw new IllegalArgumentException("Improper number of dimensions to norm.");
    }
    if (!mode.isInteger()) {
      throw new IllegalArgumentException("the quantization error is defined for integer modes, got " + mode);
    }
    float[] dq = WeightLowering.lower(weight, shape, axis, mode, groupSize).dequantized();
    double sum = 0;
    for (int i = 0; i < dq.length; i++) {
      double d = dq[i] - weight[i];
      sum += d * d;
    }
    return (float) Math.sqrt(sum);
  }

  /**
   * NNCF's data-free sensitivity of a weight: {@code 1 / (error + eps)} with the INT8_ASYM per-channel
   * {@link #maxMean} error, computed in double; {@code eps} is the machine epsilon of the weight's own
   * dtype (2^-23 for f32, 2^-10 for f16).
   */
  public static double dataFreeSensitivity(float int8AsymMaxMeanError, double dtypeEps) {
    return 1.0 / ((double) int8AsymMaxMeanError + dtypeEps);
  }

  /** {@link #dataFreeSensitivity(float, double)} for a float32 weight. */
  public static double dataFreeSensitivity(float[] weight, long[] shape, int axis) {
    return dataFreeSensitivity(maxMean(weight, shape, axis, CompressWeightsMode.INT8_ASYM, -1), 0x1p-23);
  }

  /** numpy's float32 pairwise sum of {@code a[off .. off+n)}. */
  static float pairwiseSum(float[] a, int off, int n) {
    if (n < 8) {
      float res = 0f;
      for (int i = 0; i < n; i++) {
        res += a[off + i];
      }
      return res;
    }
    if (n <= PAIRWISE_BLOCK) {
      float r0 = a[off];
      float r1 = a[off + 1];
      float r2 = a[off + 2];
      float r3 = a[off + 3];
      float r4 = a[off + 4];
      float r5 = a[off + 5];
      float r6 = a[off + 6];
      float r7 = a[off + 7];
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        r0 += a[off + i];
        r1 += a[off + i + 1];
        r2 += a[off + i + 2];
        r3 += a[off + i + 3];
        r4 += a[off + i + 4];
        r5 += a[off + i + 5];
        r6 += a[off + i + 6];
        r7 += a[off + i + 7];
      }
      float res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
      for (; i < n; i++) {
        res += a[off + i];
      }
      return res;
    }
    int n2 = n / 2;
    n2 -= n2 % 8;
    return pairwiseSum(a, off, n2) + pairwiseSum(a, off + n2, n - n2);
  }
}
