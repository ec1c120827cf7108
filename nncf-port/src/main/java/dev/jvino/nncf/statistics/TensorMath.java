package dev.jvino.nncf.statistics;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.ir.ElementType;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The numpy functions NNCF's reducers and aggregators use, over {@link NdArray}: reductions over a set
 * of axes (min, max, mean, var with ddof 0, median, quantile with numpy's linear interpolation), abs,
 * stack, transpose and concatenation. Values are computed in double and rounded once to the result
 * type; float inputs keep their type (numpy keeps f32), integer inputs give f64 means (as numpy).
 */
final class TensorMath {
  private TensorMath() {}

  /** Axes normalised to {@code [0, rank)}, sorted, or every axis when {@code axes} is null. */
  static int[] axes(List<Integer> axes, int rank) {
    if (axes == null) {
      int[] all = new int[rank];
      Arrays.setAll(all, i -> i);
      return all;
    }
    boolean[] seen = new boolean[rank];
    for (int a : axes) {
      int n = a < 0 ? a + rank : a;
      if (n < 0 || n >= rank) {
        throw new StatisticsException("reduction axis " + a + " is out of range for a tensor of rank " + rank);
      }
      seen[n] = true;
    }
    return java.util.stream.IntStream.range(0, rank).filter(i -> seen[i]).toArray();
  }

  /** The shape after reducing {@code axes}. */
  static long[] reducedShape(long[] shape, int[] axes, boolean keepDims) {
    boolean[] r = new boolean[shape.length];
    for (int a : axes) {
      r[a] = true;
    }
    long[] out = new long[keepDims ? shape.length : shape.length - axes.length];
    int k = 0;
    for (int d = 0; d < shape.length; d++) {
      if (!r[d]) {
        out[k++] = shape[d];
      } else if (keepDims) {
        out[k++] = 1;
      }
    }
    return out;
  }

  /** The values of each reduction group: {@code result[o]} holds the inputs of output element o, in order. */
  static double[][] groups(NdArray x, int[] axes) {
    long[] shape = x.shape();
    long[] outShape = reducedShape(shape, axes, true);
    int outCount = Shapes.size(outShape);
    int n = x.size();
    int groupSize = outCount == 0 ? 0 : n / outCount;
    double[][] g = new double[outCount][groupSize];
    if (n == 0) {
      return g;
    }
    int[] fill = new int[outCount];
    int[] outStrides = Shapes.strides(outShape);
    int rank = shape.length;
    if (rank == 0) {
      g[0][0] = x.getDouble(0);
      return g;
    }
    // the output offset of each input element, walked odometer-style over the outer dimensions with the
    // innermost dimension as a tight loop (a step of 0 when it is reduced)
    int[] step = new int[rank];
    for (int d = 0; d < rank; d++) {
      step[d] = outShape[d] == 1 ? 0 : outStrides[d];
    }
    int last = rank - 1;
    int lastLen = (int) shape[last];
    int lastStep = step[last];
    float[] f = x.storage() == Storage.FLOAT ? x.floats() : null;
    int[] idx = new int[rank];
    int o0 = 0;
    for (int base = 0; base < n; base += lastLen) {
      int o = o0;
      if (f != null) {
        for (int k = 0; k < lastLen; k++, o += lastStep) {
          g[o][fill[o]++] = f[base + k];
        }
      } else {
        for (int k = 0; k < lastLen; k++, o += lastStep) {
          g[o][fill[o]++] = x.getDouble(base + k);
        }
      }
      for (int d = last - 1; d >= 0; d--) {
        o0 += step[d];
        if (++idx[d] < shape[d]) {
          break;
        }
        o0 -= step[d] * idx[d];
        idx[d] = 0;
      }
    }
    return g;
  }

  /** Reduces {@code x} over {@code axes} with {@code fn} applied to each group; the result has {@code type}. */
  static NdArray reduce(NdArray x, int[] axes, boolean keepDims, ElementType type, ToDoubleFunction<double[]> fn) {
    double[][] g = groups(x, axes);
    double[] v = new double[g.length];
    for (int o = 0; o < g.length; o++) {
      v[o] = fn.applyAsDouble(g[o]);
    }
    return of(type, reducedShape(x.shape(), axes, keepDims), v);
  }

  /** An array of {@code type} holding {@code v}, rounded once. */
  static NdArray of(ElementType type, long[] shape, double[] v) {
    NdArray out = NdArray.zeros(type, shape);
    for (int i = 0; i < v.length; i++) {
      out.setDouble(i, v[i]);
    }
    return out;
  }

  /** The type a mean-like result of {@code x} has: its own float type, else f64. */
  static ElementType floatTypeOf(NdArray x) {
    return x.storage() == Storage.FLOAT || x.storage() == Storage.DOUBLE ? x.type() : ElementType.F64;
  }

  static double min(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double d : v) {
      if (Double.isNaN(d)) {
        return d;
      }
      m = Math.min(m, d);
    }
    return m;
  }

  static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double d : v) {
      if (Double.isNaN(d)) {
        return d;
      }
      m = Math.max(m, d);
    }
    return m;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double d : v) {
      s += d;
    }
    return s / v.length;
  }

  /** Population variance (numpy's default ddof=0). */
  static double var(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double d : v) {
      s += (d - m) * (d - m);
    }
    return s / v.length;
  }

  static double median(double[] v) {
    return quantile(v, 0.5);
  }

  /**
   * numpy's {@code quantile(..., method='linear')}: sorted values, virtual index {@code q*(n-1)}, and
   * numpy's two-sided lerp (from the lower neighbour below 0.5, from the upper one at or above it).
   */
  static double quantile(double[] v, double q) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    if (Double.isNaN(s[s.length - 1])) {
      return Double.NaN;
    }
    double virtual = q * (s.length - 1);
    int lo = (int) Math.floor(virtual);
    lo = Math.max(0, Math.min(lo, s.length - 1));
    int hi = Math.min(lo + 1, s.length - 1);
    double t = virtual - lo;
    double a = s[lo];
    double b = s[hi];
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }

  static NdArray abs(NdArray x) {
    double[] v = x.toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.abs(v[i]);
    }
    return of(x.type(), x.shape(), v);
  }

  /** {@code np.stack(values, axis=0)}; every value must have the same shape and type. */
  static NdArray stack(List<NdArray> values) {
    NdArray first = values.get(0);
    long[] shape = first.shape();
    long[] out = new long[shape.length + 1];
    out[0] = values.size();
    System.arraycopy(shape, 0, out, 1, shape.length);
    NdArray r = NdArray.zeros(first.type(), out);
    int n = first.size();
    for (int i = 0; i < values.size(); i++) {
      NdArray v = values.get(i);
      if (!Arrays.equals(v.shape(), shape) || v.type() != first.type()) {
        throw new StatisticsException("cannot stack statistics of shapes " + Shapes.str(shape) + " and "
            + Shapes.str(v.shape()));
      }
      r.copyRange(v, 0, i * n, n);
    }
    return r;
  }

  /** Removes axis {@code axis}, which must have size 1. */
  static NdArray squeeze(NdArray x, int axis) {
    long[] s = x.shape();
    long[] out = new long[s.length - 1];
    for (int d = 0, k = 0; d < s.length; d++) {
      if (d != axis) {
        out[k++] = s[d];
      }
    }
    return x.reshape(out);
  }

  /** {@code np.transpose(x, perm)}. */
  static NdArray transpose(NdArray x, int[] perm) {
    long[] s = x.shape();
    long[] out = new long[s.length];
    for (int i = 0; i < perm.length; i++) {
      out[i] = s[perm[i]];
    }
    int[] inStrides = Shapes.strides(s);
    NdArray r = NdArray.zeros(x.type(), out);
    int n = x.size();
    int[] idx = new int[out.length];
    for (int i = 0; i < n; i++) {
      int src = 0;
      for (int d = 0; d < out.length; d++) {
        src += idx[d] * inStrides[perm[d]];
      }
      r.copyElement(x, src, i);
      for (int d = out.length - 1; d >= 0; d--) {
        if (++idx[d] < out[d]) {
          break;
        }
        idx[d] = 0;
      }
    }
    return r;
  }

  /** {@code np.concatenate(values, axis=0)}. */
  static NdArray concat0(List<NdArray> values) {
    long rows = 0;
    long[] rest = null;
    for (NdArray v : values) {
      long[] s = v.shape();
      long[] tail = Arrays.copyOfRange(s, 1, s.length);
      if (rest != null && !Arrays.equals(rest, tail)) {
        throw new StatisticsException("cannot concatenate statistics of shapes " + Shapes.str(values.get(0).shape())
            + " and " + Shapes.str(s));
      }
      rest = tail;
      rows += s[0];
    }
    long[] out = new long[rest.length + 1];
    out[0] = rows;
    System.arraycopy(rest, 0, out, 1, rest.length);
    NdArray r = NdArray.zeros(values.get(0).type(), out);
    int at = 0;
    for (NdArray v : values) {
      r.copyRange(v, 0, at, v.size());
      at += v.size();
    }
    return r;
  }

  /** Samples flattened over some axes and concatenated, and the shape an aggregate over them gets. */
  record FlatSamples(NdArray values, long[] shapeAfter) {}

  /**
   * NNCF's {@code _move_axes_flatten_cat}: moves {@code axes} of each sample to the front (by swapping
   * axis {@code axes[i]} with axis i), flattens them into one leading axis, and concatenates the samples
   * along it. {@code shapeAfter} is the first sample's shape with those axes set to 1.
   */
  static FlatSamples flattenConcat(List<NdArray> samples, int[] axes) {
    long[] firstShape = samples.get(0).shape();
    int rank = firstShape.length;
    int[] perm = new int[rank];
    Arrays.setAll(perm, i -> i);
    for (int i = 0; i < axes.length; i++) {
      int t = perm[axes[i]];
      perm[axes[i]] = perm[i];
      perm[i] = t;
    }
    List<NdArray> flat = new java.util.ArrayList<>();
    for (NdArray s : samples) {
      if (s.rank() != rank) {
        throw new StatisticsException("cannot aggregate samples of ranks " + rank + " and " + s.rank());
      }
      NdArray t = transpose(s, perm);
      long[] ts = t.shape();
      long[] target = new long[rank - axes.length + 1];
      long rest = 1;
      for (int d = axes.length; d < rank; d++) {
        target[d - axes.length + 1] = ts[d];
        rest *= ts[d];
      }
      target[0] = rest == 0 ? 0 : t.size() / rest;
      flat.add(t.reshape(target));
    }
    long[] after = firstShape.clone();
    for (int a : axes) {
      after[a] = 1;
    }
    return new FlatSamples(concat0(flat), after);
  }

  /**
   * {@code np.sum} of f32 values along axis 0 of a stack, in f32 as numpy does it: pairwise summation
   * (8 partial sums in blocks of up to 128) when the summed axis is contiguous (nothing follows it), a
   * plain running sum when it is an outer axis.
   */
  static float sumF32(double[] v, boolean contiguous) {
    if (!contiguous) {
      float s = 0f;
      for (double d : v) {
        s += (float) d;
      }
      return s;
    }
    return pairwiseF32(v, 0, v.length);
  }

  private static float pairwiseF32(double[] a, int from, int n) {
    if (n < 8) {
      float res = 0f;
      for (int i = 0; i < n; i++) {
        res += (float) a[from + i];
      }
      return res;
    }
    if (n <= 128) {
      float[] r = new float[8];
      for (int j = 0; j < 8; j++) {
        r[j] = (float) a[from + j];
      }
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += (float) a[from + i + j];
        }
      }
      float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += (float) a[from + i];
      }
      return res;
    }
    int n2 = n / 2;
    n2 -= n2 % 8;
    return pairwiseF32(a, from, n2) + pairwiseF32(a, from + n2, n - n2);
  }
}
