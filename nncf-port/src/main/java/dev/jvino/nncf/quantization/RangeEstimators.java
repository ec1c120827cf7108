package dev.jvino.nncf.quantization;

import dev.jvino.nncf.AggregatorType;
import dev.jvino.nncf.ParameterNotSupportedException;
import dev.jvino.nncf.RangeEstimatorParameters;
import dev.jvino.nncf.StatisticsCollectorParameters;
import dev.jvino.nncf.StatisticsType;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.statistics.Aggregator;
import dev.jvino.nncf.statistics.Collectors;
import dev.jvino.nncf.statistics.ExtremumAggregator;
import dev.jvino.nncf.statistics.HistogramAggregator;
import dev.jvino.nncf.statistics.OfflineAggregator;
import dev.jvino.nncf.statistics.Reducer;
import dev.jvino.nncf.statistics.StatisticValue;
import dev.jvino.nncf.statistics.TensorCollector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How MinMax estimates a quantizer's range (NNCF's {@code MinMaxQuantization._get_stat_collector} and
 * {@code RangeInitCollectorParams}):
 *
 * <ul>
 *   <li>the estimator: MINMAX for weights and per-channel activations, MEAN_MINMAX for per-tensor
 *       activations, with the non-null fields of the user's parameters of that group laid over it; the
 *       histogram aggregator only as the complete HISTOGRAM preset, and per-channel quantizers fall back
 *       to MINMAX;
 *   <li>the reducers: per sample, MIN/MAX/ABS_MAX/MEAN over the reduction axes (keep dims), the
 *       MAX statistic becoming ABS_MAX for symmetric quantizers; QUANTILE/ABS_QUANTILE at
 *       {@code q = quantile_outlier_prob} for the low bound and {@code 1 - q} for the high one;
 *   <li>the axes: aggregation over the sample axis (0), or also the batch axis (0, 1) for batchwise
 *       activation statistics; reduction over every tensor axis except the quantization (channel) axes
 *       and the batch axis kept for batchwise aggregation;
 *   <li>the sample count: the subset size for activations, one sample for (constant) weights.
 * </ul>
 */
public final class RangeEstimators {
  private static final System.Logger LOG = System.getLogger(RangeEstimators.class.getName());

  /** The histogram collector's branch key ({@code MinMaxTensorStatistic.MIN_MAX_STAT}). */
  public static final String MIN_MAX = "min_max";

  private RangeEstimators() {}

  /** Reduction axes (null: every axis) and aggregation axes of one quantizer's statistics. */
  public record Axes(@Nullable List<Integer> reduction, List<Integer> aggregation) {
    public Axes {
      reduction = reduction == null ? null : List.copyOf(reduction);
      aggregation = List.copyOf(aggregation);
    }
  }

  /** The preset a quantizer starts from: MINMAX for weights and per-channel activations, else MEAN_MINMAX. */
  public static RangeEstimatorParameters defaults(QuantizerGroup group, boolean perChannel) {
    return group == QuantizerGroup.WEIGHTS || perChannel ? RangeEstimatorParameters.MINMAX
        : RangeEstimatorParameters.MEAN_MINMAX;
  }

  /**
   * The estimator of one quantizer: the default preset with the user's set fields laid over it.
   *
   * @param user the user's parameters of the quantizer's group ({@link RangeEstimatorParameters#UNSET}
   *     for none)
   * @throws ParameterNotSupportedException if the histogram aggregator is asked for other than as the
   *     HISTOGRAM preset
   */
  public static RangeEstimatorParameters resolve(QuantizerGroup group, boolean perChannel, String where,
      RangeEstimatorParameters user) {
    RangeEstimatorParameters base = defaults(group, perChannel);
    if (user.equals(RangeEstimatorParameters.UNSET)) {
      return base;
    }
    RangeEstimatorParameters u = user;
    if (u.usesHistogram()) {
      if (!u.equals(RangeEstimatorParameters.HISTOGRAM)) {
        throw new ParameterNotSupportedException("Given parameters set " + u + " is not supported by NNCF."
            + " Please use the RangeEstimatorParametersSet.HISTOGRAM to enable the histogram aggregation.");
      }
      if (perChannel) {
        LOG.log(System.Logger.Level.WARNING, "Rollback to RangeEstimatorParametersSet.MINMAX for the target point: "
            + where + " as HistogramAggregator does not support per-channel activations.");
        u = RangeEstimatorParameters.MINMAX;
      }
    }
    return new RangeEstimatorParameters(base.min().overriddenBy(u.min()), base.max().overriddenBy(u.max()));
  }

  /**
   * NNCF's {@code get_reduction_aggregation_axes}.
   *
   * @param shape the tensor's shape, or null when its rank is dynamic (then every axis is reduced)
   * @param quantizationAxes the kept (channel) axes; empty for per-tensor
   * @param batchwise aggregate over the batch axis too (activations only)
   */
  public static Axes axes(long @Nullable [] shape, List<Integer> quantizationAxes, boolean batchwise) {
    List<Integer> aggregation = batchwise ? List.of(0, 1) : List.of(0);
    if (shape == null) {
      return new Axes(null, aggregation);
    }
    Set<Integer> keep = new LinkedHashSet<>();
    for (int a : aggregation) {
      if (a != 0) {
        keep.add(a - 1);
      }
    }
    keep.addAll(quantizationAxes);
    List<Integer> reduction = new ArrayList<>();
    for (int d = 0; d < shape.length; d++) {
      if (!keep.contains(d)) {
        reduction.add(d);
      }
    }
    return new Axes(reduction, aggregation);
  }

  /**
   * NNCF's {@code _get_statistic_collector}: branches {@link Collectors#MIN} and {@link Collectors#MAX},
   * or one {@link #MIN_MAX} branch (raw values into a histogram) for the HISTOGRAM preset.
   *
   * @param useAbsMax replace the MAX statistic by ABS_MAX (symmetric quantizers)
   * @throws ValidationException if a bound has no statistic or aggregator type
   * @throws ParameterNotSupportedException for a histogram aggregator outside the HISTOGRAM preset
   */
  public static TensorCollector collector(RangeEstimatorParameters params, boolean useAbsMax, Axes axes,
      boolean inplace, int numSamples) {
    OptionalInt n = OptionalInt.of(numSamples);
    if (params.equals(RangeEstimatorParameters.HISTOGRAM)) {
      return new TensorCollector().register(MIN_MAX, new Reducer.Raw(), new HistogramAggregator(n));
    }
    TensorCollector c = new TensorCollector();
    c.register(Collectors.MIN, reducer(params.min(), true, useAbsMax, axes, inplace),
        aggregator(params.min(), axes, n));
    c.register(Collectors.MAX, reducer(params.max(), false, useAbsMax, axes, inplace),
        aggregator(params.max(), axes, n));
    return c;
  }

  private static Reducer reducer(StatisticsCollectorParameters p, boolean low, boolean useAbsMax, Axes axes,
      boolean inplace) {
    StatisticsType type = p.statisticsType();
    if (type == null) {
      throw new ValidationException("range estimator " + (low ? "min" : "max") + " has no statistics_type");
    }
    List<Integer> ax = axes.reduction();
    double q = low ? p.quantileOutlierProb() : 1 - p.quantileOutlierProb();
    return switch (type) {
      case MIN -> new Reducer.Min(ax, inplace);
      case MAX -> useAbsMax ? new Reducer.AbsMax(ax, inplace) : new Reducer.Max(ax, inplace);
      case ABS_MAX -> new Reducer.AbsMax(ax, inplace);
      case MEAN -> new Reducer.Mean(ax, inplace);
      case QUANTILE -> new Reducer.Quantile(ax, List.of(q));
      case ABS_QUANTILE -> new Reducer.AbsQuantile(ax, List.of(q));
      case RAW -> new Reducer.Raw();
    };
  }

  private static Aggregator aggregator(StatisticsCollectorParameters p, Axes axes, OptionalInt n) {
    AggregatorType type = p.aggregatorType();
    if (type == null) {
      throw new ValidationException("range estimator has no aggregator_type");
    }
    List<Integer> ax = axes.aggregation();
    double q = p.quantileOutlierProb();
    return switch (type) {
      case MIN -> new ExtremumAggregator(ExtremumAggregator.Kind.MIN, ax, n);
      case MAX -> new ExtremumAggregator(ExtremumAggregator.Kind.MAX, ax, n);
      case MEAN -> new OfflineAggregator(OfflineAggregator.Kind.MEAN, ax, n, q);
      case MEDIAN -> new OfflineAggregator(OfflineAggregator.Kind.MEDIAN, ax, n, q);
      case MEAN_NO_OUTLIERS -> new OfflineAggregator(OfflineAggregator.Kind.MEAN_NO_OUTLIERS, ax, n, q);
      case MEDIAN_NO_OUTLIERS -> new OfflineAggregator(OfflineAggregator.Kind.MEDIAN_NO_OUTLIERS, ax, n, q);
      case HISTOGRAM -> throw new ParameterNotSupportedException(
          "the histogram aggregator is only supported as the complete RangeEstimatorParameters.HISTOGRAM set");
    };
  }

  /**
   * The min/max statistic a collector of {@link #collector} gathered.
   *
   * @throws ValidationException if nothing was collected
   */
  public static MinMaxStatistic statistic(TensorCollector c, String where) {
    var values = c.statistics();
    if (values.containsKey(MIN_MAX)) {
      if (values.get(MIN_MAX) instanceof StatisticValue.Range r) {
        return new MinMaxStatistic(r.min(), r.max());
      }
      throw new ValidationException("Statistics were not collected for the node " + where);
    }
    StatisticValue lo = values.get(Collectors.MIN);
    StatisticValue hi = values.get(Collectors.MAX);
    if (!(lo instanceof StatisticValue.Tensor l) || !(hi instanceof StatisticValue.Tensor h)) {
      throw new ValidationException("Statistics were not collected for the node " + where);
    }
    return new MinMaxStatistic(l.value(), h.value());
  }
}
