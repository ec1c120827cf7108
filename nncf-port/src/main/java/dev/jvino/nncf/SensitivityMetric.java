package dev.jvino.nncf;

/**
 * How mixed precision ranks weights for the primary precision (NNCF's {@code SensitivityMetric}). The
 * default is {@link #WEIGHT_QUANTIZATION_ERROR} without a dataset, {@link #MAX_ACTIVATION_VARIANCE} with one.
 */
public enum SensitivityMetric {
  /** Data-free: the error of quantizing the weight itself. */
  WEIGHT_QUANTIZATION_ERROR,
  /** HAWQ-style: activation Hessian trace times the weight error. Needs a dataset. */
  HESSIAN_INPUT_ACTIVATION,
  /** Mean of the activation variance. Needs a dataset. */
  MEAN_ACTIVATION_VARIANCE,
  /** Max of the activation variance. Needs a dataset. */
  MAX_ACTIVATION_VARIANCE,
  /** Mean of the activation magnitude. Needs a dataset. */
  MEAN_ACTIVATION_MAGNITUDE;

  /** NNCF's value: the lower-case name. */
  public String value() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether the metric needs activation statistics, i.e. a dataset. */
  public boolean isDataAware() {
    return this != WEIGHT_QUANTIZATION_ERROR;
  }

  public static SensitivityMetric fromValue(String value) {
    return NncfValues.parse(SensitivityMetric.class, SensitivityMetric::value, "sensitivity metric", value);
  }

  @Override
  public String toString() {
    return value();
  }
}
