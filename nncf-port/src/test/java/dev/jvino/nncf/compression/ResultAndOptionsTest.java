package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.Model;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.IgnoredScope;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.ParameterNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bitwidth table, rt_info, progress reporting and the options jvino rejects. */
class ResultAndOptionsTest {

  private static CompressWeightsOptions.Builder int4() {
    return CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(32);
  }

  @Test
  void bitwidthDistributionNumbersAndTable() {
    // embed 6400 + lm_head 6400 in int8 (12800 / 33280 = 38.46%), q 4096 + up 8192 + down 8192 in int4 (61.54%)
    CompressionResult r = Nncf.compressWeights(TestModels.llm(1, 1, 1), int4().build());
    BitwidthDistribution d = r.distribution();
    assertEquals(33280, d.totalWeights());
    assertEquals(5, d.totalLayers());
    assertEquals(20480, d.ratioDefiningWeights());
    assertEquals(3, d.ratioDefiningLayers());
    assertEquals(List.of(
        new BitwidthDistribution.Row("int8_asym, per-channel", 8, 12800, 2, 0, 0),
        new BitwidthDistribution.Row("int4_asym, group size 32", 4, 20480, 3, 20480, 3)), d.rows());
    assertEquals("""
        Statistics of the bitwidth distribution:
        ┍━━━━━━━━━━━━━━━━━━━━━━━━━━━┯━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┯━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┑
        │ Weight compression mode   │ % all parameters (layers)   │ % ratio-defining parameters (layers)   │
        ┝━━━━━━━━━━━━━━━━━━━━━━━━━━━┿━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┿━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┥
        │ int8_asym, per-channel    │ 38% (2 / 5)                 │ 0% (0 / 3)                             │
        ├───────────────────────────┼─────────────────────────────┼────────────────────────────────────────┤
        │ int4_asym, group size 32  │ 62% (3 / 5)                 │ 100% (3 / 3)                           │
        ┕━━━━━━━━━━━━━━━━━━━━━━━━━━━┷━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┷━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┙""",
        d.toTable());
  }

  @Test
  void ignoredWeightsCountAsFloatInTheTable() {
    CompressionResult r = Nncf.compressWeights(TestModels.llm(1, 1, 1),
        int4().ignoredScope(IgnoredScope.builder().names("up_proj").build()).build());
    BitwidthDistribution d = r.distribution();
    assertEquals(33280, d.totalWeights());
    assertEquals(5, d.totalLayers());
    BitwidthDistribution.Row f = d.rows().getFirst();
    assertEquals(new BitwidthDistribution.Row("float", 32, 8192, 1, 0, 0), f);
    assertEquals("25% (1 / 5)", BitwidthDistribution.proportion(d.percentOfAll(f), f.layers(), d.totalLayers()));
    // percentages round half to even like Python's format: 12.5 -> 12, 37.5 -> 38
    assertEquals("12% (1 / 8)", BitwidthDistribution.proportion(12.5, 1, 8));
    assertEquals("38% (3 / 8)", BitwidthDistribution.proportion(37.5, 3, 8));
  }

  @Test
  void rtInfoRecordsTheParameters() {
    Model model = TestModels.llm(1, 1, 1);
    Nncf.compressWeights(model, int4().ratio(0.8f).ignoredScope(IgnoredScope.builder().names("lm_head")
        .patterns("q_.*").build()).build());
    var rt = model.rtInfo();
    assertEquals("int4_asym", NncfRtInfo.value(rt, "nncf", "weight_compression", "mode").orElseThrow());
    assertEquals("32", NncfRtInfo.value(rt, "nncf", "weight_compression", "group_size").orElseThrow());
    assertEquals("0.8", NncfRtInfo.value(rt, "nncf", "weight_compression", "ratio").orElseThrow());
    assertEquals("False", NncfRtInfo.value(rt, "nncf", "weight_compression", "all_layers").orElseThrow());
    assertEquals("['lm_head']", NncfRtInfo.value(rt, "nncf", "weight_compression", "ignored_scope", "names")
        .orElseThrow());
    assertEquals("['q_.*']", NncfRtInfo.value(rt, "nncf", "weight_compression", "ignored_scope", "patterns")
        .orElseThrow());
    assertTrue(NncfRtInfo.value(rt, "nncf", "weight_compression", "ignored_scope", "types").isEmpty());
    assertEquals("weight_quantization_error",
        NncfRtInfo.value(rt, "nncf", "weight_compression", "sensitivity_metric").orElseThrow());
    assertEquals("int8_asym", NncfRtInfo.value(rt, "nncf", "weight_compression", "backup_mode").orElseThrow());
    assertEquals("dequantize", NncfRtInfo.value(rt, "nncf", "weight_compression", "compression_format").orElseThrow());
    assertEquals("False", NncfRtInfo.value(rt, "nncf", "weight_compression", "awq").orElseThrow());
    assertEquals("{'statistics_path': None, 'lora_adapter_rank': 256, 'group_size_fallback_mode': 'error',"
        + " 'min_adjusted_group_size': 32, 'awq_params': {'subset_size': 32, 'percent_to_apply': 0.002,"
        + " 'alpha_min': 0.0, 'alpha_max': 1.0, 'steps': 100, 'prefer_data_aware_scaling': True},"
        + " 'scale_estimation_params': {'subset_size': 64, 'initial_steps': 5, 'scale_steps': 5,"
        + " 'weight_penalty': -1.0}, 'gptq_params': {'damp_percent': 0.1, 'block_size': 128, 'subset_size': 128},"
        + " 'lora_correction_params': {'adapter_rank': 8, 'num_iterations': 3, 'apply_regularization': True,"
        + " 'subset_size': 128, 'use_int8_adapters': True}, 'backend_params': {}, 'codebook': None,"
        + " 'adaptive_codebook_params': {'value_type': 'f8e4m3', 'across_blocks': False, 'num_elements': 16}}",
        NncfRtInfo.value(rt, "nncf", "weight_compression", "advanced_parameters").orElseThrow());
    assertEquals(NncfRtInfo.NNCF_VERSION, NncfRtInfo.value(rt, "nncf", "version").orElseThrow());

    Model plain = TestModels.mlp();
    Nncf.compressWeights(plain, CompressWeightsOptions.defaults());
    assertEquals("[]", NncfRtInfo.value(plain.rtInfo(), "nncf", "weight_compression", "ignored_scope").orElseThrow());
    assertEquals("1", NncfRtInfo.value(plain.rtInfo(), "nncf", "weight_compression", "ratio").orElseThrow());
    assertEquals("-1", NncfRtInfo.value(plain.rtInfo(), "nncf", "weight_compression", "group_size").orElseThrow());

    // NNCF dumps `ratio or 1`: an explicit 1.0 stays a float, an explicit 0 becomes the int 1
    Model explicitOne = TestModels.mlp();
    Nncf.compressWeights(explicitOne, int4().ratio(1.0f).build());
    assertEquals("1.0", NncfRtInfo.value(explicitOne.rtInfo(), "nncf", "weight_compression", "ratio").orElseThrow());
    Model zero = TestModels.mlp();
    Nncf.compressWeights(zero, int4().ratio(0f).build());
    assertEquals("1", NncfRtInfo.value(zero.rtInfo(), "nncf", "weight_compression", "ratio").orElseThrow());
  }

  @Test
  void pythonFloatRepr() {
    assertEquals("0.0001", PythonRepr.floating(1e-4));
    assertEquals("1e-05", PythonRepr.floating(1e-5));
    assertEquals("2.5e-07", PythonRepr.floating(2.5e-7));
    assertEquals("1e+16", PythonRepr.floating(1e16));
    assertEquals("123.0", PythonRepr.floating(123.0));
    assertEquals("0.7", PythonRepr.floating(0.7f));
    assertEquals("\"it's\"", PythonRepr.string("it's"));
  }

  @Test
  void progressIsReportedLargestFirst() {
    List<String> events = new ArrayList<>();
    CompressionListener l = new CompressionListener() {
      @Override
      public void planned(CompressionPlan plan) {
        events.add("plan " + plan.processingOrder().size());
      }

      @Override
      public void weightCompressed(int index, int count, WeightAssignment weight, long done, long total) {
        events.add(index + "/" + count + " " + weight.site().weightName() + " " + done + "/" + total);
      }

      @Override
      public void finished(CompressionResult result) {
        events.add("done " + result.compressed().size());
      }
    };
    CompressionResult r = Nncf.compressWeights(TestModels.llm(1, 1, 1), int4().build(), l);
    assertEquals(List.of("plan 5",
        "0/5 up_proj.weight 8192/33280",
        "1/5 down_proj.weight 16384/33280",
        "2/5 model.embed_tokens.weight 22784/33280",
        "3/5 lm_head.weight 29184/33280",
        "4/5 q_proj.weight 33280/33280",
        "done 5"), events);
    assertEquals(List.of("up_proj.weight", "down_proj.weight", "model.embed_tokens.weight", "lm_head.weight",
        "q_proj.weight"), r.compressed().stream().map(CompressedWeightInfo::weightName).toList());
    CompressedWeightInfo up = r.compressed().getFirst();
    assertEquals(dev.jvino.ir.ElementType.U4, up.codeType());
    assertEquals(List.of(128L, 2L, 32L), java.util.Arrays.stream(up.codesShape()).boxed().toList());
    assertEquals("up_proj.weight/fq_weights_1/convert", up.outputNode());
    // the result points at the new codes Constant, not at the original weight data
    WeightSite site = r.plan().forWeight("up_proj.weight").orElseThrow().site();
    assertEquals(r.model().byName().get("up_proj.weight"), site.constant());
    assertEquals(dev.jvino.ir.ElementType.U4, site.constant().constantData().elementType());
    assertEquals(dev.jvino.ir.ElementType.F32, site.dtype());
  }

  @Test
  void dataAwareOptionsAreRejected() {
    Model model = TestModels.mlp();
    // AWQ / scale estimation with a float mode: NNCF's own rejection (NF4, CB4, CODEBOOK are implemented)
    ParameterNotSupportedException awq = assertThrows(ParameterNotSupportedException.class,
        () -> Nncf.compressWeights(model, CompressWeightsOptions.builder().mode(CompressWeightsMode.FP4).awq(true)
            .build()));
    assertTrue(awq.getMessage().startsWith("AWQ, Scale estimation, GPTQ or Lora Correction algorithm is defined,"),
        awq.getMessage());
    ParameterNotSupportedException ds = assertThrows(ParameterNotSupportedException.class,
        () -> Nncf.compressWeights(model, CompressWeightsOptions.builder().mode(CompressWeightsMode.MXFP4)
            .dataset(Dataset.of(List.of(1, 2))).scaleEstimation(true).build()));
    assertTrue(ds.getMessage().startsWith("AWQ, Scale estimation, GPTQ or Lora Correction algorithm is defined,"),
        ds.getMessage());
    WeightCompressor.rejectUnsupported(CompressWeightsOptions.builder().mode(CompressWeightsMode.NF4)
        .dataset(Dataset.of(List.of(1, 2))).awq(true).scaleEstimation(true).build());
    WeightCompressor.rejectUnsupported(CompressWeightsOptions.builder().mode(CompressWeightsMode.CB4).awq(true)
        .build());
    ParameterNotSupportedException adaptive = assertThrows(ParameterNotSupportedException.class,
        () -> Nncf.compressWeights(model, CompressWeightsOptions.builder()
            .mode(CompressWeightsMode.ADAPTIVE_CODEBOOK).build()));
    assertTrue(adaptive.getMessage().contains("adaptive_codebook"), adaptive.getMessage());
    // nothing was changed
    assertEquals(dev.jvino.ir.ElementType.F32, model.byName().get("fc1.weight").constantData().elementType());
  }
}
