package dev.jvino.nncf.statistics;

import dev.jvino.engine.tensor.NdArray;
import java.util.List;

/** What an {@link Aggregator} produces. */
public sealed interface StatisticValue {
  /** One aggregated tensor (min, max, mean, median, ...). */
  record Tensor(NdArray value) implements StatisticValue {}

  /** The per-sample values, in sample order ({@link NoopAggregator}). */
  record Samples(List<NdArray> values) implements StatisticValue {
    public Samples {
      values = List.copyOf(values);
    }
  }

  /** A range found by the {@link HistogramAggregator}. */
  record Range(NdArray min, NdArray max) implements StatisticValue {}

  /** Per-channel median and median absolute deviation ({@link DistributionAggregator#medianMad}). */
  record MedianMad(NdArray median, NdArray mad) implements StatisticValue {}

  /** Values per percentile ({@link DistributionAggregator#percentiles}), in the requested order. */
  record Percentiles(java.util.Map<Double, NdArray> values) implements StatisticValue {
    public Percentiles {
      values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }
  }

  /** Nothing was registered (NNCF's {@code None}). */
  record NotCollected() implements StatisticValue {}

  /**
   * The tensor of a {@link Tensor} value.
   *
   * @throws StatisticsException for any other kind of value
   */
  default NdArray tensor() {
    if (this instanceof Tensor t) {
      return t.value();
    }
    throw new StatisticsException("statistic is " + this + ", not a single tensor");
  }
}
