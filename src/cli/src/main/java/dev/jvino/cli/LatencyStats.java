package dev.jvino.cli;

import java.util.Arrays;

/**
 * Summary of measured latencies in milliseconds: median, average, min, max and the 90th/99th
 * percentiles (nearest rank on the sorted values).
 */
record LatencyStats(int count, double median, double average, double min, double max, double p90, double p99) {
  /** The statistics of {@code millis}; at least one value. */
  static LatencyStats of(double[] millis) {
    if (millis.length == 0) {
      throw new IllegalArgumentException("no latencies measured");
    }
    double[] s = millis.clone();
    Arrays.sort(s);
    int n = s.length;
    double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    double sum = 0;
    for (double v : s) {
      sum += v;
    }
    return new LatencyStats(n, median, sum / n, s[0], s[n - 1], percentile(s, 90), percentile(s, 99));
  }

  /** Nearest-rank percentile {@code p} of the sorted {@code s}. */
  static double percentile(double[] s, int p) {
    int rank = (int) Math.ceil(p / 100.0 * s.length);
    return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
  }
}
