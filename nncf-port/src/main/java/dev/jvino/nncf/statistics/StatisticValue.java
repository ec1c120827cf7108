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
