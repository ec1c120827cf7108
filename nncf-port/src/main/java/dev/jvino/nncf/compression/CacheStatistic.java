package dev.jvino.nncf.compression;

import dev.jvino.nncf.SensitivityMetric;
import java.util.Optional;

/**
 * The statistics NNCF's weight compression caches for each MatMul activation, with the class name that
 * starts their cache key ({@code <Class>_<activation node>_<TargetType.POST_LAYER_OPERATION = 4>_<port>})
 * and the field names of their safetensors file.
 */
public enum CacheStatistic {
  /** AWQ/scale estimation/GPTQ/LoRA inputs: per-sample means ({@code [N, ...]}) and shapes ({@code i32 [N, rank]}). */
  WEIGHT_COMPRESSION("WCTensorStatistic", "mean_values", null),
  /** HESSIAN_INPUT_ACTIVATION. */
  HESSIAN("HessianTensorStatistic", "hessian", SensitivityMetric.HESSIAN_INPUT_ACTIVATION),
  /** MEAN_ACTIVATION_VARIANCE. */
  MEAN_VARIANCE("MeanVarianceTensorStatistic", "mean_variance", SensitivityMetric.MEAN_ACTIVATION_VARIANCE),
  /** MAX_ACTIVATION_VARIANCE. */
  MAX_VARIANCE("MaxVarianceTensorStatistic", "max_variance", SensitivityMetric.MAX_ACTIVATION_VARIANCE),
  /** MEAN_ACTIVATION_MAGNITUDE. */
  MEAN_MAGNITUDE("MeanMagnitudeTensorStatistic", "mean_magnitude", SensitivityMetric.MEAN_ACTIVATION_MAGNITUDE);

  /** The field holding the per-sample shapes of {@link #WEIGHT_COMPRESSION}. */
  public static final String SHAPE_FIELD = "shape_values";
  /** NNCF's {@code TargetType.POST_LAYER_OPERATION} as formatted in the key. */
  static final int POST_LAYER_OPERATION = 4;

  private final String className;
  private final String field;
  private final SensitivityMetric metric;

  CacheStatistic(String className, String field, SensitivityMetric metric) {
    this.className = className;
    this.field = field;
    this.metric = metric;
  }

  /** The NNCF statistic class name. */
  public String className() {
    return className;
  }

  /** The (first) tensor field of the statistic's file. */
  public String field() {
    return field;
  }

  /** The sensitivity metric this statistic serves, if it is a mixed-precision one. */
  public Optional<SensitivityMetric> metric() {
    return Optional.ofNullable(metric);
  }

  /** The statistic of a data-aware metric. */
  public static CacheStatistic of(SensitivityMetric metric) {
    for (CacheStatistic s : values()) {
      if (s.metric == metric) {
        return s;
      }
    }
    throw new IllegalArgumentException("sensitivity metric " + metric + " uses no activation statistic");
  }

  /** The cache key of this statistic on output {@code port} of node {@code activationNode}. */
  public String key(String activationNode, int port) {
    return className + "_" + activationNode + "_" + POST_LAYER_OPERATION + "_" + port;
  }
}
