package dev.jvino.nncf.statistics;

import dev.jvino.engine.tensor.NdArray;
import java.util.OptionalInt;

/**
 * NNCF's {@code HistogramAggregator} (its port of PyTorch's {@code HistogramObserver}), fed by a raw
 * reducer: keeps a running histogram of every value seen over the running [min, max] range, and at the
 * end searches the range that minimises the L2 error of quantising the histogram to
 * {@code 2^distBits} levels. The result is a {@link StatisticValue.Range} of f32 scalars.
 *
 * <p>The arithmetic follows numpy's: {@code np.histogram} with f32 bin edges (edges computed as
 * {@code np.linspace} in double and rounded to f32, values binned by f32 offset over the double range
 * and corrected against the edges), histogram re-binning on a 16x finer grid when the range grows,
 * double precision elsewhere, and numpy's pairwise summation for the error sums.
 */
public final class HistogramAggregator extends Aggregator {
  private static final int UPSAMPLE = 16;
  private static final double STEP = 1e-5;

  private final int bins;
  private final int dstBins;
  private double[] histogram;
  private double minVal;
  private double maxVal;

  /** NNCF's defaults: 2048 bins, 8-bit target. */
  public HistogramAggregator(OptionalInt numSamples) {
    this(2048, 8, numSamples);
  }

  public HistogramAggregator(int bins, int distBits, OptionalInt numSamples) {
    super(numSamples);
    if (bins < 1 || distBits < 1 || distBits > 30) {
      throw new StatisticsException("histogram needs bins >= 1 and 1 <= dist_nbits <= 30, got " + bins + ", "
          + distBits);
    }
    this.bins = bins;
    this.dstBins = 1 << distBits;
  }

  @Override
  protected void add(NdArray x) {
    if (x.size() == 0) {
      throw new StatisticsException("histogram aggregator got an empty tensor");
    }
    float[] v = x.toFloatArray();
    double lo = TensorMath.min(toDoubles(v));
    double hi = TensorMath.max(toDoubles(v));
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new StatisticsException("histogram range [" + lo + ", " + hi + "] is not finite (numpy rejects it too)");
    }
    if (histogram == null) {
      histogram = histogram(v, lo, hi);
      minVal = lo;
      maxVal = hi;
      return;
    }
    double newMin = Math.min(minVal, lo);
    double newMax = Math.max(maxVal, hi);
    double[] update = histogram(v, newMin, newMax);
    histogram = combine(histogram, minVal, maxVal, update, newMin, newMax);
    minVal = newMin;
    maxVal = newMax;
  }

  private static double[] toDoubles(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  /** The current histogram (for tests). */
  double[] histogram() {
    return histogram.clone();
  }

  @Override
  protected void clear() {
    histogram = null;
  }

  @Override
  protected StatisticValue result() {
    double[] range = search();
    return new StatisticValue.Range(NdArray.f32(new long[0], (float) range[0]),
        NdArray.f32(new long[0], (float) range[1]));
  }

  /** {@code np.histogram(values_f32, bins, range=(lo, hi))}. */
  double[] histogram(float[] values, double lo, double hi) {
    double first = lo;
    double last = hi;
    if (first == last) {
      first -= 0.5;
      last += 0.5;
    }
    float[] edges = linspaceF32(first, last, bins);
    for (int i = 0; i < bins; i++) {
      if (!(edges[i] < edges[i + 1])) {
        throw new StatisticsException("too many histogram bins (" + bins + ") for the f32 range [" + first + ", "
            + last + "]: bin edges are not increasing (numpy raises here too)");
      }
    }
    float firstF = (float) first;
    float lastF = (float) last;
    double denom = last - first;
    double[] counts = new double[bins];
    for (float v : values) {
      if (!(v >= firstF && v <= lastF)) {
        continue;
      }
      double f = (double) (v - firstF) / denom * bins;
      int idx = (int) f;
      if (idx == bins) {
        idx--;
      }
      if (v < edges[idx]) {
        idx--;
      }
      if (idx != bins - 1 && v >= edges[idx + 1]) {
        idx++;
      }
      counts[idx] += 1;
    }
    return counts;
  }

  /** {@code np.linspace(first, last, n + 1)} in double, rounded to f32. */
  private static float[] linspaceF32(double first, double last, int n) {
    double[] d = linspace(first, last, n + 1);
    float[] e = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      e[i] = (float) d[i];
    }
    return e;
  }

  /** {@code np.linspace(start, stop, num)} (endpoint included, last value exactly {@code stop}). */
  static double[] linspace(double start, double stop, int num) {
    double[] y = new double[num];
    int div = num - 1;
    double delta = stop - start;
    double step = div > 0 ? delta / div : delta;
    for (int i = 0; i < num; i++) {
      y[i] = step == 0 ? (double) i / div * delta + start : i * step + start;
    }
    if (num > 1) {
      y[num - 1] = stop;
    }
    return y;
  }

  private double[] combine(double[] orig, double origMin, double origMax, double[] update, double updMin,
      double updMax) {
    double[] out = update.clone();
    if (updMin == origMin && updMax == origMax) {
      for (int i = 0; i < bins; i++) {
        out[i] = orig[i] + update[i];
      }
      return out;
    }
    if (origMin == origMax) {
      double mass = pairwiseSum(orig, 0, orig.length);
      double[] single = histogram(new float[] {(float) origMin}, updMin, updMax);
      for (int i = 0; i < bins; i++) {
        out[i] = single[i] * mass + update[i];
      }
      return out;
    }
    double[] moved = upscale(orig, origMin, origMax, updMin, updMax);
    for (int i = 0; i < bins; i++) {
      out[i] = update[i] + moved[i];
    }
    return out;
  }

  /** Spreads each old bin over 16 sub-bins and drops their centres into the bins of the new range. */
  private double[] upscale(double[] hist, double origMin, double origMax, double updMin, double updMax) {
    int fine = bins * UPSAMPLE;
    double binSize = (origMax - origMin) / fine;
    double[] mids = linspace(origMin, origMax, fine + 1);
    double[] bounds = linspace(updMin, updMax, bins + 1);
    double[] out = new double[bins];
    for (int j = 0; j < fine; j++) {
      double mid = mids[j] + 0.5 * binSize;
      int b = upperBound(bounds, mid) - 1;
      b = Math.max(0, Math.min(b, bins - 1));
      out[b] += hist[j / UPSAMPLE] / UPSAMPLE;
    }
    return out;
  }

  /** The number of elements of sorted {@code a} that are {@code <= v} (searchsorted side='right'). */
  private static int upperBound(double[] a, double v) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The non-linear search for the [min, max] that minimises the quantisation error. */
  double[] search() {
    double binWidth = (maxVal - minVal) / bins;
    double total = pairwiseSum(histogram, 0, bins);
    double[] cSum = new double[bins];
    double acc = 0;
    for (int i = 0; i < bins; i++) {
      acc += histogram[i];
      cSum[i] = acc;
    }
    double alpha = 0.0;
    double beta = 1.0;
    int start = 0;
    int end = bins - 1;
    double normMin = Double.POSITIVE_INFINITY;
    while (alpha < beta) {
      double nextAlpha = alpha + STEP;
      double nextBeta = beta - STEP;
      int left = start;
      int right = end;
      while (left < end && cSum[left] < nextAlpha * total) {
        left++;
      }
      while (right > start && cSum[right] > nextBeta * total) {
        right--;
      }
      int nextStart = start;
      int nextEnd = end;
      if ((left - start) > (end - right)) {
        nextStart = left;
        alpha = nextAlpha;
      } else {
        nextEnd = right;
        beta = nextBeta;
      }
      if (nextStart == start && nextEnd == end) {
        continue;
      }
      double norm = quantizationError(nextStart, nextEnd, binWidth);
      if (norm > normMin) {
        break;
      }
      normMin = norm;
      start = nextStart;
      end = nextEnd;
    }
    return new double[] {minVal + binWidth * start, minVal + binWidth * (end + 1)};
  }

  /** The L2 error of mapping source bins [start, end] onto {@code dstBins} equal bins. */
  double quantizationError(int start, int end, double binWidth) {
    double dstWidth = binWidth * (end - start + 1) / dstBins;
    if (dstWidth == 0.0) {
      return 0.0;
    }
    double half = dstWidth / 2;
    double inner = cube(half) - cube(-dstWidth / 2);
    double[] norm = new double[bins];
    for (int i = 0; i < bins; i++) {
      double srcBegin = (double) (i - start) * binWidth;
      double srcEnd = srcBegin + binWidth;
      double dstBegin = clip(Math.floor(srcBegin / dstWidth));
      double dstBeginCenter = (dstBegin + 0.5) * dstWidth;
      double dstEnd = clip(Math.floor(srcEnd / dstWidth));
      double density = histogram[i] / binWidth;
      double n = 0.0;
      n += density * ((cube(1.0 * half) - cube(srcBegin - dstBeginCenter)) / 3);
      n += (dstEnd - dstBegin - 1) * (density * (inner / 3));
      double dstEndCenter = dstEnd * dstWidth + dstWidth / 2;
      n += density * ((cube(srcEnd - dstEndCenter) - cube(-dstWidth / 2)) / 3);
      norm[i] = n;
    }
    return pairwiseSum(norm, 0, bins);
  }

  private static double cube(double v) {
    return v * v * v;
  }

  private double clip(double v) {
    return Math.max(0, Math.min(v, dstBins - 1));
  }

  /** numpy's pairwise summation of {@code a[from, from+n)} (8-way unrolled blocks of up to 128). */
  static double pairwiseSum(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    if (n <= 128) {
      double[] r = new double[8];
      for (int j = 0; j < 8; j++) {
        r[j] = a[from + j];
      }
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[from + i + j];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    int n2 = n / 2;
    n2 -= n2 % 8;
    return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
  }
}
