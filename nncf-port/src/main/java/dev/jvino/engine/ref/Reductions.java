package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.engine.tensor.Values;
import dev.jvino.ir.ElementType;
import java.util.Arrays;

/**
 * ReduceSum-1, ReduceMean-1, ReduceMax-1 and ReduceMin-1 over the axes given by an integer input, with
 * {@code keep_dims}, computed as OpenVINO's reference does: float sums use compensated (Kahan)
 * summation in the element type and the mean divides that sum by the count in the type; max/min start
 * from the type's lowest/highest value and only a strictly greater/smaller element replaces it (so NaN is
 * skipped and an empty extent yields lowest/highest); integer sums wrap to the type and integer means
 * divide with truncation. Empty axes return the input.
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
    if (count == 0 && kind == Kind.MEAN && x.storage() == Storage.LONG) {
      throw new OpInputException(op, 0, "integer mean over an empty extent");
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
    if (x.storage() == Storage.FLOAT) {
      float[] in = x.floats();
      float[] acc = new float[outSize];
      if (kind == Kind.MAX || kind == Kind.MIN) {
        // OpenVINO: start at lowest()/max() and replace on a strict comparison (NaN never replaces)
        Arrays.fill(acc, (float) (kind == Kind.MAX ? Pooling.lowest(t) : TypedFloat.highest(t)));
        for (int i = 0; i < n; i++) {
          int o = target[i];
          if (kind == Kind.MAX ? in[i] > acc[o] : in[i] < acc[o]) {
            acc[o] = in[i];
          }
        }
      } else {
        float[] comp = new float[outSize];
        for (int i = 0; i < n; i++) {
          TypedFloat.kahan(t, acc, comp, target[i], in[i]);
        }
        if (kind == Kind.MEAN) {
          for (int o = 0; o < outSize; o++) {
            acc[o] = TypedFloat.r(t, acc[o] / (float) count);
          }
        }
      }
      return NdArray.ofFloats(t, outShape, acc);
    }
    double[] in = x.doubles();
    double[] acc = new double[outSize];
    if (kind == Kind.MAX || kind == Kind.MIN) {
      Arrays.fill(acc, kind == Kind.MAX ? -Double.MAX_VALUE : Double.MAX_VALUE);
      for (int i = 0; i < n; i++) {
        int o = target[i];
        if (kind == Kind.MAX ? in[i] > acc[o] : in[i] < acc[o]) {
          acc[o] = in[i];
        }
      }
    } else {
      double[] comp = new double[outSize];
      for (int i = 0; i < n; i++) {
        TypedFloat.kahan(acc, comp, target[i], in[i]);
      }
      if (kind == Kind.MEAN) {
        for (int o = 0; o < outSize; o++) {
          acc[o] /= count;
        }
      }
    }
    return NdArray.ofDoubles(outShape, acc);
  }
}
