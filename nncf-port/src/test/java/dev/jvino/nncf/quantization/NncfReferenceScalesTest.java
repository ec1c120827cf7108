package dev.jvino.nncf.quantization;

import static dev.jvino.nncf.quantization.NncfSyntheticModels.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.nncf.QuantizationScheme;
import dev.jvino.nncf.testing.MiniJson;
import dev.jvino.nncf.testing.SharedFiles;
import dev.jvino.nncf.statistics.TargetPoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NNCF's {@code test_fq_params_calculation} for LinearModel, ConvModel, ConvNotBiasModel, DynamicModel,
 * MatMul2DModel and ScaleShiftReluModel of {@code tests/openvino/native/models.py}: the models rebuilt with
 * NNCF's weights (default_rng(0) order, fixture from tools/fixtures/gen_ptq_fixtures.py), the placement of
 * the reference graphs {@code reference_graphs/quantized/<model>.dot} written by hand (the overflow fix
 * giving the first convolution half range), MinMax only with
 * subset_size 1 and one calibration item per input ({@code default_rng(0).uniform(0, 1, shape)}), and every
 * FakeQuantize range compared with {@code 2024.1/reference_scales/*.json} at NNCF's tolerance (atol 1e-5,
 * equal shapes).
 */
class NncfReferenceScalesTest {
  // the model builders and datasets live in NncfSyntheticModels
  static final QuantizerConfig WEIGHTS = new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, true, true, true);


  /**
   * The placement of {@code quantized/WeightsModel.dot}: every activation between the weighted ops, and
   * the weights of Conv, Conv_backprop, MatMul_1 (port 1) and MatMul_0 (port 0); half range for the first
   * convolution (FIRST_LAYER), for every convolution and MatMul weight (ENABLE) or for none (DISABLE).
   */
  static QuantizerSetup weightsModelSetup(QuantizationScheme activations, String overflowFix) {
    QuantizerConfig a = new QuantizerConfig(8, activations, null, false, false);
    boolean all = overflowFix.equals("enable");
    boolean first = !overflowFix.equals("disable");
    return new QuantizerSetup(List.of(
        new QuantizationPoint(TargetPoint.postLayer("Input_1", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("Conv", 1), WEIGHTS, first),
        new QuantizationPoint(TargetPoint.postLayer("Conv", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("Conv_backprop", 1), WEIGHTS, all),
        new QuantizationPoint(TargetPoint.postLayer("Conv_backprop", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("MatMul_1", 1), WEIGHTS, all),
        new QuantizationPoint(TargetPoint.postLayer("MatMul_1", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("MatMul_0", 0), WEIGHTS, all),
        new QuantizationPoint(TargetPoint.postLayer("MatMul_0", 0), a, false)), List.of());
  }


  /**
   * The IntegerModel placement of the 2024.1 references: the embedding weight per tensor and not narrow
   * (levels 256, signed) for PERFORMANCE, per channel and narrow with its output quantized for MIXED.
   */
  static QuantizerSetup integerModelSetup(QuantizerConfig a, boolean mixed) {
    List<QuantizationPoint> p = new java.util.ArrayList<>(List.of(
        new QuantizationPoint(TargetPoint.preLayer("Gather_4", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("MatMul_2", 1), WEIGHTS, false),
        new QuantizationPoint(TargetPoint.postLayer("MatMul_2", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("MatMul_1", 1), WEIGHTS, false),
        new QuantizationPoint(TargetPoint.postLayer("MatMul_1", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("Gather_2", 0), mixed ? WEIGHTS
            : new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, true, false, false), false)));
    if (mixed) {
      p.add(new QuantizationPoint(TargetPoint.postLayer("Gather_2", 0), a, false));
    }
    return new QuantizerSetup(p, List.of());
  }


  /**
   * The Concat's inputs share one range. With PERFORMANCE the Gather's quantizer sits on its embedding
   * weight (per tensor, signed, not narrow), so the group unifies a weight and an activation; with MIXED
   * it is the Gather's output, and the embedding gets its own per-channel quantizer.
   */
  static QuantizerSetup unifiedEmbeddingSetup(QuantizerConfig a, boolean mixed) {
    TargetPoint mmOut = TargetPoint.postLayer("MatMul_1", 0);
    TargetPoint gather = mixed ? TargetPoint.postLayer("Gather_1", 0) : TargetPoint.weights("Gather_1", 0);
    QuantizerConfig unified = mixed ? a : new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, true, false, false);
    List<QuantizationPoint> p = new java.util.ArrayList<>(List.of(
        new QuantizationPoint(TargetPoint.preLayer("MatMul_1", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("MatMul_1", 1), WEIGHTS, false),
        new QuantizationPoint(mmOut, unified, false),
        new QuantizationPoint(gather, unified, false),
        new QuantizationPoint(TargetPoint.weights("MatMul_2", 1), WEIGHTS, false)));
    if (mixed) {
      p.add(new QuantizationPoint(TargetPoint.weights("Gather_1", 0), WEIGHTS, false));
    }
    return new QuantizerSetup(p, List.of(List.of(gather, mmOut)));
  }


  /**
   * NNCF's {@code test_synthetic_models_fc_scales}: UnifiedScalesModel in the FP8 modes, the Concat inputs
   * (Sin, Cos) sharing one FakeConvert scale, the convolution weights per channel, against
   * {@code 2024.3/reference_scales/UnifiedScalesModel_fp8_*.json}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"fp8_e4m3", "fp8_e5m2"})
  void fakeConvertScalesMatchNncf(String mode) {
    QuantizerConfig a = new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, null, false, false);
    TargetPoint sin = TargetPoint.postLayer("Sin", 0);
    TargetPoint cos = TargetPoint.postLayer("Cos", 0);
    QuantizerSetup setup = new QuantizerSetup(List.of(new QuantizationPoint(sin, a, false),
        new QuantizationPoint(cos, a, false), new QuantizationPoint(TargetPoint.weights("Conv", 1), WEIGHTS, false)),
        List.of(List.of(sin, cos)));
    MinMaxOptions o = MinMaxOptions.builder().subsetSize(1).compressWeights(false).engine(new ReferenceEngine())
        .mode(dev.jvino.nncf.QuantizationMode.fromValue(mode)).build();
    Model q = MinMaxQuantization.apply(unifiedScalesModel(), setup, dataset("UnifiedScalesModel"), o);
    Map<String, Object> expected = PtqFixtures.file(
        SharedFiles.file("nncf-reference/2024.3/reference_scales/UnifiedScalesModel_" + mode + ".json"));
    assertEquals(expected.size(), q.nodesOfType("FakeConvert").size());
    for (Map.Entry<String, Object> e : expected.entrySet()) {
      Node fc = q.node(e.getKey()).orElseThrow(() -> new AssertionError("no FakeConvert " + e.getKey()));
      assertEquals("FakeConvert", fc.type());
      assertEquals(mode.equals("fp8_e4m3") ? "f8e4m3" : "f8e5m2", fc.attributes().string("destination_type"));
      Map<String, Object> values = MiniJson.obj(e.getValue());
      String[] names = {"scale", "shift"};
      for (int i = 0; i < 2; i++) {
        Object want = values.get(names[i]);
        ConstantData got = fc.inputNode(i + 1).constantData();
        assertArrayEquals(PtqFixtures.nestedShape(want), got.shape(), e.getKey() + "/" + names[i]);
        double[] w = PtqFixtures.nestedValues(want);
        float[] g = got.toFloatArray();
        for (int k = 0; k < w.length; k++) {
          // NNCF's compare_stats: allclose with atol 1e-5 (and numpy's default rtol 1e-5 for these large scales)
          assertTrue(Math.abs(g[k] - w[k]) <= 1e-5 + 1e-5 * Math.abs(w[k]),
              e.getKey() + "/" + names[i] + "[" + k + "]: " + g[k] + " vs " + w[k]);
        }
      }
    }
  }

  private static final java.util.regex.Pattern DOT_NODE =
      java.util.regex.Pattern.compile("^\"(\\d+) ([^\"]+)\" \\[id=\\d+, type=(\\w+)\\];$");
  private static final java.util.regex.Pattern DOT_EDGE =
      java.util.regex.Pattern.compile("^\"(\\d+) ([^\"]+)\" -> \"(\\d+) ([^\"]+)\".*$");

  /**
   * The quantizers are wired as in NNCF's PERFORMANCE graph {@code reference_graphs/quantized/<model>.dot}
   * (newest version folder holding it): each FakeQuantize reads the same producer (any Constant for a
   * weight) and feeds the same consumers (by name, or by type for NNCF's auto-named ops such as Concat).
   */
  static void checkQuantizerWiring(Model q, String version, String model) {
    java.nio.file.Path dot = SharedFiles.root().resolve("nncf-reference/" + version + "/reference_graphs/quantized/"
        + model + ".dot");
    if (!java.nio.file.Files.exists(dot)) {
      dot = SharedFiles.file("nncf-reference/2024.1/reference_graphs/quantized/" + model + ".dot");
    }
    List<String> lines;
    try {
      lines = java.nio.file.Files.readAllLines(dot);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Map<String, String> types = new LinkedHashMap<>();
    for (String l : lines) {
      var n = DOT_NODE.matcher(l.strip());
      if (n.matches()) {
        types.put(n.group(2), n.group(3));
      }
    }
    List<String> dotQuantizers = types.entrySet().stream().filter(t -> t.getValue().equals("FakeQuantize"))
        .map(Map.Entry::getKey).sorted().toList();
    assertEquals(dotQuantizers, q.nodesOfType("FakeQuantize").stream().map(Node::name).sorted().toList(), model);
    int outputs = 0;
    for (String l : lines) {
      var e = DOT_EDGE.matcher(l.strip());
      if (!e.matches() || "Constant".equals(types.get(e.group(2)))) {
        continue; // range constants and weights: NNCF's constant names are generated
      }
      String from = e.group(2);
      String to = e.group(4);
      if ("FakeQuantize".equals(types.get(to))) {
        assertEquals(from, fq(q, to).inputNode(0).name(), model + ": input of " + to);
      } else if ("FakeQuantize".equals(types.get(from))) {
        Node fq = fq(q, from);
        var byName = q.node(to);
        boolean wired = byName.isPresent()
            ? byName.get().inputs().stream().anyMatch(in -> in.source().node() == fq)
            : fq.output().consumers().stream().anyMatch(in -> in.node().type().equals(types.get(to)));
        assertTrue(wired, model + ": " + from + " must feed " + to);
        outputs++;
      }
    }
    for (String name : dotQuantizers) {
      if (name.contains("/fq_weights_")) {
        assertEquals("Constant", fq(q, name).inputNode(0).type(), model + ": " + name + " reads a weight");
      }
    }
    assertTrue(outputs >= dotQuantizers.size(), model + ": every quantizer has a consumer edge");
  }

  private static Node fq(Model q, String name) {
    return q.node(name).orElseThrow(() -> new AssertionError("no " + name));
  }


  /** The quantizers of the reference graphs {@code quantized/<model>.dot}. */
  static QuantizerSetup setup(String model, QuantizationScheme activations) {
    QuantizerConfig a = new QuantizerConfig(8, activations, null, false, false);
    return switch (model) {
      case "LinearModel" -> new QuantizerSetup(List.of(
          new QuantizationPoint(TargetPoint.postLayer("Input", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("MatMul", 1), WEIGHTS, false)), List.of());
      case "MatMul2DModel" -> new QuantizerSetup(List.of(
          new QuantizationPoint(TargetPoint.postLayer("Input", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("MatMul", 1), WEIGHTS, false)), List.of());
      case "ScaleShiftReluModel" -> new QuantizerSetup(List.of(
          new QuantizationPoint(TargetPoint.postLayer("Input", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("MatMul", 1), WEIGHTS, false),
          new QuantizationPoint(TargetPoint.postLayer("Relu", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("MatMul2", 1), WEIGHTS, false)), List.of());
      // half range only for the first convolution reached from the input
      case "ShapeOfModel" -> new QuantizerSetup(List.of(
          new QuantizationPoint(TargetPoint.postLayer("Input", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("Conv_1", 1), WEIGHTS, true),
          new QuantizationPoint(TargetPoint.postLayer("Conv_Add_1", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("Conv_2", 1), WEIGHTS, false),
          new QuantizationPoint(TargetPoint.postLayer("Conv_Add_2", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("Conv_3", 1), WEIGHTS, false)), List.of());
      case "GroupNormalizationModel" -> new QuantizerSetup(List.of(
          new QuantizationPoint(TargetPoint.postLayer("Input_1", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("Conv", 1), WEIGHTS, true),
          new QuantizationPoint(TargetPoint.postLayer("Conv_Add", 0), a, false)), List.of());
      case "IntegerModel" -> integerModelSetup(a, activations == QuantizationScheme.ASYMMETRIC);
      case "UnifiedEmbeddingModel" -> unifiedEmbeddingSetup(a, activations == QuantizationScheme.ASYMMETRIC);
      // the SE block's inner convolutions are an ignored pattern: no quantizers there
      case "SeBlockModel" -> new QuantizerSetup(List.of(
          new QuantizationPoint(TargetPoint.postLayer("Input", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("Conv0", 1), WEIGHTS, true),
          new QuantizationPoint(TargetPoint.postLayer("Add0", 0), a, false),
          new QuantizationPoint(TargetPoint.postLayer("Sigmoid", 0), a, false),
          new QuantizationPoint(TargetPoint.postLayer("Mul", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("MatMul", 1), WEIGHTS, false)), List.of());
      case "ConvModel", "ConvNotBiasModel", "DynamicModel" -> new QuantizerSetup(List.of(
          new QuantizationPoint(TargetPoint.postLayer("Sub", 0), a, false),
          // overflow fix FIRST_LAYER: the first convolution from an input gets half range
          new QuantizationPoint(TargetPoint.weights("Conv", 1), WEIGHTS, true)), List.of());
      default -> throw new IllegalArgumentException(model);
    };
  }


  @ParameterizedTest
  @ValueSource(strings = {"2024.1/LinearModel_performance", "2024.1/LinearModel_mixed",
      "2024.1/ConvModel_performance", "2024.1/ConvModel_mixed", "2024.1/ConvNotBiasModel_performance",
      "2024.1/ConvNotBiasModel_mixed", "2024.1/DynamicModel_performance", "2024.1/DynamicModel_mixed",
      "2024.1/MatMul2DModel_performance", "2024.1/MatMul2DModel_mixed", "2024.3/ScaleShiftReluModel_performance",
      "2024.3/ScaleShiftReluModel_mixed", "2024.1/WeightsModel_performance", "2024.1/WeightsModel_mixed",
      "2024.1/WeightsModel_overflow_fix_disable", "2024.1/WeightsModel_overflow_fix_enable",
      "2024.1/WeightsModel_overflow_fix_first_layer_only", "2024.1/SeBlockModel_performance",
      "2024.1/SeBlockModel_mixed", "2024.1/ShapeOfModel_performance", "2024.1/ShapeOfModel_mixed",
      "2024.3/GroupNormalizationModel_performance", "2024.3/GroupNormalizationModel_mixed",
      "2024.1/IntegerModel_performance", "2024.1/IntegerModel_mixed",
      "2024.1/UnifiedEmbeddingModel_performance", "2024.1/UnifiedEmbeddingModel_mixed"})
  void rangesMatchNncfReferenceScales(String versionAndRef) {
    check(versionAndRef, false);
  }

  /**
   * The same references with jvino's own placement ({@code QuantizerPlacement.place} with the preset and
   * overflow fix of each file) instead of the hand-written setups: placement and MinMax together
   * reproduce NNCF's {@code test_fq_params_calculation}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"2024.1/LinearModel_performance", "2024.1/LinearModel_mixed",
      "2024.1/ConvModel_performance", "2024.1/ConvModel_mixed", "2024.1/ConvNotBiasModel_performance",
      "2024.1/ConvNotBiasModel_mixed", "2024.1/DynamicModel_performance", "2024.1/DynamicModel_mixed",
      "2024.1/MatMul2DModel_performance", "2024.1/MatMul2DModel_mixed", "2024.3/ScaleShiftReluModel_performance",
      "2024.3/ScaleShiftReluModel_mixed", "2024.1/WeightsModel_performance", "2024.1/WeightsModel_mixed",
      "2024.1/WeightsModel_overflow_fix_disable", "2024.1/WeightsModel_overflow_fix_enable",
      "2024.1/WeightsModel_overflow_fix_first_layer_only", "2024.1/SeBlockModel_performance",
      "2024.1/SeBlockModel_mixed", "2024.1/ShapeOfModel_performance", "2024.1/ShapeOfModel_mixed",
      "2024.3/GroupNormalizationModel_performance", "2024.3/GroupNormalizationModel_mixed",
      "2024.1/IntegerModel_performance", "2024.1/IntegerModel_mixed",
      "2024.1/UnifiedEmbeddingModel_performance", "2024.1/UnifiedEmbeddingModel_mixed",
      "2024.1/ComparisonBinaryModel_performance", "2024.1/ComparisonBinaryModel_mixed",
      "2024.1/SharedConvModel_performance", "2024.1/SharedConvModel_mixed",
      "2024.3/LSTMModel_performance", "2024.3/LSTMModel_mixed",
      "2024.3/LSTMSequenceModel_performance", "2024.3/LSTMSequenceModel_mixed",
      "2025.4/YOLO26AttentionBlock_performance", "2025.4/YOLO26AttentionBlock_mixed"})
  void rangesMatchNncfReferenceScalesWithJvinoPlacement(String versionAndRef) {
    check(versionAndRef, true);
  }

  /**
   * Models whose only quantized reference graph predates their reference scales: NNCF's 2024.1
   * {@code LSTMSequenceModel.dot} names the op {@code LSTMSequence_7} and quantizes its output 0, while the
   * 2024.3 scales (checked name by name below) quantize output 1 of {@code LSTMSequence}, the output the
   * model's MatMul reads.
   */
  private static final java.util.Set<String> STALE_GRAPHS = java.util.Set.of("LSTMSequenceModel");

  private static void check(String versionAndRef, boolean placed) {
    String version = versionAndRef.substring(0, versionAndRef.indexOf('/'));
    String ref = versionAndRef.substring(version.length() + 1);
    String model = ref.substring(0, ref.indexOf('_'));
    QuantizationScheme act = ref.endsWith("mixed") ? QuantizationScheme.ASYMMETRIC : QuantizationScheme.SYMMETRIC;
    Model m = switch (model) {
      case "LinearModel" -> linearModel();
      case "ConvModel" -> convModel(false);
      case "DynamicModel" -> convModel(true);
      case "ConvNotBiasModel" -> convNotBiasModel();
      case "MatMul2DModel" -> matMul2DModel(false);
      case "ScaleShiftReluModel" -> matMul2DModel(true);
      case "WeightsModel" -> weightsModel();
      case "SeBlockModel" -> seBlockModel();
      case "ShapeOfModel" -> shapeOfModel();
      case "GroupNormalizationModel" -> groupNormalizationModel();
      case "IntegerModel" -> integerModel();
      case "UnifiedEmbeddingModel" -> unifiedEmbeddingModel();
      case "ComparisonBinaryModel" -> comparisonBinaryModel();
      case "SharedConvModel" -> sharedConvModel();
      case "LSTMModel" -> lstmModel();
      case "LSTMSequenceModel" -> lstmSequenceModel();
      case "YOLO26AttentionBlock" -> yolo26AttentionBlock();
      default -> throw new IllegalArgumentException(model);
    };
    String overflow = ref.contains("overflow_fix_") ? ref.substring(ref.indexOf("overflow_fix_") + 13) : "first_layer_only";
    QuantizerSetup setup;
    if (placed) {
      setup = dev.jvino.nncf.quantization.placement.QuantizerPlacement.place(m,
          dev.jvino.nncf.quantization.placement.PlacementOptions.builder()
              .preset(ref.endsWith("mixed") ? dev.jvino.nncf.QuantizationPreset.MIXED
                  : dev.jvino.nncf.QuantizationPreset.PERFORMANCE)
              .overflowFix(dev.jvino.nncf.OverflowFix.fromValue(overflow)).build());
    } else {
      setup = model.equals("WeightsModel") ? weightsModelSetup(act, overflow) : setup(model, act);
    }
    MinMaxOptions o = MinMaxOptions.builder().subsetSize(1).compressWeights(false).engine(new ReferenceEngine()).build();
    Model q = MinMaxQuantization.apply(m, setup, dataset(model), o);
    if (ref.endsWith("_performance") && !STALE_GRAPHS.contains(model)) {
      checkQuantizerWiring(q, version, model);
    }
    Map<String, Object> expected =
        PtqFixtures.file(SharedFiles.file("nncf-reference/" + version + "/reference_scales/" + ref + ".json"));
    assertEquals(expected.size(), q.nodesOfType("FakeQuantize").size());
    for (Map.Entry<String, Object> e : expected.entrySet()) {
      Node fq = q.node(e.getKey()).orElseThrow(() -> new AssertionError("no FakeQuantize " + e.getKey()));
      assertEquals("FakeQuantize", fq.type());
      Map<String, Object> ranges = MiniJson.obj(e.getValue());
      String[] names = {"input_low", "input_high", "output_low", "output_high"};
      for (int i = 0; i < 4; i++) {
        Object want = ranges.get(names[i]);
        ConstantData got = fq.inputNode(i + 1).constantData();
        assertArrayEquals(PtqFixtures.nestedShape(want), got.shape(), e.getKey() + "/" + names[i]);
        double[] w = PtqFixtures.nestedValues(want);
        float[] g = got.toFloatArray();
        for (int k = 0; k < w.length; k++) {
          assertTrue(Math.abs(g[k] - w[k]) <= 1e-5, e.getKey() + "/" + names[i] + "[" + k + "]: " + g[k] + " vs " + w[k]);
        }
      }
    }
  }
}
