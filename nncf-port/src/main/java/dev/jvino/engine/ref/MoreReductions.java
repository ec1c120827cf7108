package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.engine.tensor.Values;
import dev.jvino.ir.ElementType;

/**
 * The reductions {@link Reductions} does not have: ReduceL1-4 ({@code sum |x|}), ReduceL2-4
 * ({@code sqrt(sum x^2)}), ReduceProd-1, ReduceLogicalAnd-1 and ReduceLogicalOr-1, over the axes of an
 * integer input with {@code keep_dims}. Empty axes reduce nothing (each element is its own group, so L1
 * and L2 give {@code |x|}). Floats accumulate in double and round once to the type; integer sums and
 * products wrap to the type, and integer L2 truncates the square root toward zero. An empty extent gives
 * 0 (L1, L2), 1 (Prod), true (And) or false (Or).
 */
public final class MoreReductions {
  private MoreReductions() {}

  /** The numeric reductions of this class. */
  public enum Kind {
    L1("ReduceL1-4"),
    L2("ReduceL2-4"),
    PROD("ReduceProd-1");

    private final String opName;

    Kind(String opName) {
      this.opName = opName;
    }

    /** {@code Type-version}. */
    public String opName() {
      return opName;
    }
  }

  private static ReduceMap map(String op, NdArray x, NdArray axes, boolean keepDims) {
    int[] ax = Axes.normalizeAll(op, 1, axes, x.rank());
    boolean[] reduced = new boolean[x.rank()];
    for (int a : ax) {
      reduced[a] = true;
    }
    return ReduceMap.of(x.shape(), reduced, keepDims);
  }

  /** ReduceL1, ReduceL2 or ReduceProd. */
  public static NdArray reduce(Kind kind, NdArray x, NdArray axes, boolean keepDims) {
    String op = kind.opName();
    if (x.storage() == Storage.BOOL) {
      throw new UnsupportedOpException(op, "boolean input is not supported");
    }
    ReduceMap m = map(op, x, axes, keepDims);
    int n = x.size();
    int[] t = m.target();
    NdArray out = NdArray.zeros(x.type(), m.outShape());
    if (x.storage() == Storage.LONG) {
      ElementType type = x.type();
      long[] in = x.longs();
      long[] acc = new long[m.outSize()];
      if (kind == Kind.PROD) {
        java.util.Arrays.fill(acc, 1);
      }
      for (int i = 0; i < n; i++) {
        long v = in[i];
        switch (kind) {
          case L1 -> acc[t[i]] += Math.abs(v);
          case L2 -> acc[t[i]] += v * v;
          case PROD -> acc[t[i]] *= v;
        }
      }
      long[] o = out.longs();
      for (int j = 0; j < acc.length; j++) {
        long v = Values.wrap(type, acc[j]);
        o[j] = kind == Kind.L2 ? Values.wrap(type, (long) Math.sqrt(Values.integerToDouble(type, v))) : v;
      }
      return out;
    }
    double[] acc = new double[m.outSize()];
    if (kind == Kind.PROD) {
      java.util.Arrays.fill(acc, 1);
    }
    for (int i = 0; i < n; i++) {
      double v = x.getDouble(i);
      switch (kind) {
        case L1 -> acc[t[i]] += Math.abs(v);
        case L2 -> acc[t[i]] += v * v;
        case PROD -> acc[t[i]] *= v;
      }
    }
    for (int j = 0; j < acc.length; j++) {
      out.setDouble(j, kind == Kind.L2 ? Math.sqrt(acc[j]) : acc[j]);
    }
    return out;
  }

  /** ReduceLogicalAnd-1 ({@code and == true}) or ReduceLogicalOr-1 over a boolean input. */
  public static NdArray reduceLogical(boolean and, NdArray x, NdArray axes, boolean keepDims) {
    String op = and ? "ReduceLogicalAnd-1" : "ReduceLogicalOr-1";
    if (x.storage() != Storage.BOOL) {
      throw new OpInputException(op, 0, "must be boolean, got " + x.type());
    }
    ReduceMap m = map(op, x, axes, keepDims);
    boolean[] acc = new boolean[m.outSize()];
    java.util.Arrays.fill(acc, and);
    boolean[] in = x.booleans();
    int[] t = m.target();
    for (int i = 0; i < in.length; i++) {
      acc[t[i]] = and ? acc[t[i]] && in[i] : acc[t[i]] || in[i];
    }
    return NdArray.ofBooleans(m.outShape(), acc);
  }
}
