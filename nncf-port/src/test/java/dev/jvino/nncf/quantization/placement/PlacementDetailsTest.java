package dev.jvino.nncf.quantization.placement;

import dev.jvino.nncf.QuantizationParameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.Model;
import dev.jvino.nncf.IgnoredScope;
import dev.jvino.nncf.ModelType;
import dev.jvino.nncf.OverflowFix;
import dev.jvino.nncf.ParameterNotSupportedException;
import dev.jvino.nncf.QuantizationMode;
import dev.jvino.nncf.QuantizationPreset;
import dev.jvino.nncf.QuantizationScheme;
import dev.jvino.nncf.QuantizerPropagationRule;
import dev.jvino.nncf.TargetDevice;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.quantization.QuantizationPoint;
import dev.jvino.nncf.quantization.QuantizerConfig;
import dev.jvino.nncf.quantization.QuantizerSetup;
import dev.jvino.nncf.statistics.TargetPoint;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Configurations, half range, unified scales, device/model-type passes and option validation. */
class PlacementDetailsTest {
  private static final QuantizerConfig ACT_SYM = new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, null, false,
      false);
  private static final QuantizerConfig ACT_ASYM = new QuantizerConfig(8, QuantizationScheme.ASYMMETRIC, null,
      false, false);
  private static final QuantizerConfig WEIGHT = new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, true, true,
      true);

  private static Map<String, QuantizationPoint> byName(QuantizerSetup s) {
    return s.points().stream().collect(Collectors.toMap(QuantizationPoint::fakeQuantizeName, p -> p));
  }

  @Test
  void performanceUsesSymmetricActivationsAndNarrowPerChannelWeights() {
    Map<String, QuantizationPoint> p = byName(QuantizerPlacement.place(SyntheticModels.linearModel(),
        PlacementOptions.defaults()));
    assertEquals(ACT_SYM, p.get("Input/fq_output_0").config());
    assertEquals(WEIGHT, p.get("MatMul/fq_weights_1").config());
    assertEquals(255, p.get("MatMul/fq_weights_1").config().levels());
    assertEquals(256, p.get("Input/fq_output_0").config().levels());
  }

  @Test
  void mixedUsesAsymmetricActivationsAndKeepsSymmetricWeights() {
    Map<String, QuantizationPoint> p = byName(QuantizerPlacement.place(SyntheticModels.linearModel(),
        PlacementOptions.builder().preset(QuantizationPreset.MIXED).build()));
    assertEquals(ACT_ASYM, p.get("Input/fq_output_0").config());
    assertEquals(WEIGHT, p.get("MatMul/fq_weights_1").config());
  }

  @Test
  void depthwiseConvolutionInputIsPerChannel() {
    Map<String, QuantizationPoint> p = byName(QuantizerPlacement.place(SyntheticModels.depthwiseConvModel(4),
        PlacementOptions.defaults()));
    assertEquals(new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, null, true, false),
        p.get("Input_1/fq_output_0").config());
  }

  /** The weights whose reference range is doubled (relative to DISABLE) are exactly the half-range ones. */
  @ParameterizedTest
  @EnumSource(OverflowFix.class)
  void overflowFixMatchesReferenceScales(OverflowFix fix) {
    QuantizerSetup s = QuantizerPlacement.place(SyntheticModels.weightsModel(),
        PlacementOptions.builder().overflowFix(fix).build());
    String base = ReferenceGraphs.text("WeightsModel_overflow_fix_disable.json");
    String ref = ReferenceGraphs.text("WeightsModel_overflow_fix_" + fix.value() + ".json");
    Set<String> doubled = new TreeSet<>();
    Set<String> half = new TreeSet<>();
    for (QuantizationPoint q : s.points()) {
      if (!q.isWeight()) {
        continue;
      }
      String n = q.fakeQuantizeName();
      double ratio = ReferenceGraphs.firstValue(ref, n, "input_low") / ReferenceGraphs.firstValue(base, n,
          "input_low");
      assertTrue(Math.abs(ratio - 1) < 1e-6 || Math.abs(ratio - 2) < 1e-6, n + " ratio " + ratio);
      if (Math.abs(ratio - 2) < 1e-6) {
        doubled.add(n);
      }
      if (q.halfRange()) {
        half.add(n);
      }
    }
    assertEquals(doubled, half);
    int expected = switch (fix) {
      case ENABLE -> 4;
      case FIRST_LAYER -> 1;
      case DISABLE -> 0;
    };
    assertEquals(expected, half.size());
  }

  @Test
  void embeddingWeightsShareTheScaleOfTheOtherConcatInput() {
    QuantizerSetup s = QuantizerPlacement.place(SyntheticModels.unifiedEmbeddingModel(), PlacementOptions.defaults());
    assertEquals(List.of(Set.of(TargetPoint.postLayer("MatMul_1", 0), TargetPoint.weights("Gather_1", 0))),
        s.unifiedScaleGroups().stream().map(Set::copyOf).toList());
    QuantizerConfig shared = new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, true, false, false);
    assertEquals(shared, byName(s).get("Gather_1/fq_weights_0").config());
    assertEquals(shared, byName(s).get("MatMul_1/fq_output_0").config());
  }

  @Test
  void concatInputsBeforeConvolutionShareOneScale() {
    QuantizerSetup s = QuantizerPlacement.place(SyntheticModels.unifiedScalesModel(), PlacementOptions.defaults());
    assertEquals(new TreeSet<>(List.of("Conv/fq_weights_1", "Cos/fq_output_0", "Sin/fq_output_0")),
        new TreeSet<>(s.fakeQuantizeNames()));
    assertEquals(List.of(Set.of(TargetPoint.postLayer("Sin", 0), TargetPoint.postLayer("Cos", 0))),
        s.unifiedScaleGroups().stream().map(Set::copyOf).toList());
  }

  @Test
  void fp8ModePlacesTheSameTargetsAsNncfFakeConverts() {
    QuantizerSetup s = QuantizerPlacement.place(SyntheticModels.unifiedScalesModel(),
        PlacementOptions.builder().mode(QuantizationMode.FP8_E4M3).build());
    // reference_scales/UnifiedScalesModel_fp8_e4m3.json holds Sin/fc_output_0, Cos/fc_output_0, Conv/fc_weights_1
    assertEquals(Set.of(TargetPoint.postLayer("Sin", 0), TargetPoint.postLayer("Cos", 0),
        TargetPoint.weights("Conv", 1)), s.points().stream().map(QuantizationPoint::target).collect(
            Collectors.toSet()));
    assertTrue(s.points().stream().noneMatch(QuantizationPoint::halfRange), "FP8 disables the overflow fix");
  }

  @Test
  void sprPassDropsTheQuantizerOfTheLargerAddInput() {
    Model m = SyntheticModels.twoBranchAddModel();
    Set<String> cpu = new TreeSet<>(QuantizerPlacement.place(m, PlacementOptions.defaults()).fakeQuantizeNames());
    assertTrue(cpu.containsAll(List.of("Sigmoid_a/fq_output_0", "Sigmoid_b/fq_output_0")), cpu.toString());
    Set<String> spr = new TreeSet<>(QuantizerPlacement.place(m,
        PlacementOptions.builder().targetDevice(TargetDevice.CPU_SPR).build()).fakeQuantizeNames());
    Set<String> expected = new TreeSet<>(cpu);
    expected.remove("Sigmoid_a/fq_output_0");
    assertEquals(expected, spr);
  }

  @Test
  void transformerForcesSymmetricInputsOfMatMulsWithoutWeights() {
    Model m = SyntheticModels.parallelEdgesOutputPortIdModel();
    QuantizerSetup mixed = QuantizerPlacement.place(m, PlacementOptions.builder()
        .preset(QuantizationPreset.MIXED).build());
    QuantizerSetup transformer = QuantizerPlacement.place(m, PlacementOptions.builder()
        .modelType(ModelType.TRANSFORMER).build());
    assertEquals(List.of("Input/fq_output_0"), mixed.fakeQuantizeNames());
    assertEquals(ACT_ASYM, mixed.points().get(0).config());
    // the transformer default preset is MIXED too, but both consumers are MatMuls without constant weights
    assertEquals(List.of("Input/fq_output_0"), transformer.fakeQuantizeNames());
    assertEquals(ACT_SYM, transformer.points().get(0).config());
  }

  @Test
  void transformerIgnoresTheAttentionOutputMatMul() {
    Set<String> names = new TreeSet<>(QuantizerPlacement.place(SyntheticModels.yolo26AttentionBlock(),
        PlacementOptions.builder().modelType(ModelType.TRANSFORMER).build()).fakeQuantizeNames());
    assertTrue(!names.contains("SoftMax/fq_output_0"), names.toString());
  }

  @Test
  void sdpaInputsAreSymmetricEvenWithMixedPreset() {
    QuantizerSetup s = QuantizerPlacement.place(SyntheticModels.scaledDotProductAttentionModel(),
        PlacementOptions.builder().preset(QuantizationPreset.MIXED).build());
    assertEquals(2, s.points().size());
    s.points().forEach(q -> assertEquals(ACT_SYM, q.config()));
  }

  @Test
  void userWeightParametersNarrowTheChoice() {
    Map<String, QuantizationPoint> p = byName(QuantizerPlacement.place(SyntheticModels.linearModel(),
        PlacementOptions.builder().weights(new QuantizationParameters(null, null, null, false, null)).build()));
    assertEquals(new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, true, false, true),
        p.get("MatMul/fq_weights_1").config());
  }

  @Test
  void impossibleActivationParametersNameTheOp() {
    ValidationException e = assertThrows(ValidationException.class, () -> QuantizerPlacement.place(
        SyntheticModels.linearModel(),
        PlacementOptions.builder().activations(new QuantizationParameters(null, null, null, true, null)).build()));
    assertTrue(e.getMessage().contains("Add") || e.getMessage().contains("MatMul"), e.getMessage());
  }

  @Test
  void ignoredScopeNameThatMatchesNothingIsAnError() {
    ValidationException e = assertThrows(ValidationException.class, () -> QuantizerPlacement.place(
        SyntheticModels.linearModel(),
        PlacementOptions.builder().ignoredScope(IgnoredScope.builder().names("NoSuchOp").build()).build()));
    assertTrue(e.getMessage().contains("NoSuchOp"), e.getMessage());
  }

  @Test
  void ignoredMatMulKeepsItsWeightsAndInputsUnquantized() {
    QuantizerSetup s = QuantizerPlacement.place(SyntheticModels.linearModel(),
        PlacementOptions.builder().ignoredScope(IgnoredScope.builder().names("MatMul").build()).build());
    // the Add's own quantizer then has a constant operand and no other consumer to merge with: NNCF drops it
    assertEquals(List.of(), s.fakeQuantizeNames());
  }

  @Test
  void doNotMergeBranchesKeepsOneQuantizerPerConsumer() {
    QuantizerSetup s = QuantizerPlacement.place(SyntheticModels.linearModel(),
        PlacementOptions.builder().propagationRule(QuantizerPropagationRule.DO_NOT_MERGE_BRANCHES).build());
    assertEquals(new TreeSet<>(List.of("MatMul/fq_input_0", "MatMul/fq_weights_1"))
        , new TreeSet<>(s.fakeQuantizeNames()));
  }

  @Test
  void fp8RejectsOptionsNncfRejects() {
    assertThrows(ParameterNotSupportedException.class, () -> PlacementOptions.builder()
        .mode(QuantizationMode.FP8_E4M3).preset(QuantizationPreset.MIXED).build());
    assertThrows(ParameterNotSupportedException.class, () -> PlacementOptions.builder()
        .mode(QuantizationMode.FP8_E5M2).overflowFix(OverflowFix.ENABLE).build());
    assertThrows(ParameterNotSupportedException.class, () -> PlacementOptions.builder()
        .mode(QuantizationMode.FP8_E5M2).targetDevice(TargetDevice.CPU_SPR).build());
    assertThrows(ParameterNotSupportedException.class, () -> PlacementOptions.builder()
        .mode(QuantizationMode.FP8_E5M2).quantizeOutputs(true).build());
    assertThrows(ParameterNotSupportedException.class, () -> QuantizerPlacement.place(
        SyntheticModels.linearModel(), PlacementOptions.builder().targetDevice(TargetDevice.GPU).build()));
  }

  @Test
  void postProcessingAfterTopKStaysInFloatingPoint() {
    Set<String> plain = new TreeSet<>(QuantizerPlacement.place(SyntheticModels.postProcessingModel(false),
        PlacementOptions.defaults()).fakeQuantizeNames());
    assertEquals(new TreeSet<>(List.of("Conv/fq_weights_1", "Input/fq_output_0", "Relu/fq_output_0")), plain);
    Set<String> topK = new TreeSet<>(QuantizerPlacement.place(SyntheticModels.postProcessingModel(true),
        PlacementOptions.defaults()).fakeQuantizeNames());
    assertEquals(new TreeSet<>(List.of("Conv/fq_weights_1", "Input/fq_output_0")), topK);
  }

  /**
   * No NNCF reference covers quantize_outputs; this follows its rules: each Result gets a default quantizer that
   * rises to the producing op's output, and the branch at the Reshape may now be merged across the outputs.
   */
  @Test
  void quantizeOutputsAddsOutputQuantizers() {
    QuantizerSetup s = QuantizerPlacement.place(SyntheticModels.linearModel(),
        PlacementOptions.builder().quantizeOutputs(true).build());
    assertEquals(new TreeSet<>(List.of("Add/fq_output_0", "Input/fq_output_0", "MatMul/fq_output_0",
        "MatMul/fq_weights_1")), new TreeSet<>(s.fakeQuantizeNames()));
    assertEquals(ACT_SYM, byName(s).get("MatMul/fq_output_0").config());
  }

  @Test
  void deepChainsNeedNoDeepRecursion() {
    dev.jvino.ir.Node in = ModelKit.param("Input", 1, 3, 8, 8);
    dev.jvino.ir.Output x = in.output();
    for (int i = 0; i < 1500; i++) {
      dev.jvino.ir.Node conv = ModelKit.op("Convolution", "Conv_" + i, ModelKit.s(1, 3, 8, 8), x,
          ModelKit.constant("W_" + i, 3, 3, 1, 1));
      x = ModelKit.op("Relu", "Relu_" + i, ModelKit.s(1, 3, 8, 8), conv.output()).output();
    }
    Model m = new Model("Deep", List.of(in), List.of(ModelKit.result("Result", x)));
    QuantizerSetup s = QuantizerPlacement.place(m, PlacementOptions.defaults());
    // one input/activation quantizer per Convolution and one weight quantizer each
    assertEquals(3000, s.points().size());
    assertEquals(1, s.points().stream().filter(QuantizationPoint::halfRange).count());
  }

  /** No NNCF PTQ reference covers SAM-PE; by its rules the pattern is ignored for transformers only. */
  @Test
  void samPositionalEmbeddingIsIgnoredForTransformers() {
    assertEquals(new TreeSet<>(List.of("MatMul/fq_weights_1", "inp/fq_output_0")), new TreeSet<>(QuantizerPlacement
        .place(SyntheticModels.samPeModel(), PlacementOptions.defaults()).fakeQuantizeNames()));
    assertEquals(List.of(), QuantizerPlacement.place(SyntheticModels.samPeModel(),
        PlacementOptions.builder().modelType(ModelType.TRANSFORMER).build()).fakeQuantizeNames());
  }

  /**
   * Rule-derived (no NNCF reference): a depthwise and a plain Convolution share an input. Their allowed lists
   * differ (per-channel first vs per-tensor only), so MERGE_ALL_IN_ONE merges on the common per-tensor config
   * while MERGE_IF_ALL_BRANCHES_SAME keeps one quantizer per consumer.
   */
  @Test
  void propagationRulesDecideWhetherDifferentBranchesMerge() {
    java.util.function.Supplier<Model> model = () -> {
      dev.jvino.ir.Node in = ModelKit.param("Input", 1, 3, 5, 5);
      dev.jvino.ir.Node dw = ModelKit.op("GroupConvolution", "DW", ModelKit.s(1, 3, 5, 5), in.output(),
          ModelKit.constant("W_dw", 3, 1, 1, 1, 1));
      dev.jvino.ir.Node conv = ModelKit.op("Convolution", "C", ModelKit.s(1, 3, 5, 5), in.output(),
          ModelKit.constant("W_c", 3, 3, 1, 1));
      return new Model("TwoConvs", List.of(in),
          List.of(ModelKit.result("R1", dw.output()), ModelKit.result("R2", conv.output())));
    };
    QuantizerSetup all = QuantizerPlacement.place(model.get(), PlacementOptions.defaults());
    assertEquals(new TreeSet<>(List.of("C/fq_weights_1", "DW/fq_weights_1", "Input/fq_output_0")),
        new TreeSet<>(all.fakeQuantizeNames()));
    assertEquals(ACT_SYM, byName(all).get("Input/fq_output_0").config());
    QuantizerSetup same = QuantizerPlacement.place(model.get(),
        PlacementOptions.builder().propagationRule(QuantizerPropagationRule.MERGE_IF_ALL_BRANCHES_SAME).build());
    Map<String, QuantizationPoint> p = byName(same);
    assertEquals(new TreeSet<>(List.of("C/fq_input_0", "C/fq_weights_1", "DW/fq_input_0", "DW/fq_weights_1")),
        new TreeSet<>(p.keySet()));
    assertEquals(new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, null, true, false),
        p.get("DW/fq_input_0").config());
    assertEquals(ACT_SYM, p.get("C/fq_input_0").config());
  }
}
