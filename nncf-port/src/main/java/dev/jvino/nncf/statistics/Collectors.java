package dev.jvino.nncf.statistics;

import java.util.List;
import java.util.OptionalInt;

/**
 * The tensor collectors NNCF's OpenVINO backend builds, with NNCF's statistic keys.
 */
public final class Collectors {
  /** Key of the minimum in min/max statistics. */
  public static final String MIN = "min_values";
  /** Key of the maximum in min/max statistics. */
  public static final String MAX = "max_values";
  /** Key of the means (mean and weight-compression statistics). */
  public static final String MEAN = "mean_values";
  /** Key of the first sample's shape in mean statistics. */
  public static final String SHAPE = "shape";
  /** Key of the per-sample shapes in weight-compression statistics. */
  public static final String SHAPES = "shape_values";
  /** Key of raw values. */
  public static final String VALUES = "values";

  private Collectors() {}

  /**
   * Weight compression's activation statistics ({@code mean_statistic_collector}): per sample, the
   * inplace mean over {@code reductionAxes} and the inplace shape, both kept per sample.
   */
  public static TensorCollector weightCompressionMean(List<Integer> reductionAxes, OptionalInt subsetSize) {
    return new TensorCollector()
        .register(MEAN, new Reducer.Mean(reductionAxes, true), new NoopAggregator(subsetSize))
        .register(SHAPES, new Reducer.Shape(true), new NoopAggregator(subsetSize));
  }

  /**
   * {@code get_mean_statistic_collector}: the batch mean (channel axis 0) or the mean per channel,
   * averaged over samples, and the shape of the first sample.
   */
  public static TensorCollector mean(int channelAxis, OptionalInt numSamples, boolean inplace) {
    Reducer r = channelAxis == 0 ? new Reducer.BatchMean(inplace) : new Reducer.MeanPerChannel(channelAxis, inplace);
    return new TensorCollector()
        .register(MEAN, r, OfflineAggregator.of(OfflineAggregator.Kind.MEAN, numSamples))
        .register(SHAPE, new Reducer.Shape(inplace), new NoopAggregator(OptionalInt.of(1), true));
  }

  /** {@code get_raw_stat_collector}: every sample's raw tensor. */
  public static TensorCollector raw(OptionalInt numSamples) {
    return new TensorCollector().register(VALUES, new Reducer.Raw(), new NoopAggregator(numSamples));
  }

  /**
   * Min/max statistics as the range estimators MINMAX and MEAN_MINMAX build them: per-sample min and
   * (abs-)max over {@code reductionAxes}, aggregated over {@code aggregationAxes} either by min/max or by
   * the mean.
   *
   * @param useAbsMax take the max of |x| (symmetric quantization)
   * @param meanOfExtrema aggregate with the mean (MEAN_MINMAX) instead of min/max (MINMAX)
   */
  public static TensorCollector minMax(List<Integer> reductionAxes, List<Integer> aggregationAxes, boolean useAbsMax,
      boolean meanOfExtrema, OptionalInt numSamples, boolean inplace) {
    Reducer min = new Reducer.Min(reductionAxes, inplace);
    Reducer max = useAbsMax ? new Reducer.AbsMax(reductionAxes, inplace) : new Reducer.Max(reductionAxes, inplace);
    Aggregator minAgg = meanOfExtrema
        ? new OfflineAggregator(OfflineAggregator.Kind.MEAN, aggregationAxes, numSamples, 0.01)
        : new ExtremumAggregator(ExtremumAggregator.Kind.MIN, aggregationAxes, numSamples);
    Aggregator maxAgg = meanOfExtrema
        ? new OfflineAggregator(OfflineAggregator.Kind.MEAN, aggregationAxes, numSamples, 0.01)
        : new ExtremumAggregator(ExtremumAggregator.Kind.MAX, aggregationAxes, numSamples);
    return new TensorCollector().register(MIN, min, minAgg).register(MAX, max, maxAgg);
  }
}
