package dev.jvino.nncf.quantization;

import dev.jvino.ir.RtInfo;
import dev.jvino.nncf.AdvancedQuantizationParameters;
import dev.jvino.nncf.FP8QuantizationParameters;
import dev.jvino.nncf.IgnoredScope;
import dev.jvino.nncf.ModelType;
import dev.jvino.nncf.QuantizationParameters;
import dev.jvino.nncf.QuantizationPreset;
import dev.jvino.nncf.QuantizerParameters;
import dev.jvino.nncf.RangeEstimatorParameters;
import dev.jvino.nncf.StatisticsCollectorParameters;
import dev.jvino.nncf.TargetDevice;
import dev.jvino.nncf.compression.NncfRtInfo;
import dev.jvino.nncf.compression.PythonRepr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The model rt_info NNCF writes after {@code nncf.quantize} ({@code dump_parameters} in
 * {@code native_quantize_impl}): under {@code nncf/quantization}, Python's {@code str()} of each argument
 * as the user passed it ({@code None} when not given), the ignored scope as a nested map of its non-empty
 * fields ({@code []} when empty), {@code advanced_parameters} as the string of NNCF's
 * {@code convert_to_dict_recursively} ({@code {}} when not given); then {@code nncf/version}.
 */
public final class QuantizationRtInfo {
  private QuantizationRtInfo() {}

  /** The {@code nncf.quantize} arguments NNCF dumps, as given (null: not given). */
  public record Arguments(@Nullable QuantizationPreset preset, TargetDevice targetDevice, int subsetSize,
      boolean fastBiasCorrection, @Nullable ModelType modelType, @Nullable IgnoredScope ignoredScope,
      @Nullable AdvancedQuantizationParameters advancedParameters) {}

  /** The dumped values by rt_info path below {@code nncf/quantization}, in NNCF's order. */
  public static Map<List<String>, String> parameters(Arguments a) {
    Map<List<String>, String> p = new LinkedHashMap<>();
    p.put(List.of("preset"), a.preset() == null ? "None" : a.preset().value());
    p.put(List.of("target_device"), a.targetDevice().value());
    p.put(List.of("subset_size"), Integer.toString(a.subsetSize()));
    p.put(List.of("fast_bias_correction"), PythonRepr.bool(a.fastBiasCorrection()));
    p.put(List.of("model_type"), a.modelType() == null ? "None" : a.modelType().value());
    IgnoredScope s = a.ignoredScope();
    if (s == null) {
      p.put(List.of("ignored_scope"), "None");
    } else {
      NncfRtInfo.putIgnoredScope(p, s);
    }
    p.put(List.of("advanced_parameters"), a.advancedParameters() == null ? "{}" : advanced(a.advancedParameters()));
    return p;
  }

  /** Writes the parameters and the version into the model rt_info. */
  public static void dump(RtInfo rt, Arguments a) {
    for (Map.Entry<List<String>, String> e : parameters(a).entrySet()) {
      List<String> path = new ArrayList<>(List.of("nncf", "quantization"));
      path.addAll(e.getKey());
      NncfRtInfo.put(rt, path, e.getValue());
    }
    NncfRtInfo.put(rt, List.of("nncf", "version"), NncfRtInfo.NNCF_VERSION);
  }

  /** Python's {@code str()} of {@code convert_to_dict_recursively(AdvancedQuantizationParameters)}. */
  static String advanced(AdvancedQuantizationParameters a) {
    StringBuilder b = new StringBuilder("{");
    b.append("'overflow_fix': ").append(a.overflowFix() == null ? "None" : PythonRepr.string(a.overflowFix().value()));
    b.append(", 'quantize_outputs': ").append(PythonRepr.bool(a.quantizeOutputs()));
    b.append(", 'inplace_statistics': ").append(PythonRepr.bool(a.inplaceStatistics()));
    b.append(", 'disable_channel_alignment': ").append(PythonRepr.bool(a.disableChannelAlignment()));
    b.append(", 'disable_bias_correction': ").append(PythonRepr.bool(a.disableBiasCorrection()));
    b.append(", 'batchwise_statistics': ").append(optBool(a.batchwiseStatistics()));
    b.append(", 'activations_quantization_params': ").append(quantizer(a.activationsQuantizationParams()));
    b.append(", 'weights_quantization_params': ").append(quantizer(a.weightsQuantizationParams()));
    // NNCF's QuantizerPropagationRule is a str enum with integer values: its value is the digit string
    b.append(", 'quantizer_propagation_rule': '").append(a.quantizerPropagationRule().ordinal()).append("'");
    b.append(", 'activations_range_estimator_params': ").append(estimator(a.activationsRangeEstimatorParams()));
    b.append(", 'weights_range_estimator_params': ").append(estimator(a.weightsRangeEstimatorParams()));
    b.append(", 'bias_correction_params': {'apply_for_all_nodes': ")
        .append(PythonRepr.bool(a.biasCorrectionParams().applyForAllNodes())).append(", 'threshold': ")
        .append(optFloat(a.biasCorrectionParams().threshold())).append("}");
    b.append(", 'smooth_quant_alphas': {'convolution': ").append(alpha(a.smoothQuantAlphas().convolution(), -1))
        .append(", 'matmul': ").append(alpha(a.smoothQuantAlphas().matmul(), Double.NaN)).append("}");
    b.append(", 'smooth_quant_alpha': ").append(optFloat(a.smoothQuantAlpha()));
    b.append(", 'backend_params': {");
    List<String> entries = new ArrayList<>();
    a.backendParams().forEach((k, v) -> entries.add(PythonRepr.string(k) + ": " + value(v)));
    b.append(String.join(", ", entries)).append("}}");
    return b.toString();
  }

  /** NNCF's default convolution alpha is the int -1; other values are floats. */
  private static String alpha(double v, double intDefault) {
    return v == intDefault ? Long.toString((long) v) : PythonRepr.floating(v);
  }

  private static String quantizer(@Nullable QuantizerParameters p) {
    return switch (p) {
      case null -> "None";
      case QuantizationParameters q -> "{'num_bits': " + (q.numBits() == null ? "None" : q.numBits())
          + ", 'mode': " + (q.mode() == null ? "None" : PythonRepr.string(q.mode().value()))
          + ", 'signedness_to_force': " + optBool(q.signednessToForce())
          + ", 'per_channel': " + optBool(q.perChannel())
          + ", 'narrow_range': " + optBool(q.narrowRange()) + "}";
      case FP8QuantizationParameters f -> "{'destination_type': "
          + (f.destinationType() == null ? "None" : PythonRepr.string(f.destinationType().value())) + "}";
    };
  }

  private static String estimator(RangeEstimatorParameters r) {
    return "{'min': " + collector(r.min()) + ", 'max': " + collector(r.max()) + "}";
  }

  private static String collector(StatisticsCollectorParameters c) {
    return "{'statistics_type': " + (c.statisticsType() == null ? "None" : PythonRepr.string(c.statisticsType().value()))
        + ", 'aggregator_type': " + (c.aggregatorType() == null ? "None" : PythonRepr.string(c.aggregatorType().value()))
        + ", 'clipping_value': " + optFloat(c.clippingValue())
        + ", 'quantile_outlier_prob': " + PythonRepr.floating(c.quantileOutlierProb()) + "}";
  }

  private static String optBool(@Nullable Boolean b) {
    return b == null ? "None" : PythonRepr.bool(b);
  }

  private static String optFloat(@Nullable Double d) {
    return d == null ? "None" : PythonRepr.floating(d);
  }

  private static String value(Object v) {
    return switch (v) {
      case Boolean b -> PythonRepr.bool(b);
      case Double d -> PythonRepr.floating(d);
      case Float f -> PythonRepr.floating(f);
      case Number n -> n.toString();
      case String s -> PythonRepr.string(s);
      default -> PythonRepr.string(v.toString());
    };
  }
}
