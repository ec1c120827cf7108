package dev.jvino.engine;

import dev.jvino.engine.ref.AutoBroadcast;
import dev.jvino.engine.ref.Broadcasting;
import dev.jvino.engine.ref.Convert;
import dev.jvino.engine.ref.OpAttributeException;
import dev.jvino.engine.ref.OpInputException;
import dev.jvino.engine.ref.UnsupportedOpException;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Node;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * Kernels jvino-nncf adds for ops {@code dev.jvino.engine.ref} does not have yet (used only while the
 * kernel registry lacks the op): ConvertLike-1, Floor-1, Ceiling-1, Round-5, Sign-1, Elu-1, Selu-1,
 * SoftPlus-4, Mish-4, PRelu-1, LogSoftmax-5, Mod-1, FloorMod-1, Tile-1,
 * GroupNormalization-12 and Pad-1/12
 * ({@link PadKernel}).
 *
 * <p>Float results are computed in double and rounded once to the element type; integer Floor, Ceiling
 * and Sign, and integer Mod/FloorMod, are exact.
 */
final class ExtraKernels {
  private ExtraKernels() {}

  private static final List<String> V1 = List.of("opset1");

  static void register(KernelTable t) {
    t.fallback("ConvertLike", V1, (n, in) -> List.of(Convert.convert(in.get(0), in.get(1).type())));
    t.fallback("Floor", V1, (n, in) -> List.of(unary(n, in.get(0), Math::floor, true)));
    t.fallback("Ceiling", V1, (n, in) -> List.of(unary(n, in.get(0), Math::ceil, true)));
    t.fallback("Sign", V1, (n, in) -> List.of(unary(n, in.get(0), Math::signum, true)));
    t.fallback("Round", List.of("opset5"), (n, in) -> {
      String mode = n.attributes().string("mode", "half_to_even").toLowerCase(Locale.ROOT);
      DoubleUnaryOperator f = switch (mode) {
        case "half_to_even" -> Math::rint;
        case "half_away_from_zero" -> ExtraKernels::roundHalfAway;
        default -> throw new OpAttributeException("Round-5", "mode", mode, "expected half_to_even or half_away_from_zero");
      };
      return List.of(unary(n, in.get(0), f, true));
    });
    t.fallback("Elu", V1, (n, in) -> {
      double alpha = n.attributes().real("alpha");
      return List.of(unary(n, in.get(0), x -> x > 0 ? x : alpha * Math.expm1(x), false));
    });
    t.fallback("Selu", V1, (n, in) -> {
      double alpha = scalar(n, in, 1);
      double lambda = scalar(n, in, 2);
      return List.of(unary(n, in.get(0), x -> lambda * (x > 0 ? x : alpha * Math.expm1(x)), false));
    });
    t.fallback("SoftPlus", List.of("opset4"), (n, in) -> List.of(unary(n, in.get(0), ExtraKernels::softPlus, false)));
    t.fallback("Mish", List.of("opset4"),
        (n, in) -> List.of(unary(n, in.get(0), x -> x * Math.tanh(softPlus(x)), false)));
    t.fallback("PRelu", V1, (n, in) -> List.of(prelu(n, in.get(0), in.get(1))));
    t.fallback("LogSoftmax", List.of("opset5"), (n, in) -> List.of(logSoftmax(n, in.get(0))));
    t.fallback("Mod", V1, (n, in) -> List.of(binary(n, in.get(0), in.get(1), (a, b) -> a % b, ExtraKernels::truncMod)));
    t.fallback("FloorMod", V1, (n, in) -> List.of(binary(n, in.get(0), in.get(1), ExtraKernels::floorMod,
        ExtraKernels::floorModLong)));
    t.fallback("Tile", V1, (n, in) -> List.of(tile(n, in.get(0), in.get(1))));
    t.fallback("Pad", List.of("opset1", "opset12"), (n, in) -> List.of(PadKernel.run(n, in.get(0), in.get(1),
        in.get(2), in.size() > 3 ? in.get(3) : null)));
    t.fallback("GroupNormalization", List.of("opset12"), (n, in) -> List.of(groupNorm(n, in.get(0), in.get(1),
        in.get(2))));
  }

  /**
   * GroupNormalization-12: channels (axis 1) split into {@code num_groups}; each (batch, group) is
   * normalised by its mean and biased variance with {@code epsilon}, then scaled and shifted per channel.
   */
  private static NdArray groupNorm(Node n, NdArray x, NdArray scale, NdArray bias) {
    String name = op(n);
    if (x.storage() != Storage.FLOAT && x.storage() != Storage.DOUBLE) {
      throw new UnsupportedOpException(name, "input type " + x.type() + " is not supported");
    }
    if (x.rank() < 2) {
      throw new OpInputException(name, 0, "needs rank >= 2, got " + x.rank());
    }
    long groups = n.attributes().integer("num_groups");
    double eps = n.attributes().real("epsilon");
    int batch = (int) x.dim(0);
    int channels = (int) x.dim(1);
    if (groups <= 0 || channels % groups != 0) {
      throw new OpAttributeException(name, "num_groups", groups, "must be positive and divide " + channels + " channels");
    }
    if (scale.size() != channels || bias.size() != channels) {
      throw new OpInputException(name, scale.size() != channels ? 1 : 2, "must hold " + channels + " values");
    }
    int spatial = x.size() / Math.max(1, batch * channels);
    int perGroup = (int) (channels / groups) * spatial;
    NdArray r = NdArray.zeros(x.type(), x.shape());
    for (int b = 0; b < batch; b++) {
      for (int g = 0; g < groups; g++) {
        int base = (b * channels + (int) (g * (channels / groups))) * spatial;
        double sum = 0;
        for (int i = 0; i < perGroup; i++) {
          sum += x.getDouble(base + i);
        }
        double mean = sum / perGroup;
        double sq = 0;
        for (int i = 0; i < perGroup; i++) {
          double d = x.getDouble(base + i) - mean;
          sq += d * d;
        }
        double inv = 1 / Math.sqrt(sq / perGroup + eps);
        for (int i = 0; i < perGroup; i++) {
          int c = (base + i) / spatial % channels;
          r.setDouble(base + i, (x.getDouble(base + i) - mean) * inv * scale.getDouble(c) + bias.getDouble(c));
        }
      }
    }
    return r;
  }

  private static String op(Node n) {
    return n.type() + "-" + n.version().replace("opset", "");
  }

  static double roundHalfAway(double v) {
    double a = Math.abs(v);
    double t = Math.floor(a);
    double r = a - t >= 0.5 ? t + 1 : t;
    return Math.copySign(r, v);
  }

  static double softPlus(double x) {
    return x > 30 ? x : Math.log1p(Math.exp(x));
  }

  private static double scalar(Node n, List<NdArray> in, int i) {
    if (in.size() <= i || in.get(i).size() != 1) {
      throw new OpInputException(op(n), i, "must be a one-element tensor");
    }
    return in.get(i).getDouble(0);
  }

  /** Elementwise on floats; integer inputs are kept (Floor/Ceiling/Round) or mapped exactly when allowed. */
  private static NdArray unary(Node n, NdArray x, DoubleUnaryOperator f, boolean integers) {
    switch (x.storage()) {
      case FLOAT, DOUBLE -> {
        NdArray r = NdArray.zeros(x.type(), x.shape());
        for (int i = 0; i < x.size(); i++) {
          r.setDouble(i, f.applyAsDouble(x.getDouble(i)));
        }
        return r;
      }
      case LONG -> {
        if (!integers) {
          throw new UnsupportedOpException(op(n), "integer input " + x.type() + " is not supported");
        }
        long[] v = x.longs();
        long[] r = new long[v.length];
        boolean sign = n.is("Sign");
        for (int i = 0; i < v.length; i++) {
          r[i] = sign ? Long.signum(v[i]) : v[i];
        }
        return NdArray.ofLongs(x.type(), x.shape(), r);
      }
      default -> throw new UnsupportedOpException(op(n), "boolean input is not supported");
    }
  }

  private static NdArray prelu(Node n, NdArray x, NdArray slope) {
    if (x.storage() != Storage.FLOAT && x.storage() != Storage.DOUBLE) {
      throw new UnsupportedOpException(op(n), "input type " + x.type() + " is not supported");
    }
    long[] slopeShape = slope.shape();
    // a 1-D slope of the channel count applies along axis 1, as OpenVINO's PRelu does
    if (slopeShape.length == 1 && x.rank() >= 2 && slopeShape[0] == x.dim(1)) {
      long[] s = new long[x.rank() - 1];
      java.util.Arrays.fill(s, 1);
      s[0] = slopeShape[0];
      slope = slope.reshape(s);
    }
    long[] out = Broadcasting.numpy(op(n), x.shape(), slope.shape());
    if (!java.util.Arrays.equals(out, x.shape())) {
      throw new OpInputException(op(n), 1, "slope shape " + Shapes.str(slopeShape) + " does not broadcast to "
          + Shapes.str(x.shape()));
    }
    int[] is = Broadcasting.indexMap(out, slope.shape());
    NdArray r = NdArray.zeros(x.type(), out);
    for (int i = 0; i < r.size(); i++) {
      double v = x.getDouble(i);
      r.setDouble(i, v < 0 ? slope.getDouble(is[i]) * v : v);
    }
    return r;
  }

  private static NdArray logSoftmax(Node n, NdArray x) {
    if (x.storage() != Storage.FLOAT && x.storage() != Storage.DOUBLE) {
      throw new UnsupportedOpException(op(n), "input type " + x.type() + " is not supported");
    }
    long axisAttr = n.attributes().integer("axis", 1);
    int rank = x.rank();
    if (axisAttr < -rank || axisAttr >= rank) {
      throw new OpAttributeException(op(n), "axis", axisAttr, "out of range for rank " + rank);
    }
    int axis = (int) (axisAttr < 0 ? axisAttr + rank : axisAttr);
    long[] s = x.shape();
    int outer = Shapes.product(s, 0, axis);
    int len = (int) s[axis];
    int inner = Shapes.product(s, axis + 1, rank);
    NdArray r = NdArray.zeros(x.type(), s);
    for (int o = 0; o < outer; o++) {
      for (int k = 0; k < inner; k++) {
        int base = o * len * inner + k;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
          max = Math.max(max, x.getDouble(base + j * inner));
        }
        double sum = 0;
        for (int j = 0; j < len; j++) {
          sum += Math.exp(x.getDouble(base + j * inner) - max);
        }
        double log = Math.log(sum);
        for (int j = 0; j < len; j++) {
          r.setDouble(base + j * inner, x.getDouble(base + j * inner) - max - log);
        }
      }
    }
    return r;
  }

  static double floorMod(double a, double b) {
    double m = a % b;
    return m != 0 && (m < 0) != (b < 0) ? m + b : m;
  }

  static long truncMod(long a, long b) {
    if (b == 0) {
      throw new ArithmeticException("integer modulo by zero");
    }
    return a % b;
  }

  static long floorModLong(long a, long b) {
    if (b == 0) {
      throw new ArithmeticException("integer modulo by zero");
    }
    return Math.floorMod(a, b);
  }

  private static NdArray binary(Node n, NdArray a, NdArray b, DoubleBinaryOperator f, LongBinaryOperator g) {
    String name = op(n);
    if (a.type() != b.type()) {
      throw new OpInputException(name, 1, "element types differ: " + a.type() + " and " + b.type());
    }
    AutoBroadcast spec = AutoBroadcast.parse(name, n.attributes().string("auto_broadcast", "numpy"), -1);
    if (spec.mode() == AutoBroadcast.Mode.PDPD) {
      throw new UnsupportedOpException(name, "auto_broadcast=pdpd is not supported");
    }
    long[] out = Broadcasting.shape(name, a.shape(), b.shape(), spec);
    int[] ia = Broadcasting.indexMap(out, a.shape());
    int[] ib = Broadcasting.indexMap(out, b.shape());
    NdArray r = NdArray.zeros(a.type(), out);
    switch (a.storage()) {
      case FLOAT, DOUBLE -> {
        for (int i = 0; i < ia.length; i++) {
          r.setDouble(i, f.applyAsDouble(a.getDouble(ia[i]), b.getDouble(ib[i])));
        }
      }
      case LONG -> {
        long[] x = a.longs();
        long[] y = b.longs();
        long[] v = new long[ia.length];
        try {
          for (int i = 0; i < ia.length; i++) {
            v[i] = g.applyAsLong(x[ia[i]], y[ib[i]]);
          }
        } catch (ArithmeticException e) {
          throw new OpInputException(name, 1, "integer division by zero");
        }
        return NdArray.ofLongs(a.type(), out, v);
      }
      default -> throw new UnsupportedOpException(name, "boolean inputs are not supported");
    }
    return r;
  }

  private static NdArray tile(Node n, NdArray x, NdArray repeatsArray) {
    String name = op(n);
    if (repeatsArray.storage() != Storage.LONG) {
      throw new OpInputException(name, 1, "repeats must be an integer tensor");
    }
    long[] reps = repeatsArray.longs();
    int rank = Math.max(x.rank(), reps.length);
    long[] in = new long[rank];
    long[] rp = new long[rank];
    java.util.Arrays.fill(in, 1);
    java.util.Arrays.fill(rp, 1);
    long[] xs = x.shape();
    System.arraycopy(xs, 0, in, rank - xs.length, xs.length);
    System.arraycopy(reps, 0, rp, rank - reps.length, reps.length);
    long[] out = new long[rank];
    for (int d = 0; d < rank; d++) {
      if (rp[d] < 0) {
        throw new OpInputException(name, 1, "repeats must be >= 0, got " + rp[d]);
      }
      out[d] = in[d] * rp[d];
    }
    NdArray src = x.reshape(in);
    NdArray r = NdArray.zeros(x.type(), out);
    int[] inStrides = Shapes.strides(in);
    int[] idx = new int[rank];
    for (int i = 0; i < r.size(); i++) {
      int s = 0;
      for (int d = 0; d < rank; d++) {
        s += (int) (idx[d] % in[d]) * inStrides[d];
      }
      r.copyElement(src, s, i);
      for (int d = rank - 1; d >= 0; d--) {
        if (++idx[d] < out[d]) {
          break;
        }
        idx[d] = 0;
      }
    }
    return r;
  }
}
