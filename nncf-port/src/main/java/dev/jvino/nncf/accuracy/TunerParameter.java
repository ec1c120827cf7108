package dev.jvino.nncf.accuracy;

import dev.jvino.nncf.AdvancedQuantizationParameters;
import dev.jvino.nncf.AdvancedSmoothQuantParameters;
import dev.jvino.nncf.QuantizationPreset;
import dev.jvino.nncf.QuantizeOptions;
import dev.jvino.nncf.QuantizerPropagationRule;
import dev.jvino.nncf.RangeEstimatorParameters;
import dev.jvino.nncf.StatisticsCollectorParameters;
import java.util.Locale;
import java.util.Objects;

/**
 * One value the hyperparameter tuner can give a quantization option: a typed replacement for NNCF's
 * {@code "advanced_parameters:field"} paths. {@link #name()} is NNCF's grid key of the option, and
 * {@link #applyTo} returns the options with that one field replaced (the input is not changed: options are
 * immutable records).
 */
public sealed interface TunerParameter {

  /** NNCF's name of the option in its parameter grid. */
  String name();

  /** The value, as the report prints it. */
  String value();

  /** {@code options} with this value set. */
  QuantizeOptions applyTo(QuantizeOptions options);

  /** {@code advanced_parameters:quantizer_propagation_rule}. */
  record PropagationRule(QuantizerPropagationRule rule) implements TunerParameter {
    public PropagationRule {
      Objects.requireNonNull(rule, "rule");
    }

    @Override
    public String name() {
      return "advanced_parameters:quantizer_propagation_rule";
    }

    @Override
    public String value() {
      return rule.value();
    }

    @Override
    public QuantizeOptions applyTo(QuantizeOptions o) {
      return withAdvanced(o, o.advanced().toBuilder().quantizerPropagationRule(rule).build());
    }
  }

  /** {@code preset}. */
  record Preset(QuantizationPreset preset) implements TunerParameter {
    public Preset {
      Objects.requireNonNull(preset, "preset");
    }

    @Override
    public String name() {
      return "preset";
    }

    @Override
    public String value() {
      return preset.value();
    }

    @Override
    public QuantizeOptions applyTo(QuantizeOptions o) {
      return new QuantizeOptions(o.mode(), preset, o.targetDevice(), o.subsetSize(), o.fastBiasCorrection(),
          o.modelType(), o.ignoredScope(), o.advancedParameters());
    }
  }

  /** {@code advanced_parameters:weights_range_estimator_params}. */
  record WeightsRange(RangeEstimatorParameters range) implements TunerParameter {
    public WeightsRange {
      Objects.requireNonNull(range, "range");
    }

    @Override
    public String name() {
      return "advanced_parameters:weights_range_estimator_params";
    }

    @Override
    public String value() {
      return describe(range);
    }

    @Override
    public QuantizeOptions applyTo(QuantizeOptions o) {
      return withAdvanced(o, o.advanced().toBuilder().weightsRangeEstimatorParams(range).build());
    }
  }

  /** {@code advanced_parameters:activations_range_estimator_params}. */
  record ActivationsRange(RangeEstimatorParameters range) implements TunerParameter {
    public ActivationsRange {
      Objects.requireNonNull(range, "range");
    }

    @Override
    public String name() {
      return "advanced_parameters:activations_range_estimator_params";
    }

    @Override
    public String value() {
      return describe(range);
    }

    @Override
    public QuantizeOptions applyTo(QuantizeOptions o) {
      return withAdvanced(o, o.advanced().toBuilder().activationsRangeEstimatorParams(range).build());
    }
  }

  /** {@code advanced_parameters:smooth_quant_alphas}. */
  record SmoothQuantAlphas(AdvancedSmoothQuantParameters alphas) implements TunerParameter {
    public SmoothQuantAlphas {
      Objects.requireNonNull(alphas, "alphas");
    }

    @Override
    public String name() {
      return "advanced_parameters:smooth_quant_alphas";
    }

    @Override
    public String value() {
      return String.format(Locale.ROOT, "convolution=%s, matmul=%s", alphas.convolution(), alphas.matmul());
    }

    @Override
    public QuantizeOptions applyTo(QuantizeOptions o) {
      return withAdvanced(o, o.advanced().toBuilder().smoothQuantAlphas(alphas).build());
    }
  }

  /** {@code fast_bias_correction}. */
  record FastBiasCorrection(boolean fast) implements TunerParameter {
    @Override
    public String name() {
      return "fast_bias_correction";
    }

    @Override
    public String value() {
      return Boolean.toString(fast);
    }

    @Override
    public QuantizeOptions applyTo(QuantizeOptions o) {
      return new QuantizeOptions(o.mode(), o.preset(), o.targetDevice(), o.subsetSize(), fast, o.modelType(),
          o.ignoredScope(), o.advancedParameters());
    }
  }

  private static QuantizeOptions withAdvanced(QuantizeOptions o, AdvancedQuantizationParameters adv) {
    return new QuantizeOptions(o.mode(), o.preset(), o.targetDevice(), o.subsetSize(), o.fastBiasCorrection(),
        o.modelType(), o.ignoredScope(), adv);
  }

  /** A range estimator as {@code min=<statistic>/<aggregator>[/q], max=...}. */
  static String describe(RangeEstimatorParameters r) {
    return "min=" + describe(r.min()) + ", max=" + describe(r.max());
  }

  private static String describe(StatisticsCollectorParameters p) {
    String s = (p.statisticsType() == null ? "unset" : p.statisticsType().value()) + "/"
        + (p.aggregatorType() == null ? "unset" : p.aggregatorType().value());
    return p.statisticsType() == dev.jvino.nncf.StatisticsType.QUANTILE ? s + "/" + p.quantileOutlierProb() : s;
  }
}
