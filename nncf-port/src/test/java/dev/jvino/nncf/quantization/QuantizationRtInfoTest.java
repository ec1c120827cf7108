package dev.jvino.nncf.quantization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.ir.RtInfo;
import dev.jvino.nncf.AdvancedQuantizationParameters;
import dev.jvino.nncf.FP8QuantizationParameters;
import dev.jvino.nncf.FP8Type;
import dev.jvino.nncf.IgnoredScope;
import dev.jvino.nncf.ModelType;
import dev.jvino.nncf.OverflowFix;
import dev.jvino.nncf.QuantizationParameters;
import dev.jvino.nncf.QuantizationPreset;
import dev.jvino.nncf.QuantizationScheme;
import dev.jvino.nncf.RangeEstimatorParameters;
import dev.jvino.nncf.TargetDevice;
import dev.jvino.nncf.compression.NncfRtInfo;
import org.junit.jupiter.api.Test;

/** The rt_info {@code nncf.quantize} leaves under {@code nncf/quantization} (NNCF's {@code dump_parameters}). */
class QuantizationRtInfoTest {
  @Test
  void defaultsAsPythonPrintsThem() {
    RtInfo rt = new RtInfo();
    QuantizationRtInfo.dump(rt, new QuantizationRtInfo.Arguments(null, TargetDevice.ANY, 300, true, null, null, null));
    assertEquals("None", NncfRtInfo.value(rt, "nncf", "quantization", "preset").orElseThrow());
    assertEquals("ANY", NncfRtInfo.value(rt, "nncf", "quantization", "target_device").orElseThrow());
    assertEquals("300", NncfRtInfo.value(rt, "nncf", "quantization", "subset_size").orElseThrow());
    assertEquals("True", NncfRtInfo.value(rt, "nncf", "quantization", "fast_bias_correction").orElseThrow());
    assertEquals("None", NncfRtInfo.value(rt, "nncf", "quantization", "model_type").orElseThrow());
    assertEquals("None", NncfRtInfo.value(rt, "nncf", "quantization", "ignored_scope").orElseThrow());
    assertEquals("{}", NncfRtInfo.value(rt, "nncf", "quantization", "advanced_parameters").orElseThrow());
    assertEquals(NncfRtInfo.NNCF_VERSION, NncfRtInfo.value(rt, "nncf", "version").orElseThrow());
  }

  @Test
  void advancedParametersAsConvertToDictRecursively() {
    String unset = "{'statistics_type': None, 'aggregator_type': None, 'clipping_value': None,"
        + " 'quantile_outlier_prob': 0.0001}";
    assertEquals("{'overflow_fix': None, 'quantize_outputs': False, 'inplace_statistics': True,"
        + " 'disable_channel_alignment': True, 'disable_bias_correction': False, 'batchwise_statistics': None,"
        + " 'activations_quantization_params': None, 'weights_quantization_params': None,"
        + " 'quantizer_propagation_rule': '3',"
        + " 'activations_range_estimator_params': {'min': " + unset + ", 'max': " + unset + "},"
        + " 'weights_range_estimator_params': {'min': " + unset + ", 'max': " + unset + "},"
        + " 'bias_correction_params': {'apply_for_all_nodes': False, 'threshold': None},"
        + " 'smooth_quant_alphas': {'convolution': -1, 'matmul': 0.95}, 'smooth_quant_alpha': None,"
        + " 'backend_params': {}}", QuantizationRtInfo.advanced(AdvancedQuantizationParameters.DEFAULT));

    AdvancedQuantizationParameters a = AdvancedQuantizationParameters.builder().overflowFix(OverflowFix.DISABLE)
        .activationsQuantizationParams(QuantizationParameters.builder().numBits(8).mode(QuantizationScheme.ASYMMETRIC)
            .build())
        .weightsQuantizationParams(new FP8QuantizationParameters(FP8Type.E5M2))
        .activationsRangeEstimatorParams(RangeEstimatorParameters.MEAN_QUANTILE)
        .backendParam(AdvancedQuantizationParameters.COMPRESS_WEIGHTS, false).build();
    String s = QuantizationRtInfo.advanced(a);
    assertEquals(true, s.startsWith("{'overflow_fix': 'disable',"), s);
    assertEquals(true, s.contains("'activations_quantization_params': {'num_bits': 8, 'mode': 'asymmetric',"
        + " 'signedness_to_force': None, 'per_channel': None, 'narrow_range': None}"), s);
    assertEquals(true, s.contains("'weights_quantization_params': {'destination_type': 'f8e5m2'}"), s);
    assertEquals(true, s.contains("'activations_range_estimator_params': {'min': {'statistics_type': 'quantile',"
        + " 'aggregator_type': 'mean', 'clipping_value': None, 'quantile_outlier_prob': 0.0001}"), s);
    assertEquals(true, s.endsWith("'backend_params': {'compress_weights': False}}"), s);
    assertEquals(false, a.compressWeights());
  }

  @Test
  void givenArgumentsAndIgnoredScope() {
    RtInfo rt = new RtInfo();
    IgnoredScope scope = IgnoredScope.builder().names("Conv", "MatMul").build();
    QuantizationRtInfo.dump(rt, new QuantizationRtInfo.Arguments(QuantizationPreset.MIXED, TargetDevice.CPU, 1, false,
        ModelType.TRANSFORMER, scope, AdvancedQuantizationParameters.DEFAULT));
    assertEquals("mixed", NncfRtInfo.value(rt, "nncf", "quantization", "preset").orElseThrow());
    assertEquals("CPU", NncfRtInfo.value(rt, "nncf", "quantization", "target_device").orElseThrow());
    assertEquals("False", NncfRtInfo.value(rt, "nncf", "quantization", "fast_bias_correction").orElseThrow());
    assertEquals("transformer", NncfRtInfo.value(rt, "nncf", "quantization", "model_type").orElseThrow());
    assertEquals("['Conv', 'MatMul']",
        NncfRtInfo.value(rt, "nncf", "quantization", "ignored_scope", "names").orElseThrow());
    RtInfo empty = new RtInfo();
    QuantizationRtInfo.dump(empty, new QuantizationRtInfo.Arguments(null, TargetDevice.ANY, 300, true, null,
        IgnoredScope.EMPTY, null));
    assertEquals("[]", NncfRtInfo.value(empty, "nncf", "quantization", "ignored_scope").orElseThrow());
  }
}
