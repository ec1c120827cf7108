package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.engine.tensor.Values;
import dev.jvino.ir.ElementType;

/**
 * Unary elementwise kernels: Abs, Negative, Sqrt, Exp, Log, Erf, Tanh, Sigmoid, Relu, Sin, Cos, HSwish,
 * HSigmoid, Gelu-7 (erf and tanh), Swish-4, Clamp-0, and Softmax-1/8.
 *
 * <p>Float inputs follow the precision of OpenVINO's reference formulas: the C library functions (exp,
 * log, sqrt, tanh, sin, cos, erf) are evaluated in double and rounded once to the element type, which
 * matches the float functions up to their last-bit rounding; Gelu is computed in double as its reference
 * does; Sigmoid stores {@code exp(-x)} in the type and divides in float; Swish takes {@code exp(-x*beta)}
 * in float and divides in double; Softmax runs in the element type.
 * Abs, Negative, Relu and Clamp also accept integer inputs (computed exactly, wrapped to the type); the
 * transcendental functions reject integers with {@link UnsupportedOpException}.
 */
public final class Activations {
  private Activations() {}

  /** The parameterless unary operations, with their versioned IR names. */
  public enum UnaryOp {
    ABS("Abs-0", true),
    NEGATIVE("Negative-0", true),
    SQRT("Sqrt-0", false),
    EXP("Exp-0", false),
    LOG("Log-0", false),
    ERF("Erf-0", false),
    TANH("Tanh-0", false),
    SIGMOID("Sigmoid-0", false),
    RELU("Relu-0", true),
    SIN("Sin-0", false),
    COS("Cos-0", false),
    HSWISH("HSwish-4", false),
    HSIGMOID("HSigmoid-5", false),
    GELU_ERF("Gelu-7", false),
    GELU_TANH("Gelu-7", false);

    private final String opName;
    private final boolean integers;

    UnaryOp(String opName, boolean integers) {
      this.opName = opName;
      this.integers = integers;
    }

    /** {@code Type-version} of the operation. */
    public String opName() {
      return opName;
    }
  }

  /** Gelu's {@code approximation_mode}. */
  public enum GeluMode { ERF, TANH }

  private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / (Math.atan(1.0) * 4.0));
  private static final double SQRT_2 = Math.sqrt(2.0);

  /** Applies a parameterless unary operation. */
  public static NdArray unary(UnaryOp op, NdArray x) {
    return switch (x.storage()) {
      case FLOAT -> {
        float[] in = x.floats();
        float[] r = new float[in.length];
        switch (op) {
          case RELU -> {
            for (int i = 0; i < in.length; i++) {
              r[i] = in[i] > 0 ? in[i] : 0f;
            }
          }
          case ABS -> {
            for (int i = 0; i < in.length; i++) {
              r[i] = Math.abs(in[i]);
            }
          }
          case NEGATIVE -> {
            for (int i = 0; i < in.length; i++) {
              r[i] = -in[i];
            }
          }
          case SIGMOID -> {
            // OpenVINO: exp(-x) stored in the type, then 1 / (1 + e) in float
            ElementType t = x.type();
            for (int i = 0; i < in.length; i++) {
              float e = Values.roundFloat(t, (float) Math.exp(-in[i]));
              r[i] = 1f / (1f + e);
            }
          }
          default -> {
            for (int i = 0; i < in.length; i++) {
              r[i] = (float) apply(op, in[i]);
            }
          }
        }
        yield NdArray.ofFloats(x.type(), x.shape(), r);
      }
      case DOUBLE -> {
        double[] in = x.doubles();
        double[] r = new double[in.length];
        for (int i = 0; i < in.length; i++) {
          r[i] = apply(op, in[i]);
        }
        yield NdArray.ofDoubles(x.shape(), r);
      }
      case LONG -> {
        if (!op.integers) {
          throw new UnsupportedOpException(op.opName(), "integer input " + x.type() + " is not supported");
        }
        long[] in = x.longs();
        long[] r = new long[in.length];
        boolean unsigned = x.type().kind() == ElementType.Kind.UNSIGNED;
        for (int i = 0; i < in.length; i++) {
          long v = in[i];
          r[i] = switch (op) {
            case ABS -> unsigned ? v : Math.abs(v);
            case NEGATIVE -> -v;
            case RELU -> unsigned || v > 0 ? v : 0;
            default -> throw new IllegalStateException();
          };
        }
        yield NdArray.ofLongs(x.type(), x.shape(), r);
      }
      case BOOL -> throw new UnsupportedOpException(op.opName(), "boolean input is not supported");
    };
  }

  static double apply(UnaryOp op, double v) {
    return switch (op) {
      case ABS -> Math.abs(v);
      case NEGATIVE -> -v;
      case SQRT -> Math.sqrt(v);
      case EXP -> Math.exp(v);
      case LOG -> Math.log(v);
      case ERF -> SpecialFunctions.erf(v);
      case TANH -> Math.tanh(v);
      case SIGMOID -> 1 / (1 + Math.exp(-v));
      case RELU -> v > 0 ? v : 0;
      case SIN -> Math.sin(v);
      case COS -> Math.cos(v);
      case HSWISH -> v * Math.min(Math.max(v + 3, 0), 6) / 6;
      case HSIGMOID -> Math.min(Math.max(v + 3, 0), 6) / 6;
      case GELU_ERF -> 0.5 * v * (1 + SpecialFunctions.erf(v / SQRT_2));
      case GELU_TANH -> 0.5 * v * (1.0 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * Math.pow(v, 3))));
    };
  }

  public static NdArray abs(NdArray x) {
    return unary(UnaryOp.ABS, x);
  }

  public static NdArray negative(NdArray x) {
    return unary(UnaryOp.NEGATIVE, x);
  }

  public static NdArray sqrt(NdArray x) {
    return unary(UnaryOp.SQRT, x);
  }

  public static NdArray exp(NdArray x) {
    return unary(UnaryOp.EXP, x);
  }

  public static NdArray log(NdArray x) {
    return unary(UnaryOp.LOG, x);
  }

  public static NdArray erf(NdArray x) {
    return unary(UnaryOp.ERF, x);
  }

  public static NdArray tanh(NdArray x) {
    return unary(UnaryOp.TANH, x);
  }

  public static NdArray sigmoid(NdArray x) {
    return unary(UnaryOp.SIGMOID, x);
  }

  public static NdArray relu(NdArray x) {
    return unary(UnaryOp.RELU, x);
  }

  public static NdArray sin(NdArray x) {
    return unary(UnaryOp.SIN, x);
  }

  public static NdArray cos(NdArray x) {
    return unary(UnaryOp.COS, x);
  }

  public static NdArray hswish(NdArray x) {
    return unary(UnaryOp.HSWISH, x);
  }

  public static NdArray hsigmoid(NdArray x) {
    return unary(UnaryOp.HSIGMOID, x);
  }

  /** Gelu-7 with the given {@code approximation_mode}. */
  public static NdArray gelu(NdArray x, GeluMode mode) {
    return unary(mode == GeluMode.ERF ? UnaryOp.GELU_ERF : UnaryOp.GELU_TANH, x);
  }

  /**
   * Swish-4: {@code x * sigmoid(beta * x)}; {@code beta} is the optional scalar second input (null for
   * the default 1.0).
   */
  public static NdArray swish(NdArray x, @org.jspecify.annotations.Nullable NdArray beta) {
    String name = "Swish-4";
    double b = 1.0;
    if (beta != null) {
      if (beta.size() != 1) {
        throw new OpInputException(name, 1, "beta must be a scalar, got " + beta.size() + " values");
      }
      if (beta.type() != x.type()) {
        throw new OpInputException(name, 1, "beta type " + beta.type() + " differs from " + x.type());
      }
      b = beta.getDouble(0);
    }
    if (x.storage() != Storage.FLOAT && x.storage() != Storage.DOUBLE) {
      throw new UnsupportedOpException(name, "input type " + x.type() + " is not supported");
    }
    NdArray r = NdArray.zeros(x.type(), x.shape());
    if (x.storage() == Storage.FLOAT) {
      // OpenVINO: exp(-x * beta) in float, 1.0 + e and the division in double, one rounding to the type
      float fb = (float) b;
      float[] in = x.floats();
      float[] out = new float[in.length];
      for (int i = 0; i < in.length; i++) {
        float e = (float) Math.exp(-in[i] * fb);
        out[i] = (float) (in[i] / (1.0 + e));
      }
      return NdArray.ofFloats(x.type(), x.shape(), out);
    }
    for (int i = 0; i < x.size(); i++) {
      double v = x.getDouble(i);
      r.setDouble(i, v / (1 + Math.exp(-b * v)));
    }
    return r;
  }

  /** Clamp-0 attributes. */
  public record ClampAttrs(double min, double max) {
    public ClampAttrs {
      if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
        throw new OpAttributeException("Clamp-0", "min", min, "min must not be NaN or exceed max " + max);
      }
    }
  }

  /**
   * Clamp-0: values below {@code min} become {@code min}, above {@code max} become {@code max}. For
   * integer types the bounds are {@code ceil(min)} and {@code floor(max)}, limited to the type's range.
   */
  public static NdArray clamp(NdArray x, ClampAttrs attrs) {
    switch (x.storage()) {
      case FLOAT -> {
        float lo = Values.roundFloat(x.type(), (float) attrs.min());
        float hi = Values.roundFloat(x.type(), (float) attrs.max());
        float[] in = x.floats();
        float[] r = new float[in.length];
        for (int i = 0; i < in.length; i++) {
          float v = in[i];
          r[i] = v < lo ? lo : (v > hi ? hi : v);
        }
        return NdArray.ofFloats(x.type(), x.shape(), r);
      }
      case DOUBLE -> {
        double[] in = x.doubles();
        double[] r = new double[in.length];
        for (int i = 0; i < in.length; i++) {
          double v = in[i];
          r[i] = v < attrs.min() ? attrs.min() : (v > attrs.max() ? attrs.max() : v);
        }
        return NdArray.ofDoubles(x.shape(), r);
      }
      case LONG -> {
        ElementType t = x.type();
        if (t == ElementType.U64) {
          throw new UnsupportedOpException("Clamp-0", "u64 input is not supported");
        }
        double typeMin = Values.minOf(t);
        double typeMax = Values.maxOf(t);
        long lo = (long) Math.min(Math.max(Math.ceil(attrs.min()), typeMin), typeMax);
        long hi = (long) Math.max(Math.min(Math.floor(attrs.max()), typeMax), typeMin);
        long[] in = x.longs();
        long[] r = new long[in.length];
        for (int i = 0; i < in.length; i++) {
          long v = in[i];
          r[i] = v < lo ? lo : (v > hi ? hi : v);
        }
        return NdArray.ofLongs(t, x.shape(), r);
      }
      default -> throw new UnsupportedOpException("Clamp-0", "boolean input is not supported");
    }
  }

  /**
   * Softmax-8 (and Softmax-1 with a non-negative axis) along {@code axis}; negative axes count from the
   * end. As OpenVINO's reference, in the element type: the slice maximum (starting from the type's
   * lowest value), {@code exp(x - max)}, their compensated sum, then one division per element.
   */
  public static NdArray softmax(NdArray x, long axis) {
    String name = "Softmax-8";
    int ax = Axes.normalize(name, "axis", axis, x.rank());
    if (x.storage() != Storage.FLOAT && x.storage() != Storage.DOUBLE) {
      throw new UnsupportedOpException(name, "input type " + x.type() + " is not supported");
    }
    long[] shape = x.shape();
    int outer = dev.jvino.engine.tensor.Shapes.product(shape, 0, ax);
    int len = (int) shape[ax];
    int inner = dev.jvino.engine.tensor.Shapes.product(shape, ax + 1, shape.length);
    ElementType t = x.type();
    if (x.storage() == Storage.FLOAT) {
      float[] in = x.floats();
      float[] out = new float[in.length];
      float[] sum = new float[1];
      float[] comp = new float[1];
      for (int o = 0; o < outer; o++) {
        for (int q = 0; q < inner; q++) {
          int base = o * len * inner + q;
          float max = sliceMax(t, in, base, inner, len);
          softmaxSlice(t, in, out, base, inner, len, max, sum, comp);
        }
      }
      return NdArray.ofFloats(t, shape, out); // rounds the quotients to f16/bf16
    }
    return softmaxDouble(x, outer, len, inner);
  }

  /** Slice max as OpenVINO's reference: start at the type's lowest value, strictly greater replaces. */
  static float sliceMax(ElementType t, float[] in, int base, int stride, int len) {
    float max = (float) Pooling.lowest(t);
    for (int k = 0; k < len; k++) {
      float v = in[base + k * stride];
      if (v > max) {
        max = v;
      }
    }
    return max;
  }

  /** exp(x - max) in the type, compensated sum in the type, then one division per element (rounded). */
  static void softmaxSlice(ElementType t, float[] in, float[] out, int base, int stride, int len, float max,
      float[] sum, float[] comp) {
    sum[0] = 0;
    comp[0] = 0;
    for (int k = 0; k < len; k++) {
      int p = base + k * stride;
      out[p] = TypedFloat.r(t, (float) Math.exp(TypedFloat.r(t, in[p] - max)));
      TypedFloat.kahan(t, sum, comp, 0, out[p]);
    }
    for (int k = 0; k < len; k++) {
      int p = base + k * stride;
      out[p] = TypedFloat.r(t, out[p] / sum[0]);
    }
  }

  private static NdArray softmaxDouble(NdArray x, int outer, int len, int inner) {
    long[] shape = x.shape();
    double[] in = x.doubles();
    double[] out = new double[in.length];
    double[] sum = new double[1];
    double[] comp = new double[1];
    for (int o = 0; o < outer; o++) {
      for (int q = 0; q < inner; q++) {
        int base = o * len * inner + q;
        double max = -Double.MAX_VALUE;
        for (int k = 0; k < len; k++) {
          max = Math.max(max, in[base + k * inner]);
        }
        sum[0] = 0;
        comp[0] = 0;
        for (int k = 0; k < len; k++) {
          int p = base + k * inner;
          out[p] = Math.exp(in[p] - max);
          TypedFloat.kahan(sum, comp, 0, out[p]);
        }
        for (int k = 0; k < len; k++) {
          out[base + k * inner] /= sum[0];
        }
      }
    }
    return NdArray.ofDoubles(shape, out);
  }
}
