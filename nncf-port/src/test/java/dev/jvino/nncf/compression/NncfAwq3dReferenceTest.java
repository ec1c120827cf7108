package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Dataset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NNCF's {@code test_awq_scale_reference} with 3-D weights ({@code is_3d_weights=True}; references in
 * tests/openvino/native/quantization/test_weights_compression.py {@code test_awq_scale_ref()[1]}):
 * {@code AWQMatmulModel} with weights {@code 0.01 * arange(128) + 0.05} as [2, 8, 8] (transpose_b), INT4_SYM per
 * channel, ratio 1, two copies of the input {@code 0.01 * arange(64) + 0.02} as [2, 4, 8]. NNCF's activation
 * scale ({@code 1/scale}) per expert and channel is read back from the rescaled target weight (mergeable
 * MatMul_3, [2, 8, 1] in NNCF) and from the inserted Multiply (non-mergeable MatMul_2, [2, 1, 8] in NNCF), within
 * 2e-6 relative (NNCF's {@code fns.allclose}: rtol 1e-5).
 */
class NncfAwq3dReferenceTest {
  private static final float[] MATMUL_3 = {1.2264546f, 1.2054994f, 1.1413403f, 1.0974358f, 1.0643553f, 1.0379708f,
      1.0161183f, 0.9975262f, 0.46889508f, 0.4599662f, 0.4321173f, 0.40815368f, 0.387274f, 0.36888793f, 0.35255024f,
      0.33791822f};
  private static final float[] MATMUL_2 = {1.9909902f, 1.8632966f, 1.5759803f, 1.3974594f, 1.2722752f, 1.1779976f,
      1.1035581f, 1.042768f, 0.47422293f, 0.4648561f, 0.4367122f, 0.41249463f, 0.39139354f, 0.37281245f, 0.3563014f,
      0.3415141f};

  private static Node mm(Output in, String weight, String name) {
    float[] v = new float[128];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (0.01 * i + 0.05);
    }
    Node w = Ops.constant(weight, ConstantData.ofFloats(ElementType.F32, new long[] {2, 8, 8}, v));
    return TestModels.named(Ops.matMul(in, w.output(), false, true), name);
  }

  /** NNCF's AWQMatmulModel(is_3d_weights=True). */
  static Model model(boolean nonMergeable) {
    Node input = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(-1, -1, 8));
    Node n1 = mm(input.output(), "weights_1", "MatMul_1");
    Node n3;
    if (nonMergeable) {
      n3 = mm(TestModels.named(Ops.relu(n1.output()), "Relu").output(), "weights_2", "MatMul_2");
    } else {
      Node mul = TestModels.named(Ops.multiply(n1.output(), mm(input.output(), "weights_2", "MatMul_2").output()),
          "Multiply");
      n3 = mm(mul.output(), "weights_3", "MatMul_3");
    }
    Node n4 = mm(n3.output(), "weights_4", "MatMul_4");
    Node n6;
    if (nonMergeable) {
      n6 = mm(TestModels.named(Ops.relu(n4.output()), "Relu_1").output(), "weights_5", "MatMul_6");
    } else {
      Node mul2 = TestModels.named(Ops.multiply(n4.output(), mm(n3.output(), "weights_5", "MatMul_5").output()),
          "Multiply_2");
      n6 = mm(mul2.output(), "weights_6", "MatMul_6");
    }
    return new Model("awq3d", List.of(input), List.of(TestModels.named(Ops.result(n6.output()), "Result")));
  }

  private static Model compressed(boolean nonMergeable, Map<String, float[]> before) {
    Model model = model(nonMergeable);
    for (String w : List.of("weights_1", "weights_2", "weights_3")) {
      model.node(w).ifPresent(n -> before.put(w, n.constantData().toFloatArray()));
    }
    float[] in = new float[64];
    for (int k = 0; k < in.length; k++) {
      in[k] = k * 0.01f + 0.02f;
    }
    NdArray x = NdArray.f32(new long[] {2, 4, 8}, in);
    Dataset<Map<String, NdArray>> data = Dataset.of(List.of(x, x), t -> Map.of("Input_1", t));
    CompressWeightsOptions o = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).groupSize(-1)
        .ratio(1f).dataset(data).awq(true).build();
    CompressionPlan plan = new CompressionPlanner(o).plan(model, MixedPrecision::dataFreeScore);
    ActivationStatistics stats = ActivationStatistics.collect(model, data, null, true, 128, new ReferenceEngine());
    assertArrayEquals(new long[] {2, 8}, stats.means().get("MatMul_1").means().getFirst().shape());
    AwqStep.apply(model, plan, o.advancedParameters().awq(), stats.means());
    return model;
  }

  @Test
  void mergeableScalesPerExpert() {
    Map<String, float[]> before = new java.util.HashMap<>();
    Model model = compressed(false, before);
    float[] w3 = model.node("weights_3").orElseThrow().constantData().toFloatArray();
    float[] w1 = model.node("weights_1").orElseThrow().constantData().toFloatArray();
    for (int e = 0; e < 2; e++) {
      for (int c = 0; c < 8; c++) {
        int i = e * 8 + c;
        // target: column c of every row of expert e times 1/aScale; merge: row c of expert e times aScale
        for (int r = 0; r < 8; r++) {
          float aScale = before.get("weights_3")[e * 64 + r * 8 + c] / w3[e * 64 + r * 8 + c];
          assertEquals(MATMUL_3[i], aScale, 2e-6f * MATMUL_3[i], "MatMul_3 expert " + e + " channel " + c);
          float merged = w1[e * 64 + c * 8 + r] / before.get("weights_1")[e * 64 + c * 8 + r];
          assertEquals(MATMUL_3[i], merged, 2e-6f * MATMUL_3[i], "MatMul_1 expert " + e + " row " + c);
        }
      }
    }
    assertEquals(true, model.ops().stream().noneMatch(n -> n.name().contains("awq")));
  }

  @Test
  void nonMergeableInsertsAnExpertMultiply() {
    Map<String, float[]> before = new java.util.HashMap<>();
    Model model = compressed(true, before);
    ConstantData mul = model.node("Relu/awq_mul_scale").orElseThrow().constantData();
    assertArrayEquals(new long[] {2, 1, 8}, mul.shape());
    float[] aScale = mul.toFloatArray();
    float[] w2 = model.node("weights_2").orElseThrow().constantData().toFloatArray();
    for (int i = 0; i < 16; i++) {
      assertEquals(MATMUL_2[i], aScale[i], 2e-6f * MATMUL_2[i], "Multiply " + i);
      int e = i / 8;
      int c = i % 8;
      float fromWeight = before.get("weights_2")[e * 64 + c] / w2[e * 64 + c];
      assertEquals(MATMUL_2[i], fromWeight, 2e-6f * MATMUL_2[i], "MatMul_2 weight " + i);
    }
    Node m = model.node("Relu/awq_mul").orElseThrow();
    assertEquals("MatMul_2", m.output().consumers().getFirst().node().name());
  }

  /** NNCF's AWQActMatmulModel(with_multiply=True, 8 layers, is_3d_weights=True): weights arange(128) - 32. */
  static Model actMatmulModel() {
    float[] v = new float[128];
    for (int i = 0; i < v.length; i++) {
      v[i] = i - 32;
    }
    Node input = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(-1, 8, 8));
    java.util.function.BiFunction<Output, String, Node> mm = (in, name) -> TestModels.named(Ops.matMul(in,
        Ops.constant("weights_" + name, ConstantData.ofFloats(ElementType.F32, new long[] {2, 8, 8}, v)).output(),
        false, true), "MatMul_" + name);
    Output out = mm.apply(input.output(), "emb").output();
    for (int i = 0; i < 8; i++) {
      Node relu = TestModels.named(Ops.relu(mm.apply(out, "1_" + i).output()), "ReLU_" + i);
      Node c = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {1}, 1.5f));
      Node l = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {1}, 1.5f));
      Node selu = TestModels.named(Ops.node("Selu", "opset1", List.of(mm.apply(out, "2_" + i).output(), c.output(),
          l.output())), "SeLU_" + i);
      selu.addOutput(ElementType.F32, PartialShape.of(2, 8, 8));
      out = TestModels.named(Ops.multiply(relu.output(), selu.output()), "Multiply_" + i).output();
    }
    Node head = mm.apply(out, "lm_head");
    return new Model("awq_act_3d", List.of(input), List.of(TestModels.named(Ops.result(head.output()), "Result")));
  }

  /**
   * NNCF's test_data_free_awq with 3-D weights: 7 AWQ Multiplies, data-free and data-aware (a ones [2, 8, 8]
   * item), each an [E=2, 1, 8] constant; data-free values are {@code mean |W| over the output rows} of the
   * expert (1/scale), and the model still runs.
   */
  @Test
  void dataFreeAndDataAwareAwqWith3dWeights() {
    for (boolean withData : new boolean[] {false, true}) {
      Model model = actMatmulModel();
      CompressWeightsOptions.Builder b = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM)
          .groupSize(-1).ratio(1f).awq(true);
      NdArray ones = NdArray.full(ElementType.F32, new long[] {2, 8, 8}, 1.0);
      if (withData) {
        b.dataset(Dataset.of(List.of(ones), t -> Map.of("Input_1", t)));
      }
      new WeightCompressor(b.build(), CompressionListener.NONE, ReferenceEngine::new).compress(model);
      List<Node> awq = model.ops().stream().filter(n -> n.type().equals("Constant") && n.name().contains("awq"))
          .toList();
      assertEquals(7, awq.size(), withData ? "data-aware" : "data-free");
      for (Node c : awq) {
        assertArrayEquals(new long[] {2, 1, 8}, c.constantData().shape(), c.name());
      }
      if (!withData) {
        // mean |arange(128) - 32| over the 8 rows of expert e, column k: rows r give |e*64 + r*8 + k - 32|
        float[] a = model.node("ReLU_0/awq_mul_scale").orElseThrow().constantData().toFloatArray();
        for (int e = 0; e < 2; e++) {
          for (int k = 0; k < 8; k++) {
            double sum = 0;
            for (int r = 0; r < 8; r++) {
              sum += Math.abs(e * 64 + r * 8 + k - 32);
            }
            assertEquals((float) (sum / 8), a[e * 8 + k], 1e-5f * (float) (sum / 8), "expert " + e + " col " + k);
          }
        }
      }
      float[] y = new ReferenceEngine().compile(model).createSession().infer(List.of(ones)).get(0).toFloatArray();
      assertEquals(128, y.length);
    }
  }

  /**
   * NNCF's {@code test_awq_scale_reference} with {@code transpose_a=True} (non-mergeable, all_layers): its
   * {@code AWQModel} (Input -> Relu -> MatMul(transpose_a, transpose_b), weights {@code default_rng(0).random}
   * [32, 2] or [2, 32, 2] from tools/fixtures/gen_awq_model_weights.py), INT4_SYM per channel, two copies of
   * {@code 0.01 * arange + 0.02} as [2, 4] or [2, 2, 4]. The hidden axis of the activation is rank - 2, so the
   * inserted Multiply is NNCF's [2, 1] / [2, 2, 1] activation scale.
   */
  @Test
  void transposedActivationsMatchNncf() throws java.io.IOException {
    List<String> lines;
    try (var in = getClass().getResourceAsStream("/fixtures/awq/awq_model_weights.txt")) {
      lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).lines()
          .filter(l -> !l.startsWith("#")).toList();
    }
    checkTransposed(lines.get(0), new long[] {2, 4}, new float[] {10.337929f, 6.4558873f});
    checkTransposed(lines.get(1), new long[] {2, 2, 4}, new float[] {10.337929f, 6.4558873f, 7.7174687f,
        5.987996f});
  }

  private static void checkTransposed(String line, long[] inputShape, float[] reference) {
    String[] f = line.split(" ");
    long[] wShape = java.util.Arrays.stream(f[0].split("x")).mapToLong(Long::parseLong).toArray();
    Node input = Ops.parameter("Input", ElementType.F32, PartialShape.of(inputShape));
    Node relu = TestModels.named(Ops.relu(input.output()), "Relu");
    Node w = Ops.constant("weights_1", ConstantData.ofFloats(ElementType.F32, wShape,
        FloatModeAwqScaleEstimationTest.floats(f)));
    Node mm = TestModels.named(Ops.matMul(relu.output(), w.output(), true, true), "MatMul");
    Model model = new Model("awq_t", List.of(input), List.of(TestModels.named(Ops.result(mm.output()), "Result")));
    int n = (int) java.util.Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
    float[] v = new float[n];
    for (int k = 0; k < n; k++) {
      v[k] = k * 0.01f + 0.02f;
    }
    NdArray x = NdArray.f32(inputShape, v);
    CompressWeightsOptions o = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).groupSize(-1)
        .ratio(1f).allLayers(true).dataset(Dataset.of(List.of(x, x), t -> Map.of("Input", t))).awq(true).build();
    new WeightCompressor(o, CompressionListener.NONE, ReferenceEngine::new).compress(model);
    ConstantData scale = model.node("Relu/awq_mul_scale").orElseThrow().constantData();
    long[] expectedShape = inputShape.length == 2 ? new long[] {2, 1} : new long[] {2, 2, 1};
    assertArrayEquals(expectedShape, scale.shape());
    float[] got = scale.toFloatArray();
    for (int i = 0; i < reference.length; i++) {
      assertEquals(reference[i], got[i], 1e-5f * reference[i], "activation scale " + i);
    }
  }
}
