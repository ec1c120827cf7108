package dev.jvino.nncf.compression;

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
import dev.jvino.nncf.AdvancedCompressionParameters.AwqParameters;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Dataset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NNCF's {@code test_awq_scale_reference} for 2-D weights, mergeable and non-mergeable
 * (tests/openvino/native/quantization/test_weights_compression.py {@code test_awq_scale_ref}): NNCF's
 * {@code AWQMatmulModel} (tests/openvino/native/models.py), INT4_SYM per channel, ratio 1, two copies of the
 * input {@code 0.01 * arange(32) + 0.02} as [1,4,8]. The reference is NNCF's stored activation scale
 * ({@code 1/scale}); jvino's is read back from the rescaled target weight.
 */
class NncfAwqReferenceTest {
  private static final float[] MATMUL_3 = {1.2264546f, 1.2054994f, 1.1413403f, 1.0974358f, 1.0643553f, 1.0379708f,
      1.0161183f, 0.9975262f};
  private static final float[] MATMUL_2 = {1.9909902f, 1.8632966f, 1.5759803f, 1.3974594f, 1.2722752f, 1.1779976f,
      1.1035581f, 1.042768f};

  private static Node weight(String name) {
    float[] v = new float[64];
    for (int i = 0; i < 64; i++) {
      v[i] = (float) (0.01 * i + 0.05);
    }
    return Ops.constant(name, ConstantData.ofFloats(ElementType.F32, new long[] {8, 8}, v));
  }

  private static Node mm(Output in, String weight, String name) {
    return TestModels.named(Ops.matMul(in, weight(weight).output(), false, true), name);
  }

  static Model awqMatmulModel(boolean nonMergeable) {
    Node input = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(-1, -1, 8));
    Node n1 = mm(input.output(), "weights_1", "MatMul_1");
    Node n3;
    if (nonMergeable) {
      n3 = mm(Ops.relu(n1.output()).output(), "weights_2", "MatMul_2");
    } else {
      Node n2 = mm(input.output(), "weights_2", "MatMul_2");
      Node mul = TestModels.named(Ops.multiply(n1.output(), n2.output()), "Multiply");
      n3 = mm(mul.output(), "weights_3", "MatMul_3");
    }
    Node n4 = mm(n3.output(), "weights_4", "MatMul_4");
    Node n6;
    if (nonMergeable) {
      n6 = mm(Ops.relu(n4.output()).output(), "weights_5", "MatMul_6");
    } else {
      Node n5 = mm(n3.output(), "weights_5", "MatMul_5");
      Node mul2 = TestModels.named(Ops.multiply(n4.output(), n5.output()), "Multiply_2");
      n6 = mm(mul2.output(), "weights_6", "MatMul_6");
    }
    return new Model("awq", List.of(input), List.of(TestModels.named(Ops.result(n6.output()), "Result")));
  }

  @Test
  void mergeable() {
    check(false, "MatMul_3", "weights_3", MATMUL_3);
  }

  @Test
  void nonMergeable() {
    check(true, "MatMul_2", "weights_2", MATMUL_2);
  }

  /** NNCF's AWQActMatmulModel (with_multiply=True, 8 layers, 2-D weights arange(64) - 32). */
  static Model awqActMatmulModel() {
    float[] v = new float[64];
    for (int i = 0; i < 64; i++) {
      v[i] = i - 32;
    }
    Node input = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(-1, 8, 8));
    java.util.function.BiFunction<Output, String, Node> mm = (in, name) -> TestModels.named(Ops.matMul(in,
        Ops.constant("weights_" + name, ConstantData.ofFloats(ElementType.F32, new long[] {8, 8}, v)).output(),
        false, true), "MatMul_" + name);
    Output out = mm.apply(input.output(), "emb").output();
    for (int i = 0; i < 8; i++) {
      Node relu = TestModels.named(Ops.relu(mm.apply(out, "1_" + i).output()), "ReLU_" + i);
      Node c = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {1}, 1.5f));
      Node l = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {1}, 1.5f));
      Node selu = TestModels.named(Ops.node("Selu", "opset1", List.of(mm.apply(out, "2_" + i).output(), c.output(),
          l.output())), "SeLU_" + i);
      selu.addOutput(ElementType.F32, PartialShape.of(-1, 8, 8));
      out = TestModels.named(Ops.multiply(relu.output(), selu.output()), "Multiply_" + i).output();
    }
    Node head = mm.apply(out, "lm_head");
    return new Model("awq_act", List.of(input), List.of(TestModels.named(Ops.result(head.output()), "Result")));
  }

  /** NNCF's test_data_free_awq (2-D weights): 7 AWQ Multiplies, data-free and data-aware. */
  @Test
  void dataFreeAndDataAwareAwqInsertSevenMultiplies() {
    for (boolean withData : new boolean[] {false, true}) {
      Model model = awqActMatmulModel();
      CompressWeightsOptions.Builder b = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM)
          .groupSize(-1).ratio(1f).awq(true);
      if (withData) {
        NdArray ones = NdArray.full(ElementType.F32, new long[] {2, 8, 8}, 1.0);
        b.dataset(Dataset.of(List.of(ones), t -> Map.of("Input_1", t)));
      }
      new WeightCompressor(b.build(), CompressionListener.NONE, ReferenceEngine::new).compress(model);
      long awq = model.ops().stream().filter(n -> n.type().equals("Constant") && n.name().contains("awq")).count();
      assertEquals(7, awq, withData ? "data-aware" : "data-free");
    }
  }

  /**
   * The FP16 guard through the pipeline: inputs x1e5 push MatMul_1's outputs past 0.25 * 65504, so the
   * scales of MatMul_3 are those of the guarded search with MatMul_1's mean |W| per output channel, the max of
   * its input statistic and its 8 input channels, and differ from the unguarded search.
   */
  @Test
  void fp16GuardUsesTheFirstMatMul() {
    Model model = awqMatmulModel(false);
    float[] in = new float[32];
    for (int k = 0; k < 32; k++) {
      in[k] = (k * 0.01f + 0.02f) * 1e5f;
    }
    NdArray x = NdArray.f32(new long[] {1, 4, 8}, in);
    Dataset<Map<String, NdArray>> data = Dataset.of(List.of(x, x), t -> Map.of("Input_1", t));
    CompressWeightsOptions o = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).groupSize(-1)
        .ratio(1f).dataset(data).awq(true).build();
    CompressionPlan plan = new CompressionPlanner(o).plan(model, MixedPrecision::dataFreeScore);
    ActivationStatistics stats = ActivationStatistics.collect(model, data, null, true, 128, new ReferenceEngine());
    float[] w1 = model.node("weights_1").orElseThrow().constantData().toFloatArray();
    float[] w3 = model.node("weights_3").orElseThrow().constantData().toFloatArray();
    float[] mean = new float[8];
    for (int r = 0; r < 8; r++) {
      double s = 0;
      for (int c = 0; c < 8; c++) {
        s += Math.abs(w1[r * 8 + c]);
      }
      mean[r] = (float) (s / 8);
    }
    float maxS = 0;
    for (float v : stats.means().get("MatMul_1").process(32).s().toFloatArray()) {
      maxS = Math.max(maxS, v);
    }
    var p3 = stats.means().get("MatMul_3").process(32);
    float[] guarded = Awq.dataAwareScale(w3, new long[] {8, 8}, 1, CompressWeightsMode.INT4_SYM, -1,
        p3.s().toFloatArray(), p3.x().toFloatArray(), (int) p3.x().shape()[1], AwqParameters.DEFAULT,
        new Awq.Previous(mean, maxS, 8));
    float[] free = Awq.dataAwareScale(w3, new long[] {8, 8}, 1, CompressWeightsMode.INT4_SYM, -1,
        p3.s().toFloatArray(), p3.x().toFloatArray(), (int) p3.x().shape()[1], AwqParameters.DEFAULT, null);
    org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(guarded, free), "the guard did nothing");
    AwqStep.apply(model, plan, AwqParameters.DEFAULT, stats.means());
    float[] after = model.node("weights_3").orElseThrow().constantData().toFloatArray();
    for (int c = 0; c < 8; c++) {
      assertEquals(guarded[c], after[c] / w3[c], 2e-6f * guarded[c], "channel " + c);
    }
  }

  private static void check(boolean nonMergeable, String target, String weightName, float[] reference) {
    Model model = awqMatmulModel(nonMergeable);
    float[] in = new float[32];
    for (int k = 0; k < 32; k++) {
      in[k] = k * 0.01f + 0.02f;
    }
    NdArray x = NdArray.f32(new long[] {1, 4, 8}, in);
    Dataset<Map<String, NdArray>> data = Dataset.of(List.of(x, x), t -> Map.of("Input_1", t));
    CompressWeightsOptions o = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).groupSize(-1)
        .ratio(1f).dataset(data).awq(true).build();
    CompressionPlan plan = new CompressionPlanner(o).plan(model, MixedPrecision::dataFreeScore);
    List<AwqStep.Match> matches = AwqStep.find(model, plan);
    assertEquals(List.of(target), matches.stream().map(m -> m.target().site().op().name()).toList());
    ActivationStatistics stats = ActivationStatistics.collect(model, data, null, true, 128, new ReferenceEngine());
    float[] before = model.node(weightName).orElseThrow().constantData().toFloatArray();
    AwqStep.apply(model, plan, AwqParameters.DEFAULT, stats.means());
    float[] after = model.node(weightName).orElseThrow().constantData().toFloatArray();
    for (int c = 0; c < 8; c++) {
      float aScale = before[c] / after[c]; // the target weight's column c was multiplied by scale = 1/aScale
      assertEquals(reference[c], aScale, 2e-6f * reference[c] + 1e-6f, target + " channel " + c);
    }
  }
}
