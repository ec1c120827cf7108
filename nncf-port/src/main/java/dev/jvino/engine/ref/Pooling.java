package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.engine.tensor.Values;
import dev.jvino.ir.ElementType;
import java.util.Arrays;
import java.util.Locale;

/**
 * MaxPool-14 (values and indices; also covers MaxPool-8) and AvgPool-14 (also AvgPool-1) over 1 to 3
 * spatial dimensions of an {@code [N, C, ...]} input.
 */
public final class Pooling {
  private Pooling() {}

  /** The {@code rounding_type} attribute. */
  public enum RoundingType {
    FLOOR,
    CEIL,
    /** Like CEIL, but a last window that would start inside the end padding is dropped. */
    CEIL_TORCH;

    public static RoundingType parse(String op, String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "floor" -> FLOOR;
        case "ceil" -> CEIL;
        case "ceil_torch" -> CEIL_TORCH;
        default -> throw new OpAttributeException(op, "rounding_type", text, "expected floor, ceil or ceil_torch");
      };
    }
  }

  /** MaxPool-14 attributes ({@code axis} applies to the indices output). */
  public record MaxPoolAttrs(long[] strides, long[] dilations, long[] padsBegin, long[] padsEnd,
      long[] kernel, RoundingType roundingType, AutoPad autoPad, ElementType indexElementType, long axis) {
    public MaxPoolAttrs {
      String op = "MaxPool-14";
      strides = strides.clone();
      dilations = dilations.clone();
      padsBegin = padsBegin.clone();
      padsEnd = padsEnd.clone();
      kernel = kernel.clone();
      checkLengths(op, kernel, strides, dilations, padsBegin, padsEnd);
      if (indexElementType != ElementType.I64 && indexElementType != ElementType.I32) {
        throw new OpAttributeException(op, "index_element_type", indexElementType, "must be i32 or i64");
      }
    }

    /** Kernel {@code k}, stride {@code s}, no padding, FLOOR rounding, i64 indices. */
    public static MaxPoolAttrs simple(long[] kernel, long[] strides) {
      long[] ones = new long[kernel.length];
      Arrays.fill(ones, 1);
      return new MaxPoolAttrs(strides, ones, new long[kernel.length], new long[kernel.length], kernel,
          RoundingType.FLOOR, AutoPad.EXPLICIT, ElementType.I64, 0);
    }
  }

  /** AvgPool-14 attributes. */
  public record AvgPoolAttrs(long[] strides, long[] padsBegin, long[] padsEnd, long[] kernel,
      boolean excludePad, RoundingType roundingType, AutoPad autoPad) {
    public AvgPoolAttrs {
      String op = "AvgPool-14";
      strides = strides.clone();
      padsBegin = padsBegin.clone();
      padsEnd = padsEnd.clone();
      kernel = kernel.clone();
      long[] ones = new long[kernel.length];
      Arrays.fill(ones, 1);
      checkLengths(op, kernel, strides, ones, padsBegin, padsEnd);
    }
  }

  private static void checkLengths(String op, long[] kernel, long[] strides, long[] dilations,
      long[] padsBegin, long[] padsEnd) {
    Convolution.positive(op, "kernel", kernel);
    Convolution.positive(op, "strides", strides);
    Convolution.positive(op, "dilations", dilations);
    Convolution.nonNegative(op, "pads_begin", padsBegin);
    Convolution.nonNegative(op, "pads_end", padsEnd);
    int r = kernel.length;
    if (strides.length != r || dilations.length != r || padsBegin.length != r || padsEnd.length != r) {
      throw new OpAttributeException(op, "kernel", kernel,
          "kernel, strides, dilations and pads must have the same length " + r);
    }
  }

  /** Values and indices of a max pooling. */
  public record MaxPoolResult(NdArray values, NdArray indices) {}

  /** Output extent and begin pad per spatial dimension. */
  private record Geometry(long[] in, long[] out, long[] padBegin, long[] padEnd) {}

  private static Geometry geometry(String op, long[] shape, long[] kernel, long[] strides, long[] dil,
      long[] pb, long[] pe, RoundingType rounding, AutoPad autoPad) {
    int sp = shape.length - 2;
    if (sp < 1 || sp > 3 || kernel.length != sp) {
      throw new OpInputException(op, 0, "input " + Shapes.str(shape) + " does not match a "
          + kernel.length + "-D kernel (needs [N, C, 1 to 3 spatial dims])");
    }
    long[] in = Arrays.copyOfRange(shape, 2, shape.length);
    long[] out = new long[sp];
    long[] b = new long[sp];
    long[] e = new long[sp];
    for (int d = 0; d < sp; d++) {
      long dk = dil[d] * (kernel[d] - 1) + 1;
      long[] p = autoPad.resolve(in[d], dk, strides[d], pb[d], pe[d]);
      b[d] = p[0];
      e[d] = p[1];
      long span = in[d] + p[0] + p[1] - dk;
      if (span < 0) {
        throw new OpInputException(op, 0, "spatial dimension " + d + " is smaller than the kernel");
      }
      boolean same = autoPad == AutoPad.SAME_UPPER || autoPad == AutoPad.SAME_LOWER;
      long o;
      if (same || rounding == RoundingType.FLOOR) {
        o = span / strides[d] + 1;
      } else {
        o = (span + strides[d] - 1) / strides[d] + 1;
        if (rounding == RoundingType.CEIL_TORCH && (o - 1) * strides[d] >= in[d] + p[0]) {
          o--;
        }
      }
      out[d] = o;
    }
    return new Geometry(in, out, b, e);
  }

  /**
   * MaxPool-14: the maximum of every window (padding never wins) and its flat index, taken modulo the
   * element count of dimensions {@code axis..} (axis 0: the index into the whole flattened input).
   */
  public static MaxPoolResult maxPool(NdArray data, MaxPoolAttrs a) {
    String op = "MaxPool-14";
    if (data.storage() == Storage.BOOL) {
      throw new UnsupportedOpException(op, "boolean input is not supported");
    }
    long[] shape = data.shape();
    Geometry g = geometry(op, shape, a.kernel(), a.strides(), a.dilations(), a.padsBegin(), a.padsEnd(),
        a.roundingType(), a.autoPad());
    int axis = Axes.normalize(op, "axis", a.axis(), shape.length);
    long indexModulus = Shapes.product(shape, axis, shape.length);
    int planes = (int) (shape[0] * shape[1]);
    int inSize = Shapes.size(g.in());
    int outSize = Shapes.size(g.out());
    long[] outShape = shape.clone();
    System.arraycopy(g.out(), 0, outShape, 2, g.out().length);
    NdArray values = NdArray.zeros(data.type(), outShape);
    long[] idx = new long[planes * outSize];
    int[] table = Convolution.im2colIndex(g.in(), a.kernel(), g.out(), g.padBegin(), a.strides(), a.dilations());
    int kSize = Shapes.size(a.kernel());
    double lowest = lowest(data.type());
    for (int p = 0; p < planes; p++) {
      int base = p * inSize;
      for (int o = 0; o < outSize; o++) {
        // as OpenVINO's reference: start from the type's lowest value, strictly greater wins (so NaN
        // never wins, the first of equal maxima does); a window without any real element yields the
        // lowest value and the index of the plane's first element
        int best = -1;
        double bestV = lowest;
        for (int kk = 0; kk < kSize; kk++) {
          int src = table[kk * outSize + o];
          if (src < 0) {
            continue;
          }
          double v = data.getDouble(base + src);
          if (v > bestV) {
            best = base + src;
            bestV = v;
          }
        }
        int dst = p * outSize + o;
        if (best < 0) {
          values.setDouble(dst, lowest);
          idx[dst] = base % indexModulus;
        } else {
          values.copyElement(data, best, dst);
          idx[dst] = best % indexModulus;
        }
      }
    }
    return new MaxPoolResult(values, NdArray.ofLongs(a.indexElementType(), outShape, idx));
  }

  /** The most negative finite value of {@code type} ({@code std::numeric_limits::lowest}). */
  static double lowest(ElementType type) {
    return switch (type) {
      case F32 -> -Float.MAX_VALUE;
      case F16 -> -65504.0;
      case BF16 -> -0x1.fep127;
      case F64 -> -Double.MAX_VALUE;
      default -> dev.jvino.engine.tensor.Values.minOf(type);
    };
  }

  /**
   * AvgPool-14: window mean, with OpenVINO's reference divisor: the number of real (non-padding)
   * elements in the window, except that when padding is included ({@code exclude-pad = false}) and any
   * pad is non-zero, every window divides by the full kernel size. (OpenVINO's reference only inspects
   * the first two spatial dimensions' pads for that test; here every dimension counts.)
   */
  public static NdArray avgPool(NdArray data, AvgPoolAttrs a) {
    String op = "AvgPool-14";
    if (data.storage() != Storage.FLOAT && data.storage() != Storage.DOUBLE) {
      throw new UnsupportedOpException(op, "element type " + data.type() + " is not supported");
    }
    long[] shape = data.shape();
    long[] ones = new long[a.kernel().length];
    Arrays.fill(ones, 1);
    Geometry g = geometry(op, shape, a.kernel(), a.strides(), ones, a.padsBegin(), a.padsEnd(),
        a.roundingType(), a.autoPad());
    int sp = g.in().length;
    int planes = (int) (shape[0] * shape[1]);
    int inSize = Shapes.size(g.in());
    int outSize = Shapes.size(g.out());
    int[] inStrides = Shapes.strides(g.in());
    long[] outShape = shape.clone();
    System.arraycopy(g.out(), 0, outShape, 2, sp);
    NdArray r = NdArray.zeros(data.type(), outShape);
    ElementType t = data.type();
    boolean isFloat = data.storage() == Storage.FLOAT;
    float[] xf = isFloat ? data.floats() : null;
    float[] rf = isFloat ? new float[r.size()] : null;
    int[] oc = new int[sp];
    long[] lo = new long[sp];
    long[] hi = new long[sp];
    int[] cur = new int[sp];
    boolean anyPad = false;
    for (int d = 0; d < sp; d++) {
      anyPad |= g.padBegin()[d] != 0 || g.padEnd()[d] != 0;
    }
    long kernelSize = Shapes.size(a.kernel());
    for (int o = 0; o < outSize; o++) {
      Convolution.decode(o, g.out(), oc);
      long real = 1;
      for (int d = 0; d < sp; d++) {
        long start = oc[d] * a.strides()[d] - g.padBegin()[d];
        long end = Math.min(start + a.kernel()[d], g.in()[d] + g.padEnd()[d]);
        lo[d] = Math.max(start, 0);
        hi[d] = Math.min(end, g.in()[d]);
        real *= Math.max(0, hi[d] - lo[d]);
      }
      long divisor = !a.excludePad() && anyPad ? kernelSize : real;
      for (int p = 0; p < planes; p++) {
        double sum = 0;
        float fsum = 0; // f32/f16/bf16 accumulate in their type, as OpenVINO's reference does
        if (real > 0) {
          for (int d = 0; d < sp; d++) {
            cur[d] = (int) lo[d];
          }
          while (true) {
            int flat = 0;
            for (int d = 0; d < sp; d++) {
              flat += cur[d] * inStrides[d];
            }
            if (isFloat) {
              fsum = Values.roundFloat(t, fsum + xf[p * inSize + flat]);
            } else {
              sum += data.getDouble(p * inSize + flat);
            }
            int d = sp - 1;
            while (d >= 0 && ++cur[d] >= hi[d]) {
              cur[d] = (int) lo[d];
              d--;
            }
            if (d < 0) {
              break;
            }
          }
        }
        if (isFloat) {
          rf[p * outSize + o] = divisor == 0 ? 0f : fsum / (float) divisor;
        } else {
          r.setDouble(p * outSize + o, divisor == 0 ? 0 : sum / divisor);
        }
      }
    }
    return isFloat ? NdArray.ofFloats(t, outShape, rf) : r;
  }
}
