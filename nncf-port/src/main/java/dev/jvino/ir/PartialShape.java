package dev.jvino.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A tensor shape whose rank and dimensions may be unknown. Immutable.
 *
 * <p>{@link #dims()} is {@code null} for a dynamic rank. A scalar is the empty static shape.
 */
public final class PartialShape {
  private static final PartialShape DYNAMIC_RANK = new PartialShape(null);
  private final @Nullable List<Dimension> dims;

  private PartialShape(@Nullable List<Dimension> dims) {
    this.dims = dims == null ? null : List.copyOf(dims);
  }

  /** A shape of unknown rank. */
  public static PartialShape dynamic() {
    return DYNAMIC_RANK;
  }

  /** A shape of known rank whose dimensions are all unknown. */
  public static PartialShape dynamic(int rank) {
    return new PartialShape(java.util.Collections.nCopies(rank, Dimension.DYNAMIC));
  }

  /** A static shape; {@code -1} entries become dynamic dimensions. */
  public static PartialShape of(long... dims) {
    List<Dimension> list = new ArrayList<>(dims.length);
    for (long d : dims) {
      list.add(d == -1 ? Dimension.DYNAMIC : Dimension.of(d));
    }
    return new PartialShape(list);
  }

  public static PartialShape of(List<Dimension> dims) {
    return new PartialShape(dims);
  }

  /** The dimensions, or {@code null} when the rank is dynamic. */
  public @Nullable List<Dimension> dims() {
    return dims;
  }

  public boolean isRankStatic() {
    return dims != null;
  }

  /**
   * The rank.
   *
   * @throws IllegalStateException if the rank is dynamic
   */
  public int rank() {
    if (dims == null) {
      throw new IllegalStateException("rank is dynamic");
    }
    return dims.size();
  }

  public Dimension get(int i) {
    if (dims == null) {
      throw new IllegalStateException("rank is dynamic");
    }
    return dims.get(i);
  }

  public boolean isStatic() {
    return dims != null && dims.stream().allMatch(Dimension::isStatic);
  }

  /**
   * The static dimensions.
   *
   * @throws IllegalStateException if any dimension or the rank is dynamic
   */
  public long[] toLongArray() {
    if (!isStatic()) {
      throw new IllegalStateException("shape " + this + " is not static");
    }
    long[] out = new long[dims.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = dims.get(i).min();
    }
    return out;
  }

  /** The number of elements of a static shape, checked for overflow. */
  public long elementCount() {
    return elementCount(toLongArray());
  }

  /**
   * The product of {@code shape}.
   *
   * @throws ArithmeticException on overflow
   */
  public static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Whether both shapes can describe the same tensor. */
  public boolean compatible(PartialShape o) {
    if (dims == null || o.dims == null) {
      return true;
    }
    if (dims.size() != o.dims.size()) {
      return false;
    }
    for (int i = 0; i < dims.size(); i++) {
      if (!dims.get(i).compatible(o.dims.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The shape as a Parameter's {@code shape} attribute: comma-separated dimensions without brackets,
   * {@code ...} for a dynamic rank, the empty string for a scalar.
   */
  public String toIrString() {
    if (dims == null) {
      return "...";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < dims.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(dims.get(i).toIrString());
    }
    return sb.toString();
  }

  /**
   * Parses a shape attribute ({@code "1,3,?,224"}, {@code "[1, 3..5]"}, {@code "..."}, {@code ""}).
   *
   * @throws IllegalArgumentException on a malformed dimension
   */
  public static PartialShape parse(String text) {
    String t = text.strip();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1).strip();
    }
    if (t.equals("...")) {
      return DYNAMIC_RANK;
    }
    if (t.isEmpty()) {
      return new PartialShape(List.of());
    }
    String[] parts = t.split(",", -1);
    List<Dimension> list = new ArrayList<>(parts.length);
    for (String p : parts) {
      list.add(Dimension.parse(p));
    }
    return new PartialShape(list);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartialShape p && java.util.Objects.equals(dims, p.dims);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hashCode(dims);
  }

  @Override
  public String toString() {
    return dims == null ? "[...]" : "[" + toIrString() + "]";
  }
}
