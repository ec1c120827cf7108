package dev.jvino.nncf.compression;

import dev.jvino.ir.ElementType;
import dev.jvino.nncf.AdvancedCompressionParameters.AdaptiveCodebookParameters;
import dev.jvino.nncf.ValidationException;
import dev.jvino.numeric.BFloat16;
import dev.jvino.numeric.Float8E4M3;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * NNCF's data-driven codebook of the ADAPTIVE_CODEBOOK mode ({@code CodebookEstimation.calculate_codebook}
 * and {@code calculate_codebook_for_group}), for weights laid out {@code [O, H]} (H = the reduced input axis):
 *
 * <ol>
 *   <li>each group of the weight is normalised by a scale: per weight, the signed extreme
 *       ({@code |min| >= |max| ? min : max}); across blocks, {@code max|w|}; divided by the largest magnitude of
 *       the initial codebook (CB4 or the user's) and clamped to float32 eps;
 *   <li>each normalised value is weighted by its input channel's activation maximum {@code s} and clustered
 *       by {@link WeightedKMeans} into {@code numElements} centroids (700 histogram bins per weight, 100000
 *       across blocks; 70 iterations at most);
 *   <li>the candidates are the k-means snapshots, with the first replaced by the initial codebook (when it has
 *       {@code numElements} entries, through f16) and the second by the integers
 *       of Python's {@code range(-numElements // 2, numElements - numElements // 2)}; each is rounded to {@code valueType};
 *   <li>each candidate quantizes the weight as a CODEBOOK (scale {@code max|w| / max|codebook|}, nearest
 *       entry by midpoints), and the one with the lowest mean |W·X − Q(W)·X| over the activation means X wins
 *       (the first on ties; across blocks, the sum over the weights of that error times the weight's
 *       mean |X|).
 * </ol>
 */
public final class CodebookEstimation {
  private CodebookEstimation() {}

  static final int INTERVALS = 700;
  static final int INTERVALS_ACROSS_BLOCKS = 100_000;
  static final int MAX_ITER = 70;

  /**
   * One weight of an estimation.
   *
   * @param weight row-major {@code [out, hidden]} float32 values
   * @param out O
   * @param hidden H
   * @param s per input channel, the activation maximum {@code [H]}
   * @param x the activation means {@code [H, n]}, row-major
   * @param n the number of samples
   */
  public record Layer(float[] weight, int out, int hidden, float[] s, float[] x, int n) {
    public Layer {
      if (weight.length != out * hidden || s.length != hidden || x.length != hidden * n) {
        throw new IllegalArgumentException("codebook estimation: weight [" + out + ", " + hidden + "], s ["
            + s.length + "] and x [" + x.length + " / " + n + "] do not fit");
      }
    }
  }

  /**
   * The estimate.
   *
   * @param codebook the chosen codebook, values exactly representable in the value type
   * @param chosen the index of the chosen candidate
   * @param candidates every candidate, rounded to the value type
   * @param errors each candidate's error
   */
  public record Result(float[] codebook, int chosen, List<float[]> candidates, double[] errors) {}

  /**
   * Estimates a codebook for one weight (or, with several layers, one shared codebook across blocks).
   *
   * @param layers the weights (one for the per-weight mode)
   * @param groupSize the compression group size along H, or -1
   * @param initial the config's initial codebook (CB4 or the user codebook)
   * @param params value type and number of elements
   * @throws ValidationException for a value type jvino cannot round to
   */
  public static Result estimate(List<Layer> layers, int groupSize, float[] initial,
      AdaptiveCodebookParameters params) {
    Objects.requireNonNull(params, "params");
    checkValueType(params.valueType());
    boolean across = layers.size() > 1;
    float initMax = maxAbs(initial);
    int total = layers.stream().mapToInt(l -> l.weight().length).sum();
    float[] norm = new float[total];
    float[] imp = new float[total];
    int off = 0;
    for (Layer l : layers) {
      int gs = groupSize == -1 ? l.hidden() : groupSize;
      for (int o = 0; o < l.out(); o++) {
        for (int g = 0; g < l.hidden(); g += gs) {
          int base = o * l.hidden() + g;
          float sc = groupScale(l.weight(), base, gs, !across) / initMax;
          sc = Math.abs(sc) < EPS ? EPS : sc;
          for (int j = 0; j < gs; j++) {
            norm[off + base + j] = l.weight()[base + j] / sc;
            imp[off + base + j] = l.s()[g + j];
          }
        }
      }
      off += l.weight().length;
    }
    int k = params.numElements();
    WeightedKMeans.Result km = WeightedKMeans.cluster(norm, imp, k, across ? INTERVALS_ACROSS_BLOCKS : INTERVALS,
        MAX_ITER);
    List<float[]> variants = new ArrayList<>(km.variants());
    if (initial.length == k) {
      float[] v0 = new float[k];
      for (int i = 0; i < k; i++) {
        v0[i] = Float.float16ToFloat(Float.floatToFloat16(initial[i]));
      }
      variants.set(0, v0);
    }
    int first = Math.floorDiv(-k, 2); // Python's range(-k // 2, k - k // 2): k + 1 values for an odd k
    float[] ints = new float[k - k / 2 - first];
    for (int i = 0; i < ints.length; i++) {
      ints[i] = first + i;
    }
    variants.set(1, ints);
    List<double[]> reference = new ArrayList<>();
    double[] coeffs = new double[layers.size()];
    for (int li = 0; li < layers.size(); li++) {
      Layer l = layers.get(li);
      reference.add(matmul(l.weight(), l.out(), l.hidden(), l.x(), l.n()));
      double sum = 0;
      for (float v : l.x()) {
        sum += Math.abs(v);
      }
      coeffs[li] = (float) (sum / l.x().length);
    }
    List<float[]> candidates = new ArrayList<>();
    double[] errors = new double[variants.size()];
    float[] best = round(km.centroids(), params.valueType());
    int chosen = -1;
    double bestErr = Double.POSITIVE_INFINITY;
    for (int vi = 0; vi < variants.size(); vi++) {
      float[] cb = round(variants.get(vi), params.valueType());
      candidates.add(cb);
      double err = 0;
      for (int li = 0; li < layers.size(); li++) {
        Layer l = layers.get(li);
        float[] q = quantizeDequantize(l.weight(), l.out(), l.hidden(), groupSize, cb, params.valueType());
        double e = meanAbsDiff(reference.get(li), matmul(q, l.out(), l.hidden(), l.x(), l.n()));
        err += across ? coeffs[li] * e : e;
      }
      errors[vi] = err;
      if (err < bestErr) {
        bestErr = err;
        best = cb;
        chosen = vi;
      }
    }
    return new Result(best, chosen, candidates, errors);
  }

  private static final float EPS = Math.ulp(1f);

  /** Signed extreme ({@code |min| >= |max| ? min : max}) or {@code max|w|} of one group. */
  private static float groupScale(float[] w, int base, int gs, boolean signed) {
    float mn = Float.POSITIVE_INFINITY;
    float mx = Float.NEGATIVE_INFINITY;
    float amax = 0f;
    for (int j = 0; j < gs; j++) {
      float v = w[base + j];
      mn = Math.min(mn, v);
      mx = Math.max(mx, v);
      amax = Math.max(amax, Math.abs(v));
    }
    return signed ? (Math.abs(mn) >= Math.abs(mx) ? mn : mx) : amax;
  }

  static float maxAbs(float[] v) {
    float m = 0f;
    for (float f : v) {
      m = Math.max(m, Math.abs(f));
    }
    return m;
  }

  /**
   * CODEBOOK quantize-dequantize of an {@code [O, H]} weight grouped along H: per group
   * {@code scale = max|w| / max|cb|} (eps clamped), index = number of codebook midpoints below
   * {@code w / scale}, value {@code cb[index]·scale}.
   */
  static float[] quantizeDequantize(float[] w, int out, int hidden, int groupSize, float[] cb, ElementType type) {
    int gs = groupSize == -1 ? hidden : groupSize;
    float cbMax = maxAbs(cb);
    float[] mids = WeightedKMeans.midpoints(cb);
    if (type == ElementType.F16 || type == ElementType.BF16) {
      for (int i = 0; i < mids.length; i++) {
        mids[i] = round(mids[i], type);
      }
    }
    float[] dq = new float[w.length];
    for (int o = 0; o < out; o++) {
      for (int g = 0; g < hidden; g += gs) {
        int base = o * hidden + g;
        float sc = groupScale(w, base, gs, false) / cbMax;
        sc = Math.abs(sc) < EPS ? EPS : sc;
        for (int j = 0; j < gs; j++) {
          dq[base + j] = cb[WeightedKMeans.searchLeft(mids, w[base + j] / sc)] * sc;
        }
      }
    }
    return dq;
  }

  /** {@code w [O, H] · x [H, n]} in float32 products accumulated in double. */
  private static double[] matmul(float[] w, int out, int hidden, float[] x, int n) {
    double[] y = new double[out * n];
    for (int o = 0; o < out; o++) {
      for (int h = 0; h < hidden; h++) {
        double wv = w[o * hidden + h];
        for (int j = 0; j < n; j++) {
          y[o * n + j] += wv * x[h * n + j];
        }
      }
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) y[i];
    }
    return y;
  }

  private static double meanAbsDiff(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs((float) (a[i] - b[i]));
    }
    return (float) (s / a.length);
  }

  static void checkValueType(ElementType t) {
    if (t != ElementType.F8E4M3 && t != ElementType.F16 && t != ElementType.BF16 && t != ElementType.F32) {
      throw new ValidationException("adaptive_codebook_params.value_type " + t.irName()
          + " is not supported by jvino; use f8e4m3, f16, bf16 or f32");
    }
  }

  /** Rounds to the value type (f8e4m3 through f16, as OpenVINO converts). */
  static float round(float v, ElementType t) {
    return switch (t) {
      case F8E4M3 -> Float8E4M3.round(v);
      case F16 -> Float.float16ToFloat(Float.floatToFloat16(v));
      case BF16 -> BFloat16.toFloat(BFloat16.fromFloat(v));
      default -> v;
    };
  }

  static float[] round(float[] v, ElementType t) {
    float[] r = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = round(v[i], t);
    }
    return r;
  }
}
