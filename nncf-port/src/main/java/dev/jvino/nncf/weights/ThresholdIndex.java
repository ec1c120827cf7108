package dev.jvino.nncf.weights;

/**
 * Counts how many of a sorted list of thresholds lie strictly below a value - numpy's
 * {@code searchsorted(thresholds, x, side="left")} - in constant time for values inside a given range,
 * using a bucket table: each bucket knows how many thresholds lie certainly below it, and at most
 * {@code window} more are compared. Values outside the range, and NaN (which sorts last), take a plain
 * linear count. Results are exact for every input.
 */
final class ThresholdIndex {
  private static final int BUCKETS = 4096;

  private final float[] thresholds;
  private final float[] padded;
  private final float lo;
  private final float hi;
  private final double invWidth;
  private final byte[] base;
  private final int window;

  /**
   * @param thresholds strictly increasing finite thresholds (at most 255)
   * @param lo low end of the fast range
   * @param hi high end of the fast range
   */
  ThresholdIndex(float[] thresholds, float lo, float hi) {
    this.thresholds = thresholds.clone();
    this.lo = lo;
    this.hi = hi;
    double width = ((double) hi - lo) / BUCKETS;
    this.invWidth = 1.0 / width;
    this.base = new byte[BUCKETS];
    int maxWindow = 1;
    for (int b = 0; b < BUCKETS; b++) {
      double from = lo + (b - 1) * width;
      double to = lo + (b + 2) * width;
      int below = 0;
      int inside = 0;
      for (float t : thresholds) {
        if (t < from) {
          below++;
        } else if (t <= to) {
          inside++;
        }
      }
      base[b] = (byte) below;
      maxWindow = Math.max(maxWindow, inside);
    }
    this.window = maxWindow;
    this.padded = new float[thresholds.length + maxWindow];
    System.arraycopy(thresholds, 0, padded, 0, thresholds.length);
    for (int i = thresholds.length; i < padded.length; i++) {
      padded[i] = Float.POSITIVE_INFINITY;
    }
  }

  /** Number of thresholds {@code < x}; NaN gives the number of thresholds. */
  int count(float x) {
    if (x >= lo && x <= hi) {
      int b = Math.min((int) ((x - lo) * invWidth), BUCKETS - 1);
      int idx = base[b] & 0xFF;
      int end = idx + window;
      int c = idx;
      for (int j = idx; j < end; j++) {
        c += padded[j] < x ? 1 : 0;
      }
      return c;
    }
    if (Float.isNaN(x)) {
      return thresholds.length;
    }
    int c = 0;
    for (float t : thresholds) {
      c += t < x ? 1 : 0;
    }
    return c;
  }
}
