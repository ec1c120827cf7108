package dev.jvino.nncf.quantization.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.ir.Model;
import dev.jvino.nncf.IgnoredScope;
import dev.jvino.nncf.ModelType;
import dev.jvino.nncf.quantization.QuantizerSetup;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The FakeQuantize names the placement produces equal, in both directions, those of NNCF's reference graphs
 * for its synthetic models (PERFORMANCE preset, defaults otherwise, as in NNCF's test_graphs.py).
 */
class QuantizerPlacementTest {
  static Stream<Arguments> syntheticModels() {
    return Stream.of(
        Arguments.of("LinearModel", (Supplier<Model>) SyntheticModels::linearModel),
        Arguments.of("ConvModel", (Supplier<Model>) SyntheticModels::convModel),
        Arguments.of("ConvNotBiasModel", (Supplier<Model>) SyntheticModels::convNotBiasModel),
        Arguments.of("DynamicModel", (Supplier<Model>) SyntheticModels::dynamicModel),
        Arguments.of("WeightsModel", (Supplier<Model>) SyntheticModels::weightsModel),
        Arguments.of("MatMul2DModel", (Supplier<Model>) SyntheticModels::matMul2DModel),
        Arguments.of("ScaleShiftReluModel", (Supplier<Model>) SyntheticModels::scaleShiftReluModel),
        Arguments.of("ComparisonBinaryModel", (Supplier<Model>) SyntheticModels::comparisonBinaryModel),
        Arguments.of("ShapeOfModel", (Supplier<Model>) SyntheticModels::shapeOfModel),
        Arguments.of("SeBlockModel", (Supplier<Model>) SyntheticModels::seBlockModel),
        Arguments.of("UnifiedEmbeddingModel", (Supplier<Model>) SyntheticModels::unifiedEmbeddingModel),
        Arguments.of("GroupNormalizationModel", (Supplier<Model>) SyntheticModels::groupNormalizationModel),
        Arguments.of("SharedConvModel", (Supplier<Model>) SyntheticModels::sharedConvModel),
        Arguments.of("DepthwiseConv3DModel", (Supplier<Model>) () -> SyntheticModels.depthwiseConvModel(3)),
        Arguments.of("DepthwiseConv4DModel", (Supplier<Model>) () -> SyntheticModels.depthwiseConvModel(4)),
        Arguments.of("DepthwiseConv5DModel", (Supplier<Model>) () -> SyntheticModels.depthwiseConvModel(5)),
        Arguments.of("LSTMModel", (Supplier<Model>) SyntheticModels::lstmModel),
        Arguments.of("GRUSequenceModel_linear_before_reset_T",
            (Supplier<Model>) () -> SyntheticModels.gruSequenceModel(true)),
        Arguments.of("GRUSequenceModel_linear_before_reset_F",
            (Supplier<Model>) () -> SyntheticModels.gruSequenceModel(false)),
        Arguments.of("IfModel_main", (Supplier<Model>) SyntheticModels::ifModel),
        Arguments.of("scaled_dot_product_attention",
            (Supplier<Model>) SyntheticModels::scaledDotProductAttentionModel),
        Arguments.of("YOLO26AttentionBlock", (Supplier<Model>) SyntheticModels::yolo26AttentionBlock),
        Arguments.of("IntegerModel", (Supplier<Model>) SyntheticModels::integerModel));
  }

  static TreeSet<String> placedNames(Model model, PlacementOptions options) {
    QuantizerSetup setup = QuantizerPlacement.place(model, options);
    return new TreeSet<>(QuantizerPlacement.insertedFakeQuantizeNames(model, setup));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("syntheticModels")
  void fakeQuantizeNamesMatchReferenceGraph(String reference, Supplier<Model> model) {
    assertEquals(ReferenceGraphs.fakeQuantizeNames(reference), placedNames(model.get(), PlacementOptions.defaults()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transformerModels")
  void transformerModelsMatchReferenceGraph(String reference, Supplier<Model> model) {
    PlacementOptions o = PlacementOptions.builder().modelType(ModelType.TRANSFORMER)
        .preset(dev.jvino.nncf.QuantizationPreset.PERFORMANCE).build();
    assertEquals(ReferenceGraphs.fakeQuantizeNames(reference), placedNames(model.get(), o));
  }

  static Stream<Arguments> transformerModels() {
    return Stream.of(
        Arguments.of("MatmulSoftmaxMatmulBlock", (Supplier<Model>) SyntheticModels::matmulSoftmaxMatmulBlock),
        Arguments.of("RoPEModel", (Supplier<Model>) SyntheticModels::ropeModel));
  }

  @org.junit.jupiter.api.Test
  void parallelEdgesWithSplitIgnoredQuantizeEachConsumerInput() {
    PlacementOptions o = PlacementOptions.builder().ignoredScope(IgnoredScope.builder().types("Split").build())
        .build();
    assertEquals(ReferenceGraphs.fakeQuantizeNames("ParallelEdgesOutputPortIdModel"),
        placedNames(SyntheticModels.parallelEdgesOutputPortIdModel(), o));
  }

  @org.junit.jupiter.api.Test
  void lstmSequenceMatchesReferenceScaleNames() {
    assertEquals(new TreeSet<>(ReferenceGraphs.lines("LSTMSequenceModel_performance.keys")),
        placedNames(SyntheticModels.lstmSequenceModel(), PlacementOptions.defaults()));
  }

  @org.junit.jupiter.api.Test
  void ifBodiesArePlacedOneByOne() {
    Model m = SyntheticModels.ifModel();
    dev.jvino.ir.Node iff = m.node("If_72").orElseThrow();
    for (int body = 0; body < 2; body++) {
      Model b = iff.bodies().get(body).body();
      TreeSet<String> names = new TreeSet<>(QuantizerPlacement.insertedFakeQuantizeNames(b,
          QuantizerPlacement.placeBody(iff, body, PlacementOptions.defaults())));
      // NNCF's If test compresses weight quantizers, so Conv/fq_weights_1 is a Multiply in the reference
      TreeSet<String> expected = new TreeSet<>();
      ReferenceGraphs.nodeTypes(body == 0 ? "IfModel_then" : "IfModel_else").forEach((n, t) -> {
        if (t.equals("FakeQuantize") || n.contains("/fq_weights_")) {
          expected.add(n);
        }
      });
      assertEquals(List.of("Conv/fq_weights_1", "Sub/fq_output_0"), List.copyOf(expected));
      assertEquals(expected, names);
    }
  }

  /** FakeQuantize names plus weight quantizers that NNCF's If test compressed into Multiply ops. */
  private static TreeSet<String> referenceWithCompressedWeights(String reference) {
    TreeSet<String> expected = new TreeSet<>();
    ReferenceGraphs.nodeTypes(reference).forEach((n, t) -> {
      if (t.equals("FakeQuantize") || n.contains("/fq_weights_")) {
        expected.add(n);
      }
    });
    return expected;
  }

  @org.junit.jupiter.api.Test
  void ifModelWithIgnoredScopeIsPlacedGraphByGraph() {
    Model m = SyntheticModels.ifModel2();
    PlacementOptions o = PlacementOptions.builder().ignoredScope(IgnoredScope.builder().names("MatMul").build())
        .build();
    java.util.Map<String, QuantizerSetup> all = QuantizerPlacement.placeWithIfBodies(m, o);
    assertEquals(List.of("", "If_19/then_body", "If_19/else_body"), List.copyOf(all.keySet()));
    String[] refs = {"IfModel_2_ignored_scope_main", "IfModel_2_ignored_scope_then",
        "IfModel_2_ignored_scope_else"};
    Model[] graphs = {m, m.node("If_19").orElseThrow().bodies().get(0).body(),
        m.node("If_19").orElseThrow().bodies().get(1).body()};
    int i = 0;
    for (QuantizerSetup s : all.values()) {
      assertEquals(referenceWithCompressedWeights(refs[i]),
          new TreeSet<>(QuantizerPlacement.insertedFakeQuantizeNames(graphs[i], s)), refs[i]);
      i++;
    }
    assertEquals(List.of("Conv/fq_weights_1", "Sub/fq_output_0"),
        List.copyOf(referenceWithCompressedWeights(refs[1])));
  }

  @org.junit.jupiter.api.Test
  void ifBodiesStillRejectAScopeRuleThatMatchesNoGraph() {
    PlacementOptions o = PlacementOptions.builder().ignoredScope(IgnoredScope.builder().names("Nowhere").build())
        .build();
    org.junit.jupiter.api.Assertions.assertThrows(dev.jvino.nncf.ValidationException.class,
        () -> QuantizerPlacement.placeWithIfBodies(SyntheticModels.ifModel2(), o));
  }
}
