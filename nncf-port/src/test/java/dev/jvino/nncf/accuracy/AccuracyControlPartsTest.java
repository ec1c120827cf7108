package dev.jvino.nncf.accuracy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.AccuracyControlOptions;
import dev.jvino.nncf.AdvancedQuantizationParameters;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.QuantizeOptions;
import dev.jvino.nncf.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pieces of accuracy control: subset selection, NMSE, quantizer grouping, bias restoring, per-item calls. */
class AccuracyControlPartsTest {
  private static final ReferenceEngine ENGINE = new ReferenceEngine();
  private static final QuantizeOptions KEEP_FQ = QuantizeOptions.builder().advancedParameters(
      AdvancedQuantizationParameters.builder().backendParam(AdvancedQuantizationParameters.COMPRESS_WEIGHTS, false)
          .build()).build();

  private static Evaluator.ItemValues metrics(double... v) {
    return new Evaluator.ItemValues(v, null);
  }

  /** NNCF's {@code test_get_subset_indices_pot_version} cases (reference minus zero = the errors). */
  @Test
  void subsetSelectionAsNncfsPotVersion() {
    double[][] errors = {{-0.1, 0.02, 0.2, 0.1, 0.05}, {1.0, 2.0, 1.0, 2.0, 3.0, 1.0}, {0.1, 0.1, 0.1, 0.1},
        {0.1, 0.2, 0.3, 0.4}, {5, 5, 3, 3, 2, 2, 1, 1}, {-10, -0.1, -5, -5, -0.1, -0.001}, {0, 1, 2, 3, 4, 5},
        {0, -1, -2, -3, -4, -5}};
    int[] sizes = {4, 4, 3, 0, 6, 4, 6, 10000};
    int[][] expected = {{1, 2, 3, 4}, {1, 3, 4, 5}, {1, 2, 3}, {}, {0, 1, 2, 3, 4, 5}, {1, 3, 4, 5},
        {0, 1, 2, 3, 4, 5}, {0, 1, 2, 3, 4, 5}};
    for (int c = 0; c < errors.length; c++) {
      int[] got = Ranker.selectSubset(sizes[c], metrics(errors[c]), metrics(new double[errors[c].length]));
      assertArrayEquals(expected[c], got, "case " + c);
    }
  }

  /** NNCF's {@code test_normalized_mse} cases. */
  @Test
  void normalizedMse() {
    assertEquals(0.0, Evaluator.nmse(new float[][] {{1.6784564f, 0.415631f}}, new float[][] {{1.6784564f, 0.415631f}}));
    assertEquals(4.833333, Evaluator.nmse(new float[][] {{2, 1, -1}}, new float[][] {{-2, 4, 1}}), 1e-6);
    assertEquals(1.380952, Evaluator.nmse(new float[][] {{-2, 4, 1}}, new float[][] {{2, 1, -1}}), 1e-6);
    // averaged over outputs
    assertEquals((4.833333 + 0) / 2, Evaluator.nmse(new float[][] {{2, 1, -1}, {1}}, new float[][] {{-2, 4, 1}, {1}}),
        1e-6);
  }

  /** One input quantizer shared by two MatMuls: both ops and both weight quantizers form one group. */
  @Test
  void aSharedQuantizerGroupsItsConsumers() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 2));
    List<Node> results = new ArrayList<>();
    for (String b : List.of("a", "b")) {
      Node m = Ops.matMul(x.output(), Ops.constant("w" + b, ConstantData.ofFloats(ElementType.F32, new long[] {2, 2},
          1, 2, 3, 4)).output(), false, false);
      m.setName("matmul_" + b);
      results.add(Ops.result(m.output()));
    }
    Model fp = new Model("shared", List.of(x), results);
    List<dev.jvino.engine.tensor.NdArray> data = List.of(dev.jvino.engine.tensor.NdArray.f32(new long[] {1, 2}, 1, -2));
    Model q = Nncf.quantize(fp, Dataset.of(data), KEEP_FQ, ENGINE).model();
    List<QuantizerGroups.Group> groups = QuantizerGroups.find(q);
    assertEquals(1, groups.size());
    assertEquals(List.of("matmul_a", "matmul_b"), groups.get(0).operations().stream().sorted().toList());
    assertEquals(List.of("matmul_a/fq_weights_1", "matmul_b/fq_weights_1", "x/fq_output_0"),
        groups.get(0).quantizers().stream().sorted().toList());
  }

  /**
   * Reverting a group gives its ops back the float model's bias (undoing a bias correction) and weights
   * (undoing e.g. SmoothQuant), and removes its quantizers; other groups are untouched.
   */
  @Test
  void revertingRestoresTheFloatBiasAndWeights() {
    Model fp = AccuracyModels.classifier();
    Node m1 = fp.node("matmul1").orElseThrow();
    Node relu = fp.node("relu").orElseThrow();
    float[] bias = {0.5f, 0.4f, 0.3f, 0.6f, 0.7f, 0.2f};
    Node add = Ops.add(m1.output(), Ops.constant("b1", ConstantData.ofFloats(ElementType.F32, new long[] {1, 6}, bias))
        .output());
    add.setName("matmul1/add");
    relu.input(0).connect(add.output());
    fp.reinferFrom(List.of(add));
    List<AccuracyModels.Sample> samples = AccuracyModels.samples(30, 1);
    Model q = Nncf.quantize(fp, Dataset.of(samples, AccuracyModels.Sample::x), KEEP_FQ, ENGINE).model();
    // as a bias correction or SmoothQuant would: change matmul1's bias and weight in the quantized model
    q.setConstant(q.node("b1").orElseThrow(), ConstantData.ofFloats(ElementType.F32, new long[] {1, 6}, new float[6]));
    q.setConstant(q.node("w1").orElseThrow(), ConstantData.ofFloats(ElementType.F32, new long[] {4, 6},
        new float[24]));
    QuantizerGroups.Group g = QuantizerGroups.find(q).stream().filter(x -> x.operations().contains("matmul1"))
        .findFirst().orElseThrow();
    Model reverted = new Reverter(fp, dev.jvino.nncf.RestoreMode.ACTIVATIONS_AND_WEIGHTS).revert(q, g);
    assertArrayEquals(bias, reverted.node("b1").orElseThrow().constantData().toFloatArray());
    assertArrayEquals(fp.node("w1").orElseThrow().constantData().toFloatArray(),
        reverted.node("w1").orElseThrow().constantData().toFloatArray());
    assertEquals("w1", reverted.node("matmul1").orElseThrow().inputNode(1).name());
    assertEquals(List.of("matmul2/fq_weights_1", "relu/fq_output_0"),
        reverted.nodesOfType("FakeQuantize").stream().map(Node::name).sorted().toList());
    // the input model is not changed
    assertEquals(4, q.nodesOfType("FakeQuantize").size());
    // ONLY_ACTIVATIONS keeps the weight quantizer and the (changed) weight, but restores the bias
    Model onlyAct = new Reverter(fp, dev.jvino.nncf.RestoreMode.ONLY_ACTIVATIONS).revert(q, g);
    assertArrayEquals(bias, onlyAct.node("b1").orElseThrow().constantData().toFloatArray());
    assertArrayEquals(new float[24], onlyAct.node("w1").orElseThrow().constantData().toFloatArray());
    assertEquals("FakeQuantize", onlyAct.node("matmul1").orElseThrow().inputNode(1).type());
  }

  /** A function giving only the metric: per-item values come from one call per item (metric mode). */
  @Test
  void perItemCallsWhenNoPerSampleValues() {
    List<AccuracyModels.Sample> samples = AccuracyModels.samples(30, 1);
    Dataset<?> data = Dataset.of(samples, AccuracyModels.Sample::x);
    int[] calls = new int[1];
    AccuracyControl.Result r = Nncf.quantizeWithAccuracyControl(AccuracyModels.classifier(), data, data,
        (runner, items) -> {
          calls[0]++;
          return ValidationResult.of(AccuracyModels.TOP1.validate(runner, items).metric());
        }, AccuracyControlOptions.DEFAULT, ENGINE);
    assertTrue(r.report().metricMode());
    assertEquals(List.of("matmul1"), r.report().reverted().get(0).operations());
    // mode check (1) + initial (1 + 30 per item) + quantized (1 + 30) + ranking of 2 groups (2) + 1 revert (1)
    assertEquals(66, calls[0]);
  }

  /** A function that fails on a single item switches the evaluator to logits mode, as NNCF's does. */
  @Test
  void aFunctionFailingOnOneItemSelectsLogitsMode() {
    List<AccuracyModels.Sample> samples = AccuracyModels.samples(30, 1);
    Dataset<?> data = Dataset.of(samples, AccuracyModels.Sample::x);
    AccuracyControl.Result r = Nncf.quantizeWithAccuracyControl(AccuracyModels.classifier(), data, data,
        (runner, items) -> {
          int n = 0;
          for (Object ignored : items) {
            n++;
          }
          if (n < 2) {
            throw new IllegalStateException("needs a batch");
          }
          return ValidationResult.of(AccuracyModels.TOP1.validate(runner, items).metric());
        }, AccuracyControlOptions.DEFAULT, ENGINE);
    assertTrue(!r.report().metricMode());
    assertEquals(List.of("matmul2"), r.report().reverted().get(0).operations());
  }
}
