package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.AdvancedCompressionParameters;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.statistics.WeightCompressionStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * AWQ on the reference engine: pattern matching (MatMul-Multiply-MatMul merged into the first MatMul's
 * weight, Act-MatMul through an inserted Multiply), the float model's function unchanged by the rescaling,
 * the activation means rescaled by 1/scale, and a lower INT4 output error than plain INT4 on a model with
 * salient channels (data-aware AWQ at least 20% lower, with scale estimation at least 5x lower).
 */
class AwqEndToEndTest {
  private static final int HIDDEN = 128;

  /**
   * x[1,8,128] -> up, gate [128,128] -> Multiply(Swish(gate), up) -> down [128,128] -> Relu -> out [64,128].
   * Rows 5 and 77 of up are x50 (salient channels into down); rows 9 of down x50 (salient into out).
   */
  static Model model() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 8, HIDDEN));
    float[] upW = TestModels.values(HIDDEN * HIDDEN, 31, 1f);
    float[] downW = TestModels.values(HIDDEN * HIDDEN, 33, 1f);
    for (int k = 0; k < HIDDEN; k++) {
      upW[5 * HIDDEN + k] *= 50;
      upW[77 * HIDDEN + k] *= 50;
      downW[9 * HIDDEN + k] *= 50;
    }
    Node up = TestModels.named(Ops.matMul(x.output(), w("up.weight", new long[] {HIDDEN, HIDDEN}, upW).output(),
        false, true), "up");
    Node gate = TestModels.named(Ops.matMul(x.output(), TestModels.weight("gate.weight", new long[] {HIDDEN, HIDDEN},
        32, 1f).output(), false, true), "gate");
    Node act = TestModels.named(Ops.unary("Swish", gate.output()), "swish");
    Node mul = TestModels.named(Ops.multiply(act.output(), up.output()), "mul");
    Node down = TestModels.named(Ops.matMul(mul.output(), w("down.weight", new long[] {HIDDEN, HIDDEN}, downW)
        .output(), false, true), "down");
    Node relu = TestModels.named(Ops.relu(down.output()), "relu");
    Node out = TestModels.named(Ops.matMul(relu.output(), TestModels.weight("out.weight", new long[] {64, HIDDEN},
        34, 1f).output(), false, true), "out");
    return new Model("awq", List.of(x), List.of(TestModels.named(Ops.result(out.output()), "y")));
  }

  private static Node w(String name, long[] shape, float[] v) {
    return Ops.constant(name, ConstantData.ofFloats(ElementType.F32, shape, v));
  }

  static Dataset<Map<String, NdArray>> data(int count, long seed) {
    return Dataset.of(ScaleEstimationEndToEndTest.samples(count, seed), t -> Map.of("x", t));
  }

  static CompressWeightsOptions.Builder int4() {
    return CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).groupSize(32).allLayers(true);
  }

  @Test
  void patternsAndTheFloatFunctionIsKept() {
    Model m = model();
    CompressWeightsOptions o = int4().dataset(data(8, 1)).build();
    CompressionPlan plan = new CompressionPlanner(o).plan(m, MixedPrecision::dataFreeScore);
    List<AwqStep.Match> matches = AwqStep.find(m, plan);
    assertEquals(List.of("down->up", "out->relu"), matches.stream()
        .map(x -> x.target().site().op().name() + "->" + x.merge().name()).toList());

    ActivationStatistics stats = ActivationStatistics.collect(m, data(8, 1), null, true, 128, new ReferenceEngine());
    List<NdArray> inputs = ScaleEstimationEndToEndTest.samples(3, 5);
    Model reference = model();
    Map<String, WeightCompressionStats> updated = AwqStep.apply(m, plan,
        AdvancedCompressionParameters.AwqParameters.DEFAULT, stats.means());
    // up's weight took 1/scale on its output rows, down's weight the scale; a Multiply follows relu
    assertTrue(m.node("relu/awq_mul").isPresent());
    assertFalse(java.util.Arrays.equals(reference.node("down.weight").orElseThrow().constantData().toFloatArray(),
        m.node("down.weight").orElseThrow().constantData().toFloatArray()));
    float[] scaleDown = ratio(m, reference, "down.weight", 0);
    float[] upRatio = ratio(m, reference, "up.weight", 1);
    int changed = 0;
    for (int c = 0; c < HIDDEN; c++) {
      assertEquals(1f, scaleDown[c] * upRatio[c], 1e-5f, "channel " + c);
      changed += scaleDown[c] != 1f ? 1 : 0;
      // down's means were multiplied by 1/scale
      float before = stats.means().get("down").means().getFirst().toFloatArray()[c];
      float after = updated.get("down").means().getFirst().toFloatArray()[c];
      assertEquals(before / scaleDown[c], after, Math.abs(after) * 1e-5f + 1e-6f);
    }
    assertTrue(changed > 0 && changed <= 32, changed + " channels scaled");
    double err = ScaleEstimationEndToEndTest.outputError(m, reference, inputs);
    double norm = ScaleEstimationEndToEndTest.outputError(reference, zero(), inputs);
    assertTrue(err < 1e-9 * norm, "AWQ rescaling changed the float function: " + err + " vs " + norm);
  }

  @Test
  void decoderMlpsMatchMatMulMultiplyMatMul() {
    Model m = dev.jvino.models.DecoderModel.build(new dev.jvino.models.DecoderConfig(64, 32, 2, 2, 64, 10000, 3));
    CompressWeightsOptions o = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(16)
        .build();
    List<String> found = AwqStep.find(m, new CompressionPlanner(o).plan(m, MixedPrecision::dataFreeScore)).stream()
        .map(x -> x.target().site().op().name() + "<-" + x.merge().name()).toList();
    assertEquals(2, found.size(), found.toString());
    for (String f : found) {
      assertTrue(f.matches(".*down_proj.*<-.*up_proj.*"), f);
    }
  }

  /** Per input channel (axis 0 of the result: per column of an [out,in] weight) new/old. */
  private static float[] ratio(Model a, Model b, String weight, int unused) {
    float[] n = a.node(weight).orElseThrow().constantData().toFloatArray();
    float[] o = b.node(weight).orElseThrow().constantData().toFloatArray();
    float[] r = new float[HIDDEN];
    for (int c = 0; c < HIDDEN; c++) {
      // for down (scale along its input columns) column c, for up (1/scale along its output rows) row c
      int i = unused == 0 ? c : c * HIDDEN;
      r[c] = n[i] / o[i];
    }
    return r;
  }

  /** A model whose output is zero, to measure the reference output's energy. */
  private static Model zero() {
    Model m = model();
    for (String name : List.of("out.weight")) {
      Node c = m.node(name).orElseThrow();
      c.setConstant(ConstantData.ofFloats(ElementType.F32, c.constantData().shape(),
          new float[(int) PartialShape.elementCount(c.constantData().shape())]));
    }
    return m;
  }

  @Test
  void awqLowersTheInt4OutputError() {
    List<NdArray> heldOut = ScaleEstimationEndToEndTest.samples(6, 2);
    Model reference = model();
    Model plain = model();
    new WeightCompressor(int4().dataset(data(16, 1)).build(), CompressionListener.NONE, ReferenceEngine::new)
        .compress(plain);
    Model awq = model();
    new WeightCompressor(int4().dataset(data(16, 1)).awq(true).build(), CompressionListener.NONE,
        ReferenceEngine::new).compress(awq);
    Model free = model();
    new WeightCompressor(int4().awq(true).build(), CompressionListener.NONE, ReferenceEngine::new).compress(free);
    Model both = model();
    new WeightCompressor(int4().dataset(data(16, 1)).awq(true).scaleEstimation(true).build(),
        CompressionListener.NONE, ReferenceEngine::new).compress(both);
    double e0 = ScaleEstimationEndToEndTest.outputError(plain, reference, heldOut);
    double e1 = ScaleEstimationEndToEndTest.outputError(awq, reference, heldOut);
    double e2 = ScaleEstimationEndToEndTest.outputError(free, reference, heldOut);
    double e3 = ScaleEstimationEndToEndTest.outputError(both, reference, heldOut);
    System.getLogger(getClass().getName()).log(System.Logger.Level.INFO, "output MSE: plain " + e0 + ", AWQ " + e1
        + ", data-free AWQ " + e2 + ", AWQ + scale estimation " + e3);
    assertTrue(m(awq, "relu/awq_mul") && m(free, "relu/awq_mul"));
    // measured: plain 7.40e9, AWQ 5.49e9, data-free AWQ 7.33e9, AWQ + scale estimation 5.93e8
    assertTrue(e1 < 0.8 * e0, "AWQ " + e1 + " vs plain " + e0);
    assertTrue(e2 < e0, "data-free AWQ " + e2 + " vs plain " + e0);
    assertTrue(e3 < 0.2 * e0, "AWQ + SE " + e3 + " vs plain " + e0);
  }

  private static boolean m(Model model, String name) {
    return model.node(name).isPresent();
  }
}
