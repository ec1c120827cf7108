package dev.jvino.nncf.statistics;

import java.util.Objects;

/** A {@link TensorCollector} placed at a {@link TargetPoint} on behalf of an algorithm. */
public record StatisticPoint(TargetPoint target, TensorCollector collector, String algorithm) {
  public StatisticPoint {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(collector, "collector");
    Objects.requireNonNull(algorithm, "algorithm");
  }
}
