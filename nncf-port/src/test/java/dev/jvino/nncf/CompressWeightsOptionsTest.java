package dev.jvino.nncf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompressWeightsOptionsTest {
  private static final Dataset<float[]> DATA = Dataset.of(List.of(new float[] {1f}));

  @Test
  void defaultsAreNncfs() {
    CompressWeightsOptions o = CompressWeightsOptions.defaults();
    assertEquals(CompressWeightsMode.INT8_ASYM, o.mode());
    assertEquals(1f, o.ratio());
    assertEquals(-1, o.groupSize());
    assertEquals(128, o.subsetSize());
    assertEquals(SensitivityMetric.WEIGHT_QUANTIZATION_ERROR, o.sensitivityMetric());
    assertEquals(BackupMode.INT8_ASYM, o.backupMode());
    assertEquals(CompressionFormat.DQ, o.compressionFormat());
    assertFalse(o.allLayers() || o.awq() || o.scaleEstimation() || o.gptq() || o.loraCorrection());
    assertTrue(o.ignoredScope().isEmpty());
    assertEquals(AdvancedCompressionParameters.DEFAULT, o.advancedParameters());
    assertEquals(GroupSizeFallbackMode.ERROR, o.advancedParameters().groupSizeFallbackMode());
    assertEquals(32, o.advancedParameters().minAdjustedGroupSize());
    assertEquals(8, o.advancedParameters().loraCorrection().adapterRank());
    assertEquals(64, o.advancedParameters().scaleEstimation().subsetSize());
  }

  @ParameterizedTest
  @CsvSource({
    "INT4_SYM,128,INT8_ASYM", "INT4_ASYM,128,INT8_ASYM", "NF4,128,INT8_ASYM", "FP4,128,FP8_E4M3",
    "FP8_E4M3,128,FP8_E4M3", "MXFP4,32,MXFP8_E4M3", "MXFP8_E4M3,32,MXFP8_E4M3", "NVFP4,16,INT8_ASYM",
    "CB4,-1,INT8_ASYM", "INT8_SYM,-1,INT8_ASYM"
  })
  void groupSizeAndBackupDefaultsFollowTheMode(CompressWeightsMode mode, int groupSize, BackupMode backup) {
    CompressWeightsOptions o = CompressWeightsOptions.builder().mode(mode).build();
    assertEquals(groupSize, o.groupSize());
    assertEquals(backup, o.backupMode());
  }

  @Test
  void aDatasetMakesMaxActivationVarianceTheDefaultMetric() {
    var o = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).dataset(DATA).build();
    assertEquals(SensitivityMetric.MAX_ACTIVATION_VARIANCE, o.sensitivityMetric());
  }

  @Test
  void int8RejectsOverriddenDefaultsAndDataAwareOptions() {
    var e = assertThrows(ValidationException.class,
        () -> CompressWeightsOptions.builder().mode(CompressWeightsMode.INT8_SYM).ratio(0.5f).build());
    assertTrue(e.getMessage().contains("cannot be overridden for INT8"), e.getMessage());
    assertThrows(ValidationException.class,
        () -> CompressWeightsOptions.builder().groupSize(64).build());
    var opts = assertThrows(ValidationException.class,
        () -> CompressWeightsOptions.builder().allLayers(false).backupMode(BackupMode.NONE).build());
    assertTrue(opts.getMessage().contains("all_layers, backup_mode"), opts.getMessage());
    var stats = assertThrows(ValidationException.class, () -> CompressWeightsOptions.builder()
        .advancedParameters(AdvancedCompressionParameters.builder().statisticsPath(Path.of("s")).build()).build());
    assertTrue(stats.getMessage().contains("statistics_path"), stats.getMessage());
    // explicit defaults are fine
    CompressWeightsOptions.builder().ratio(1f).groupSize(-1).build();
  }

  @Test
  void dataAlgorithmsNeedADatasetAndIntegerModes() {
    var noData = assertThrows(ParameterNotSupportedException.class,
        () -> CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).scaleEstimation(true).build());
    assertTrue(noData.getMessage().startsWith("Scale estimation, GPTQ or Lora Correction algorithm is defined, but dataset is None."));
    var fp = assertThrows(ParameterNotSupportedException.class, () -> CompressWeightsOptions.builder()
        .mode(CompressWeightsMode.MXFP4).awq(true).dataset(DATA).build());
    assertEquals("AWQ, Scale estimation, GPTQ or Lora Correction algorithm is defined, but mode in ['mxfp4',"
        + " 'mxfp8_e4m3', 'fp8_e4m3', 'fp4', 'nvfp4']. (mode=mxfp4)", fp.getMessage());
    var both = assertThrows(ParameterNotSupportedException.class, () -> CompressWeightsOptions.builder()
        .mode(CompressWeightsMode.INT4_ASYM).gptq(true).loraCorrection(true).dataset(DATA).build());
    assertTrue(both.getMessage().startsWith("Simultaneous use of Lora correction and GPTQ"));
    CompressWeightsOptions.builder().mode(CompressWeightsMode.NF4).awq(true).build(); // data-free AWQ is allowed
  }

  @Test
  void onlyTheDequantizeFormatIsSupported() {
    var e = assertThrows(ParameterNotSupportedException.class, () -> CompressWeightsOptions.builder()
        .mode(CompressWeightsMode.INT4_SYM).compressionFormat(CompressionFormat.FQ_LORA).build());
    assertTrue(e.getMessage().contains("FQ_LORA"), e.getMessage());
  }

  @Test
  void rangesOfRatioSubsetSizeAndGroupSize() {
    assertThrows(ValidationException.class,
        () -> CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).ratio(1.5f).build());
    assertThrows(ValidationException.class,
        () -> CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).ratio(-0.1f).build());
    assertThrows(ValidationException.class,
        () -> CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).subsetSize(0).build());
    assertThrows(ValidationException.class,
        () -> CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).groupSize(0).build());
    var neg = assertThrows(ValidationException.class,
        () -> CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).groupSize(-2).build());
    assertTrue(neg.getMessage().contains("-2"), neg.getMessage());
    var metric = assertThrows(ValidationException.class, () -> CompressWeightsOptions.builder()
        .mode(CompressWeightsMode.INT4_SYM).ratio(0.8f).sensitivityMetric(SensitivityMetric.HESSIAN_INPUT_ACTIVATION).build());
    assertTrue(metric.getMessage().contains("requires a dataset"), metric.getMessage());
    assertEquals(0.8f, CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).ratio(0.8f).build().ratio());
  }

  @Test
  void codebookRules() {
    var missing = assertThrows(ValidationException.class,
        () -> CompressWeightsOptions.builder().mode(CompressWeightsMode.CODEBOOK).build());
    assertTrue(missing.getMessage().contains("CODEBOOK mode needs a codebook"));
    assertThrows(ValidationException.class, () -> AdvancedCompressionParameters.builder().codebook(1f).build());
    var order = assertThrows(ValidationException.class,
        () -> AdvancedCompressionParameters.builder().codebook(-1f, 0f, 0f, 2f).build());
    assertTrue(order.getMessage().contains("index 2"), order.getMessage());
    var ok = CompressWeightsOptions.builder().mode(CompressWeightsMode.CODEBOOK)
        .advancedParameters(AdvancedCompressionParameters.builder().codebook(-1f, 0f, 1f).build()).build();
    float[] cb = ok.advancedParameters().codebook().orElseThrow();
    cb[0] = 99f;
    assertEquals(-1f, ok.advancedParameters().codebook().orElseThrow()[0], "the codebook is copied");
  }

  @Test
  void mxAndNvfp4FixTheirGroupSizeAndRefuseAdjust() {
    assertThrows(ValidationException.class,
        () -> CompressWeightsOptions.builder().mode(CompressWeightsMode.MXFP4).groupSize(64).build());
    assertThrows(ValidationException.class,
        () -> CompressWeightsOptions.builder().mode(CompressWeightsMode.NVFP4).groupSize(32).build());
    var adjust = assertThrows(ValidationException.class, () -> CompressWeightsOptions.builder()
        .mode(CompressWeightsMode.MXFP8_E4M3)
        .advancedParameters(AdvancedCompressionParameters.builder()
            .groupSizeFallbackMode(GroupSizeFallbackMode.ADJUST).build()).build());
    assertTrue(adjust.getMessage().contains("ADJUST"));
    assertEquals(16, CompressWeightsOptions.builder().mode(CompressWeightsMode.NVFP4).groupSize(16).build().groupSize());
  }

  @Test
  void ignoredScopePatternsMatchFromTheStartLikePythonsReMatch() {
    IgnoredScope scope = IgnoredScope.builder().patterns(".*data", "lm_").build();
    assertTrue(scope.matchesPattern("weights.data.1"));
    assertTrue(scope.matchesPattern("lm_head"));
    assertFalse(scope.matchesPattern("model.lm_head"));
    assertThrows(ValidationException.class, () -> IgnoredScope.builder().patterns("(").build());
  }

  @Test
  void enumsParseNncfValues() {
    assertEquals(SensitivityMetric.MEAN_ACTIVATION_MAGNITUDE, SensitivityMetric.fromValue("mean_activation_magnitude"));
    assertEquals(CompressionFormat.FQ_LORA_NLS, CompressionFormat.fromValue("fake_quantize_with_lora_nls"));
    var e = assertThrows(IllegalArgumentException.class, () -> CompressionFormat.fromValue("zip"));
    assertTrue(e.getMessage().contains("[dequantize, fake_quantize"), e.getMessage());
  }

  @Test
  void datasetAppliesItsTransformAndSelectsSortedIndices() {
    Dataset<Integer> d = Dataset.of(List.of("a", "bb", "ccc", "dddd"), String::length);
    assertEquals(List.of(1, 2, 3, 4), toList(d.inferenceData()));
    assertEquals(List.of(2, 4, 4), toList(d.inferenceData(new int[] {1, 3, 3})));
    assertEquals(List.of(3), toList(d.inferenceData(new int[] {2, 9})));
    assertEquals(4, d.length().orElseThrow());
    assertThrows(ValidationException.class, () -> d.inferenceData(new int[] {2, 1}));
  }

  private static <T> List<T> toList(Iterable<T> it) {
    List<T> out = new java.util.ArrayList<>();
    it.forEach(out::add);
    return out;
  }
}
