package dev.jvino.nncf;

import org.jspecify.annotations.Nullable;

/**
 * NNCF's {@code StatisticsCollectorParameters}: how one bound (min or max) of a quantizer range is
 * estimated. Null fields are not set (a {@link RangeEstimatorParameters} preset supplies them).
 *
 * @param statisticsType the per-sample statistic
 * @param aggregatorType how per-sample statistics are combined
 * @param clippingValue clip input tensors to this before collecting (kept for NNCF parity; the
 *     OpenVINO backend does not use it)
 * @param quantileOutlierProb the outlier probability of QUANTILE statistics and the no-outlier
 *     aggregators (1e-4)
 */
public record StatisticsCollectorParameters(@Nullable StatisticsType statisticsType,
    @Nullable AggregatorType aggregatorType, @Nullable Double clippingValue, double quantileOutlierProb) {

  /** NNCF's default quantile outlier probability. */
  public static final double DEFAULT_QUANTILE_OUTLIER_PROB = 1e-4;

  /** Nothing set ({@code StatisticsCollectorParameters()}). */
  public static final StatisticsCollectorParameters UNSET = builder().build();

  /**
   * @throws ValidationException if quantileOutlierProb is outside [0, 0.5] or clippingValue is NaN
   */
  public StatisticsCollectorParameters {
    if (!(quantileOutlierProb >= 0 && quantileOutlierProb <= 0.5)) {
      throw new ValidationException("quantile_outlier_prob must be in [0, 0.5], got " + quantileOutlierProb);
    }
    if (clippingValue != null && clippingValue.isNaN()) {
      throw new ValidationException("clipping_value must be a number, got NaN");
    }
  }

  /** Shorthand for a statistic and an aggregator with the default outlier probability. */
  public static StatisticsCollectorParameters of(StatisticsType statistic, AggregatorType aggregator) {
    return new StatisticsCollectorParameters(statistic, aggregator, null, DEFAULT_QUANTILE_OUTLIER_PROB);
  }

  /**
   * This with the fields {@code changes} sets replacing ours (NNCF's
   * {@code dataclasses.replace(preset, **changes_asdict(user))}): every non-null field of
   * {@code changes}, and always its outlier probability (a number, never unset in NNCF).
   */
  public StatisticsCollectorParameters overriddenBy(StatisticsCollectorParameters changes) {
    return new StatisticsCollectorParameters(
        changes.statisticsType != null ? changes.statisticsType : statisticsType,
        changes.aggregatorType != null ? changes.aggregatorType : aggregatorType,
        changes.clippingValue != null ? changes.clippingValue : clippingValue,
        changes.quantileOutlierProb);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link StatisticsCollectorParameters}. */
  public static final class Builder {
    private @Nullable StatisticsType statisticsType;
    private @Nullable AggregatorType aggregatorType;
    private @Nullable Double clippingValue;
    private double quantileOutlierProb = DEFAULT_QUANTILE_OUTLIER_PROB;

    private Builder() {}

    public Builder statisticsType(@Nullable StatisticsType v) {
      statisticsType = v;
      return this;
    }

    public Builder aggregatorType(@Nullable AggregatorType v) {
      aggregatorType = v;
      return this;
    }

    public Builder clippingValue(@Nullable Double v) {
      clippingValue = v;
      return this;
    }

    public Builder quantileOutlierProb(double v) {
      quantileOutlierProb = v;
      return this;
    }

    /**
     * @throws ValidationException if quantileOutlierProb is outside [0, 0.5] or clippingValue is NaN
     */
    public StatisticsCollectorParameters build() {
      return new StatisticsCollectorParameters(statisticsType, aggregatorType, clippingValue, quantileOutlierProb);
    }
  }
}
