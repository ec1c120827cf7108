package dev.jvino.nncf.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.engine.tensor.NdArray;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DistributionAggregatorTest {
  static final OptionalInt ALL = OptionalInt.empty();

  private static NdArray v(float... x) {
    return NdArray.f32(new long[] {x.length}, x);
  }

  @Test
  void medianAndMadMaskNearZeroValuesForTheMedianOnly() {
    Aggregator a = DistributionAggregator.medianMad(List.of(0), ALL);
    a.register(v(1, 0, 4));
    a.register(v(3, 0, -2));
    a.register(v(2, 5, 6));
    StatisticValue.MedianMad r = (StatisticValue.MedianMad) a.aggregate();
    // position 1: zeros are masked for the median (5), not for the deviations |0-5|, |0-5|, |5-5|
    assertEquals(v(2, 5, 4), r.median());
    assertEquals(v(1, 5, 2), r.mad());
  }

  @Test
  void percentilesWithNumpyLinearInterpolation() {
    Aggregator a = DistributionAggregator.percentiles(List.of(50.0, 25.0), List.of(0), ALL);
    a.register(v(1, 0, 4));
    a.register(v(3, 0, -2));
    a.register(v(2, 5, 6));
    Map<Double, NdArray> p = ((StatisticValue.Percentiles) a.aggregate()).values();
    assertEquals(NdArray.ofDoubles(new long[] {3}, new double[] {2, 0, 4}), p.get(50.0));
    assertEquals(NdArray.ofDoubles(new long[] {3}, new double[] {1.5, 0, 1}), p.get(25.0));
    assertEquals(List.of(50.0, 25.0), List.copyOf(p.keySet()));
  }

  @Test
  void batchAxesAndValidation() {
    // samples [2, 2] over axes (0, 1): four values per column
    Aggregator a = DistributionAggregator.percentiles(List.of(100.0), List.of(0, 1), ALL);
    a.register(NdArray.f32(new long[] {2, 2}, 1, 10, 2, 20));
    a.register(NdArray.f32(new long[] {1, 2}, 7, 0));
    NdArray max = ((StatisticValue.Percentiles) a.aggregate()).values().get(100.0);
    assertEquals(NdArray.ofDoubles(new long[] {1, 2}, new double[] {7, 20}), max);
    assertThrows(StatisticsException.class, () -> DistributionAggregator.medianMad(List.of(1), ALL));
    assertThrows(StatisticsException.class, () -> DistributionAggregator.percentiles(List.of(101.0), List.of(0), ALL));
  }
}
