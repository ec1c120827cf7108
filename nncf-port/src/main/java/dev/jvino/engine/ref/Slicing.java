package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** StridedSlice-1 and Slice-8. */
public final class Slicing {
  private Slicing() {}

  /**
   * StridedSlice-1 attributes: bit masks as 0/1 arrays, indexed like the begin/end/stride inputs (a
   * missing entry counts as 0). A 1 in {@code beginMask}/{@code endMask} ignores that begin/end value
   * and takes the whole extent.
   */
  public record StridedSliceAttrs(long[] beginMask, long[] endMask, long[] newAxisMask,
      long[] shrinkAxisMask, long[] ellipsisMask) {
    public StridedSliceAttrs {
      beginMask = beginMask.clone();
      endMask = endMask.clone();
      newAxisMask = newAxisMask.clone();
      shrinkAxisMask = shrinkAxisMask.clone();
      ellipsisMask = ellipsisMask.clone();
      int ellipses = 0;
      for (long v : ellipsisMask) {
        ellipses += v != 0 ? 1 : 0;
      }
      if (ellipses > 1) {
        throw new OpAttributeException("StridedSlice-1", "ellipsis_mask", ellipsisMask,
            "at most one ellipsis is allowed");
      }
    }

    /** All masks zero. */
    public static StridedSliceAttrs none() {
      return new StridedSliceAttrs(new long[0], new long[0], new long[0], new long[0], new long[0]);
    }

    static boolean bit(long[] mask, int i) {
      return i < mask.length && mask[i] != 0;
    }
  }

  /** StridedSlice-1; {@code stride} may be null (all ones). */
  public static NdArray stridedSlice(NdArray data, NdArray begin, NdArray end,
      @org.jspecify.annotations.Nullable NdArray stride, StridedSliceAttrs attrs) {
    String op = "StridedSlice-1";
    long[] b = Axes.integers(op, 1, begin);
    long[] e = Axes.integers(op, 2, end);
    long[] s = stride == null ? filled(b.length, 1) : Axes.integers(op, 3, stride);
    if (e.length != b.length || s.length != b.length) {
      throw new OpInputException(op, 2, "begin, end and stride lengths differ: " + b.length + ", "
          + e.length + ", " + s.length);
    }
    long[] shape = data.shape();
    int rank = shape.length;
    int consuming = 0;
    for (int i = 0; i < b.length; i++) {
      if (!StridedSliceAttrs.bit(attrs.newAxisMask(), i) && !StridedSliceAttrs.bit(attrs.ellipsisMask(), i)) {
        consuming++;
      }
    }
    List<Long> outShape = new ArrayList<>();
    long[] start = new long[rank];
    long[] step = new long[rank];
    long[] count = new long[rank];
    int d = 0;
    for (int i = 0; i < b.length; i++) {
      if (StridedSliceAttrs.bit(attrs.ellipsisMask(), i)) {
        int span = rank - consuming;
        if (span < 0) {
          throw new OpInputException(op, 1, "slice addresses " + consuming + " dimensions of rank " + rank);
        }
        for (int k = 0; k < span; k++, d++) {
          full(shape, d, start, step, count);
          outShape.add(shape[d]);
        }
      } else if (StridedSliceAttrs.bit(attrs.newAxisMask(), i)) {
        outShape.add(1L);
      } else {
        if (d >= rank) {
          throw new OpInputException(op, 1, "slice addresses more dimensions than rank " + rank);
        }
        long dim = shape[d];
        if (s[i] == 0) {
          throw new OpInputException(op, 3, "stride " + i + " is zero");
        }
        if (StridedSliceAttrs.bit(attrs.shrinkAxisMask(), i)) {
          long k = b[i] < 0 ? b[i] + dim : b[i];
          if (k < 0 || k >= dim) {
            throw new OpInputException(op, 1, "shrunk index " + b[i] + " out of range for dimension " + dim);
          }
          start[d] = k;
          step[d] = 1;
          count[d] = 1;
        } else {
          boolean ignoreBegin = StridedSliceAttrs.bit(attrs.beginMask(), i);
          boolean ignoreEnd = StridedSliceAttrs.bit(attrs.endMask(), i);
          plan(d, dim, ignoreBegin ? null : b[i], ignoreEnd ? null : e[i], s[i], start, step, count);
          outShape.add(count[d]);
        }
        d++;
      }
    }
    for (; d < rank; d++) {
      full(shape, d, start, step, count);
      outShape.add(shape[d]);
    }
    long[] out = outShape.stream().mapToLong(Long::longValue).toArray();
    return take(data, start, step, count).reshape(out);
  }

  /**
   * Slice-8: numpy-style {@code start:stop:step} on the listed {@code axes} (null: the first
   * {@code start.length} axes). Bounds are clamped to the dimension.
   */
  public static NdArray slice(NdArray data, NdArray start, NdArray stop, NdArray step,
      @org.jspecify.annotations.Nullable NdArray axes) {
    String op = "Slice-8";
    long[] b = Axes.integers(op, 1, start);
    long[] e = Axes.integers(op, 2, stop);
    long[] s = Axes.integers(op, 3, step);
    if (e.length != b.length || s.length != b.length) {
      throw new OpInputException(op, 2, "start, stop and step lengths differ: " + b.length + ", "
          + e.length + ", " + s.length);
    }
    long[] shape = data.shape();
    int rank = shape.length;
    int[] ax;
    if (axes == null) {
      if (b.length > rank) {
        throw new OpInputException(op, 1, b.length + " starts for rank " + rank);
      }
      ax = new int[b.length];
      for (int i = 0; i < ax.length; i++) {
        ax[i] = i;
      }
    } else {
      ax = Axes.normalizeAll(op, 4, axes, rank);
      if (ax.length != b.length) {
        throw new OpInputException(op, 4, "axes length " + ax.length + " differs from start length " + b.length);
      }
    }
    long[] st = new long[rank];
    long[] sp = new long[rank];
    long[] cn = new long[rank];
    for (int d = 0; d < rank; d++) {
      full(shape, d, st, sp, cn);
    }
    for (int i = 0; i < ax.length; i++) {
      if (s[i] == 0) {
        throw new OpInputException(op, 3, "step " + i + " is zero");
      }
      plan(ax[i], shape[ax[i]], b[i], e[i], s[i], st, sp, cn);
    }
    return take(data, st, sp, cn);
  }

  private static long[] filled(int n, long v) {
    long[] a = new long[n];
    Arrays.fill(a, v);
    return a;
  }

  private static void full(long[] shape, int d, long[] start, long[] step, long[] count) {
    start[d] = 0;
    step[d] = 1;
    count[d] = shape[d];
  }

  /** Python slice semantics for one dimension; null bounds mean "from the edge". */
  private static void plan(int d, long dim, Long begin, Long end, long stride,
      long[] start, long[] step, long[] count) {
    long lo;
    long hi;
    if (stride > 0) {
      lo = begin == null ? 0 : clamp(begin < 0 ? begin + dim : begin, 0, dim);
      hi = end == null ? dim : clamp(end < 0 ? end + dim : end, 0, dim);
      count[d] = hi > lo ? (hi - lo + stride - 1) / stride : 0;
    } else {
      lo = begin == null ? dim - 1 : clamp(begin < 0 ? begin + dim : begin, -1, dim - 1);
      hi = end == null ? -1 : clamp(end < 0 ? end + dim : end, -1, dim - 1);
      long s = -stride;
      count[d] = lo > hi ? (lo - hi + s - 1) / s : 0;
    }
    start[d] = lo;
    step[d] = stride;
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /** Elements {@code start[d] + i*step[d]} for {@code i < count[d]} in every dimension. */
  static NdArray take(NdArray data, long[] start, long[] step, long[] count) {
    int rank = count.length;
    NdArray r = NdArray.zeros(data.type(), count);
    int n = r.size();
    if (n == 0) {
      return r;
    }
    int[] strides = Shapes.strides(data.shape());
    int src = 0;
    for (int d = 0; d < rank; d++) {
      src += (int) start[d] * strides[d];
    }
    int[] counter = new int[rank];
    for (int dst = 0; dst < n; dst++) {
      r.copyElement(data, src, dst);
      for (int d = rank - 1; d >= 0; d--) {
        counter[d]++;
        src += (int) step[d] * strides[d];
        if (counter[d] < count[d]) {
          break;
        }
        src -= (int) step[d] * strides[d] * counter[d];
        counter[d] = 0;
      }
    }
    return r;
  }
}
