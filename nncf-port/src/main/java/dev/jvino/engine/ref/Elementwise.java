package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.engine.tensor.Values;
import dev.jvino.ir.ElementType;

/**
 * Binary arithmetic and comparison kernels with OpenVINO's broadcasting: Add, Subtract, Multiply,
 * Divide, Power, Maximum, Minimum, SquaredDifference (opset1), Equal, NotEqual, Less, LessEqual, Greater,
 * GreaterEqual, LogicalAnd, LogicalOr, LogicalXor, LogicalNot, and Select.
 *
 * <p>Arithmetic happens in the inputs' element type: f32 in float, f16/bf16 in float with the result
 * rounded to the type, f64 in double, integers in 64 bits wrapped to the type's width (so i8/u8/i32
 * overflow wraps as OpenVINO's C++ kernels do).
 */
public final class Elementwise {
  private Elementwise() {}

  /** The arithmetic operations, with their IR type names. */
  public enum BinaryOp {
    ADD("Add"),
    SUBTRACT("Subtract"),
    MULTIPLY("Multiply"),
    DIVIDE("Divide"),
    POWER("Power"),
    MAXIMUM("Maximum"),
    MINIMUM("Minimum"),
    SQUARED_DIFFERENCE("SquaredDifference");

    private final String irName;

    BinaryOp(String irName) {
      this.irName = irName;
    }

    /** The operation's type name in the IR. */
    public String irName() {
      return irName;
    }
  }

  /** The comparison operations (boolean output). */
  public enum Comparison {
    EQUAL("Equal"),
    NOT_EQUAL("NotEqual"),
    LESS("Less"),
    LESS_EQUAL("LessEqual"),
    GREATER("Greater"),
    GREATER_EQUAL("GreaterEqual");

    private final String irName;

    Comparison(String irName) {
      this.irName = irName;
    }

    public String irName() {
      return irName;
    }
  }

  public static NdArray add(NdArray a, NdArray b) {
    return binary(BinaryOp.ADD, a, b, AutoBroadcast.NUMPY, true);
  }

  public static NdArray subtract(NdArray a, NdArray b) {
    return binary(BinaryOp.SUBTRACT, a, b, AutoBroadcast.NUMPY, true);
  }

  public static NdArray multiply(NdArray a, NdArray b) {
    return binary(BinaryOp.MULTIPLY, a, b, AutoBroadcast.NUMPY, true);
  }

  /** Divide with OpenVINO's default {@code m_pythondiv = true} (floor division for integers). */
  public static NdArray divide(NdArray a, NdArray b) {
    return binary(BinaryOp.DIVIDE, a, b, AutoBroadcast.NUMPY, true);
  }

  /**
   * Divide-1. For integer types {@code pythonDivision} selects floor division (true) or C-style
   * truncation (false); an integer division by zero raises {@link OpInputException}. Floats divide
   * normally (x/0 gives ±inf or NaN).
   */
  public static NdArray divide(NdArray a, NdArray b, boolean pythonDivision, AutoBroadcast broadcast) {
    return binary(BinaryOp.DIVIDE, a, b, broadcast, pythonDivision);
  }

  public static NdArray power(NdArray a, NdArray b) {
    return binary(BinaryOp.POWER, a, b, AutoBroadcast.NUMPY, true);
  }

  public static NdArray maximum(NdArray a, NdArray b) {
    return binary(BinaryOp.MAXIMUM, a, b, AutoBroadcast.NUMPY, true);
  }

  public static NdArray minimum(NdArray a, NdArray b) {
    return binary(BinaryOp.MINIMUM, a, b, AutoBroadcast.NUMPY, true);
  }

  public static NdArray squaredDifference(NdArray a, NdArray b) {
    return binary(BinaryOp.SQUARED_DIFFERENCE, a, b, AutoBroadcast.NUMPY, true);
  }

  /**
   * Any binary arithmetic operation with an explicit broadcast spec. {@code pythonDivision} only
   * matters for integer {@link BinaryOp#DIVIDE}.
   */
  public static NdArray binary(BinaryOp op, NdArray a, NdArray b, AutoBroadcast broadcast,
      boolean pythonDivision) {
    String name = op.irName() + "-1";
    requireSameType(name, a, b);
    if (a.storage() == Storage.BOOL) {
      throw new UnsupportedOpException(name, "boolean inputs are not supported");
    }
    long[] out = Broadcasting.shape(name, a.shape(), b.shape(), broadcast);
    long[] bRead = Broadcasting.readShape(name, out, b.shape(), broadcast, true);
    int[] ia = Broadcasting.isIdentity(out, a.shape()) ? null : Broadcasting.indexMap(out, a.shape());
    int[] ib = Broadcasting.isIdentity(out, bRead) ? null : Broadcasting.indexMap(out, bRead);
    int n = Shapes.size(out);
    ElementType t = a.type();
    return switch (a.storage()) {
      case FLOAT -> {
        float[] r = new float[n];
        FloatLoops.run(op, t, a.floats(), ia, b.floats(), ib, r);
        yield NdArray.ofFloats(t, out, r);
      }
      case DOUBLE -> {
        double[] x = a.doubles();
        double[] y = b.doubles();
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
          r[i] = applyDouble(op, x[ia == null ? i : ia[i]], y[ib == null ? i : ib[i]]);
        }
        yield NdArray.ofDoubles(out, r);
      }
      case LONG -> {
        long[] x = a.longs();
        long[] y = b.longs();
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
          r[i] = applyLong(name, op, t, x[ia == null ? i : ia[i]], y[ib == null ? i : ib[i]], pythonDivision);
        }
        yield NdArray.ofLongs(t, out, r);
      }
      case BOOL -> throw new IllegalStateException();
    };
  }

  static double applyDouble(BinaryOp op, double x, double y) {
    return switch (op) {
      case ADD -> x + y;
      case SUBTRACT -> x - y;
      case MULTIPLY -> x * y;
      case DIVIDE -> x / y;
      case POWER -> Math.pow(x, y);
      case MAXIMUM -> x > y ? x : y;
      case MINIMUM -> x < y ? x : y;
      case SQUARED_DIFFERENCE -> (x - y) * (x - y);
    };
  }

  static long applyLong(String name, BinaryOp op, ElementType t, long x, long y, boolean pythonDivision) {
    boolean u64 = t == ElementType.U64;
    long r = switch (op) {
      case ADD -> x + y;
      case SUBTRACT -> x - y;
      case MULTIPLY -> x * y;
      case DIVIDE -> {
        if (y == 0) {
          throw new OpInputException(name, 1, "integer division by zero");
        }
        if (u64) {
          yield Long.divideUnsigned(x, y);
        }
        long q = x / y;
        if (pythonDivision && x % y != 0 && ((x < 0) != (y < 0))) {
          q -= 1;
        }
        yield q;
      }
      case POWER -> {
        double p = Math.pow(Values.integerToDouble(t, x), Values.integerToDouble(t, y));
        yield u64 && p >= 0x1p63 ? (long) (p - 0x1p63) + Long.MIN_VALUE : (long) p;
      }
      case MAXIMUM -> (u64 ? Long.compareUnsigned(x, y) > 0 : x > y) ? x : y;
      case MINIMUM -> (u64 ? Long.compareUnsigned(x, y) < 0 : x < y) ? x : y;
      case SQUARED_DIFFERENCE -> (x - y) * (x - y);
    };
    return Values.wrap(t, r);
  }

  // ------------------------------------------------------------------ comparisons

  public static NdArray equal(NdArray a, NdArray b) {
    return compare(Comparison.EQUAL, a, b, AutoBroadcast.NUMPY);
  }

  public static NdArray less(NdArray a, NdArray b) {
    return compare(Comparison.LESS, a, b, AutoBroadcast.NUMPY);
  }

  public static NdArray greater(NdArray a, NdArray b) {
    return compare(Comparison.GREATER, a, b, AutoBroadcast.NUMPY);
  }

  public static NdArray greaterEqual(NdArray a, NdArray b) {
    return compare(Comparison.GREATER_EQUAL, a, b, AutoBroadcast.NUMPY);
  }

  /** A comparison with boolean output; NaN compares unequal to everything, u64 compares unsigned. */
  public static NdArray compare(Comparison op, NdArray a, NdArray b, AutoBroadcast broadcast) {
    String name = op.irName() + "-1";
    requireSameType(name, a, b);
    long[] out = Broadcasting.shape(name, a.shape(), b.shape(), broadcast);
    long[] bRead = Broadcasting.readShape(name, out, b.shape(), broadcast, true);
    int[] ia = Broadcasting.isIdentity(out, a.shape()) ? null : Broadcasting.indexMap(out, a.shape());
    int[] ib = Broadcasting.isIdentity(out, bRead) ? null : Broadcasting.indexMap(out, bRead);
    int n = Shapes.size(out);
    boolean[] r = new boolean[n];
    boolean u64 = a.type() == ElementType.U64;
    for (int i = 0; i < n; i++) {
      int pa = ia == null ? i : ia[i];
      int pb = ib == null ? i : ib[i];
      int c;
      if (a.storage() == Storage.LONG) {
        long x = a.longs()[pa];
        long y = b.longs()[pb];
        c = u64 ? Long.compareUnsigned(x, y) : Long.compare(x, y);
      } else {
        double x = a.getDouble(pa);
        double y = b.getDouble(pb);
        if (Double.isNaN(x) || Double.isNaN(y)) {
          r[i] = op == Comparison.NOT_EQUAL;
          continue;
        }
        c = Double.compare(x == 0 ? 0.0 : x, y == 0 ? 0.0 : y); // -0 == +0
      }
      r[i] = switch (op) {
        case EQUAL -> c == 0;
        case NOT_EQUAL -> c != 0;
        case LESS -> c < 0;
        case LESS_EQUAL -> c <= 0;
        case GREATER -> c > 0;
        case GREATER_EQUAL -> c >= 0;
      };
    }
    return NdArray.ofBooleans(out, r);
  }

  /**
   * Select-1: {@code cond ? then : else} elementwise. {@code cond} must be boolean; {@code then} and
   * {@code else} share an element type. NUMPY broadcasts all three; NONE needs equal shapes; PDPD aligns
   * {@code cond} and {@code else} into the shape of {@code then}.
   */
  public static NdArray select(NdArray cond, NdArray then, NdArray otherwise, AutoBroadcast broadcast) {
    String name = "Select-1";
    if (cond.type() != ElementType.BOOLEAN) {
      throw new OpInputException(name, 0, "condition must be boolean, got " + cond.type());
    }
    requireSameType(name, then, otherwise);
    long[] out = switch (broadcast.mode()) {
      case NONE -> {
        Broadcasting.shape(name, cond.shape(), then.shape(), broadcast);
        yield Broadcasting.shape(name, then.shape(), otherwise.shape(), broadcast);
      }
      case NUMPY -> Broadcasting.numpy(name, cond.shape(), then.shape(), otherwise.shape());
      case PDPD -> then.shape(); // cond and else are aligned into then's shape
    };
    boolean pdpd = broadcast.mode() == AutoBroadcast.Mode.PDPD;
    long[] condRead = pdpd ? Broadcasting.pdpdAlign(name, out, cond.shape(), broadcast.axis()) : cond.shape();
    long[] elseRead = pdpd ? Broadcasting.pdpdAlign(name, out, otherwise.shape(), broadcast.axis()) : otherwise.shape();
    int[] ic = Broadcasting.indexMap(out, condRead);
    int[] it = Broadcasting.indexMap(out, then.shape());
    int[] ie = Broadcasting.indexMap(out, elseRead);
    NdArray r = NdArray.zeros(then.type(), out);
    boolean[] c = cond.booleans();
    for (int i = 0; i < ic.length; i++) {
      if (c[ic[i]]) {
        r.copyElement(then, it[i], i);
      } else {
        r.copyElement(otherwise, ie[i], i);
      }
    }
    return r;
  }

  /** The boolean binary operations (opset1 LogicalAnd, LogicalOr, LogicalXor). */
  public enum LogicalOp {
    AND("LogicalAnd"),
    OR("LogicalOr"),
    XOR("LogicalXor");

    private final String irName;

    LogicalOp(String irName) {
      this.irName = irName;
    }

    public String irName() {
      return irName;
    }
  }

  /** LogicalAnd/Or/Xor-1 on boolean inputs with broadcasting. */
  public static NdArray logical(LogicalOp op, NdArray a, NdArray b, AutoBroadcast broadcast) {
    String name = op.irName() + "-1";
    for (NdArray x : new NdArray[] {a, b}) {
      if (x.type() != ElementType.BOOLEAN) {
        throw new OpInputException(name, x == a ? 0 : 1, "must be boolean, got " + x.type());
      }
    }
    long[] out = Broadcasting.shape(name, a.shape(), b.shape(), broadcast);
    long[] bRead = Broadcasting.readShape(name, out, b.shape(), broadcast, true);
    int[] ia = Broadcasting.indexMap(out, a.shape());
    int[] ib = Broadcasting.indexMap(out, bRead);
    boolean[] x = a.booleans();
    boolean[] y = b.booleans();
    boolean[] r = new boolean[ia.length];
    for (int i = 0; i < r.length; i++) {
      boolean p = x[ia[i]];
      boolean q = y[ib[i]];
      r[i] = switch (op) {
        case AND -> p && q;
        case OR -> p || q;
        case XOR -> p ^ q;
      };
    }
    return NdArray.ofBooleans(out, r);
  }

  /** LogicalNot-1. */
  public static NdArray logicalNot(NdArray a) {
    if (a.type() != ElementType.BOOLEAN) {
      throw new OpInputException("LogicalNot-1", 0, "must be boolean, got " + a.type());
    }
    boolean[] x = a.booleans();
    boolean[] r = new boolean[x.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = !x[i];
    }
    return NdArray.ofBooleans(a.shape(), r);
  }

  static void requireSameType(String name, NdArray a, NdArray b) {
    if (a.type() != b.type()) {
      throw new OpInputException(name, 1, "element types differ: " + a.type() + " and " + b.type());
    }
  }
}
