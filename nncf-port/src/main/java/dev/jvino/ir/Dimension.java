package dev.jvino.ir;

/**
 * One dimension of a {@link PartialShape}: a static length, or an interval {@code [min, max]} whose
 * upper bound may be unknown ({@code max == -1}). A fully dynamic dimension is {@code [0, -1]}.
 *
 * @param min lower bound, {@code >= 0}
 * @param max upper bound, {@code >= min}, or {@code -1} when unbounded
 */
public record Dimension(long min, long max) {
  /** A dimension with no known bounds ({@code ?} / {@code -1} in the IR). */
  public static final Dimension DYNAMIC = new Dimension(0, -1);

  public Dimension {
    if (min < 0 || (max != -1 && max < min)) {
      throw new IllegalArgumentException("invalid dimension interval [" + min + ", " + max + "]");
    }
  }

  /** Shared instances of the common small static lengths (a model has several per op). */
  private static final Dimension[] SMALL = new Dimension[1025];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = new Dimension(i, i);
    }
  }

  /** A static dimension of length {@code n >= 0}. */
  public static Dimension of(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative dimension " + n);
    }
    return n < SMALL.length ? SMALL[(int) n] : new Dimension(n, n);
  }

  /** Whether the length is known. */
  public boolean isStatic() {
    return min == max;
  }

  public boolean isDynamic() {
    return !isStatic();
  }

  /**
   * The static length.
   *
   * @throws IllegalStateException if the dimension is dynamic
   */
  public long length() {
    if (!isStatic()) {
      throw new IllegalStateException("dimension " + this + " is dynamic");
    }
    return min;
  }

  /** Whether a tensor dimension of length {@code n} fits this dimension. */
  public boolean accepts(long n) {
    return n >= min && (max == -1 || n <= max);
  }

  /** Whether the two dimensions can describe the same length. */
  public boolean compatible(Dimension o) {
    long hi = max == -1 ? Long.MAX_VALUE : max;
    long ohi = o.max == -1 ? Long.MAX_VALUE : o.max;
    return Math.max(min, o.min) <= Math.min(hi, ohi);
  }

  /** The more precise of two compatible dimensions (the intersection of the intervals). */
  public Dimension merge(Dimension o) {
    long hi = max == -1 ? Long.MAX_VALUE : max;
    long ohi = o.max == -1 ? Long.MAX_VALUE : o.max;
    long nmax = Math.min(hi, ohi);
    return new Dimension(Math.max(min, o.min), nmax == Long.MAX_VALUE ? -1 : nmax);
  }

  /**
   * The dimension as OpenVINO prints it in a partial-shape attribute: {@code 4}, {@code ?},
   * {@code 1..10}, {@code 2..}.
   */
  public String toIrString() {
    if (isStatic()) {
      return Long.toString(min);
    }
    if (max == -1) {
      return min == 0 ? "?" : min + "..";
    }
    return min + ".." + max;
  }

  /**
   * Parses {@code n}, {@code -1}, {@code ?}, {@code a..b}, {@code a..} or {@code ..b}.
   *
   * @throws IllegalArgumentException if the text is none of these
   */
  public static Dimension parse(String text) {
    String t = text.strip();
    if (t.equals("?") || t.equals("-1")) {
      return DYNAMIC;
    }
    int dots = t.indexOf("..");
    try {
      if (dots >= 0) {
        String lo = t.substring(0, dots).strip();
        String hi = t.substring(dots + 2).strip();
        long min = lo.isEmpty() ? 0 : Long.parseLong(lo);
        long max = hi.isEmpty() ? -1 : Long.parseLong(hi);
        return new Dimension(min, max);
      }
      return of(Long.parseLong(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a dimension: '" + text + "'");
    }
  }

  @Override
  public String toString() {
    return toIrString();
  }
}
