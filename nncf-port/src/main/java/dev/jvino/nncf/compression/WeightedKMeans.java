package dev.jvino.nncf.compression;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one-dimensional, importance-weighted k-means of NNCF's adaptive codebook estimation
 * ({@code weights_clusterization_k_means} and {@code KMeansWeighted}), with NNCF's float32/float64 mix:
 *
 * <ol>
 *   <li>the values are binned into {@code intervals} equal-width bins between their min and max; each bin's
 *       extent is cut at the data point nearest to the midpoint between neighbouring bin centres, and a
 *       non-empty bin keeps its centre, {@code Σ value·importance} and {@code Σ importance};
 *   <li>initial centroids: the min, the max, and in between the mean of the bin centres at consecutive
 *       cumulative-importance quantiles {@code i/(k-1)}; a centroid too close to its right neighbour (relative
 *       gap below 5%) is moved to the middle of its neighbours;
 *   <li>when the min is not positive, the centroid nearest zero is set to 0 and kept fixed, like the min and
 *       the max;
 *   <li>up to {@code maxIter} Lloyd steps over the bins (each centroid becomes the importance-weighted mean of
 *       the bins nearest to it), stopping when no centroid moves by 1e-5 or more; the centroids are recorded
 *       every 5 iterations and at the end, as candidate codebooks.
 * </ol>
 */
final class WeightedKMeans {
  private WeightedKMeans() {}

  /** The final centroids and the recorded candidates (copies, in recording order). */
  record Result(float[] centroids, List<float[]> variants) {}

  /** A weighted histogram: bin centres, Σ value·importance and Σ importance of the non-empty bins. */
  record Histogram(float[] centers, float[] weightedValues, float[] weights) {}

  static Result cluster(float[] values, float[] importance, int k, int intervals, int maxIter) {
    if (values.length == 0 || values.length != importance.length || k < 2) {
      throw new IllegalArgumentException("k-means needs as many importances as values and k >= 2");
    }
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    int[] fixed = min < 0f ? new int[] {0, k / 2 - 1, k - 1} : new int[] {0, k - 1};
    Histogram h = histogram(values, importance, intervals);
    float[] init = initialCentroids(h.centers(), h.weights(), k);
    init[0] = min;
    init[k - 1] = max;
    int zero = 0;
    for (int i = 1; i < k; i++) {
      if (Math.abs(init[i]) < Math.abs(init[zero])) {
        zero = i;
      }
    }
    if (min <= 0f) {
      init[zero] = 0f;
      fixed[1] = zero; // with a min of exactly 0 this replaces the max, as NNCF does
    }
    float[] c = init.clone();
    List<float[]> variants = new ArrayList<>();
    for (int it = 0; it < maxIter; it++) {
      float[] prev = c.clone();
      if (it % 5 == 0) {
        variants.add(c.clone());
      }
      int[] owner = new int[h.centers().length];
      float[] mids = midpoints(c);
      for (int b = 0; b < owner.length; b++) {
        owner[b] = searchLeft(mids, h.centers()[b]);
      }
      for (int i = 0; i < k; i++) {
        double num = 0;
        double den = 0;
        boolean any = false;
        for (int b = 0; b < owner.length; b++) {
          if (owner[b] == i) {
            num += h.weightedValues()[b];
            den += h.weights()[b];
            any = true;
          }
        }
        // float32 sums divided as Python floats; NNCF fails on a zero importance sum, jvino keeps the centroid
        if (any && (float) den != 0f) {
          c[i] = (float) ((double) (float) num / (double) (float) den);
        }
      }
      for (int f : fixed) {
        c[f] = init[f];
      }
      boolean still = true;
      for (int i = 0; i < k; i++) {
        if (!(Math.abs(c[i] - prev[i]) < 1e-5f)) {
          still = false;
          break;
        }
      }
      if (still) {
        break;
      }
    }
    variants.add(c.clone());
    return new Result(c, variants);
  }

  /** {@code 0.5·(c[i+1] + c[i])} in float32. */
  static float[] midpoints(float[] c) {
    float[] m = new float[c.length - 1];
    for (int i = 0; i < m.length; i++) {
      m[i] = 0.5f * (c[i + 1] + c[i]);
    }
    return m;
  }

  /** numpy's {@code searchsorted(a, v, side="left")} by binary search. */
  static int searchLeft(float[] a, float v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  static Histogram histogram(float[] values, float[] importance, int intervals) {
    int n = values.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(values[a], values[b]));
    float[] data = new float[n];
    float[] imp = new float[n];
    for (int i = 0; i < n; i++) {
      data[i] = values[order[i]];
      imp[i] = importance[order[i]];
    }
    double lo = data[0];
    double hi = data[n - 1];
    double step = (hi - lo) / intervals;
    List<Double> centers = new ArrayList<>();
    List<Double> ranges = new ArrayList<>();
    double prev = lo;
    while (prev < hi) {
      centers.add(prev + step / 2);
      prev += step;
      if (centers.size() > 1) {
        ranges.add(0.5 * (centers.get(centers.size() - 2) + centers.get(centers.size() - 1)));
      }
      ranges.add(centers.getLast());
    }
    if (centers.isEmpty()) { // all values equal: NNCF would fail on an empty histogram
      return new Histogram(new float[] {data[0]}, new float[] {sum(data, imp, 0, n, true)},
          new float[] {sum(data, imp, 0, n, false)});
    }
    float[] dataMids = midpoints(data);
    int[] cut = new int[ranges.size()];
    for (int i = 0; i < cut.length; i++) {
      cut[i] = searchLeft(dataMids, (float) (double) ranges.get(i));
    }
    int m = centers.size();
    float[] cs = new float[m];
    float[] wv = new float[m];
    float[] ws = new float[m];
    int kept = 0;
    for (int i = 0; i < m; i++) {
      int from;
      int to;
      if (i == 0) {
        from = 0;
        to = cut.length > 1 ? cut[1] : n;
      } else if (i == m - 1) {
        from = cut[cut.length - 2];
        to = n;
      } else {
        from = cut[2 * i - 1];
        to = cut[2 * i + 1];
      }
      if (to <= from) {
        continue;
      }
      cs[kept] = (float) (double) centers.get(i);
      wv[kept] = sum(data, imp, from, to, true);
      ws[kept] = sum(data, imp, from, to, false);
      kept++;
    }
    return new Histogram(Arrays.copyOf(cs, kept), Arrays.copyOf(wv, kept), Arrays.copyOf(ws, kept));
  }

  /** Σ value·importance (f32 products) or Σ importance over {@code [from, to)}, accumulated in double. */
  private static float sum(float[] data, float[] imp, int from, int to, boolean weighted) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += weighted ? data[i] * imp[i] : imp[i];
    }
    return (float) s;
  }

  /** NNCF's {@code get_init}: quantile-placed centroids over the histogram, close ones spread out. */
  static float[] initialCentroids(float[] centers, float[] weights, int k) {
    double step = 1.0 / (k - 1);
    double total = 0;
    for (float w : weights) {
      total += w;
    }
    float denom = (float) total;
    float[] cum = new float[weights.length];
    float acc = 0f;
    for (int i = 0; i < weights.length; i++) {
      acc += weights[i] / denom;
      cum[i] = acc;
    }
    float[] res = new float[k];
    for (int i = 0; i < k; i++) {
      if (i == 0) {
        res[i] = centers[0];
      } else if (i == k - 1) {
        res[i] = centers[centers.length - 1];
      } else {
        double prevVal = centers[lastAtMost(cum, (float) (i * step))];
        double nextVal = centers[lastAtMost(cum, (float) ((i + 1) * step))];
        res[i] = (float) ((prevVal + nextVal) / 2);
      }
    }
    for (int i = 1; i < k - 1; i++) {
      float gap = Math.abs(res[i] - res[i + 1]) / Math.max(Math.abs(res[i]), Math.abs(res[i + 1]));
      if (gap < 0.05f) {
        res[i] = (res[i - 1] + res[i + 1]) / 2f;
      }
    }
    return res;
  }

  /** The last index whose cumulative share is {@code <= q} (NNCF fails when there is none; 0 is used). */
  private static int lastAtMost(float[] cum, float q) {
    int last = 0;
    for (int i = 0; i < cum.length; i++) {
      if (cum[i] <= q) {
        last = i;
      }
    }
    return last;
  }
}
