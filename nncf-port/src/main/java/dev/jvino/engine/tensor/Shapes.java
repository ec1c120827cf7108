package dev.jvino.engine.tensor;

import java.util.Arrays;

/** Static helpers over shapes ({@code long[]} dimensions, row-major). */
public final class Shapes {
  private Shapes() {}

  /** Number of elements of {@code shape}; 1 for a scalar. Throws if it does not fit a Java array. */
  public static int size(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has too many elements: " + n);
    }
    return (int) n;
  }

  /** Product of {@code shape[from..to)}. */
  public static int product(long[] shape, int from, int to) {
    long n = 1;
    for (int i = from; i < to; i++) {
      n *= shape[i];
    }
    return (int) n;
  }

  /** Row-major strides (in elements) of {@code shape}. */
  public static int[] strides(long[] shape) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= (int) shape[i];
    }
    return s;
  }

  /** Shape as text, e.g. {@code [2, 3]}. */
  public static String str(long[] shape) {
    return Arrays.toString(shape);
  }

  /** Copy of {@code shape} with dimension {@code axis} replaced by {@code value}. */
  public static long[] with(long[] shape, int axis, long value) {
    long[] s = shape.clone();
    s[axis] = value;
    return s;
  }
}
