package dev.jvino.openvino;

import java.util.Arrays;

/** A static tensor shape. Rank 0 is a scalar. */
public final class Shape {
  private final long[] dims;

  private Shape(long[] dims) {
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        throw new IllegalArgumentException("shape dimension " + i + " is negative: " + dims[i]);
      }
    }
    this.dims = dims;
  }

  /** A shape with dimensions {@code dims} (copied). */
  public static Shape of(long... dims) {
    return new Shape(dims.clone());
  }

  /** The dimensions (a copy). */
  public long[] dims() {
    return dims.clone();
  }

  /** Number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** Dimension {@code i}. */
  public long get(int i) {
    return dims[i];
  }

  /** Product of the dimensions (1 for a scalar). */
  public long elementCount() {
    long n = 1;
    for (long d : dims) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** This shape as a fully static partial shape. */
  public PartialShape toPartialShape() {
    return PartialShape.of(dims);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
