package dev.jvino.nncf.quantization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import dev.jvino.nncf.FP8Type;
import dev.jvino.nncf.QuantizationMode;
import dev.jvino.nncf.QuantizationScheme;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.statistics.TargetPoint;
import dev.jvino.nncf.testing.MiniJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MinMax on a hand-built Input -> Conv(4x2x2x2) -> Relu -> Reshape -> MatMul(16x3) model with a
 * hand-written setup, against numpy expectations (tools/fixtures/gen_ptq_fixtures.py, small_model.json):
 * FakeQuantize ranges, node names/types/shapes, OpenVINO's int8 weight folding, and inference on the
 * reference engine close to the float model.
 */
class SmallModelQuantizationTest {
  static final Map<String, Object> FIX = PtqFixtures.resource("small_model.json");
  static final Map<String, Object> EXP = MiniJson.obj(FIX.get("expected"));
  static final QuantizerConfig W = new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, true, true, true);

  static Model model() {
    Node x = Ops.parameter("Input", ElementType.F32, PartialShape.of(1, 2, 3, 3));
    NdArray w1 = PtqFixtures.f32(FIX.get("w1"));
    Node c1 = Ops.constant("w1", ConstantData.ofFloats(ElementType.F32, w1.shape(), w1.floats()));
    Node conv = Ops.convolution(x.output(), c1.output(), new long[] {1, 1}, new long[] {0, 0}, new long[] {0, 0},
        new long[] {1, 1});
    conv.setName("Conv");
    Node relu = Ops.relu(conv.output());
    relu.setName("Relu");
    Node reshape = Ops.reshape(relu.output(), new long[] {1, 16}, false);
    reshape.setName("Reshape");
    NdArray w2 = PtqFixtures.f32(FIX.get("w2"));
    Node c2 = Ops.constant("w2", ConstantData.ofFloats(ElementType.F32, w2.shape(), w2.floats()));
    Node mm = Ops.matMul(reshape.output(), c2.output(), false, false);
    mm.setName("MatMul");
    Node r = Ops.result(mm.output());
    r.setName("Result");
    return new Model("small", List.of(x), List.of(r));
  }

  static List<NdArray> samples() {
    List<NdArray> s = new ArrayList<>();
    for (Object o : MiniJson.list(FIX.get("samples"))) {
      s.add(PtqFixtures.f32(o));
    }
    return s;
  }

  static QuantizerSetup setup(QuantizationScheme activations) {
    QuantizerConfig a = new QuantizerConfig(8, activations, null, false, false);
    return new QuantizerSetup(List.of(
        new QuantizationPoint(TargetPoint.postLayer("Input", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("Conv", 1), W, true),
        new QuantizationPoint(TargetPoint.postLayer("Relu", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("MatMul", 1), W, false)), List.of());
  }

  static MinMaxOptions.Builder options() {
    return MinMaxOptions.builder().engine(new ReferenceEngine());
  }

  static Map<String, Object> exp(String key) {
    return MiniJson.obj(EXP.get(key));
  }

  static Node node(Model m, String name) {
    return m.node(name).orElseThrow(() -> new AssertionError("no node " + name));
  }

  static float[] constant(Node fq, int port) {
    return fq.inputNode(port).constantData().toFloatArray();
  }

  /** Checks a FakeQuantize's four range constants (names, shapes) against expected low/high. */
  static void assertRanges(Model m, String name, Map<String, Object> e, double rtol) {
    Node fq = node(m, name);
    assertEquals("FakeQuantize", fq.type());
    assertEquals(((Number) e.get("levels")).longValue(), fq.attributes().integer("levels"));
    NdArray lo = PtqFixtures.f32(e.get("low"));
    NdArray hi = PtqFixtures.f32(e.get("high"));
    String[] suffix = {"input_low", "input_high", "output_low", "output_high"};
    for (int i = 0; i < 4; i++) {
      Node c = fq.inputNode(i + 1);
      assertEquals(name + "/" + suffix[i], c.name());
      assertEquals(ElementType.F32, c.constantData().elementType());
      NdArray want = i % 2 == 0 ? lo : hi;
      assertArrayEquals(want.shape(), c.constantData().shape(), name + "/" + suffix[i]);
      float[] got = c.constantData().toFloatArray();
      for (int k = 0; k < got.length; k++) {
        float w = want.floats()[k];
        assertEquals(w, got[k], rtol * Math.abs(w), name + "/" + suffix[i] + "[" + k + "]");
      }
    }
  }

  @Test
  void performanceRangesMatchNumpy() {
    Model m = model();
    MinMaxQuantization.Result r = MinMaxQuantization.quantize(m, setup(QuantizationScheme.SYMMETRIC),
        Dataset.of(samples()), options().compressWeights(false).build());
    assertEquals(3, r.samples());
    Model q = r.model();
    assertEquals(4, q.nodesOfType("FakeQuantize").size());
    // activations: float32 inference differs from numpy's only in summation order
    assertRanges(q, "Input/fq_output_0", exp("performance/Input/fq_output_0"), 0);
    assertRanges(q, "Relu/fq_output_0", exp("performance/Relu/fq_output_0"), 1e-6);
    // weights: exact, including the near-zero filter fix and the half range of the conv
    assertRanges(q, "Conv/fq_weights_1", exp("Conv/fq_weights_1"), 0);
    assertRanges(q, "MatMul/fq_weights_1", exp("MatMul/fq_weights_1"), 0);
    // wiring: FQ between the producer and every consumer; weights FQ on the weight edge
    assertEquals("Input/fq_output_0", node(q, "Conv").inputNode(0).name());
    assertEquals("Conv/fq_weights_1", node(q, "Conv").inputNode(1).name());
    assertEquals("w1", node(q, "Conv/fq_weights_1").inputNode(0).name());
    assertEquals("Relu/fq_output_0", node(q, "Reshape").inputNode(0).name());
    assertEquals("Relu", node(q, "Relu/fq_output_0").inputNode(0).name());
    // the input model is untouched
    assertEquals(0, m.nodesOfType("FakeQuantize").size());
  }

  @Test
  void statisticsInJavaEqualInModelStatistics() {
    MinMaxOptions.Builder o = options().compressWeights(false);
    Model a = MinMaxQuantization.apply(model(), setup(QuantizationScheme.ASYMMETRIC), Dataset.of(samples()), o.build());
    Model b = MinMaxQuantization.apply(model(), setup(QuantizationScheme.ASYMMETRIC), Dataset.of(samples()),
        o.inplaceStatistics(false).build());
    for (Node fq : a.nodesOfType("FakeQuantize")) {
      Node other = node(b, fq.name());
      for (int i = 1; i <= 4; i++) {
        assertArrayEquals(constant(fq, i), constant(other, i), 1e-6f, fq.name());
      }
    }
  }

  @Test
  void collectorsCanBeFilledByTheCaller() {
    Model m = model();
    MinMaxOptions o = options().compressWeights(false).build();
    QuantizerSetup s = setup(QuantizationScheme.SYMMETRIC);
    var collectors = MinMaxQuantization.collectors(m, s, o);
    assertEquals(4, collectors.size());
    int n = new dev.jvino.nncf.statistics.StatisticsCollector(new ReferenceEngine())
        .collect(m, MinMaxQuantization.statisticPoints(collectors), Dataset.of(samples()));
    assertEquals(3, n);
    MinMaxQuantization.Result r = MinMaxQuantization.applyCollected(m, s, collectors, o);
    assertEquals(-1, r.samples());
    assertRanges(r.model(), "Conv/fq_weights_1", exp("Conv/fq_weights_1"), 0);
    assertRanges(r.model(), "Input/fq_output_0", exp("performance/Input/fq_output_0"), 0);
    assertThrows(ValidationException.class, () -> MinMaxQuantization.applyCollected(m, s, java.util.Map.of(), o));
  }

  @Test
  void quantileAndHistogramEstimatorsStayInsideTheMinMaxRange() {
    // MINMAX over the three samples bounds any quantile mean or histogram range of the same tensors
    MinMaxOptions.Builder o = options().compressWeights(false);
    Model minmax = MinMaxQuantization.apply(model(), setup(QuantizationScheme.ASYMMETRIC), Dataset.of(samples()),
        o.activationsRangeEstimator(dev.jvino.nncf.RangeEstimatorParameters.MINMAX).build());
    float lo = constant(node(minmax, "Input/fq_output_0"), 1)[0];
    float hi = constant(node(minmax, "Input/fq_output_0"), 2)[0];
    for (var est : List.of(dev.jvino.nncf.RangeEstimatorParameters.MEAN_QUANTILE,
        dev.jvino.nncf.RangeEstimatorParameters.HISTOGRAM)) {
      Model q = MinMaxQuantization.apply(model(), setup(QuantizationScheme.ASYMMETRIC), Dataset.of(samples()),
          o.activationsRangeEstimator(est).build());
      Node fq = node(q, "Input/fq_output_0");
      float l = constant(fq, 1)[0];
      float h = constant(fq, 2)[0];
      assertTrue(l < 0 && l >= lo - 1e-3f && h > 0 && h <= hi + 1e-3f, est + ": [" + l + ", " + h + "] vs [" + lo
          + ", " + hi + "]");
      assertTrue(l != lo || h != hi, est + " must differ from MINMAX");
    }
  }

  @Test
  void mixedPresetTunesAsymmetricActivationRanges() {
    Model q = MinMaxQuantization.apply(model(), setup(QuantizationScheme.ASYMMETRIC), Dataset.of(samples()),
        options().compressWeights(false).build());
    assertRanges(q, "Input/fq_output_0", exp("mixed/Input/fq_output_0"), 0);
    assertRanges(q, "Relu/fq_output_0", exp("mixed/Relu/fq_output_0"), 1e-6);
    assertRanges(q, "Conv/fq_weights_1", exp("Conv/fq_weights_1"), 0);
  }

  @Test
  void weightsFoldToInt8AndTheModelStaysClose() {
    Model m = model();
    Model q = MinMaxQuantization.apply(m, setup(QuantizationScheme.SYMMETRIC), Dataset.of(samples()),
        options().build());
    assertEquals(2, q.nodesOfType("FakeQuantize").size()); // only the activation ones remain
    for (String name : List.of("Conv/fq_weights_1", "MatMul/fq_weights_1")) {
      Map<String, Object> e = exp(name);
      Node mul = node(q, name);
      assertEquals("Multiply", mul.type());
      Node convert = mul.inputNode(0);
      assertEquals("Convert", convert.type(), "zero point dropped: Convert feeds the Multiply directly");
      assertEquals(ElementType.F32, convert.output().elementType());
      ConstantData codes = convert.inputNode(0).constantData();
      assertEquals(ElementType.I8, codes.elementType());
      NdArray want = PtqFixtures.f32(e.get("int8"));
      assertArrayEquals(want.shape(), codes.shape());
      long[] got = codes.toLongArray();
      for (int i = 0; i < got.length; i++) {
        assertEquals((long) want.floats()[i], got[i], name + " code " + i);
      }
      NdArray scale = PtqFixtures.f32(e.get("scale"));
      ConstantData s = mul.inputNode(1).constantData();
      assertArrayEquals(scale.shape(), s.shape());
      assertArrayEquals(scale.floats(), s.toFloatArray(), name + " scale");
    }
    // the conv's numpy zero point is ~7.6e-6: above float epsilon, so it is dropped by folding into the codes
    assertTrue(((Number) exp("Conv/fq_weights_1").get("zp_max_abs")).doubleValue() > Math.ulp(1f));
    // folding is exact: the int8 model computes what the FakeQuantize model computes; both stay near float
    Model fq = MinMaxQuantization.apply(m, setup(QuantizationScheme.SYMMETRIC), Dataset.of(samples()),
        options().compressWeights(false).build());
    ReferenceEngine engine = new ReferenceEngine();
    var fp = engine.compile(m).createSession();
    var qs = engine.compile(q).createSession();
    var fqs = engine.compile(fq).createSession();
    for (NdArray x : samples()) {
      float[] a = fp.infer(List.of(x)).get(0).floats();
      float[] b = qs.infer(List.of(x)).get(0).floats();
      float[] c = fqs.infer(List.of(x)).get(0).floats();
      double maxAbs = 0;
      for (float v : a) {
        maxAbs = Math.max(maxAbs, Math.abs(v));
      }
      for (int i = 0; i < a.length; i++) {
        assertEquals(c[i], b[i], 1e-5 * maxAbs, "int8 vs FakeQuantize output " + i);
        assertEquals(a[i], b[i], 0.15 * maxAbs, "quantized vs float output " + i);
      }
      assertFalse(java.util.Arrays.equals(a, b), "quantization must change the output a little");
    }
  }

  @Test
  void fp8ModeInsertsFakeConvertAndFoldsWeights() {
    QuantizerSetup s = setup(QuantizationScheme.SYMMETRIC);
    MinMaxOptions o = options().mode(QuantizationMode.FP8_E4M3).compressWeights(false).build();
    Model q = MinMaxQuantization.apply(model(), s, Dataset.of(samples()), o);
    assertEquals(4, q.nodesOfType("FakeConvert").size());
    Node in = node(q, "Input/fc_output_0");
    assertEquals("f8e4m3", in.attributes().string("destination_type"));
    assertEquals("Input/fc_output_0/scale", in.inputNode(1).name());
    assertEquals("Input/fc_output_0/shift", in.inputNode(2).name());
    assertEquals(((Number) exp("fp8/Input").get("scale")).floatValue(), constant(in, 1)[0]);
    assertArrayEquals(new long[0], in.inputNode(1).constantData().shape());
    Node conv = node(q, "Conv/fc_weights_1");
    NdArray want = PtqFixtures.f32(exp("fp8/Conv").get("scale"));
    assertArrayEquals(want.shape(), conv.inputNode(1).constantData().shape());
    assertArrayEquals(want.floats(), constant(conv, 1));
    assertArrayEquals(new float[4], constant(conv, 2));

    Model folded = MinMaxQuantization.apply(model(), s, Dataset.of(samples()),
        options().mode(QuantizationMode.FP8_E4M3).build());
    assertEquals(2, folded.nodesOfType("FakeConvert").size());
    Node mul = node(folded, "Conv/fc_weights_1");
    assertEquals("Multiply", mul.type());
    assertEquals(ElementType.F8E4M3, mul.inputNode(0).inputNode(0).constantData().elementType());
    float[] inv = mul.inputNode(1).constantData().toFloatArray();
    for (int i = 0; i < inv.length; i++) {
      assertEquals(1f / want.floats()[i], inv[i]);
    }
    var session = new ReferenceEngine().compile(folded).createSession();
    var fp = new ReferenceEngine().compile(model()).createSession();
    NdArray x = samples().getFirst();
    float[] a = fp.infer(List.of(x)).get(0).floats();
    float[] b = session.infer(List.of(x)).get(0).floats();
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 0.1 * Math.abs(a[i]) + 0.05, "fp8 output " + i);
    }
    assertEquals(FP8Type.E5M2, options().mode(QuantizationMode.FP8_E5M2).build().fp8Type(QuantizerGroup.WEIGHTS));
  }

  @Test
  void unifiedScaleGroupSharesOneRange() {
    QuantizerConfig a = new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, null, false, false);
    TargetPoint in = TargetPoint.postLayer("Input", 0);
    TargetPoint relu = TargetPoint.postLayer("Relu", 0);
    QuantizerSetup s = new QuantizerSetup(List.of(new QuantizationPoint(in, a, false),
        new QuantizationPoint(relu, a, false)), List.of(List.of(in, relu)));
    Model q = MinMaxQuantization.apply(model(), s, Dataset.of(samples()), options().build());
    // min of the mins (input, signed) and max of the maxes (relu): one signed range for both
    List<Object> st = MiniJson.list(MiniJson.obj(FIX.get("stats")).get("relu"));
    float hi = ((Number) st.get(1)).floatValue();
    for (String name : List.of("Input/fq_output_0", "Relu/fq_output_0")) {
      Node fq = node(q, name);
      assertEquals(hi, constant(fq, 2)[0], 1e-6f * hi);
      assertEquals(-hi * (float) (256.0 / 254), constant(fq, 1)[0], 1e-6f * hi);
    }
    QuantizerSetup bad = new QuantizerSetup(List.of(new QuantizationPoint(in, a, false),
        new QuantizationPoint(relu, new QuantizerConfig(8, QuantizationScheme.ASYMMETRIC, null, false, false), false)),
        List.of(List.of(in, relu)));
    assertThrows(ValidationException.class,
        () -> MinMaxQuantization.apply(model(), bad, Dataset.of(samples()), options().build()));
  }

  @Test
  void sharedWeightGetsOneQuantizer() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(2, 3));
    Node w = Ops.constant("w", ConstantData.ofFloats(ElementType.F32, new long[] {3, 2}, 1, -2, 3, 0.5f, -1, 2));
    Node m1 = Ops.matMul(x.output(), w.output(), false, false);
    m1.setName("A");
    Node m2 = Ops.matMul(x.output(), w.output(), false, false);
    m2.setName("B");
    Model m = new Model("shared", List.of(x), List.of(Ops.result(m1.output()), Ops.result(m2.output())));
    QuantizerSetup s = new QuantizerSetup(List.of(new QuantizationPoint(TargetPoint.weights("A", 1), W, false),
        new QuantizationPoint(TargetPoint.weights("B", 1), W, false)), List.of());
    Model q = MinMaxQuantization.apply(m, s, Dataset.of(List.of(NdArray.f32(new long[] {2, 3}, 1, 2, 3, 4, 5, 6))),
        options().compressWeights(false).build());
    assertEquals(1, q.nodesOfType("FakeQuantize").size());
    Node fq = node(q, "A/fq_weights_1");
    assertEquals(fq, node(q, "B").inputNode(1));
    // per-channel over output axis 1 of the [3,2] weight: abs-max 3 and 2
    assertArrayEquals(new float[] {3f, 2f}, constant(fq, 2));
    assertArrayEquals(new float[] {-3f, -2f}, constant(fq, 1));
    assertArrayEquals(new long[] {1, 2}, fq.inputNode(2).constantData().shape());
  }

  @Test
  void badSetupsAreRejectedWithTheirName() {
    QuantizerConfig a = new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, null, false, false);
    var missing = new QuantizerSetup(List.of(new QuantizationPoint(TargetPoint.postLayer("Nope", 0), a, false)),
        List.of());
    var e = assertThrows(ValidationException.class,
        () -> MinMaxQuantization.apply(model(), missing, Dataset.of(samples()), options().build()));
    assertTrue(e.getMessage().contains("Nope/fq_output_0"), e.getMessage());
    var halfActivation = new QuantizerSetup(List.of(new QuantizationPoint(TargetPoint.postLayer("Relu", 0), a, true)),
        List.of());
    assertThrows(ValidationException.class,
        () -> MinMaxQuantization.apply(model(), halfActivation, Dataset.of(samples()), options().build()));
    assertThrows(ValidationException.class, () -> MinMaxQuantization.apply(model(), setup(QuantizationScheme.SYMMETRIC),
        Dataset.of(List.<NdArray>of()), options().build()));
    assertThrows(ValidationException.class, () -> options().subsetSize(0).build());
  }
}
