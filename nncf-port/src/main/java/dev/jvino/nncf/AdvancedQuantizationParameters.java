package dev.jvino.nncf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * NNCF's {@code AdvancedQuantizationParameters}, with the same defaults. Build with {@link #builder()};
 * {@link #DEFAULT} is {@code AdvancedQuantizationParameters()}.
 *
 * @param overflowFix null: FIRST_LAYER, or DISABLE for FP8 and non-8-bit schemes
 * @param quantizeOutputs insert quantizers before the model outputs (false)
 * @param inplaceStatistics reduce statistics inside the model (true)
 * @param disableChannelAlignment (true)
 * @param disableBiasCorrection (false)
 * @param batchwiseStatistics per batch item statistics; null: true when the dataset has a batch size above 1
 * @param activationsQuantizationParams constraints on activation quantizers (null: none)
 * @param weightsQuantizationParams constraints on weight quantizers (null: none)
 * @param quantizerPropagationRule (MERGE_ALL_IN_ONE)
 * @param activationsRangeEstimatorParams overrides of the activation range estimators
 * @param weightsRangeEstimatorParams overrides of the weight range estimators
 * @param biasCorrectionParams bias correction tuning
 * @param smoothQuantAlphas SmoothQuant alphas
 * @param smoothQuantAlpha deprecated single alpha (negative disables SmoothQuant, otherwise sets matmul)
 * @param backendParams OpenVINO backend parameters ({@code compress_weights}, ...)
 */
public record AdvancedQuantizationParameters(
    @Nullable OverflowFix overflowFix,
    boolean quantizeOutputs,
    boolean inplaceStatistics,
    boolean disableChannelAlignment,
    boolean disableBiasCorrection,
    @Nullable Boolean batchwiseStatistics,
    @Nullable QuantizerParameters activationsQuantizationParams,
    @Nullable QuantizerParameters weightsQuantizationParams,
    QuantizerPropagationRule quantizerPropagationRule,
    RangeEstimatorParameters activationsRangeEstimatorParams,
    RangeEstimatorParameters weightsRangeEstimatorParams,
    AdvancedBiasCorrectionParameters biasCorrectionParams,
    AdvancedSmoothQuantParameters smoothQuantAlphas,
    @Nullable Double smoothQuantAlpha,
    Map<String, Object> backendParams) {

  /** {@code backend_params} key: fold weight FakeQuantizes into int8 constants (default true). */
  public static final String COMPRESS_WEIGHTS = "compress_weights";

  /** The backend parameter keys NNCF's OpenVINO backend knows. */
  public static final Set<String> BACKEND_KEYS = Set.of(COMPRESS_WEIGHTS, "stat_requests_number",
      "eval_requests_number", "activations", "weights", "level_low", "level_high");

  /** NNCF's defaults. */
  public static final AdvancedQuantizationParameters DEFAULT = builder().build();

  /**
   * @throws ValidationException for an unknown backend parameter or a {@code compress_weights} that is
   *     not a Boolean
   */
  public AdvancedQuantizationParameters {
    Objects.requireNonNull(quantizerPropagationRule, "quantizerPropagationRule");
    Objects.requireNonNull(activationsRangeEstimatorParams, "activationsRangeEstimatorParams");
    Objects.requireNonNull(weightsRangeEstimatorParams, "weightsRangeEstimatorParams");
    Objects.requireNonNull(biasCorrectionParams, "biasCorrectionParams");
    Objects.requireNonNull(smoothQuantAlphas, "smoothQuantAlphas");
    for (Map.Entry<String, Object> e : backendParams.entrySet()) {
      if (!BACKEND_KEYS.contains(e.getKey())) {
        throw new ValidationException("unknown backend_params key '" + e.getKey() + "'; known keys are "
            + BACKEND_KEYS.stream().sorted().toList());
      }
      Objects.requireNonNull(e.getValue(), () -> "backend_params['" + e.getKey() + "']");
    }
    if (backendParams.containsKey(COMPRESS_WEIGHTS) && !(backendParams.get(COMPRESS_WEIGHTS) instanceof Boolean)) {
      throw new ValidationException("backend_params['compress_weights'] must be a Boolean, got "
          + backendParams.get(COMPRESS_WEIGHTS));
    }
    if (smoothQuantAlpha != null && (smoothQuantAlpha.isNaN() || smoothQuantAlpha > 1)) {
      throw new ValidationException("smooth_quant_alpha must be at most 1, got " + smoothQuantAlpha);
    }
    backendParams = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(backendParams));
  }

  /** {@code backend_params["compress_weights"]}, true unless set to false (NNCF's {@code is_weight_compression_needed}). */
  public boolean compressWeights() {
    return !Boolean.FALSE.equals(backendParams.get(COMPRESS_WEIGHTS));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.overflowFix = overflowFix;
    b.quantizeOutputs = quantizeOutputs;
    b.inplaceStatistics = inplaceStatistics;
    b.disableChannelAlignment = disableChannelAlignment;
    b.disableBiasCorrection = disableBiasCorrection;
    b.batchwiseStatistics = batchwiseStatistics;
    b.activationsQuantizationParams = activationsQuantizationParams;
    b.weightsQuantizationParams = weightsQuantizationParams;
    b.quantizerPropagationRule = quantizerPropagationRule;
    b.activationsRangeEstimatorParams = activationsRangeEstimatorParams;
    b.weightsRangeEstimatorParams = weightsRangeEstimatorParams;
    b.biasCorrectionParams = biasCorrectionParams;
    b.smoothQuantAlphas = smoothQuantAlphas;
    b.smoothQuantAlpha = smoothQuantAlpha;
    b.backendParams = new LinkedHashMap<>(backendParams);
    return b;
  }

  /** Builds {@link AdvancedQuantizationParameters}; every field starts at NNCF's default. */
  public static final class Builder {
    private @Nullable OverflowFix overflowFix;
    private boolean quantizeOutputs;
    private boolean inplaceStatistics = true;
    private boolean disableChannelAlignment = true;
    private boolean disableBiasCorrection;
    private @Nullable Boolean batchwiseStatistics;
    private @Nullable QuantizerParameters activationsQuantizationParams;
    private @Nullable QuantizerParameters weightsQuantizationParams;
    private QuantizerPropagationRule quantizerPropagationRule = QuantizerPropagationRule.MERGE_ALL_IN_ONE;
    private RangeEstimatorParameters activationsRangeEstimatorParams = RangeEstimatorParameters.UNSET;
    private RangeEstimatorParameters weightsRangeEstimatorParams = RangeEstimatorParameters.UNSET;
    private AdvancedBiasCorrectionParameters biasCorrectionParams = AdvancedBiasCorrectionParameters.DEFAULT;
    private AdvancedSmoothQuantParameters smoothQuantAlphas = AdvancedSmoothQuantParameters.DEFAULT;
    private @Nullable Double smoothQuantAlpha;
    private Map<String, Object> backendParams = new LinkedHashMap<>();

    private Builder() {}

    public Builder overflowFix(@Nullable OverflowFix v) {
      overflowFix = v;
      return this;
    }

    public Builder quantizeOutputs(boolean v) {
      quantizeOutputs = v;
      return this;
    }

    public Builder inplaceStatistics(boolean v) {
      inplaceStatistics = v;
      return this;
    }

    public Builder disableChannelAlignment(boolean v) {
      disableChannelAlignment = v;
      return this;
    }

    public Builder disableBiasCorrection(boolean v) {
      disableBiasCorrection = v;
      return this;
    }

    public Builder batchwiseStatistics(@Nullable Boolean v) {
      batchwiseStatistics = v;
      return this;
    }

    public Builder activationsQuantizationParams(@Nullable QuantizerParameters v) {
      activationsQuantizationParams = v;
      return this;
    }

    public Builder weightsQuantizationParams(@Nullable QuantizerParameters v) {
      weightsQuantizationParams = v;
      return this;
    }

    public Builder quantizerPropagationRule(QuantizerPropagationRule v) {
      quantizerPropagationRule = v;
      return this;
    }

    public Builder activationsRangeEstimatorParams(RangeEstimatorParameters v) {
      activationsRangeEstimatorParams = v;
      return this;
    }

    public Builder weightsRangeEstimatorParams(RangeEstimatorParameters v) {
      weightsRangeEstimatorParams = v;
      return this;
    }

    public Builder biasCorrectionParams(AdvancedBiasCorrectionParameters v) {
      biasCorrectionParams = v;
      return this;
    }

    public Builder smoothQuantAlphas(AdvancedSmoothQuantParameters v) {
      smoothQuantAlphas = v;
      return this;
    }

    public Builder smoothQuantAlpha(@Nullable Double v) {
      smoothQuantAlpha = v;
      return this;
    }

    /** Sets one backend parameter (e.g. {@code compress_weights} to false). */
    public Builder backendParam(String key, Object value) {
      backendParams.put(key, value);
      return this;
    }

    /**
     * @throws ValidationException for an unknown backend parameter or invalid values
     */
    public AdvancedQuantizationParameters build() {
      return new AdvancedQuantizationParameters(overflowFix, quantizeOutputs, inplaceStatistics,
          disableChannelAlignment, disableBiasCorrection, batchwiseStatistics, activationsQuantizationParams,
          weightsQuantizationParams, quantizerPropagationRule, activationsRangeEstimatorParams,
          weightsRangeEstimatorParams, biasCorrectionParams, smoothQuantAlphas, smoothQuantAlpha, backendParams);
    }
  }
}
