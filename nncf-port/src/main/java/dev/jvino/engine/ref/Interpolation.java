package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import java.util.Locale;

/**
 * Interpolate-11 for the modes ONNX's Resize maps to: {@code nearest} (nearest modes round_prefer_floor,
 * round_prefer_ceil, floor, ceil, simple) and {@code linear_onnx} (linear along each resized axis),
 * with the coordinate transformations half_pixel, pytorch_half_pixel, align_corners, asymmetric and
 * tf_half_pixel_for_nn; the second input holds scales ({@code shape_calculation_mode=scales}, output
 * length {@code floor(in * scale + 1e-5)}) or sizes. Axes are resized one after another (both modes are
 * separable). Cubic mode, antialiasing and pads are not implemented.
 */
final class Interpolation {
  private Interpolation() {}

  /** The attributes used here. */
  record Attrs(String op, String mode, boolean sizes, String transform, String nearest) {
    static Attrs parse(IrAttributes a) {
      String mode = a.string("mode").toLowerCase(Locale.ROOT);
      if (!mode.equals("nearest") && !mode.equals("linear_onnx")) {
        throw new UnsupportedOpException(a.op(), "mode " + mode + " is not implemented (nearest, linear_onnx are)");
      }
      if (a.bool("antialias", false)) {
        throw new UnsupportedOpException(a.op(), "antialias is not implemented");
      }
      for (String p : new String[] {"pads_begin", "pads_end"}) {
        for (long v : a.longs(p, new long[0])) {
          if (v != 0) {
            throw new UnsupportedOpException(a.op(), "non-zero " + p + " are not implemented");
          }
        }
      }
      return new Attrs(a.op(), mode, a.string("shape_calculation_mode").equalsIgnoreCase("sizes"),
          a.string("coordinate_transformation_mode", "half_pixel").toLowerCase(Locale.ROOT),
          a.string("nearest_mode", "round_prefer_floor").toLowerCase(Locale.ROOT));
    }
  }

  static NdArray interpolate(NdArray x, NdArray scalesOrSizes, NdArray axesIn, Attrs at) {
    if (x.storage() != Storage.FLOAT && x.storage() != Storage.DOUBLE) {
      throw new UnsupportedOpException(at.op(), "input type " + x.type() + " is not supported");
    }
    int rank = x.rank();
    long[] axes;
    if (axesIn == null) {
      axes = new long[rank];
      for (int i = 0; i < rank; i++) {
        axes[i] = i;
      }
    } else {
      axes = axesIn.toLongArray();
    }
    double[] v = scalesOrSizes.toDoubleArray();
    if (v.length != axes.length) {
      throw new OpInputException(at.op(), 1, v.length + " values for " + axes.length + " axes");
    }
    NdArray cur = x;
    for (int k = 0; k < axes.length; k++) {
      int axis = (int) (axes[k] < 0 ? axes[k] + rank : axes[k]);
      long inLen = cur.dim(axis);
      long outLen;
      double scale;
      if (at.sizes()) {
        outLen = (long) v[k];
        scale = (double) outLen / inLen;
      } else {
        scale = v[k];
        outLen = (long) Math.floor(inLen * scale + 1e-5);
      }
      if (outLen == inLen && scale == 1.0) {
        continue;
      }
      cur = resizeAxis(cur, axis, outLen, scale, at);
    }
    return cur == x ? x.copy() : cur;
  }

  private static NdArray resizeAxis(NdArray x, int axis, long outLen, double scale, Attrs at) {
    long[] shape = x.shape();
    int inLen = (int) shape[axis];
    int outer = Shapes.product(shape, 0, axis);
    int inner = Shapes.product(shape, axis + 1, shape.length);
    long[] outShape = shape.clone();
    outShape[axis] = outLen;
    NdArray y = NdArray.zeros(x.type(), outShape);
    int n = (int) outLen;
    int[] i0 = new int[n];
    int[] i1 = new int[n];
    double[] w = new double[n];
    for (int o = 0; o < n; o++) {
      double src = original(o, inLen, n, scale, at.transform());
      if (at.mode().equals("nearest")) {
        i0[o] = clamp(nearest(src, scale, at), inLen);
        i1[o] = i0[o];
      } else {
        double c = Math.max(0, Math.min(inLen - 1, src));
        i0[o] = (int) Math.floor(c);
        i1[o] = Math.min(i0[o] + 1, inLen - 1);
        w[o] = c - i0[o];
      }
    }
    for (int a = 0; a < outer; a++) {
      for (int o = 0; o < n; o++) {
        int base0 = (a * inLen + i0[o]) * inner;
        int base1 = (a * inLen + i1[o]) * inner;
        int dst = (a * n + o) * inner;
        for (int s = 0; s < inner; s++) {
          double v0 = x.getDouble(base0 + s);
          double v = w[o] == 0 ? v0 : v0 + (x.getDouble(base1 + s) - v0) * w[o];
          y.setDouble(dst + s, v);
        }
      }
    }
    return y;
  }

  private static double original(int o, int inLen, int outLen, double scale, String transform) {
    return switch (transform) {
      case "half_pixel" -> (o + 0.5) / scale - 0.5;
      case "pytorch_half_pixel" -> outLen > 1 ? (o + 0.5) / scale - 0.5 : 0;
      case "align_corners" -> outLen == 1 ? 0 : (double) o * (inLen - 1) / (outLen - 1);
      case "asymmetric" -> o / scale;
      case "tf_half_pixel_for_nn" -> (o + 0.5) / scale;
      default -> throw new UnsupportedOpException("Interpolate-11", "coordinate_transformation_mode " + transform
          + " is not implemented");
    };
  }

  private static int nearest(double src, double scale, Attrs at) {
    return switch (at.nearest()) {
      case "round_prefer_floor" -> src == Math.floor(src) + 0.5 ? (int) Math.floor(src) : (int) Math.round(src);
      case "round_prefer_ceil" -> (int) Math.round(src);
      case "floor" -> (int) Math.floor(src);
      case "ceil" -> (int) Math.ceil(src);
      case "simple" -> scale < 1 ? (int) Math.ceil(src) : (int) src;
      default -> throw new UnsupportedOpException(at.op(), "nearest_mode " + at.nearest() + " is not implemented");
    };
  }

  private static int clamp(int i, int len) {
    return Math.max(0, Math.min(len - 1, i));
  }
}
