package dev.jvino.nncf.quantization.smoothquant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.statistics.StatisticPoint;
import dev.jvino.nncf.statistics.StatisticsCollector;
import dev.jvino.nncf.testing.MiniJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NNCF's {@code test_smooth_quant_algo} for ConvTestModel (both alphas 0.95, subset 1, the static dataset):
 * the scale constant of the inserted Multiply is [[[[1.0723]]]] (atol 1e-4).
 */
class SmoothQuantConvTest {
  private static float[] floats(Object list) {
    List<Object> l = MiniJson.list(list);
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).floatValue();
    }
    return out;
  }

  @Test
  void convTestModelScaleMatchesNncf() throws Exception {
    Map<String, Object> f = MiniJson.obj(MiniJson.obj(MiniJson.parse(Files.readString(
        Path.of("src/test/resources/fixtures/quantization/fast_bias_correction.json")))).get("conv"));
    float[] x = floats(f.get("input"));
    float[] w = floats(f.get("weights"));
    Node in = Ops.parameter("input.1", ElementType.F32, PartialShape.of(1, 1, 4, 4));
    Node weight = Ops.constant("conv.weight", ConstantData.ofFloats(ElementType.F32, new long[] {2, 1, 2, 2}, w));
    Node conv = Ops.convolution(in.output(), weight.output(), new long[] {1, 1}, new long[] {0, 0}, new long[] {0, 0},
        new long[] {1, 1});
    conv.setName("Conv1");
    Model model = new Model("ConvTestModel", List.of(in), List.of(Ops.result(conv.output())));
    NdArray before = new ReferenceEngine().compile(model).createSession()
        .infer(List.of(NdArray.f32(new long[] {1, 1, 4, 4}, x))).get(0);

    SmoothQuant sq = new SmoothQuant(1, false, 0.95, 0.95, n -> false);
    List<StatisticPoint> points = sq.statisticPoints(model);
    assertEquals(1, points.size());
    new StatisticsCollector(new ReferenceEngine()).collect(model, points,
        Dataset.of(List.of(List.of(NdArray.f32(new long[] {1, 1, 4, 4}, x)))));
    List<SmoothQuant.Smoothing> done = sq.apply(model, points);

    assertEquals(1, done.size());
    assertEquals("input.1_0_0/nncf_smooth_quant", done.get(0).multiplyName());
    Node mul = model.node("input.1_0_0/nncf_smooth_quant").orElseThrow();
    assertEquals(mul, conv.inputNode(0));
    ConstantData scale = mul.inputNode(1).constantData();
    assertArrayEquals(new long[] {1, 1, 1, 1}, scale.shape());
    assertArrayEquals(new float[] {1.0723f}, scale.toFloatArray(), 1e-4f);
    // the weight absorbed the inverse: the model computes the same function
    float s = 1f / scale.toFloatArray()[0];
    float[] scaled = weight.constantData().toFloatArray();
    for (int i = 0; i < w.length; i++) {
      assertEquals(w[i] * s, scaled[i], 1e-6f);
    }
    NdArray after = new ReferenceEngine().compile(model).createSession()
        .infer(List.of(NdArray.f32(new long[] {1, 1, 4, 4}, x))).get(0);
    assertArrayEquals(before.toFloatArray(), after.toFloatArray(), 1e-5f);
  }

  @Test
  void negativeAlphaSkipsTheLayerType() {
    Node in = Ops.parameter("x", ElementType.F32, PartialShape.of(2, 3));
    Node mm = Ops.matMul(in.output(), Ops.constant("w", ConstantData.ofFloats(ElementType.F32, new long[] {3, 2},
        new float[6])).output(), false, false);
    Model model = new Model("m", List.of(in), List.of(Ops.result(mm.output())));
    assertTrue(new SmoothQuant(1, true, -1, 0.95, n -> false).statisticPoints(model).isEmpty());
    assertEquals(1, new SmoothQuant(1, true, 0.95, -1, n -> false).statisticPoints(model).size());
  }

  @Test
  void scaleFormulaAndClipping() {
    // a^0.5 / w^0.5: [2/1, 1/4, 10/10, 0.01/1]; the 10% quantile (linear) of those clips the smallest
    SmoothQuant.ScaleRatio r = SmoothQuant.scaleAndRatio(new float[] {4f, 1f, 100f, 1e-4f},
        new float[] {1f, 16f, 100f, 1f}, 0.5);
    float q = 0.01f + (0.25f - 0.01f) * 0.3f; // sorted [0.01, 0.25, 1, 2], position 0.3
    assertArrayEquals(new float[] {2f, 0.25f, 1f, q}, r.scale(), 1e-5f);
    assertEquals(q / 2f, r.ratio(), 1e-6);
    assertArrayEquals(new float[] {1e-5f, 3f}, SmoothQuant.clip(new float[] {0f, 3f}));
  }
}
