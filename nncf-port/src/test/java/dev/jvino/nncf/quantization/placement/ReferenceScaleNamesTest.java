package dev.jvino.nncf.quantization.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.ir.Model;
import dev.jvino.nncf.QuantizationPreset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The FakeQuantize names for both presets equal the keys of NNCF's reference-scale files (NNCF's
 * test_fq_params_calculation quantizes every synthetic model with PERFORMANCE and MIXED).
 */
class ReferenceScaleNamesTest {
  private static final Map<String, Supplier<Model>> MODELS = Map.ofEntries(
      Map.entry("ComparisonBinaryModel", SyntheticModels::comparisonBinaryModel),
      Map.entry("ConvModel", SyntheticModels::convModel),
      Map.entry("ConvNotBiasModel", SyntheticModels::convNotBiasModel),
      Map.entry("DynamicModel", SyntheticModels::dynamicModel),
      Map.entry("GroupNormalizationModel", SyntheticModels::groupNormalizationModel),
      Map.entry("IntegerModel", SyntheticModels::integerModel),
      Map.entry("LSTMModel", SyntheticModels::lstmModel),
      Map.entry("LSTMSequenceModel", SyntheticModels::lstmSequenceModel),
      Map.entry("LinearModel", SyntheticModels::linearModel),
      Map.entry("MatMul2DModel", SyntheticModels::matMul2DModel),
      Map.entry("ScaleShiftReluModel", SyntheticModels::scaleShiftReluModel),
      Map.entry("SeBlockModel", SyntheticModels::seBlockModel),
      Map.entry("ShapeOfModel", SyntheticModels::shapeOfModel),
      Map.entry("SharedConvModel", SyntheticModels::sharedConvModel),
      Map.entry("UnifiedEmbeddingModel", SyntheticModels::unifiedEmbeddingModel),
      Map.entry("WeightsModel", SyntheticModels::weightsModel),
      Map.entry("YOLO26AttentionBlock", SyntheticModels::yolo26AttentionBlock));

  static Stream<Arguments> references() {
    return ReferenceGraphs.lines("reference_scale_names.txt").stream().map(line -> {
      List<String> parts = Arrays.asList(line.split(" "));
      return Arguments.of(parts.get(0), new TreeSet<>(parts.subList(1, parts.size())));
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("references")
  void namesMatchReferenceScaleKeys(String stem, TreeSet<String> expected) {
    int cut = stem.lastIndexOf('_');
    String model = stem.substring(0, cut);
    QuantizationPreset preset = QuantizationPreset.fromValue(stem.substring(cut + 1));
    Supplier<Model> builder = MODELS.get(model);
    assertEquals(true, builder != null, "no Java rebuild of " + model);
    Model m = builder.get();
    TreeSet<String> placed = new TreeSet<>(QuantizerPlacement.insertedFakeQuantizeNames(m,
        QuantizerPlacement.place(m, PlacementOptions.builder().preset(preset).build())));
    assertEquals(expected, placed);
  }
}
