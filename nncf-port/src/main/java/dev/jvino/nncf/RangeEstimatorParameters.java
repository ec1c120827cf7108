package dev.jvino.nncf;

import java.util.Objects;

/**
 * NNCF's {@code RangeEstimatorParameters}: how the low ({@code min}) and high ({@code max}) bounds of
 * quantizer ranges are estimated, and the presets of NNCF's {@code RangeEstimatorParametersSet}.
 *
 * <p>Given by the user in {@link AdvancedQuantizationParameters}, only the set fields count: they
 * override the fields of the default preset of each quantizer (MINMAX for weights and per-channel
 * activations, MEAN_MINMAX for per-tensor activations).
 */
public record RangeEstimatorParameters(StatisticsCollectorParameters min, StatisticsCollectorParameters max) {
  /** Nothing set ({@code RangeEstimatorParameters()}): the defaults apply. */
  public static final RangeEstimatorParameters UNSET =
      new RangeEstimatorParameters(StatisticsCollectorParameters.UNSET, StatisticsCollectorParameters.UNSET);

  /** The global minimum and maximum over every sample. */
  public static final RangeEstimatorParameters MINMAX = new RangeEstimatorParameters(
      StatisticsCollectorParameters.of(StatisticsType.MIN, AggregatorType.MIN),
      StatisticsCollectorParameters.of(StatisticsType.MAX, AggregatorType.MAX));

  /** The mean over samples of each sample's minimum and maximum. */
  public static final RangeEstimatorParameters MEAN_MINMAX = new RangeEstimatorParameters(
      StatisticsCollectorParameters.of(StatisticsType.MIN, AggregatorType.MEAN),
      StatisticsCollectorParameters.of(StatisticsType.MAX, AggregatorType.MEAN));

  /** The median over samples of each sample's minimum and maximum. */
  public static final RangeEstimatorParameters MEDIAN_MINMAX = new RangeEstimatorParameters(
      StatisticsCollectorParameters.of(StatisticsType.MIN, AggregatorType.MEDIAN),
      StatisticsCollectorParameters.of(StatisticsType.MAX, AggregatorType.MEDIAN));

  /** The mean over samples of each sample's minimum and maximum, outlier samples dropped. */
  public static final RangeEstimatorParameters MEAN_NO_OUTLIERS_MINMAX = new RangeEstimatorParameters(
      StatisticsCollectorParameters.of(StatisticsType.MIN, AggregatorType.MEAN_NO_OUTLIERS),
      StatisticsCollectorParameters.of(StatisticsType.MAX, AggregatorType.MEAN_NO_OUTLIERS));

  /** The mean over samples of the q and 1-q quantiles (q = quantile outlier probability). */
  public static final RangeEstimatorParameters MEAN_QUANTILE = new RangeEstimatorParameters(
      StatisticsCollectorParameters.of(StatisticsType.QUANTILE, AggregatorType.MEAN),
      StatisticsCollectorParameters.of(StatisticsType.QUANTILE, AggregatorType.MEAN));

  /** The range minimising the quantization error of a histogram of every value (per-tensor only). */
  public static final RangeEstimatorParameters HISTOGRAM = new RangeEstimatorParameters(
      StatisticsCollectorParameters.of(StatisticsType.RAW, AggregatorType.HISTOGRAM),
      StatisticsCollectorParameters.of(StatisticsType.RAW, AggregatorType.HISTOGRAM));

  public RangeEstimatorParameters {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
  }

  /** Whether either bound uses the histogram aggregator. */
  public boolean usesHistogram() {
    return min.aggregatorType() == AggregatorType.HISTOGRAM || max.aggregatorType() == AggregatorType.HISTOGRAM;
  }
}
