package dev.jvino.openvino;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A shape that may be partly or wholly unknown: a dynamic rank, or a static rank whose dimensions
 * may be dynamic or bounded.
 */
public final class PartialShape {
  private final List<Dimension> dims; // null for a dynamic rank

  private PartialShape(List<Dimension> dims) {
    this.dims = dims == null ? null : List.copyOf(dims);
  }

  /** A static-rank shape with these dimensions. */
  public static PartialShape of(List<Dimension> dims) {
    return new PartialShape(Objects.requireNonNull(dims, "dims"));
  }

  /** A static-rank shape with these dimensions. */
  public static PartialShape of(Dimension... dims) {
    return new PartialShape(List.of(dims));
  }

  /** A fully static shape; -1 marks a dynamic dimension. */
  public static PartialShape of(long... dims) {
    return new PartialShape(
        java.util.Arrays.stream(dims).mapToObj(d -> d == -1 ? Dimension.dynamic() : Dimension.of(d)).toList());
  }

  /** A shape whose rank is unknown. */
  public static PartialShape dynamicRank() {
    return new PartialShape(null);
  }

  /** Whether the rank is known. */
  public boolean hasStaticRank() {
    return dims != null;
  }

  /** The dimensions; throws for a dynamic rank. */
  public List<Dimension> dims() {
    if (dims == null) {
      throw new IllegalStateException("the rank of " + this + " is dynamic");
    }
    return dims;
  }

  /** Whether rank and every dimension are known. */
  public boolean isStatic() {
    return dims != null && dims.stream().allMatch(Dimension::isStatic);
  }

  /** The static shape; throws if anything is dynamic. */
  public Shape toShape() {
    if (!isStatic()) {
      throw new IllegalStateException(this + " is not static");
    }
    return Shape.of(dims.stream().mapToLong(Dimension::min).toArray());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartialShape p && Objects.equals(dims, p.dims);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(dims);
  }

  @Override
  public String toString() {
    return dims == null ? "[...]" : dims.stream().map(Dimension::toString).collect(Collectors.joining(",", "[", "]"));
  }
}
