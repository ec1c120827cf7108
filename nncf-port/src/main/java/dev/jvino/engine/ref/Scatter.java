package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Values;
import dev.jvino.ir.ElementType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * ScatterUpdate-3, ScatterElementsUpdate-3/12 and ScatterNDUpdate-3/15: copies of {@code data} with
 * elements or slices replaced by (or combined with) {@code updates} at positions named by {@code indices}.
 *
 * <p>Updates are applied in row-major order of {@code indices}, so when several indices name the same
 * output element the last one wins for {@code none} (the spec leaves the order undefined; OpenVINO's
 * reference applies them in this order). Each combining step is done in the element type: float results
 * are rounded to f16/bf16 after every step, integer results wrap.
 */
public final class Scatter {
  private Scatter() {}

  /** How an update combines with the element already in the output. */
  public enum Reduction {
    NONE, SUM, SUB, PROD, MIN, MAX, MEAN;

    /** Parses the IR text ({@code none}, {@code sum} ...), accepting only {@code allowed}. */
    public static Reduction parse(String op, String text, Set<Reduction> allowed) {
      Reduction r;
      try {
        r = valueOf(text.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        r = null;
      }
      if (r == null || !allowed.contains(r)) {
        throw new OpAttributeException(op, "reduction", text, "expected one of "
            + allowed.stream().map(x -> x.name().toLowerCase(Locale.ROOT)).sorted().toList());
      }
      return r;
    }
  }

  /**
   * ScatterUpdate-3: {@code out[..., indices[m, ..., p], ...] = updates[..., m, ..., p, ...]} along
   * {@code axis}. {@code updates} must have shape {@code data[:axis] + indices.shape + data[axis+1:]}.
   * Indices must lie in {@code [0, data.shape[axis])} (the spec makes negative indices an error).
   */
  public static NdArray scatterUpdate(NdArray data, NdArray indices, NdArray updates, NdArray axisInput) {
    String op = "ScatterUpdate-3";
    requireSameType(op, data, updates);
    long[] idx = Axes.integers(op, 1, indices);
    int rank = data.rank();
    int axis = Axes.normalize(op, "axis", Axes.scalar(op, 3, axisInput), rank);
    long[] ds = data.shape();
    long[] is = indices.shape();
    long[] expected = new long[rank - 1 + is.length];
    System.arraycopy(ds, 0, expected, 0, axis);
    System.arraycopy(is, 0, expected, axis, is.length);
    System.arraycopy(ds, axis + 1, expected, axis + is.length, rank - axis - 1);
    if (!Arrays.equals(expected, updates.shape())) {
      throw new OpInputException(op, 2, "updates shape " + Shapes.str(updates.shape()) + " must be "
          + Shapes.str(expected) + " (data[:axis] + indices.shape + data[axis+1:])");
    }
    int outer = Shapes.product(ds, 0, axis);
    long axisDim = ds[axis];
    int inner = Shapes.product(ds, axis + 1, rank);
    NdArray out = data.copy();
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < idx.length; j++) {
        long k = idx[j];
        if (k < 0 || k >= axisDim) {
          throw new OpInputException(op, 1, "index " + k + " out of range [0, " + axisDim + ") on axis " + axis);
        }
        out.copyRange(updates, (o * idx.length + j) * inner, (int) ((o * axisDim + k) * inner), inner);
      }
    }
    return out;
  }

  /**
   * ScatterElementsUpdate-12 (and -3 with {@code NONE}): for every position of {@code indices},
   * {@code out[pos with pos[axis] = indices[pos]] = reduction(out[...], updates[pos])}. Negative
   * indices count from the end of the axis. With {@code useInitVal = false} the data value of every
   * targeted element is ignored: its first update initialises it. MEAN divides by the number of updates
   * (plus one when the data value is used); integer means are rounded down; booleans reject MEAN and use
   * OR for SUM/MAX and AND for PROD/MIN.
   */
  public static NdArray scatterElementsUpdate(String op, NdArray data, NdArray indices, NdArray updates,
      NdArray axisInput, Reduction reduction, boolean useInitVal) {
    requireSameType(op, data, updates);
    long[] idx = Axes.integers(op, 1, indices);
    int rank = data.rank();
    int axis = Axes.normalize(op, "axis", Axes.scalar(op, 3, axisInput), rank);
    long[] ds = data.shape();
    long[] is = indices.shape();
    if (is.length != rank) {
      throw new OpInputException(op, 1, "indices rank " + is.length + " must equal data rank " + rank);
    }
    if (!Arrays.equals(is, updates.shape())) {
      throw new OpInputException(op, 2, "updates shape " + Shapes.str(updates.shape())
          + " must equal indices shape " + Shapes.str(is));
    }
    for (int d = 0; d < rank; d++) {
      if (d != axis && is[d] > ds[d]) {
        throw new OpInputException(op, 1, "indices dimension " + d + " (" + is[d] + ") exceeds data "
            + Shapes.str(ds));
      }
    }
    if (reduction == Reduction.MEAN && data.type() == ElementType.BOOLEAN) {
      throw new OpAttributeException(op, "reduction", "mean", "not defined for boolean data");
    }
    int[] dataStrides = Shapes.strides(ds);
    int[] coord = new int[rank];
    NdArray out = data.copy();
    Accumulation acc = new Accumulation(op, out, reduction, useInitVal);
    for (int i = 0; i < idx.length; i++) {
      long k = idx[i] < 0 ? idx[i] + ds[axis] : idx[i];
      if (k < 0 || k >= ds[axis]) {
        throw new OpInputException(op, 1, "index " + idx[i] + " out of range [-" + ds[axis] + ", " + ds[axis]
            + ") on axis " + axis);
      }
      int dst = 0;
      for (int d = 0; d < rank; d++) {
        dst += (d == axis ? (int) k : coord[d]) * dataStrides[d];
      }
      acc.apply(dst, updates, i);
      for (int d = rank - 1; d >= 0; d--) {
        if (++coord[d] < is[d]) {
          break;
        }
        coord[d] = 0;
      }
    }
    acc.finish();
    return out;
  }

  /**
   * ScatterNDUpdate-15 (and -3 with {@code NONE}): each {@code k}-tuple in the last dimension of
   * {@code indices} ({@code k <= rank(data)}) names an element ({@code k = rank}) or a slice of
   * {@code data}; the matching slice of {@code updates} (shape {@code indices.shape[:-1] +
   * data.shape[k:]}) combines with it under {@code reduction} (NONE, SUM, SUB, PROD, MIN, MAX; for
   * booleans SUM, SUB and PROD are OR, XOR and AND). Negative indices count from the end.
   */
  public static NdArray scatterNdUpdate(String op, NdArray data, NdArray indices, NdArray updates,
      Reduction reduction) {
    requireSameType(op, data, updates);
    long[] idx = Axes.integers(op, 1, indices);
    long[] ds = data.shape();
    long[] is = indices.shape();
    if (ds.length < 1 || is.length < 1) {
      throw new OpInputException(op, ds.length < 1 ? 0 : 1, "must have rank >= 1");
    }
    int k = (int) is[is.length - 1];
    if (k > ds.length) {
      throw new OpInputException(op, 1, "last dimension " + k + " exceeds data rank " + ds.length);
    }
    long[] expected = new long[is.length - 1 + ds.length - k];
    System.arraycopy(is, 0, expected, 0, is.length - 1);
    System.arraycopy(ds, k, expected, is.length - 1, ds.length - k);
    boolean singleElement = expected.length == 0 && updates.size() == 1;
    if (!Arrays.equals(expected, updates.shape()) && !singleElement) {
      throw new OpInputException(op, 2, "updates shape " + Shapes.str(updates.shape()) + " must be "
          + Shapes.str(expected) + " (indices.shape[:-1] + data.shape[k:])");
    }
    int slice = Shapes.product(ds, k, ds.length);
    int[] strides = Shapes.strides(ds);
    int tuples = Shapes.product(is, 0, is.length - 1);
    NdArray out = data.copy();
    Accumulation acc = new Accumulation(op, out, reduction, true);
    for (int t = 0; t < tuples; t++) {
      int base = 0;
      for (int j = 0; j < k; j++) {
        long v = idx[t * k + j];
        long n = v < 0 ? v + ds[j] : v;
        if (n < 0 || n >= ds[j]) {
          throw new OpInputException(op, 1, "index " + v + " out of range [-" + ds[j] + ", " + ds[j]
              + ") for data dimension " + j);
        }
        base += (int) n * strides[j];
      }
      for (int e = 0; e < slice; e++) {
        acc.apply(base + e, updates, t * slice + e);
      }
    }
    return out;
  }

  private static void requireSameType(String op, NdArray data, NdArray updates) {
    if (data.type() != updates.type()) {
      throw new OpInputException(op, 2, "updates type " + updates.type() + " differs from data type " + data.type());
    }
  }

  /** Combines updates into an output array in place, element by element, in its element type. */
  private static final class Accumulation {
    private final String op;
    private final NdArray out;
    private final Reduction reduction;
    private final boolean useInitVal;
    private final int[] counts;

    Accumulation(String op, NdArray out, Reduction reduction, boolean useInitVal) {
      this.op = op;
      this.out = out;
      this.reduction = reduction;
      this.useInitVal = useInitVal;
      this.counts = reduction == Reduction.NONE ? null : new int[out.size()];
    }

    void apply(int dst, NdArray updates, int src) {
      if (reduction == Reduction.NONE || (!useInitVal && counts[dst] == 0)) {
        out.copyElement(updates, src, dst);
      } else {
        combine(dst, updates, src);
      }
      if (counts != null) {
        counts[dst]++;
      }
    }

    private void combine(int dst, NdArray updates, int src) {
      ElementType type = out.type();
      switch (out.storage()) {
        case FLOAT -> {
          float[] o = out.floats();
          float a = o[dst];
          float b = updates.floats()[src];
          float v = switch (reduction) {
            case SUM, MEAN -> a + b;
            case SUB -> a - b;
            case PROD -> a * b;
            case MIN -> a < b ? a : b;
            case MAX -> a > b ? a : b;
            case NONE -> b;
          };
          o[dst] = Values.roundFloat(type, v);
        }
        case DOUBLE -> {
          double[] o = out.doubles();
          double a = o[dst];
          double b = updates.doubles()[src];
          o[dst] = switch (reduction) {
            case SUM, MEAN -> a + b;
            case SUB -> a - b;
            case PROD -> a * b;
            case MIN -> a < b ? a : b;
            case MAX -> a > b ? a : b;
            case NONE -> b;
          };
        }
        case LONG -> {
          long[] o = out.longs();
          long a = o[dst];
          long b = updates.longs()[src];
          boolean unsigned = type == ElementType.U64;
          int cmp = unsigned ? Long.compareUnsigned(b, a) : Long.compare(b, a);
          long v = switch (reduction) {
            case SUM, MEAN -> a + b;
            case SUB -> a - b;
            case PROD -> a * b;
            case MIN -> cmp < 0 ? b : a;
            case MAX -> cmp > 0 ? b : a;
            case NONE -> b;
          };
          o[dst] = Values.wrap(type, v);
        }
        case BOOL -> {
          boolean[] o = out.booleans();
          boolean a = o[dst];
          boolean b = updates.booleans()[src];
          o[dst] = switch (reduction) {
            case SUM, MAX -> a || b;
            case SUB -> a ^ b;
            case PROD, MIN -> a && b;
            case NONE -> b;
            case MEAN -> throw new OpAttributeException(op, "reduction", "mean", "not defined for boolean data");
          };
        }
      }
    }

    /** MEAN: divides every updated element by its number of contributions. */
    void finish() {
      if (reduction != Reduction.MEAN) {
        return;
      }
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          continue;
        }
        int n = counts[i] + (useInitVal ? 1 : 0);
        switch (out.storage()) {
          case FLOAT -> out.floats()[i] = Values.roundFloat(out.type(), out.floats()[i] / n);
          case DOUBLE -> out.doubles()[i] = out.doubles()[i] / n;
          case LONG -> {
            long s = out.longs()[i];
            out.longs()[i] = out.type() == ElementType.U64 ? Long.divideUnsigned(s, n) : Math.floorDiv(s, n);
          }
          case BOOL -> throw new IllegalStateException();
        }
      }
    }
  }
}
