package dev.jvino.nncf.quantization.bias;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Models;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.statistics.StatisticPoint;
import dev.jvino.nncf.statistics.StatisticsCollector;
import dev.jvino.nncf.testing.MiniJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * FastBiasCorrection on NNCF's own test models (tests/cross_fw/test_templates/helpers.py ConvTestModel and
 * FCTestModel, exported as OpenVINO builds them: Convolution/MatMul + Add), quantized as MinMax does with
 * overflow fix off (per-channel symmetric narrow 8-bit weights, an 8-bit input quantizer), on NNCF's
 * static dataset. NNCF's {@code test_update_bias} asserts the biases below at atol 1e-4.
 */
class FastBiasCorrectionTest {
  private static final Path FIXTURE = Path.of("src/test/resources/fixtures/quantization/fast_bias_correction.json");

  static Map<String, Object> fixture(String key) throws IOException {
    return MiniJson.obj(MiniJson.obj(MiniJson.parse(Files.readString(FIXTURE))).get(key));
  }

  static float[] floats(Map<String, Object> o, String key) {
    List<Object> l = MiniJson.list(o.get(key));
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).floatValue();
    }
    return out;
  }

  private static Node constant(String name, long[] shape, float... v) {
    return Ops.constant(name, ConstantData.ofFloats(ElementType.F32, shape, v));
  }

  /** ConvTestModel: 1->2 channels, 2x2 kernel, bias [0.1, 1.0]. */
  static Model convModel(float[] weights) {
    Node x = Ops.parameter("input.1", ElementType.F32, PartialShape.of(1, 1, 4, 4));
    Node w = constant("conv.weight", new long[] {2, 1, 2, 2}, weights);
    Node conv = Ops.convolution(x.output(), w.output(), new long[] {1, 1}, new long[] {0, 0}, new long[] {0, 0},
        new long[] {1, 1});
    conv.setName("conv");
    Node add = Ops.add(conv.output(), constant("conv.bias", new long[] {1, 2, 1, 1}, 0.1f, 1.0f).output());
    add.setName("conv/add");
    return new Model("ConvTestModel", List.of(x), List.of(Ops.result(add.output())));
  }

  /** FCTestModel: [1,1,3,3] @ W[3,2] + [1, 2]. */
  static Model fcModel(float[] weights, float... bias) {
    Node x = Ops.parameter("input.1", ElementType.F32, PartialShape.of(1, 1, 3, 3));
    Node mm = Ops.matMul(x.output(), constant("fc.weight", new long[] {3, 2}, weights).output(), false, false);
    mm.setName("fc");
    Node add = Ops.add(mm.output(), constant("fc.bias", new long[] {2}, bias).output());
    add.setName("fc/add");
    return new Model("FCTestModel", List.of(x), List.of(Ops.result(add.output())));
  }

  /**
   * The float model with MinMax's quantizers: the input's [0, max] over 256 levels, and each output
   * channel of the weight within +-max|w| over 255 levels.
   */
  static Model quantize(Model fp, String layer, int weightPort, long[] rangeShape, float[] absMax, float inputMax) {
    Model q = Models.copy(fp);
    Node node = q.node(layer).orElseThrow();
    float[] neg = new float[absMax.length];
    for (int i = 0; i < neg.length; i++) {
      neg[i] = -absMax[i];
    }
    q.insertOnEdge(node.input(weightPort), w -> Ops.fakeQuantize(w, constant("wl", rangeShape, neg).output(),
        constant("wh", rangeShape, absMax).output(), constant("ol", rangeShape, neg).output(),
        constant("oh", rangeShape, absMax).output(), 255));
    long[] scalar = {};
    q.insertOnEdge(node.input(1 - weightPort), a -> Ops.fakeQuantize(a, constant("il", scalar, 0f).output(),
        constant("ih", scalar, inputMax).output(), constant("iol", scalar, 0f).output(),
        constant("ioh", scalar, inputMax).output(), 256));
    return q;
  }

  static float max(float[] v) {
    float m = Float.NEGATIVE_INFINITY;
    for (float f : v) {
      m = Math.max(m, f);
    }
    return m;
  }

  private static List<FastBiasCorrection.Correction> correct(Model fp, Model q, float[] input, long[] shape) {
    FastBiasCorrection fbc = new FastBiasCorrection(1, FastBiasCorrection.DEFAULT_THRESHOLD, true);
    List<StatisticPoint> points = fbc.statisticPoints(fp);
    ReferenceEngine engine = new ReferenceEngine();
    int n = new StatisticsCollector(engine).collect(fp, points, Dataset.of(List.of(List.of(NdArray.f32(shape, input)))));
    assertEquals(1, n);
    return fbc.apply(q, points, engine);
  }

  @Test
  void convTestModelMatchesNncf() throws IOException {
    Map<String, Object> f = fixture("conv");
    float[] w = floats(f, "weights");
    float[] x = floats(f, "input");
    Model fp = convModel(w);
    Model q = quantize(fp, "conv", 1, new long[] {2, 1, 1, 1}, new float[] {2.0f, 2.0f}, max(x));
    List<FastBiasCorrection.Correction> c = correct(fp, q, x, new long[] {1, 1, 4, 4});
    assertEquals(1, c.size());
    assertTrue(c.get(0).applied());
    float[] bias = q.node("conv.bias").orElseThrow().constantData().toFloatArray();
    assertArrayEquals(new float[] {0.0288348f, 1.0838453f}, bias, 1e-4f, "NNCF's reference");
    assertArrayEquals(floats(f, "bias"), bias, 1e-6f, "numpy evaluation");
    // the float model is untouched
    assertArrayEquals(new float[] {0.1f, 1.0f}, fp.node("conv.bias").orElseThrow().constantData().toFloatArray());
  }

  @Test
  void fcTestModelMatchesNncf() throws IOException {
    Map<String, Object> f = fixture("fc");
    float[] w = floats(f, "weights");
    float[] x = floats(f, "input");
    Model fp = fcModel(w, 1.0f, 2.0f);
    float[] absMax = {0.3f, 0.3f}; // max|w| of each output column: (0.1, 0.2, 0.3) and (0.3, -0.1, 0.2)
    Model q = quantize(fp, "fc", 1, new long[] {1, 2}, absMax, max(x));
    List<FastBiasCorrection.Correction> c = correct(fp, q, x, new long[] {1, 1, 3, 3});
    assertTrue(c.get(0).applied());
    float[] bias = q.node("fc.bias").orElseThrow().constantData().toFloatArray();
    assertArrayEquals(new float[] {0.9999f, 1.9989f}, bias, 1e-4f, "NNCF's reference");
    assertArrayEquals(floats(f, "bias"), bias, 1e-6f, "numpy evaluation");
  }

  @Test
  // channel 0 shifts by -1.31e-4: 13 times a 1e-5 bias; a zero bias element makes the magnitude infinite
  void shiftsAsLargeAsTwiceTheBiasOrZeroBiasesAreNotApplied() throws IOException {
    Map<String, Object> f = fixture("fc");
    float[] x = floats(f, "input");
    float[] w = floats(f, "weights");
    for (float[] bias : List.of(new float[] {1e-5f, 2.0f}, new float[] {0f, 2.0f})) {
      Model fp = fcModel(w, bias);
      Model q = quantize(fp, "fc", 1, new long[] {1, 2}, new float[] {0.3f, 0.3f}, max(x));
      FastBiasCorrection.Correction c = correct(fp, q, x, new long[] {1, 1, 3, 3}).get(0);
      assertFalse(c.applied());
      assertTrue(c.magnitude() >= FastBiasCorrection.DEFAULT_THRESHOLD, "magnitude " + c.magnitude());
      assertArrayEquals(bias, q.node("fc.bias").orElseThrow().constantData().toFloatArray());
    }
  }

  @Test
  void layersWithoutWeightQuantizersAreLeftAlone() throws IOException {
    Map<String, Object> f = fixture("conv");
    Model fp = convModel(floats(f, "weights"));
    Model notQuantized = Models.copy(fp);
    List<FastBiasCorrection.Correction> c = correct(fp, notQuantized, floats(f, "input"), new long[] {1, 1, 4, 4});
    assertTrue(c.isEmpty());
  }

  @Test
  void activationChannelAxisFollowsTheMatMulTransposeFlags() {
    Node a = Ops.parameter("a", ElementType.F32, PartialShape.of(2, 5, 3));
    Node w = constant("w", new long[] {4, 3}, new float[12]);
    Node mm = Ops.matMul(a.output(), w.output(), false, true);
    Ops.add(mm.output(), constant("b", new long[] {4}, new float[4]).output());
    BiasLayer layer = BiasLayer.of(mm).orElseThrow();
    assertEquals(0, layer.activationPort());
    assertEquals(2, layer.activationChannelAxis(3));
    Node at = Ops.parameter("at", ElementType.F32, PartialShape.of(2, 3, 5));
    Node mm2 = Ops.matMul(at.output(), constant("w2", new long[] {3, 4}, new float[12]).output(), true, false);
    Ops.add(mm2.output(), constant("b2", new long[] {4}, new float[4]).output());
    assertEquals(1, BiasLayer.of(mm2).orElseThrow().activationChannelAxis(3));
    // two activations: not a bias layer
    Node mm3 = Ops.matMul(a.output(), at.output(), false, false);
    Ops.add(mm3.output(), constant("b3", new long[] {5}, new float[5]).output());
    assertTrue(BiasLayer.of(mm3).isEmpty());
  }
}
