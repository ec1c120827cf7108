package dev.jvino.nncf.statistics;

import java.util.Objects;

/** A {@link TensorCollector} placed at a {@link TargetPoint} on behalf of an algorithm. */
public record StatisticPoint(TargetPoint target, TensorCollector collector, String algorithm) {
  public StatisticPoint {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(collector, "collector");
    Objects.requireNonNull(algorithm, "algorithm");
  }

  /** The collector {@code algorithm} placed at {@code target} among {@code points}, or null when it placed none. */
  public static @org.jspecify.annotations.Nullable TensorCollector find(java.util.List<StatisticPoint> points,
      String algorithm, TargetPoint target) {
    for (StatisticPoint p : points) {
      if (p.algorithm().equals(algorithm) && p.target().equals(target)) {
        return p.collector();
      }
    }
    return null;
  }
}
