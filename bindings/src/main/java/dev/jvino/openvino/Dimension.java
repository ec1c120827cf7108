package dev.jvino.openvino;

/**
 * One dimension of a {@link PartialShape}: static ({@code min == max >= 0}), a bounded range, or
 * fully dynamic ({@code -1, -1}; OpenVINO reads unbounded as max {@code -1}).
 *
 * @param min lower bound, -1 when unknown
 * @param max upper bound, -1 when unbounded
 */
public record Dimension(long min, long max) {
  public Dimension {
    if (min < -1 || max < -1 || (max >= 0 && min > max)) {
      throw new IllegalArgumentException("invalid dimension bounds min=" + min + " max=" + max);
    }
  }

  /** A static dimension of length {@code n}. */
  public static Dimension of(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("static dimension must be >= 0, got " + n);
    }
    return new Dimension(n, n);
  }

  /** A dimension of unknown length. */
  public static Dimension dynamic() {
    return new Dimension(-1, -1);
  }

  /** A dimension between {@code min} and {@code max} inclusive. */
  public static Dimension range(long min, long max) {
    return new Dimension(min, max);
  }

  /** Whether the length is fixed. (The C API also reports {0,0} as dynamic; Java does not.) */
  public boolean isStatic() {
    return min == max && min >= 0;
  }

  @Override
  public String toString() {
    if (isStatic()) {
      return Long.toString(min);
    }
    if (min <= 0 && max == -1) {
      return "?";
    }
    return (min < 0 ? 0 : min) + ".." + (max < 0 ? "" : Long.toString(max));
  }
}
