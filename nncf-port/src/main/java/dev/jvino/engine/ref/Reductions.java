package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.engine.tensor.Values;
import dev.jvino.ir.ElementType;
import java.util.Arrays;

/**
 * ReduceSum-1, ReduceMean-1, ReduceMax-1 and ReduceMin-1 over the axes given by an integer input, with
 * {@code keep_dims}. Float sums accumulate in double and are rounded once to the element type; integer
 * sums wrap to the type and integer means divide with truncation. Empty axes return the input.
 */
public final class Reductions {
  private Reductions() {}

  /** The reduction kinds. */
  public enum Kind {
    SUM("ReduceSum-1"),
    MEAN("ReduceMean-1"),
    MAX("ReduceMax-1"),
    MIN("ReduceMin-1");

    private final String opName;

    Kind(String opName) {
      this.opName = opName;
    }

    public String opName() {
      return opName;
    }
  }

  public static NdArray reduceSum(NdArray x, NdArray axes, boolean keepDims) {
    return reduce(Kind.SUM, x, axes, keepDims);
  }

  public static NdArray reduceMean(NdArray x, NdArray axes, boolean keepDims) {
    return reduce(Kind.MEAN, x, axes, keepDims);
  }

  public static NdArray reduceMax(NdArray x, NdArray axes, boolean keepDims) {
    return reduce(Kind.MAX, x, axes, keepDims);
  }

  public static NdArray reduceMin(NdArray x, NdArray axes, boolean keepDims) {
    return reduce(Kind.MIN, x, axes, keepDims);
  }

  /** Any reduction. */
  public static NdArray reduce(Kind kind, NdArray x, NdArray axes, boolean keepDims) {
    String op = kind.opName();
    if (x.storage() == Storage.BOOL) {
      throw new UnsupportedOpException(op, "boolean input is not supported");
    }
    int rank = x.rank();
    int[] ax = Axes.normalizeAll(op, 1, axes, rank);
    boolean[] reduced = new boolean[rank];
    for (int a : ax) {
      reduced[a] = true;
    }
    return reduce(kind, x, reduced, keepDims);
  }

  /** Reduction over the dimensions flagged in {@code reduced}. */
  static NdArray reduce(Kind kind, NdArray x, boolean[] reduced, boolean keepDims) {
    String op = kind.opName();
    long[] shape = x.shape();
    int rank = shape.length;
    long[] kept = new long[rank];
    int outRank = 0;
    long[] outShape = new long[rank];
    long count = 1;
    for (int d = 0; d < rank; d++) {
      kept[d] = reduced[d] ? 1 : shape[d];
      if (reduced[d]) {
        count *= shape[d];
        if (keepDims) {
          outShape[outRank++] = 1;
        }
      } else {
        outShape[outRank++] = shape[d];
      }
    }
    outShape = Arrays.copyOf(outShape, outRank);
    if (count == 0 && (kind == Kind.MAX || kind == Kind.MIN || kind == Kind.MEAN)) {
      throw new OpInputException(op, 0, "reducing an empty extent");
    }
    // for every input element, the flat index of its output element (a broadcast map in reverse)
    int n = x.size();
    int[] target = new int[n];
    int[] outStrides = dev.jvino.engine.tensor.Shapes.strides(kept);
    int[] counter = new int[rank];
    int pos = 0;
    for (int i = 0; i < n; i++) {
      target[i] = pos;
      for (int d = rank - 1; d >= 0; d--) {
        counter[d]++;
        if (!reduced[d]) {
          pos += outStrides[d];
        }
        if (counter[d] < shape[d]) {
          break;
        }
        if (!reduced[d]) {
          pos -= outStrides[d] * counter[d];
        }
        counter[d] = 0;
      }
    }
    int outSize = dev.jvino.engine.tensor.Shapes.size(outShape);
    ElementType t = x.type();
    if (x.storage() == Storage.LONG) {
      long[] in = x.longs();
      long[] acc = new long[outSize];
      boolean u64 = t == ElementType.U64;
      if (kind == Kind.MAX || kind == Kind.MIN) {
        boolean[] seen = new boolean[outSize];
        for (int i = 0; i < n; i++) {
          int o = target[i];
          long v = in[i];
          int c = u64 ? Long.compareUnsigned(v, acc[o]) : Long.compare(v, acc[o]);
          if (!seen[o] || (kind == Kind.MAX ? c > 0 : c < 0)) {
            acc[o] = v;
            seen[o] = true;
          }
        }
      } else {
        for (int i = 0; i < n; i++) {
          acc[target[i]] += in[i];
        }
        for (int o = 0; o < outSize; o++) {
          long v = Values.wrap(t, acc[o]);
          if (kind == Kind.MEAN) {
            v = u64 ? Long.divideUnsigned(v, count) : v / count;
          }
          acc[o] = v;
        }
      }
      return NdArray.ofLongs(t, outShape, acc);
    }
    double[] acc = new double[outSize];
    if (kind == Kind.MAX || kind == Kind.MIN) {
      Arrays.fill(acc, kind == Kind.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
      for (int i = 0; i < n; i++) {
        int o = target[i];
        double v = x.getDouble(i);
        if (Double.isNaN(v) || (kind == Kind.MAX ? v > acc[o] : v < acc[o])) {
          acc[o] = Double.isNaN(acc[o]) ? acc[o] : v;
        }
      }
    } else {
      if (x.storage() == Storage.FLOAT) {
        float[] in = x.floats();
        for (int i = 0; i < n; i++) {
          acc[target[i]] += in[i];
        }
      } else {
        double[] in = x.doubles();
        for (int i = 0; i < n; i++) {
          acc[target[i]] += in[i];
        }
      }
      if (kind == Kind.MEAN) {
        for (int o = 0; o < outSize; o++) {
          acc[o] /= count;
        }
      }
    }
    NdArray r = NdArray.zeros(t, outShape);
    for (int o = 0; o < outSize; o++) {
      r.setDouble(o, acc[o]);
    }
    return r;
  }
}
