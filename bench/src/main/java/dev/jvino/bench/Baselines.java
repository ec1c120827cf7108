package dev.jvino.bench;

/** Reference passes the benchmark suites measure kernels against. */
public final class Baselines {
  private Baselines() {}

  /** The largest absolute value in {@code data} (0 for an empty array; NaN propagates). */
  public static float maxAbs(float[] data) {
    float m = 0f;
    for (float v : data) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
