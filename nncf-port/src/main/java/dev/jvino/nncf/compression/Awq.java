package dev.jvino.nncf.compression;

import dev.jvino.nncf.AdvancedCompressionParameters.AwqParameters;
import dev.jvino.nncf.CompressWeightsMode;
import java.util.Arrays;
import java.util.Comparator;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * The per-input-channel scales of NNCF's AWQ ({@code WC/awq.py}) for a 2-D MatMul weight: the target
 * weight is multiplied by the scale along its input channels and the activation divided by it.
 *
 * <ul>
 *   <li>data-free: {@code 1 / max(mean(|W|) over the output channels, eps)};
 *   <li>data-aware: only the groups holding the {@code max(int(H * percentToApply), 1)} channels with the
 *       largest {@code s} are searched; for each, {@code gscale = clip(s_g, quantile(s_g, 0.1), 100)} and
 *       {@code alpha = alphaMin + k * (alphaMax - alphaMin) / steps} for k in 0..steps-1; the candidate
 *       {@code gscale^alpha} is kept when {@code mean|Q(W_g * cur) (X_g / cur) - W_g X_g|} is strictly below
 *       the best so far (which starts at {@code max|W_g X_g|}); Q quantizes per output channel over the group
 *       with the weight's own 4-bit mode: INT4_SYM/INT4_ASYM as usual, NF4, CB4 and CODEBOOK with their
 *       float-table quantization ({@code max|w|} scale, divided by {@code max|codebook|} for codebooks).
 *       With a mergeable previous MatMul the FP16 guard clamps scales that would push its outputs past
 *       {@code 0.25 * 65504}.
 * </ul>
 * Arithmetic is float32 element-wise; products and sums accumulate in double. The top channels are ordered
 * by a stable descending sort (numpy's default argsort may order ties differently).
 */
public final class Awq {
  static final float FP16_THRESHOLD = 0.25f * 65504f;

  private Awq() {}

  /** The previous MatMul of a mergeable pattern, for the FP16 guard. */
  public record Previous(float[] meanAbsPerChannel, float maxActivation, int reducedSize) {}

  /**
   * Data-free scale: per input channel, {@code 1 / max(mean |W| over the output channels, float32 eps)}.
   *
   * @param shape {@code [out, in]} for {@code reductionAxis == 1}, {@code [in, out]} for 0
   */
  public static float[] dataFreeScale(float[] weight, long[] shape, int reductionAxis) {
    int in = (int) shape[reductionAxis];
    int out = (int) shape[1 - reductionAxis];
    float[] scale = new float[in];
    for (int c = 0; c < in; c++) {
      double sum = 0;
      for (int o = 0; o < out; o++) {
        sum += Math.abs(weight[reductionAxis == 1 ? o * in + c : c * out + o]);
      }
      float mean = (float) (sum / out);
      scale[c] = 1f / Math.max(mean, Math.ulp(1f));
    }
    return scale;
  }

  /**
   * Data-aware scale search.
   *
   * @param weight 2-D weight, {@code [out, in]} when {@code reductionAxis == 1}, else {@code [in, out]}
   * @param mode the 4-bit mode (INT4_SYM, INT4_ASYM, NF4 or CB4)
   * @param groupSize the weight's group size (-1 = all input channels)
   * @param s per input channel, max over samples of |mean activation|
   * @param x kept samples {@code [in, n]}
   * @param prev the mergeable previous MatMul, or null
   */
  public static float[] dataAwareScale(float[] weight, long[] shape, int reductionAxis, CompressWeightsMode mode,
      int groupSize, float[] s, float[] x, int n, AwqParameters p, @Nullable Previous prev) {
    return dataAwareScale(weight, shape, reductionAxis, ModeQuantizer.of(mode), groupSize, s, x, n, p, prev);
  }

  /** {@link #dataAwareScale(float[], long[], int, CompressWeightsMode, int, float[], float[], int, AwqParameters,
   * Previous)} for CODEBOOK mode with its (float32) codebook. */
  public static float[] dataAwareScaleWithCodebook(float[] weight, long[] shape, int reductionAxis, float[] codebook,
      int groupSize, float[] s, float[] x, int n, AwqParameters p, @Nullable Previous prev) {
    return dataAwareScale(weight, shape, reductionAxis,
        new ModeQuantizer(CompressWeightsMode.CODEBOOK, codebook, dev.jvino.ir.ElementType.F32), groupSize, s, x, n,
        p, prev);
  }

  static float[] dataAwareScale(float[] weight, long[] shape, int reductionAxis, ModeQuantizer mode,
      int groupSize, float[] s, float[] x, int n, AwqParameters p, @Nullable Previous prev) {
    int in = (int) shape[reductionAxis];
    int out = (int) shape[1 - reductionAxis];
    float[] w = reductionAxis == 1 ? weight : ScaleEstimation.transpose(weight, in, out);
    int gs = groupSize == -1 ? in : groupSize;
    int topK = Math.max((int) (in * p.percentToApply()), 1);
    Integer[] order = IntStream.range(0, in).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -s[i]));
    TreeSet<Integer> groups = new TreeSet<>();
    for (int k = 0; k < topK; k++) {
      groups.add(order[k] / gs);
    }
    float[] scale = new float[in];
    Arrays.fill(scale, 1f);
    double alphaStep = (p.alphaMax() - p.alphaMin()) / p.steps();
    for (int g : groups) {
      int off = g * gs;
      float[] gscale = Arrays.copyOfRange(s, off, off + gs);
      float lo = quantile(gscale, 0.1);
      for (int i = 0; i < gs; i++) {
        gscale[i] = Math.min(Math.max(gscale[i], lo), 100f);
      }
      float[] gw = new float[out * gs];
      for (int o = 0; o < out; o++) {
        System.arraycopy(w, o * in + off, gw, o * gs, gs);
      }
      float[] gx = Arrays.copyOfRange(x, off * n, (off + gs) * n);
      float[] fp = matmul(gw, gx, out, gs, n);
      float minDiff = 0;
      for (float v : fp) {
        minDiff = Math.max(minDiff, Math.abs(v));
      }
      float[] best = null;
      double alpha = p.alphaMin();
      for (int step = 0; step < p.steps(); step++) {
        float[] cur = new float[gs];
        for (int i = 0; i < gs; i++) {
          cur[i] = (float) Math.pow(gscale[i], (float) alpha);
        }
        if (prev != null) {
          guard(cur, prev, off);
        }
        float[] scaled = new float[gw.length];
        for (int i = 0; i < gw.length; i++) {
          scaled[i] = gw[i] * cur[i % gs];
        }
        float[] deq = mode.lower(scaled, new long[] {out, gs}, 1, -1).dequantized();
        float[] sx = new float[gx.length];
        for (int i = 0; i < gx.length; i++) {
          sx[i] = gx[i] / cur[i / n];
        }
        float[] q = matmul(deq, sx, out, gs, n);
        double sum = 0;
        for (int i = 0; i < q.length; i++) {
          sum += Math.abs(q[i] - fp[i]);
        }
        float diff = (float) (sum / q.length);
        if (diff < minDiff) {
          minDiff = diff;
          best = cur;
        }
        alpha += alphaStep;
      }
      if (best != null) {
        System.arraycopy(best, 0, scale, off, gs);
      }
    }
    return scale;
  }

  /** The FP16 guard: where the previous MatMul's output magnitude would reach the threshold, clamp. */
  private static void guard(float[] cur, Previous prev, int off) {
    float[] mag = new float[cur.length];
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < cur.length; i++) {
      mag[i] = prev.meanAbsPerChannel()[off + i] / cur[i] * prev.maxActivation() * prev.reducedSize();
      max = Math.max(max, mag[i]);
    }
    if (max >= FP16_THRESHOLD) {
      for (int i = 0; i < cur.length; i++) {
        if (!(mag[i] < FP16_THRESHOLD)) {
          cur[i] = prev.meanAbsPerChannel()[off + i] * prev.maxActivation() * prev.reducedSize() / FP16_THRESHOLD;
        }
      }
    }
  }

  /** numpy's default (linear) quantile. */
  static float quantile(float[] v, double q) {
    float[] sorted = v.clone();
    Arrays.sort(sorted);
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    double frac = pos - lo;
    return (float) (sorted[lo] + (sorted[hi] - (double) sorted[lo]) * frac);
  }

  /** {@code [rows, k] @ [k, cols]}. */
  static float[] matmul(float[] a, float[] b, int rows, int k, int cols) {
    float[] r = new float[rows * cols];
    double[] acc = new double[cols];
    for (int i = 0; i < rows; i++) {
      Arrays.fill(acc, 0);
      for (int t = 0; t < k; t++) {
        double av = a[i * k + t];
        for (int j = 0; j < cols; j++) {
          acc[j] += av * b[t * cols + j];
        }
      }
      for (int j = 0; j < cols; j++) {
        r[i * cols + j] = (float) acc[j];
      }
    }
    return r;
  }
}
