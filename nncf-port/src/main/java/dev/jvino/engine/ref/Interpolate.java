package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.engine.tensor.Values;
import java.util.Arrays;
import java.util.Locale;

/**
 * Interpolate-0, -4 and -11: resizing of the given axes of a tensor (after zero padding by
 * {@code pads_begin}/{@code pads_end}) by every mode and coordinate transformation of the spec, with
 * OpenVINO's reference arithmetic: coordinates, weights and the nearest/linear/linear_onnx/cubic sums in
 * float (so rounding ties fall where OpenVINO's do), the Pillow modes in double ({@link InterpolatePillow}).
 *
 * <p>Output sizes: with {@code shape_calculation_mode=sizes} the given sizes, the scales being
 * {@code size / padded_size}; with {@code scales}, {@code (long) (padded_size * (scale + 1e-6f))} in
 * float. Integer element types are supported: nearest copies, linear rounds half away from zero,
 * linear_onnx and cubic truncate, the Pillow modes round half away from zero and clip to the type.
 */
public final class Interpolate {
  private Interpolate() {}

  /** {@code mode}. */
  public enum Mode {
    NEAREST, LINEAR, LINEAR_ONNX, CUBIC, BILINEAR_PILLOW, BICUBIC_PILLOW;

    static Mode parse(String op, String text, boolean pillow) {
      Mode m = switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "nearest" -> NEAREST;
        case "linear" -> LINEAR;
        case "linear_onnx" -> LINEAR_ONNX;
        case "cubic" -> CUBIC;
        case "bilinear_pillow" -> BILINEAR_PILLOW;
        case "bicubic_pillow" -> BICUBIC_PILLOW;
        default -> null;
      };
      if (m == null || (!pillow && (m == BILINEAR_PILLOW || m == BICUBIC_PILLOW))) {
        throw new OpAttributeException(op, "mode", text, "expected nearest, linear, linear_onnx, cubic"
            + (pillow ? ", bilinear_pillow or bicubic_pillow" : ""));
      }
      return m;
    }
  }

  /** {@code coordinate_transformation_mode}. */
  public enum Transform {
    HALF_PIXEL, PYTORCH_HALF_PIXEL, ASYMMETRIC, TF_HALF_PIXEL_FOR_NN, ALIGN_CORNERS;

    static Transform parse(String op, String text) {
      try {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new OpAttributeException(op, "coordinate_transformation_mode", text,
            "expected half_pixel, pytorch_half_pixel, asymmetric, tf_half_pixel_for_nn or align_corners");
      }
    }

    /** The source coordinate of output coordinate {@code x} (float arithmetic). */
    float source(float x, float scale, float outLen, float inLen) {
      if (scale == 1.0f || outLen == inLen) {
        return x;
      }
      return switch (this) {
        case HALF_PIXEL -> (x + 0.5f) / scale - 0.5f;
        case PYTORCH_HALF_PIXEL -> outLen > 1 ? (x + 0.5f) / scale - 0.5f : 0.0f;
        case ASYMMETRIC -> x / scale;
        case TF_HALF_PIXEL_FOR_NN -> (x + 0.5f) / scale;
        case ALIGN_CORNERS -> outLen == 1 ? 0 : x * (inLen - 1) / (outLen - 1);
      };
    }
  }

  /** {@code nearest_mode}. */
  public enum Nearest {
    ROUND_PREFER_FLOOR, ROUND_PREFER_CEIL, FLOOR, CEIL, SIMPLE;

    static Nearest parse(String op, String text) {
      try {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new OpAttributeException(op, "nearest_mode", text,
            "expected round_prefer_floor, round_prefer_ceil, floor, ceil or simple");
      }
    }

    long pick(float x, boolean downsample) {
      return switch (this) {
        case ROUND_PREFER_FLOOR -> x == (long) x + 0.5f ? (long) Math.floor(x) : roundHalfAway(x);
        case ROUND_PREFER_CEIL -> roundHalfAway(x);
        case FLOOR -> (long) Math.floor(x);
        case CEIL -> (long) Math.ceil(x);
        case SIMPLE -> downsample ? (long) Math.ceil(x) : (long) x;
      };
    }
  }

  /** {@code shape_calculation_mode}. */
  public enum ShapeCalc {
    SIZES, SCALES;

    static ShapeCalc parse(String op, String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "sizes" -> SIZES;
        case "scales" -> SCALES;
        default -> throw new OpAttributeException(op, "shape_calculation_mode", text, "expected sizes or scales");
      };
    }
  }

  /** The attributes shared by versions 4 and 11. */
  public record Attrs(Mode mode, ShapeCalc shapeCalc, Transform transform, Nearest nearest, boolean antialias,
      long[] padsBegin, long[] padsEnd, double cubeCoeff) {}

  static long roundHalfAway(float x) {
    return (long) (x >= 0 ? Math.floor(x + 0.5) : Math.ceil(x - 0.5));
  }

  private static final float SCALE_EPS = 1.0e-6f;

  /** Interpolate-11: input 1 holds sizes (integer) or scales (float) per {@code shape_calculation_mode}. */
  public static NdArray v11(String op, NdArray x, NdArray sizesOrScales, NdArray axes, Attrs a) {
    boolean sizes = a.shapeCalc() == ShapeCalc.SIZES;
    if (sizes != (sizesOrScales.storage() == Storage.LONG)) {
      throw new OpInputException(op, 1, "shape_calculation_mode=" + a.shapeCalc().name().toLowerCase(Locale.ROOT)
          + " needs " + (sizes ? "an integer sizes" : "a floating-point scales") + " tensor, got " + sizesOrScales.type());
    }
    return run(op, x, sizes ? sizesOrScales : null, sizes ? null : sizesOrScales, axes, 2, a);
  }

  /** Interpolate-4: sizes (input 1) and scales (input 2); the mode attribute picks which one counts. */
  public static NdArray v4(String op, NdArray x, NdArray sizes, NdArray scales, NdArray axes, Attrs a) {
    boolean bySizes = a.shapeCalc() == ShapeCalc.SIZES;
    return run(op, x, bySizes ? sizes : null, bySizes ? null : scales, axes, 3, a);
  }

  /**
   * Interpolate-0 (opset1): {@code axes}, {@code mode} (nearest, linear, cubic; {@code area} is
   * rejected), {@code align_corners}, {@code antialias} and pads, translated to version 4 as OpenVINO
   * does: sizes from the target-shape input, nearest_mode simple, asymmetric coordinates unless
   * align_corners, or half_pixel for linear modes without pads (except 4-D inputs resized on axes {2,3}).
   */
  public static NdArray v0(String op, NdArray x, NdArray target, long[] axesAttr, String modeText,
      boolean alignCorners, boolean antialias, long[] padsBegin, long[] padsEnd) {
    int rank = x.rank();
    String m = modeText.strip().toLowerCase(Locale.ROOT);
    Mode mode = switch (m) {
      case "nearest" -> Mode.NEAREST;
      case "linear" -> {
        if (rank > 5) {
          throw new OpInputException(op, 0, "mode linear supports rank <= 5, got " + rank);
        }
        yield rank < 5 ? Mode.LINEAR_ONNX : Mode.LINEAR;
      }
      case "linear_onnx" -> Mode.LINEAR_ONNX;
      case "cubic" -> Mode.CUBIC;
      case "area" -> throw new UnsupportedOpException(op, "mode area is not supported by the reference engine");
      default -> throw new OpAttributeException(op, "mode", modeText, "expected nearest, linear, cubic or area");
    };
    long[] sortedAxes = Arrays.stream(axesAttr).map(v -> v < 0 ? v + rank : v).distinct().sorted().toArray();
    for (long ax : sortedAxes) {
      if (ax < 0 || ax >= rank) {
        throw new OpAttributeException(op, "axes", axesAttr, "out of range for rank " + rank);
      }
    }
    long[] pb = padsBegin == null ? new long[0] : padsBegin;
    long[] pe = padsEnd == null ? new long[0] : padsEnd;
    boolean noPads = Arrays.stream(pb).allMatch(v -> v == 0) && Arrays.stream(pe).allMatch(v -> v == 0);
    Transform t = Transform.ASYMMETRIC;
    if (alignCorners) {
      t = Transform.ALIGN_CORNERS;
    } else if ((mode == Mode.LINEAR_ONNX || mode == Mode.LINEAR) && noPads
        && !(rank == 4 && Arrays.equals(sortedAxes, new long[] {2, 3}))) {
      t = Transform.HALF_PIXEL;
    }
    Attrs a = new Attrs(mode, ShapeCalc.SIZES, t, Nearest.SIMPLE, antialias, pb, pe, -0.75);
    return run(op, x, target, null, NdArray.vector(sortedAxes), 1, a);
  }

  private static long[] fitPads(String op, String name, long[] pads, int rank) {
    long[] p = Arrays.copyOf(pads == null ? new long[0] : pads, rank);
    for (long v : p) {
      if (v < 0) {
        throw new OpAttributeException(op, name, pads, "pads must be non-negative");
      }
    }
    return p;
  }

  private static NdArray run(String op, NdArray x, NdArray sizesIn, NdArray scalesIn, NdArray axesIn, int axesPort,
      Attrs a) {
    if (x.storage() == Storage.BOOL) {
      throw new UnsupportedOpException(op, "boolean input is not supported");
    }
    int rank = x.rank();
    long[] pb = fitPads(op, "pads_begin", a.padsBegin(), rank);
    long[] pe = fitPads(op, "pads_end", a.padsEnd(), rank);
    long[] padded = x.shape();
    for (int d = 0; d < rank; d++) {
      padded[d] += pb[d] + pe[d];
    }
    int[] axes;
    if (axesIn == null) {
      axes = new int[rank];
      Arrays.setAll(axes, i -> i);
    } else {
      axes = Axes.normalizeAll(op, axesPort, axesIn, rank);
    }
    float[] scales = new float[axes.length];
    long[] outShape = padded.clone();
    if (sizesIn != null) {
      long[] sizes = Axes.integers(op, 1, sizesIn);
      if (sizes.length != axes.length) {
        throw new OpInputException(op, 1, "holds " + sizes.length + " sizes for " + axes.length + " axes");
      }
      for (int i = 0; i < axes.length; i++) {
        if (sizes[i] < 0) {
          throw new OpInputException(op, 1, "size " + sizes[i] + " is negative");
        }
        outShape[axes[i]] = sizes[i];
        scales[i] = (float) sizes[i] / (float) padded[axes[i]];
      }
    } else {
      if (scalesIn.storage() == Storage.LONG || scalesIn.storage() == Storage.BOOL) {
        throw new OpInputException(op, axesPort - 1, "scales must be floating point, got " + scalesIn.type());
      }
      if (scalesIn.size() != axes.length) {
        throw new OpInputException(op, axesPort - 1, "holds " + scalesIn.size() + " scales for " + axes.length + " axes");
      }
      for (int i = 0; i < axes.length; i++) {
        scales[i] = (float) scalesIn.getDouble(i);
        if (!(scales[i] > 0)) {
          throw new OpInputException(op, axesPort - 1, "scale " + scales[i] + " must be positive");
        }
        outShape[axes[i]] = (long) ((float) padded[axes[i]] * (scales[i] + SCALE_EPS));
      }
    }
    NdArray src = pad(x, padded, pb);
    NdArray out = NdArray.zeros(x.type(), outShape);
    if (out.size() == 0 || src.size() == 0) {
      return out;
    }
    InterpolateKernels k = new InterpolateKernels(op, src, out, axes, scales, a);
    switch (a.mode()) {
      case NEAREST -> k.nearest();
      case LINEAR -> k.linear();
      case LINEAR_ONNX -> k.linearOnnx();
      case CUBIC -> k.cubic();
      case BILINEAR_PILLOW, BICUBIC_PILLOW -> k.pillow(a.mode() == Mode.BICUBIC_PILLOW);
    }
    return out;
  }

  private static NdArray pad(NdArray x, long[] padded, long[] pb) {
    if (Arrays.equals(padded, x.shape())) {
      return x;
    }
    NdArray p = NdArray.zeros(x.type(), padded);
    int[] strides = Shapes.strides(padded);
    long[] shape = x.shape();
    int[] idx = new int[shape.length];
    for (int i = 0; i < x.size(); i++) {
      int o = 0;
      for (int d = 0; d < shape.length; d++) {
        o += (int) (idx[d] + pb[d]) * strides[d];
      }
      p.copyElement(x, i, o);
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) {
          break;
        }
        idx[d] = 0;
      }
    }
    return p;
  }

  /** Writes a computed value to the output following the mode's rounding for integer types. */
  static void store(NdArray out, int i, double v, Mode mode) {
    if (out.storage() != Storage.LONG) {
      out.setDouble(i, v);
      return;
    }
    long r = switch (mode) {
      case LINEAR -> roundHalfAway((float) v);
      case BILINEAR_PILLOW, BICUBIC_PILLOW -> clip(out, v >= 0 ? (long) (v + 0.5) : (long) (v - 0.5));
      default -> (long) v;
    };
    out.longs()[i] = Values.wrap(out.type(), r);
  }

  private static long clip(NdArray out, long v) {
    long lo = Values.minOf(out.type());
    long hi = Values.maxOf(out.type());
    long low = Math.max(lo, v);
    return hi < 0 ? low : Math.min(hi, low); // u64: no upper bound within a long
  }
}
