package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.ir.ElementType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Data-movement kernels whose output shape is computed from the inputs at run time: Reshape-1,
 * Transpose-1, Squeeze-0/15, Unsqueeze-0, ShapeOf-3, Concat-0, Split-1, VariadicSplit-1.
 */
public final class ShapeOps {
  private ShapeOps() {}

  /**
   * Reshape-1. {@code target} is a 1-D integer tensor; one entry may be -1 (inferred); with
   * {@code specialZero} a 0 copies the input dimension at the same index.
   */
  public static NdArray reshape(NdArray data, NdArray target, boolean specialZero) {
    String op = "Reshape-1";
    long[] t = Axes.integers(op, 1, target);
    if (target.rank() > 1) {
      throw new OpInputException(op, 1, "target shape must be 1-D, got rank " + target.rank());
    }
    long[] in = data.shape();
    long[] out = new long[t.length];
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < t.length; i++) {
      long d = t[i];
      if (d == 0 && specialZero) {
        if (i >= in.length) {
          throw new OpInputException(op, 1, "special zero at index " + i + " beyond input rank " + in.length);
        }
        d = in[i];
      } else if (d == -1) {
        if (inferred >= 0) {
          throw new OpInputException(op, 1, "more than one -1 in " + Arrays.toString(t));
        }
        inferred = i;
        continue;
      } else if (d < 0) {
        throw new OpInputException(op, 1, "negative dimension " + d + " in " + Arrays.toString(t));
      }
      out[i] = d;
      known *= d;
    }
    int size = data.size();
    if (inferred >= 0) {
      if (known == 0 || size % known != 0) {
        throw new OpInputException(op, 1, "cannot infer -1 for " + size + " elements from "
            + Arrays.toString(t));
      }
      out[inferred] = size / known;
    }
    if (Shapes.size(out) != size) {
      throw new OpInputException(op, 1, "target " + Shapes.str(out) + " does not hold " + size
          + " elements of " + Shapes.str(in));
    }
    return data.reshape(out);
  }

  /** Transpose-1 with permutation {@code order} (empty: reverse the dimensions). */
  public static NdArray transpose(NdArray data, NdArray order) {
    String op = "Transpose-1";
    long[] p = Axes.integers(op, 1, order);
    int rank = data.rank();
    int[] perm = new int[rank];
    if (p.length == 0) {
      for (int i = 0; i < rank; i++) {
        perm[i] = rank - 1 - i;
      }
    } else {
      if (p.length != rank) {
        throw new OpInputException(op, 1, "permutation " + Arrays.toString(p) + " has wrong length for rank " + rank);
      }
      perm = Axes.normalizeAll(op, 1, order, rank);
    }
    return permute(data, perm);
  }

  /** Moves dimension {@code perm[i]} of {@code data} to position i. */
  public static NdArray permute(NdArray data, int[] perm) {
    long[] in = data.shape();
    int rank = in.length;
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      out[i] = in[perm[i]];
    }
    int[] inStrides = Shapes.strides(in);
    int[] strides = new int[rank];
    for (int i = 0; i < rank; i++) {
      strides[i] = inStrides[perm[i]];
    }
    NdArray r = NdArray.zeros(data.type(), out);
    int n = r.size();
    if (n == 0) {
      return r;
    }
    int[] counter = new int[rank];
    int src = 0;
    for (int dst = 0; dst < n; dst++) {
      r.copyElement(data, src, dst);
      for (int d = rank - 1; d >= 0; d--) {
        counter[d]++;
        src += strides[d];
        if (counter[d] < out[d]) {
          break;
        }
        src -= strides[d] * counter[d];
        counter[d] = 0;
      }
    }
    return r;
  }

  /** Squeeze-0: removes the listed size-1 axes, or every size-1 axis when {@code axes} is null. */
  public static NdArray squeeze(NdArray data, @org.jspecify.annotations.Nullable NdArray axes) {
    return squeeze(data, axes, false);
  }

  /**
   * Squeeze-15: like Squeeze-0; with {@code allowAxisSkip} listed axes whose size is not 1 are kept
   * instead of rejected.
   */
  public static NdArray squeeze(NdArray data, @org.jspecify.annotations.Nullable NdArray axes,
      boolean allowAxisSkip) {
    String op = allowAxisSkip ? "Squeeze-15" : "Squeeze-0";
    long[] in = data.shape();
    boolean[] drop = new boolean[in.length];
    if (axes == null) {
      for (int i = 0; i < in.length; i++) {
        drop[i] = in[i] == 1;
      }
    } else {
      for (long raw : Axes.integers(op, 1, axes)) {
        int a = Axes.normalize(op, "axes", raw, in.length);
        if (in[a] != 1) {
          if (!allowAxisSkip) {
            throw new OpInputException(op, 1, "axis " + raw + " has size " + in[a] + ", not 1");
          }
          continue;
        }
        drop[a] = true;
      }
    }
    long[] out = new long[in.length];
    int p = 0;
    for (int i = 0; i < in.length; i++) {
      if (!drop[i]) {
        out[p++] = in[i];
      }
    }
    return data.reshape(Arrays.copyOf(out, p));
  }

  /** Unsqueeze-0: inserts size-1 axes at {@code axes}, which index the output (negative allowed). */
  public static NdArray unsqueeze(NdArray data, NdArray axes) {
    String op = "Unsqueeze-0";
    long[] in = data.shape();
    long[] raw = Axes.integers(op, 1, axes);
    int outRank = in.length + raw.length;
    int[] ax = Axes.normalizeAll(op, 1, axes, outRank);
    boolean[] inserted = new boolean[outRank];
    for (int a : ax) {
      inserted[a] = true;
    }
    long[] out = new long[outRank];
    int p = 0;
    for (int i = 0; i < outRank; i++) {
      out[i] = inserted[i] ? 1 : in[p++];
    }
    return data.reshape(out);
  }

  /** ShapeOf-3 with {@code output_type} i64 or i32. */
  public static NdArray shapeOf(NdArray data, ElementType outputType) {
    if (outputType != ElementType.I64 && outputType != ElementType.I32) {
      throw new OpAttributeException("ShapeOf-3", "output_type", outputType, "must be i64 or i32");
    }
    return NdArray.ofLongs(outputType, new long[] {data.rank()}, data.shape());
  }

  /** Concat-0 along {@code axis} (negative counts from the end). */
  public static NdArray concat(List<NdArray> inputs, long axis) {
    String op = "Concat-0";
    if (inputs.isEmpty()) {
      throw new OpInputException(op, 0, "needs at least one input");
    }
    NdArray first = inputs.get(0);
    int rank = first.rank();
    int ax = Axes.normalize(op, "axis", axis, rank);
    long total = 0;
    for (int i = 0; i < inputs.size(); i++) {
      NdArray x = inputs.get(i);
      if (x.type() != first.type()) {
        throw new OpInputException(op, i, "element type " + x.type() + " differs from " + first.type());
      }
      if (x.rank() != rank) {
        throw new OpInputException(op, i, "rank " + x.rank() + " differs from " + rank);
      }
      for (int d = 0; d < rank; d++) {
        if (d != ax && x.dim(d) != first.dim(d)) {
          throw new OpInputException(op, i, "shape " + Shapes.str(x.shape()) + " does not match "
              + Shapes.str(first.shape()) + " outside axis " + ax);
        }
      }
      total += x.dim(ax);
    }
    long[] out = Shapes.with(first.shape(), ax, total);
    NdArray r = NdArray.zeros(first.type(), out);
    int outer = Shapes.product(out, 0, ax);
    int inner = Shapes.product(out, ax + 1, rank);
    int rowOut = (int) total * inner;
    int offset = 0;
    for (NdArray x : inputs) {
      int rowIn = (int) x.dim(ax) * inner;
      for (int o = 0; o < outer; o++) {
        r.copyRange(x, o * rowIn, o * rowOut + offset, rowIn);
      }
      offset += rowIn;
    }
    return r;
  }

  /** Split-1: {@code numSplits} equal parts along the scalar {@code axis} input. */
  public static List<NdArray> split(NdArray data, NdArray axis, long numSplits) {
    String op = "Split-1";
    if (numSplits <= 0) {
      throw new OpAttributeException(op, "num_splits", numSplits, "must be positive");
    }
    int ax = Axes.normalize(op, "axis", Axes.scalar(op, 1, axis), data.rank());
    long dim = data.dim(ax);
    if (dim % numSplits != 0) {
      throw new OpAttributeException(op, "num_splits", numSplits, "does not divide dimension " + dim);
    }
    long[] lengths = new long[(int) numSplits];
    Arrays.fill(lengths, dim / numSplits);
    return slices(data, ax, lengths);
  }

  /** VariadicSplit-1: parts of the given lengths along {@code axis}; one length may be -1. */
  public static List<NdArray> variadicSplit(NdArray data, NdArray axis, NdArray splitLengths) {
    String op = "VariadicSplit-1";
    int ax = Axes.normalize(op, "axis", Axes.scalar(op, 1, axis), data.rank());
    long[] len = Axes.integers(op, 2, splitLengths);
    long dim = data.dim(ax);
    int minus = -1;
    long sum = 0;
    for (int i = 0; i < len.length; i++) {
      if (len[i] == -1) {
        if (minus >= 0) {
          throw new OpInputException(op, 2, "more than one -1 in " + Arrays.toString(len));
        }
        minus = i;
      } else if (len[i] < 0) {
        throw new OpInputException(op, 2, "negative length in " + Arrays.toString(len));
      } else {
        sum += len[i];
      }
    }
    if (minus >= 0) {
      len[minus] = dim - sum;
      sum = dim;
    }
    if (sum != dim || (minus >= 0 && len[minus] < 0)) {
      throw new OpInputException(op, 2, "lengths " + Arrays.toString(len) + " do not add up to " + dim);
    }
    return slices(data, ax, len);
  }

  private static List<NdArray> slices(NdArray data, int ax, long[] lengths) {
    long[] shape = data.shape();
    int outer = Shapes.product(shape, 0, ax);
    int inner = Shapes.product(shape, ax + 1, shape.length);
    int rowIn = (int) shape[ax] * inner;
    List<NdArray> out = new ArrayList<>(lengths.length);
    int offset = 0;
    for (long l : lengths) {
      NdArray part = NdArray.zeros(data.type(), Shapes.with(shape, ax, l));
      int rowOut = (int) l * inner;
      for (int o = 0; o < outer; o++) {
        part.copyRange(data, o * rowIn + offset, o * rowOut, rowOut);
      }
      offset += rowOut;
      out.add(part);
    }
    return out;
  }
}
