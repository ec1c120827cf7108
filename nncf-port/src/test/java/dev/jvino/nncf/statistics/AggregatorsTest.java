package dev.jvino.nncf.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.engine.tensor.NdArray;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Aggregator values computed by hand; the no-outlier cases match numpy 2.4.6 masked mean/median. */
class AggregatorsTest {
  static final OptionalInt ALL = OptionalInt.empty();

  private static NdArray v(float... x) {
    return NdArray.f32(new long[] {x.length}, x);
  }

  /** numpy's masked mean is f64. */
  private static NdArray d(double... x) {
    return NdArray.ofDoubles(new long[] {x.length}, x);
  }

  private static NdArray run(Aggregator a, NdArray... samples) {
    for (NdArray s : samples) {
      a.register(s);
    }
    return a.aggregate().tensor();
  }

  @Test
  void minMaxMeanMedianOverSamples() {
    NdArray[] s = {v(1, 5), v(3, 2), v(0, 4)};
    assertEquals(v(0, 2), run(ExtremumAggregator.min(ALL), s));
    assertEquals(v(3, 5), run(ExtremumAggregator.max(ALL), s));
    assertEquals(v(4f / 3, 11f / 3), run(OfflineAggregator.of(OfflineAggregator.Kind.MEAN, ALL), s));
    assertEquals(v(1, 4), run(OfflineAggregator.of(OfflineAggregator.Kind.MEDIAN, ALL), s));
    // even count: the median averages the two middle values
    assertEquals(v(2, 3.5f), run(OfflineAggregator.of(OfflineAggregator.Kind.MEDIAN, ALL), v(1, 5), v(3, 2)));
  }

  @Test
  void numSamplesLimitsRegistration() {
    Aggregator a = OfflineAggregator.of(OfflineAggregator.Kind.MEAN, OptionalInt.of(2));
    assertEquals(v(2, 3.5f), run(a, v(1, 5), v(3, 2), v(100, 100)));
    assertEquals(2, a.collected());
    a.reset();
    assertInstanceOf(StatisticValue.NotCollected.class, a.aggregate());
  }

  @Test
  void noOutlierAggregatorsDropValuesOutsideTheQuantiles() {
    // per position: [1, 3, 2] keeps only 2 (q=.01 -> 1.02, q=.99 -> 2.98); [5, 7, 100] keeps only 7
    NdArray[] s = {v(1, 5), v(3, 7), v(2, 100)};
    assertEquals(d(2, 7), run(OfflineAggregator.of(OfflineAggregator.Kind.MEAN_NO_OUTLIERS, ALL), s));
    assertEquals(v(2, 7), run(OfflineAggregator.of(OfflineAggregator.Kind.MEDIAN_NO_OUTLIERS, ALL), s));
    // 0..99 and an outlier 1000: the 1% quantile is 1, the 99% one is 99 -> mean and median of 1..99 = 50
    NdArray[] many = new NdArray[101];
    for (int i = 0; i < 100; i++) {
      many[i] = v(i);
    }
    many[100] = v(1000);
    assertEquals(d(50), run(OfflineAggregator.of(OfflineAggregator.Kind.MEAN_NO_OUTLIERS, ALL), many));
    assertEquals(v(50), run(OfflineAggregator.of(OfflineAggregator.Kind.MEDIAN_NO_OUTLIERS, ALL), many));
    assertEquals(v(5950f / 101), run(OfflineAggregator.of(OfflineAggregator.Kind.MEAN, ALL), many));
    // two distinct values: both lie outside [q01, q99], numpy's masked result holds 0
    assertEquals(d(0), run(OfflineAggregator.of(OfflineAggregator.Kind.MEAN_NO_OUTLIERS, ALL), v(1), v(3)));
  }

  @Test
  void batchAxisAggregation() {
    // samples [2 batch, 2]: axes (0, 1) aggregate over samples and batch
    NdArray a = NdArray.f32(new long[] {2, 2}, 1, 8, 3, 2);
    NdArray b = NdArray.f32(new long[] {2, 2}, 0, 4, 5, 6);
    assertEquals(NdArray.f32(new long[] {1, 2}, 0, 2),
        run(new ExtremumAggregator(ExtremumAggregator.Kind.MIN, List.of(0, 1), ALL), a, b));
    assertEquals(NdArray.f32(new long[] {1, 2}, 2.25f, 5),
        run(new OfflineAggregator(OfflineAggregator.Kind.MEAN, List.of(0, 1), ALL, 0.01), a, b));
    // without axis 0 the per-sample results are stacked
    assertEquals(NdArray.f32(new long[] {2, 1, 2}, 3, 8, 5, 6),
        run(new ExtremumAggregator(ExtremumAggregator.Kind.MAX, List.of(1), ALL), a, b));
  }

  @Test
  void samplesOfDifferentShapes() {
    // [[1, 2]] and [[3, 4], [5, 6]] over axes (0, 1): flattened and concatenated -> mean [[3, 4]]
    NdArray a = NdArray.f32(new long[] {1, 2}, 1, 2);
    NdArray b = NdArray.f32(new long[] {2, 2}, 3, 4, 5, 6);
    assertEquals(NdArray.f32(new long[] {1, 2}, 3, 4),
        run(new OfflineAggregator(OfflineAggregator.Kind.MEAN, List.of(0, 1), ALL, 0.01), a, b));
    assertEquals(NdArray.f32(new long[] {2, 1, 2}, 1, 2, 4, 5),
        run(new OfflineAggregator(OfflineAggregator.Kind.MEAN, List.of(1), ALL, 0.01), a, b));
    assertThrows(StatisticsException.class,
        () -> run(OfflineAggregator.of(OfflineAggregator.Kind.MEAN, ALL), NdArray.f32(new long[] {1, 2}, 1, 2),
            NdArray.f32(new long[] {2}, 1, 2), NdArray.f32(new long[] {2, 2, 1}, 1, 2, 3, 4)));
  }

  @Test
  void noopKeepsSamplesOrTheFirst() {
    Aggregator all = new NoopAggregator(OptionalInt.of(2));
    all.register(v(1));
    all.register(v(2));
    all.register(v(3));
    assertEquals(new StatisticValue.Samples(List.of(v(1), v(2))), all.aggregate());
    Aggregator first = new NoopAggregator(ALL, true);
    first.register(v(7));
    first.register(v(8));
    assertEquals(v(7), first.aggregate().tensor());
    assertThrows(StatisticsException.class, () -> new NoopAggregator(OptionalInt.of(3), true));
  }

  @Test
  void collectorBranches() {
    TensorCollector c = new TensorCollector();
    Aggregator min = ExtremumAggregator.min(ALL);
    Reducer r = new Reducer.Min(null, false);
    c.register("min", r, min);
    c.register("max", new Reducer.Max(null, false), ExtremumAggregator.max(OptionalInt.of(5)));
    assertThrows(StatisticsException.class, () -> c.register("min", r, ExtremumAggregator.min(ALL)));
    assertThrows(StatisticsException.class, () -> c.register("other", r, min));
    c.registerInput(v(1, -2));
    c.registerInput(v(4, 3));
    assertEquals(NdArray.f32(new long[] {1}, -2), c.statistic("min").tensor());
    assertEquals(NdArray.f32(new long[] {1}, 4), c.statistics().get("max").tensor());
    assertEquals(OptionalInt.of(5), c.numSamples());
    assertThrows(StatisticsException.class, () -> c.statistic("mean"));
  }
}
