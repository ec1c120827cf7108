package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.Shapes;
import java.util.Arrays;

/**
 * Shape broadcasting as OpenVINO defines it: NUMPY (right-aligned, size-1 dimensions stretch), PDPD (the
 * second shape is aligned at an axis of the first and stretches into it) and NONE (shapes must match),
 * plus index maps that read a broadcast input in output order.
 */
public final class Broadcasting {
  private Broadcasting() {}

  /** The output shape of two inputs under {@code spec}. */
  public static long[] shape(String op, long[] a, long[] b, AutoBroadcast spec) {
    return switch (spec.mode()) {
      case NONE -> {
        if (!Arrays.equals(a, b)) {
          throw new OpInputException(op, -1, "auto_broadcast=none needs equal shapes, got "
              + Shapes.str(a) + " and " + Shapes.str(b));
        }
        yield a.clone();
      }
      case NUMPY -> numpy(op, a, b);
      case PDPD -> {
        pdpdAlign(op, a, b, spec.axis());
        yield a.clone();
      }
    };
  }

  /** NUMPY broadcast of two shapes. */
  public static long[] numpy(String op, long[] a, long[] b) {
    int rank = Math.max(a.length, b.length);
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new OpInputException(op, -1, "shapes " + Shapes.str(a) + " and " + Shapes.str(b)
            + " do not broadcast (numpy) at output dimension " + i);
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** NUMPY broadcast of several shapes. */
  public static long[] numpy(String op, long[]... shapes) {
    long[] out = new long[0];
    for (long[] s : shapes) {
      out = numpy(op, out, s);
    }
    return out;
  }

  /**
   * The shape {@code b} padded with 1s so that it lines up with {@code a} under PDPD rules (its dims
   * start at {@code axis}, trailing 1s of {@code b} are dropped first); checks compatibility.
   */
  public static long[] pdpdAlign(String op, long[] a, long[] b, long axis) {
    int end = b.length;
    while (end > 0 && b[end - 1] == 1) {
      end--;
    }
    long[] trimmed = Arrays.copyOf(b, end);
    long start = axis == -1 ? a.length - trimmed.length : axis;
    if (start < 0 || start + trimmed.length > a.length) {
      throw new OpInputException(op, 1, "shape " + Shapes.str(b) + " cannot be aligned (pdpd, axis "
          + axis + ") with " + Shapes.str(a));
    }
    long[] aligned = new long[a.length];
    Arrays.fill(aligned, 1);
    for (int i = 0; i < trimmed.length; i++) {
      long d = trimmed[i];
      if (d != 1 && d != a[(int) start + i]) {
        throw new OpInputException(op, 1, "shape " + Shapes.str(b) + " does not broadcast (pdpd, axis "
            + axis + ") into " + Shapes.str(a));
      }
      aligned[(int) start + i] = d;
    }
    return aligned;
  }

  /**
   * The input shape to use when reading an input of shape {@code in} for an output of shape
   * {@code out}: for NUMPY/NONE the shape itself, for PDPD the second input's aligned shape.
   */
  static long[] readShape(String op, long[] out, long[] in, AutoBroadcast spec, boolean second) {
    if (spec.mode() == AutoBroadcast.Mode.PDPD && second) {
      return pdpdAlign(op, out, in, spec.axis());
    }
    return in;
  }

  /** Whether reading {@code in} for {@code out} is the identity (same element order and count). */
  public static boolean isIdentity(long[] out, long[] in) {
    return Shapes.size(out) == Shapes.size(in) && sameTrailing(out, in);
  }

  private static boolean sameTrailing(long[] out, long[] in) {
    int off = out.length - in.length;
    if (off < 0) {
      for (int i = 0; i < -off; i++) {
        if (in[i] != 1) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < in.length; i++) {
      if (in[i] != out[i + off]) {
        return false;
      }
    }
    return true;
  }

  /**
   * For every flat index of {@code out}, the flat index of the element of {@code in} (right-aligned,
   * size-1 dimensions repeated) that broadcasting reads.
   */
  public static int[] indexMap(long[] out, long[] in) {
    int n = Shapes.size(out);
    int rank = out.length;
    int[] inStride = new int[rank];
    int acc = 1;
    for (int i = in.length - 1; i >= 0; i--) {
      int o = i + rank - in.length;
      if (o >= 0) {
        inStride[o] = in[i] == 1 ? 0 : acc;
      }
      acc *= (int) in[i];
    }
    int[] map = new int[n];
    if (n == 0) {
      return map;
    }
    int[] counter = new int[rank];
    int idx = 0;
    int inner = rank == 0 ? 1 : (int) out[rank - 1];
    int innerStride = rank == 0 ? 0 : inStride[rank - 1];
    int pos = 0;
    while (pos < n) {
      int base = idx;
      for (int j = 0; j < inner; j++) {
        map[pos++] = base + j * innerStride;
      }
      // advance the odometer over the outer dimensions
      int d = rank - 2;
      while (d >= 0) {
        counter[d]++;
        idx += inStride[d];
        if (counter[d] < out[d]) {
          break;
        }
        idx -= inStride[d] * counter[d];
        counter[d] = 0;
        d--;
      }
      if (d < 0) {
        break;
      }
    }
    return map;
  }
}
