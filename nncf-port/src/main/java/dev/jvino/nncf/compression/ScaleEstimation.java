package dev.jvino.nncf.compression;

import dev.jvino.nncf.AdvancedCompressionParameters.ScaleEstimationParameters;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.weights.CompressedWeight;
import dev.jvino.nncf.weights.WeightLowering;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * NNCF's scale estimation ({@code WC/scale_estimation.py}) for the 4-bit weights of a MatMul (INT4_SYM,
 * INT4_ASYM, NF4, CB4 and CODEBOOK): starting from the mode's normal scale (min/max or signed abs-max for the
 * integer modes, {@code max|w|} (divided by {@code max|codebook|}) for the table modes), it searches per group
 * for a scale
 * that lowers {@code mean((W_g X - Q(W)_g X)^2)} over the kept activation samples {@code X}, the
 * per-channel input means of the dataset items.
 *
 * <p>Steps, all element-wise arithmetic in float32 as NNCF's numpy path:
 * <ol>
 *   <li>importance of each weight = {@code s} (the max |mean activation| of its input channel), zeroed where
 *       its target is 0 ({@code |target| <= 1e-8}, numpy's {@code isclose}), normalised per group to sum 1
 *       (plus float32 eps); the target is {@code code - zp} for the integer modes and the code's table entry
 *       (NF4 level or codebook value) for the table modes;
 *   <li>a candidate scale per group is {@code sum(|w| / (|target| + 0.001*[target == 0]) * importance)}
 *       with the sign of the initial scale; the zero point (INT4_ASYM) stays the initial one; candidates are
 *       tried with the mode's own quantize-dequantize;
 *   <li>{@code initialSteps} rounds re-derive targets from the best scale so far; then {@code scaleSteps}
 *       rounds derive them from {@code (1 - 0.05 k) * initial scale};
 *   <li>a candidate replaces the best when its error is not larger ({@code <=}); with a positive weight
 *       penalty the error also counts {@code penalty * mean((Q(W) - W)^2)} over the group.
 * </ol>
 * Sums and matrix products are accumulated in double and rounded to float32 once, so results can differ
 * from numpy (pairwise float32 sums, BLAS) in the last bits.
 */
public final class ScaleEstimation {
  private static final float EPS = Math.ulp(1f);
  private static final float ZERO_SCALE = 0.001f;

  private ScaleEstimation() {}

  /**
   * Estimated quantization parameters in the scale layout of {@link dev.jvino.nncf.weights.WeightGrouping}
   * for the weight as given (ready for {@link WeightLowering#lowerWithScale}).
   *
   * @param scale the scales
   * @param zeroPoint the (unchanged) zero points for INT4_ASYM, else null (always null for the table modes)
   */
  public record Result(float[] scale, int @Nullable [] zeroPoint) {}

  /**
   * Estimates the scales of a 2-D MatMul weight.
   *
   * @param weight the weight in C order
   * @param shape {@code [out, in]} when {@code reductionAxis == 1}, {@code [in, out]} when it is 0
   * @param reductionAxis the input-channel axis of the weight (0 or 1)
   * @param mode INT4_SYM, INT4_ASYM, NF4 or CB4 (CODEBOOK needs the overload with a codebook)
   * @param groupSize the group size, or -1 for one group per output channel
   * @param s per input channel, the max over samples of |mean activation| ({@code [in]})
   * @param x the kept samples' mean activations, {@code [in, n]} in C order
   * @param n the number of samples in {@code x}
   * @param params NNCF's {@code ScaleEstimationParameters} (steps and weight penalty)
   * @throws IllegalArgumentException for another mode, a weight that is not 2-D, or mismatched sizes
   */
  public static Result estimate(float[] weight, long[] shape, int reductionAxis, CompressWeightsMode mode,
      int groupSize, float[] s, float[] x, int n, ScaleEstimationParameters params) {
    return estimate(weight, shape, reductionAxis, ModeQuantizer.of(mode), groupSize, s, x, n, params);
  }

  /** {@link #estimate(float[], long[], int, CompressWeightsMode, int, float[], float[], int,
   * ScaleEstimationParameters)} for CODEBOOK mode with its (float32) codebook. */
  public static Result estimateWithCodebook(float[] weight, long[] shape, int reductionAxis, float[] codebook,
      int groupSize, float[] s, float[] x, int n, ScaleEstimationParameters params) {
    return estimate(weight, shape, reductionAxis,
        new ModeQuantizer(CompressWeightsMode.CODEBOOK, codebook, dev.jvino.ir.ElementType.F32), groupSize, s, x, n,
        params);
  }

  static Result estimate(float[] weight, long[] shape, int reductionAxis, ModeQuantizer mode,
      int groupSize, float[] s, float[] x, int n, ScaleEstimationParameters params) {
    if (shape.length != 2 || (reductionAxis != 0 && reductionAxis != 1)) {
      throw new IllegalArgumentException("scale estimation needs a 2-D weight with reduction axis 0 or 1, got shape "
          + Arrays.toString(shape) + " axis " + reductionAxis);
    }
    int in = (int) shape[reductionAxis];
    int out = (int) shape[1 - reductionAxis];
    if (weight.length != in * out || s.length != in || n <= 0 || x.length != in * n) {
      throw new IllegalArgumentException("scale estimation: weight " + weight.length + " values for shape "
          + Arrays.toString(shape) + ", s " + s.length + ", x " + x.length + " for " + n + " samples");
    }
    float[] w = reductionAxis == 1 ? weight : transpose(weight, in, out);
    int gs = groupSize == -1 ? in : groupSize;
    if (in % gs != 0) {
      throw new IllegalArgumentException("group size " + groupSize + " does not divide " + in + " input channels");
    }
    State st = new State(w, out, in, gs, mode, x, n, params.weightPenalty());
    Result r = st.run(s, params.initialSteps(), params.scaleSteps());
    if (reductionAxis == 1) {
      return r;
    }
    // the [in, out] layout stores scales as [groups, 1, out] (or [1, out])
    return new Result(transpose(r.scale(), out, st.groups),
        r.zeroPoint() == null ? null : transposeInt(r.zeroPoint(), out, st.groups));
  }

  /** The working state over the {@code [out, in]} weight. */
  private static final class State {
    final float[] w;
    final int out;
    final int in;
    final int gs;
    final int groups;
    final ModeQuantizer quantizer;
    final boolean integer;
    final boolean asym;
    final float @Nullable [] table;
    final int lo;
    final int hi;
    final float[] x;
    final int n;
    final double penalty;
    final float[] fpOut; // [groups][out][n]

    State(float[] w, int out, int in, int gs, ModeQuantizer mode, float[] x, int n, double penalty) {
      this.w = w;
      this.out = out;
      this.in = in;
      this.gs = gs;
      this.groups = in / gs;
      this.quantizer = mode;
      this.integer = mode.isInteger();
      this.asym = mode.isAsymmetric();
      this.table = integer ? null : mode.table();
      this.lo = asym ? 0 : -8;
      this.hi = asym ? 15 : 7;
      this.x = x;
      this.n = n;
      this.penalty = penalty;
      this.fpOut = groupProducts(w);
    }

    Result run(float[] s, int initialSteps, int scaleSteps) {
      CompressedWeight init = quantizer.lower(w, new long[] {out, in}, 1, gs == in ? -1 : gs);
      float[] scale = init.scale();
      int[] zpInt = init.zeroPoint();
      float[] zp = new float[scale.length];
      if (zpInt != null) {
        for (int i = 0; i < zp.length; i++) {
          zp[i] = zpInt[i];
        }
      }
      float[] target = new float[w.length];
      for (int i = 0; i < w.length; i++) {
        target[i] = integer ? init.code(i) - (asym ? zp[(i / in) * groups + (i % in) / gs] : 0f)
            : table[init.code(i)];
      }
      float[] importance = new float[w.length];
      for (int o = 0; o < out; o++) {
        for (int g = 0; g < groups; g++) {
          int base = o * in + g * gs;
          double sum = 0;
          for (int k = 0; k < gs; k++) {
            float v = isZero(target[base + k]) ? 0f : s[g * gs + k];
            importance[base + k] = v;
            sum += v;
          }
          float denom = (float) sum + EPS;
          for (int k = 0; k < gs; k++) {
            importance[base + k] = importance[base + k] / denom;
          }
        }
      }
      float[] best = error(dequantize(scale, zp));
      float[] result = scale.clone();
      float[] sign = new float[scale.length];
      for (int i = 0; i < sign.length; i++) {
        sign[i] = scale[i] / Math.abs(scale[i]);
      }
      for (int i = 0; i < initialSteps; i++) {
        float[] cand = candidate(target, importance, sign);
        accept(best, result, cand, error(dequantize(cand, zp)));
        if (i < initialSteps - 1) {
          target = targets(result, zp);
        }
      }
      for (int k = 0; k < scaleSteps; k++) {
        float factor = (float) (1.0 - 0.05 * k);
        float[] scaled = new float[scale.length];
        for (int i = 0; i < scaled.length; i++) {
          scaled[i] = factor * scale[i];
        }
        float[] cand = candidate(targets(scaled, zp), importance, sign);
        accept(best, result, cand, error(dequantize(cand, zp)));
      }
      return new Result(result, zpInt);
    }

    /** Keeps a candidate per group where its error is not larger than the best one. */
    private static void accept(float[] best, float[] result, float[] cand, float[] err) {
      for (int i = 0; i < best.length; i++) {
        if (!(err[i] > best[i])) {
          best[i] = err[i];
          result[i] = cand[i];
        }
      }
    }

    /** {@code sum(|w| / (|target| + 0.001*[target == 0]) * importance)} per group, times the sign. */
    private float[] candidate(float[] target, float[] importance, float[] sign) {
      float[] c = new float[out * groups];
      for (int o = 0; o < out; o++) {
        for (int g = 0; g < groups; g++) {
          int base = o * in + g * gs;
          double sum = 0;
          for (int k = 0; k < gs; k++) {
            float t = target[base + k];
            float ideal = Math.abs(w[base + k]) / (Math.abs(t) + (isZero(t) ? ZERO_SCALE : 0f));
            sum += ideal * importance[base + k];
          }
          c[o * groups + g] = (float) sum * sign[o * groups + g];
        }
      }
      return c;
    }

    private int code(int i, float[] scale, float[] zp) {
      int si = (i / in) * groups + (i % in) / gs;
      float v = w[i] / scale[si];
      if (asym) {
        v += zp[si];
      }
      return (int) Math.max(lo, Math.min(hi, Math.rint(v)));
    }

    /** Code targets ({@code code - zp}, or the table entries) with the given scales. */
    private float[] targets(float[] scale, float[] zp) {
      if (!integer) {
        CompressedWeight cw = lowerTable(scale);
        float[] t = new float[w.length];
        for (int i = 0; i < t.length; i++) {
          t[i] = table[cw.code(i)];
        }
        return t;
      }
      float[] t = new float[w.length];
      for (int i = 0; i < w.length; i++) {
        t[i] = code(i, scale, zp) - (asym ? zp[(i / in) * groups + (i % in) / gs] : 0f);
      }
      return t;
    }

    private CompressedWeight lowerTable(float[] scale) {
      return quantizer.lowerWithScale(w, new long[] {out, in}, 1, gs == in ? -1 : gs, scale, null);
    }

    private float[] dequantize(float[] scale, float[] zp) {
      if (!integer) {
        return lowerTable(scale).dequantized();
      }
      float[] q = new float[w.length];
      for (int i = 0; i < w.length; i++) {
        int si = (i / in) * groups + (i % in) / gs;
        q[i] = (code(i, scale, zp) - (asym ? zp[si] : 0f)) * scale[si];
      }
      return q;
    }

    /** Per group, {@code (W_g X_g)} as {@code [groups][out][n]}. */
    private float[] groupProducts(float[] weights) {
      float[] r = new float[groups * out * n];
      double[] acc = new double[n];
      for (int g = 0; g < groups; g++) {
        for (int o = 0; o < out; o++) {
          Arrays.fill(acc, 0);
          for (int k = 0; k < gs; k++) {
            double wv = weights[o * in + g * gs + k];
            int xr = (g * gs + k) * n;
            for (int j = 0; j < n; j++) {
              acc[j] += wv * x[xr + j];
            }
          }
          int base = (g * out + o) * n;
          for (int j = 0; j < n; j++) {
            r[base + j] = (float) acc[j];
          }
        }
      }
      return r;
    }

    /** Per group {@code [out][groups]}: mean over samples of the squared output difference (+ penalty). */
    private float[] error(float[] q) {
      float[] qOut = groupProducts(q);
      float[] e = new float[out * groups];
      for (int g = 0; g < groups; g++) {
        for (int o = 0; o < out; o++) {
          int base = (g * out + o) * n;
          double sum = 0;
          for (int j = 0; j < n; j++) {
            float d = fpOut[base + j] - qOut[base + j];
            sum += d * d;
          }
          float err = (float) (sum / n);
          if (penalty > 0) {
            double ws = 0;
            for (int k = 0; k < gs; k++) {
              int i = o * in + g * gs + k;
              float d = q[i] - w[i];
              ws += d * d;
            }
            err += (float) penalty * (float) (ws / gs);
          }
          e[o * groups + g] = err;
        }
      }
      return e;
    }
  }

  /** numpy's {@code isclose(t, 0)} with its default tolerances. */
  private static boolean isZero(float t) {
    return Math.abs(t) <= 1e-8f;
  }

  /** Transposes a {@code [rows, cols]} matrix. */
  static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = a[r * cols + c];
      }
    }
    return t;
  }

  private static int[] transposeInt(int[] a, int rows, int cols) {
    int[] t = new int[a.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = a[r * cols + c];
      }
    }
    return t;
  }
}
