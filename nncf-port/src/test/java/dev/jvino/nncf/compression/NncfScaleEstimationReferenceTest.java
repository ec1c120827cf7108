package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.AdvancedCompressionParameters.ScaleEstimationParameters;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.statistics.WeightCompressionStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NNCF's {@code test_scale_estimation} (tests/cross_fw/test_templates/template_test_weights_compression.py, OpenVINO
 * references in tests/openvino/native/quantization/test_weights_compression.py, non-transposed, non-MoE): the
 * {@code MatMul} model (input [1,4,8], weights arange(128) as [16,8], transpose_b), INT4_ASYM group 8, a dataset
 * of {@code arange(32) + i}; "full" collects 1 sample with SE subset 1, "sampled" collects 2 with SE subset 1.
 * The statistics come from jvino's own statistics pass on the reference engine.
 */
class NncfScaleEstimationReferenceTest {
  private static final float[] FULL = {0.473328f, 0.929023f, 1.446527f, 1.920595f, 2.517054f, 3.030102f, 3.584279f,
      4.043509f, 4.620008f, 5.165322f, 5.710637f, 6.122581f, 6.655914f, 7.237174f, 7.722580f, 8.255914f};
  private static final float[] SAMPLED = {0.47344488f, 0.9287766f, 1.4463282f, 1.920052f, 2.5167778f, 3.02987f,
      3.5842714f, 4.0429296f, 4.619769f, 5.165224f, 5.7106786f, 6.121212f, 6.654546f, 7.2366524f, 7.7212124f,
      8.254545f};

  static Model matMul() {
    return matMul(false);
  }

  /** NNCF's MatMul model; {@code transposeA}: Transpose(0, 2, 1) of the input and MatMul(transpose_a=True). */
  static Model matMul(boolean transposeA) {
    Node input = Ops.parameter("Input", ElementType.F32, PartialShape.of(1, 4, 8));
    Node act = transposeA ? Ops.transpose(input.output(), 0, 2, 1) : input;
    float[] w = new float[128];
    for (int i = 0; i < w.length; i++) {
      w[i] = i;
    }
    Node weights = Ops.constant("Weights", ConstantData.ofFloats(ElementType.F32, new long[] {16, 8}, w));
    Node mm = TestModels.named(Ops.matMul(act.output(), weights.output(), transposeA, true), "MatMul");
    return new Model("MLP_Model", List.of(input), List.of(TestModels.named(Ops.result(mm.output()), "Result")));
  }

  @Test
  void fullFlow() {
    check(1, FULL);
  }

  @Test
  void sampledFlow() {
    check(2, SAMPLED);
  }

  /** NNCF's transpose_a variant has the same references: the means are taken over every axis but axis 1. */
  @Test
  void transposedActivationsGiveTheSameScales() {
    check(true, 1, FULL);
    check(true, 2, SAMPLED);
  }

  private static void check(int subsetSize, float[] reference) {
    check(false, subsetSize, reference);
  }

  private static void check(boolean transposeA, int subsetSize, float[] reference) {
    Model model = matMul(transposeA);
    List<NdArray> items = new ArrayList<>();
    for (int i = 0; i < subsetSize; i++) {
      float[] v = new float[32];
      for (int k = 0; k < 32; k++) {
        v[k] = k + i;
      }
      items.add(NdArray.f32(new long[] {1, 4, 8}, v));
    }
    ActivationStatistics stats = ActivationStatistics.collect(model, Dataset.of(items), null, true, subsetSize,
        new ReferenceEngine());
    WeightCompressionStats ws = stats.means().get("MatMul");
    assertNotNull(ws);
    int seSubset = subsetSize == 2 ? 1 : subsetSize;
    WeightCompressionStats.Processed p = ws.process(seSubset, transposeA ? 1 : -1);
    float[] w = model.node("Weights").orElseThrow().constantData().toFloatArray();
    ScaleEstimation.Result r = ScaleEstimation.estimate(w, new long[] {16, 8}, 1, CompressWeightsMode.INT4_ASYM, 8,
        p.s().toFloatArray(), p.x().toFloatArray(), (int) p.x().shape()[1],
        new ScaleEstimationParameters(seSubset, 5, 5, -1.0));
    assertEquals(16, r.scale().length);
    for (int i = 0; i < 16; i++) {
      assertEquals(reference[i], r.scale()[i], 1e-5 * Math.abs(reference[i]) + 1e-6, "scale " + i);
    }
  }
}
