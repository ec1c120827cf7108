package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.SensitivityMetric;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * NNCF's {@code test_data_based_criterion} (cross-framework weight-compression template): its
 * IdentityMatmul model (input [1,3,3], weights eye(3)*255, transpose_b), one activation
 * {@code [[[-4, 1, 2], [0, 0, 0], [0, 0, 0]]]}, INT4_ASYM, ratio 0.5, group size 1, all layers. The
 * activation score and the full score of the weight must equal NNCF's reference values (rel 1e-5).
 */
class NncfDataBasedCriterionTest {
  private static final double MAX_VAR = 3.555555;
  private static final double MEAN_VAR = 1.555555;
  private static final double MEAN_MAX = 2.333333;
  private static final double HESSIAN_TRACE = (16 + 1 + 4) * 2 / 9.0;
  private static final double MAX_BASELINE_SCORE = 1 / 1.1920928955078125e-07;

  private static Model identityMatmul() {
    Node input = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(1, 3, 3));
    float[] eye = new float[9];
    for (int i = 0; i < 3; i++) {
      eye[i * 4] = 255f;
    }
    Node weights = Ops.constant("weights", ConstantData.ofFloats(ElementType.F32, new long[] {3, 3}, eye));
    Node matmul = Ops.matMul(input.output(), weights.output(), false, true);
    matmul.setName("MatMul");
    Node result = Ops.result(matmul.output());
    result.setName("Result");
    return new Model("IdentityMatmul", List.of(input), List.of(result));
  }

  @ParameterizedTest
  @EnumSource(value = SensitivityMetric.class, names = {"HESSIAN_INPUT_ACTIVATION", "MEAN_ACTIVATION_MAGNITUDE",
      "MEAN_ACTIVATION_VARIANCE", "MAX_ACTIVATION_VARIANCE"})
  void scoresEqualNncfsReferences(SensitivityMetric metric) {
    double refAct = switch (metric) {
      case HESSIAN_INPUT_ACTIVATION -> HESSIAN_TRACE;
      case MEAN_ACTIVATION_MAGNITUDE -> MEAN_MAX;
      case MEAN_ACTIVATION_VARIANCE -> MEAN_VAR;
      default -> MAX_VAR;
    };
    double refScore = metric == SensitivityMetric.HESSIAN_INPUT_ACTIVATION ? 0 : refAct * MAX_BASELINE_SCORE;
    Model model = identityMatmul();
    NdArray activation = NdArray.f32(new long[] {1, 3, 3}, -4, 1, 2, 0, 0, 0, 0, 0, 0);
    Dataset<Map<String, NdArray>> data = Dataset.of(List.of(Map.of("Input_1", activation)));
    CompressWeightsOptions options = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM)
        .ratio(0.5f).groupSize(1).dataset(data).sensitivityMetric(metric).allLayers(true).build();

    ActivationSensitivity sensitivity = ActivationSensitivity.collect(model, data, metric, 128, new ReferenceEngine());
    WeightSite site = new WeightCompressor(options, CompressionListener.NONE, ReferenceEngine::new).plan(model)
        .assignments().getFirst().site();
    assertEquals(refAct, sensitivity.activationScore("MatMul"), 1e-5 * refAct + 1e-8, "activation score");
    assertEquals(refScore, sensitivity.score(site), 1e-5 * refScore + 1e-8, "score");
  }
}
