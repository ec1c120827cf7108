package dev.jvino.nncf.quantization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.nncf.AdvancedQuantizationParameters;
import dev.jvino.nncf.AdvancedSmoothQuantParameters;
import dev.jvino.nncf.AggregatorType;
import dev.jvino.nncf.FP8QuantizationParameters;
import dev.jvino.nncf.FP8Type;
import dev.jvino.nncf.ParameterNotSupportedException;
import dev.jvino.nncf.QuantizationMode;
import dev.jvino.nncf.QuantizationParameters;
import dev.jvino.nncf.QuantizerPropagationRule;
import dev.jvino.nncf.RangeEstimatorParameters;
import dev.jvino.nncf.StatisticsType;
import dev.jvino.nncf.ValidationException;
import org.junit.jupiter.api.Test;

/** NNCF's parameter dataclasses: defaults, validation in build(), and the mapping to MinMax options. */
class QuantizationParametersTest {
  @Test
  void defaultsAreNncfs() {
    AdvancedQuantizationParameters d = AdvancedQuantizationParameters.DEFAULT;
    assertNull(d.overflowFix());
    assertFalse(d.quantizeOutputs());
    assertTrue(d.inplaceStatistics());
    assertTrue(d.disableChannelAlignment());
    assertFalse(d.disableBiasCorrection());
    assertNull(d.batchwiseStatistics());
    assertEquals(QuantizerPropagationRule.MERGE_ALL_IN_ONE, d.quantizerPropagationRule());
    assertEquals(RangeEstimatorParameters.UNSET, d.activationsRangeEstimatorParams());
    assertEquals(-1, d.smoothQuantAlphas().convolution());
    assertEquals(0.95, d.smoothQuantAlphas().matmul());
    assertTrue(d.compressWeights());
    assertEquals(1e-4, RangeEstimatorParameters.MINMAX.min().quantileOutlierProb());
    assertEquals(StatisticsType.QUANTILE, RangeEstimatorParameters.MEAN_QUANTILE.max().statisticsType());
    assertEquals(AggregatorType.HISTOGRAM, RangeEstimatorParameters.HISTOGRAM.min().aggregatorType());
    assertEquals(448, FP8Type.E4M3.maxValue());
    assertEquals(FP8Type.E5M2, new FP8QuantizationParameters(null).destinationTypeOr(QuantizationMode.FP8_E5M2));
  }

  @Test
  void invalidValuesFailInBuild() {
    assertThrows(ValidationException.class, () -> QuantizationParameters.builder().numBits(0).build());
    assertThrows(ValidationException.class,
        () -> AdvancedQuantizationParameters.builder().backendParam("no_such_key", 1).build());
    assertThrows(ValidationException.class,
        () -> AdvancedQuantizationParameters.builder().backendParam("compress_weights", "yes").build());
    assertThrows(ValidationException.class, () -> new AdvancedSmoothQuantParameters(-1, 1.5));
    assertThrows(ValidationException.class, () -> MinMaxOptions.builder().activationsFp8Type(FP8Type.E4M3).build());
  }

  @Test
  void minMaxOptionsFromAdvancedParameters() {
    AdvancedQuantizationParameters a = AdvancedQuantizationParameters.builder().inplaceStatistics(false)
        .batchwiseStatistics(true).weightsRangeEstimatorParams(RangeEstimatorParameters.MEAN_MINMAX)
        .backendParam("compress_weights", false).build();
    MinMaxOptions o = MinMaxOptions.from(10, null, a);
    assertEquals(10, o.subsetSize());
    assertFalse(o.inplaceStatistics());
    assertTrue(o.batchwiseStatistics());
    assertFalse(o.compressWeights());
    assertEquals(RangeEstimatorParameters.MEAN_MINMAX, o.rangeEstimator(QuantizerGroup.WEIGHTS));
    AdvancedQuantizationParameters fp8 = AdvancedQuantizationParameters.builder()
        .activationsQuantizationParams(new FP8QuantizationParameters(FP8Type.E5M2)).build();
    MinMaxOptions f = MinMaxOptions.from(1, QuantizationMode.FP8_E4M3, fp8);
    assertEquals(FP8Type.E5M2, f.fp8Type(QuantizerGroup.ACTIVATIONS));
    assertEquals(FP8Type.E4M3, f.fp8Type(QuantizerGroup.WEIGHTS));
    // FP8 parameters need an FP8 mode, integer parameters must not have one (NNCF's _validate_param_types)
    assertThrows(ParameterNotSupportedException.class, () -> MinMaxOptions.from(1, null, fp8));
    AdvancedQuantizationParameters integer = AdvancedQuantizationParameters.builder()
        .weightsQuantizationParams(QuantizationParameters.builder().numBits(8).build()).build();
    assertThrows(ParameterNotSupportedException.class, () -> MinMaxOptions.from(1, QuantizationMode.FP8_E4M3, integer));
    assertThrows(ValidationException.class, () -> MinMaxOptions.from(0, null, AdvancedQuantizationParameters.DEFAULT));
  }
}
