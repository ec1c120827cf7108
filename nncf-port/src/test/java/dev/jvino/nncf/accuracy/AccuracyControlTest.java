package dev.jvino.nncf.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.nncf.AccuracyControlOptions;
import dev.jvino.nncf.AdvancedAccuracyRestorerParameters;
import dev.jvino.nncf.AdvancedQuantizationParameters;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.DropType;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.QuantizeOptions;
import dev.jvino.nncf.RestoreMode;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.ValidationResult;
import dev.jvino.nncf.testing.MiniJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quantize_with_accuracy_control} end to end on models built so that quantizing one layer destroys
 * the metric, or so that a revert makes the metric worse.
 */
class AccuracyControlTest {
  private static final ReferenceEngine ENGINE = new ReferenceEngine();
  private static final List<String> MATMUL1 = List.of("x/fq_output_0", "matmul1/fq_weights_1");

  private static List<String> fqNames(Model m) {
    return m.nodesOfType("FakeQuantize").stream().map(Node::name).sorted().toList();
  }

  private static AccuracyControl.Result classifier(AccuracyControlOptions options) {
    List<AccuracyModels.Sample> samples = AccuracyModels.samples(30, 1);
    Dataset<?> data = Dataset.of(samples, AccuracyModels.Sample::x);
    return Nncf.quantizeWithAccuracyControl(AccuracyModels.classifier(), data, data, AccuracyModels.TOP1, options,
        ENGINE);
  }

  @Test
  void revertsOnlyTheLayerWhoseQuantizationDestroysAccuracy() {
    AccuracyControl.Result r = classifier(AccuracyControlOptions.DEFAULT);
    AccuracyControlReport rep = r.report();
    assertEquals(1.0, rep.initialMetric());
    assertTrue(rep.quantizedMetric() < 0.5, "quantized accuracy " + rep.quantizedMetric());
    assertEquals(2, rep.groups());
    assertEquals(1, rep.reverted().size());
    assertEquals(MATMUL1, rep.reverted().get(0).quantizers());
    assertEquals(List.of("matmul1"), rep.reverted().get(0).operations());
    assertEquals(1.0, rep.finalMetric());
    assertTrue(rep.finalDrop() <= 0.01);
    assertTrue(rep.reachedRequiredDrop());
    assertTrue(rep.metricMode());
    // matmul1 runs in float, matmul2 keeps its activation quantizer and int8 weights (compress_weights on)
    assertEquals(List.of("relu/fq_output_0"), fqNames(r.model()));
    Node w2 = r.model().node("matmul2").orElseThrow().inputNode(1);
    assertEquals("Multiply", w2.type());
    assertEquals("Constant", r.model().node("matmul1").orElseThrow().inputNode(1).type());
    assertEquals("x", r.model().node("matmul1").orElseThrow().inputNode(0).name());
    assertEquals("0.01", r.model().rtInfo().find("nncf", "quantization", "max_drop").orElseThrow().value()
        .orElseThrow());
    assertEquals("absolute", r.model().rtInfo().find("nncf", "quantization", "drop_type").orElseThrow().value()
        .orElseThrow());
  }

  @Test
  void compressWeightsOffKeepsWeightQuantizers() {
    AccuracyControl.Result r = classifier(AccuracyControlOptions.builder().quantize(QuantizeOptions.builder()
        .advancedParameters(AdvancedQuantizationParameters.builder()
            .backendParam(AdvancedQuantizationParameters.COMPRESS_WEIGHTS, false).build()).build()).build());
    assertEquals(List.of("matmul2/fq_weights_1", "relu/fq_output_0"), fqNames(r.model()));
  }

  @Test
  void onlyActivationsKeepsTheWeightQuantizerOfAReverted() {
    AccuracyControl.Result r = classifier(AccuracyControlOptions.builder().restorer(
        AdvancedAccuracyRestorerParameters.builder().restoreMode(RestoreMode.ONLY_ACTIVATIONS).build()).quantize(
        QuantizeOptions.builder().advancedParameters(AdvancedQuantizationParameters.builder()
            .backendParam(AdvancedQuantizationParameters.COMPRESS_WEIGHTS, false).build()).build()).build());
    assertEquals(MATMUL1, r.report().reverted().get(0).quantizers());
    assertEquals(List.of("matmul1/fq_weights_1", "matmul2/fq_weights_1", "relu/fq_output_0"), fqNames(r.model()));
    assertEquals(1.0, r.report().finalMetric());
  }

  @Test
  void noRevertWhenTheDropIsWithinMaxDrop() {
    AccuracyControl.Result r = classifier(AccuracyControlOptions.builder().maxDrop(0.7).build());
    assertEquals(0, r.report().iterations());
    assertTrue(r.report().steps().isEmpty());
    assertEquals(0, r.report().groups());
    assertEquals(r.report().quantizedMetric(), r.report().finalMetric());
    assertTrue(r.report().reachedRequiredDrop());
    assertEquals(List.of("relu/fq_output_0", "x/fq_output_0"), fqNames(r.model()));
  }

  @Test
  void logitsModeRanksByOutputNmseAsNncfDoes() {
    List<AccuracyModels.Sample> samples = AccuracyModels.samples(30, 1);
    Dataset<?> data = Dataset.of(samples, AccuracyModels.Sample::x);
    AccuracyControl.Result r = Nncf.quantizeWithAccuracyControl(AccuracyModels.classifier(), data, data,
        (runner, items) -> ValidationResult.rankByOutputs(AccuracyModels.TOP1.validate(runner, items).metric()),
        AccuracyControlOptions.DEFAULT, ENGINE);
    AccuracyControlReport rep = r.report();
    assertFalse(rep.metricMode());
    // NNCF reverts the group with the HIGHEST mean NMSE first: reverting matmul2 leaves matmul1's destructive
    // quantizer (high NMSE), so matmul2 goes first; then matmul1, the last group
    assertEquals(List.of("matmul2"), rep.reverted().get(0).operations());
    assertEquals(MATMUL1, rep.reverted().get(1).quantizers());
    assertTrue(rep.removedAll());
    assertEquals(1.0, rep.finalMetric());
    assertTrue(fqNames(r.model()).isEmpty());
  }

  /** The branch model with a ranking subset of one item. */
  private static AccuracyControl.Result branches(AccuracyControlOptions.Builder options,
      AdvancedAccuracyRestorerParameters.Builder restorer) {
    return branches(options.restorer(restorer.rankingSubsetSize(1).build()).build());
  }

  private static AccuracyControl.Result branches(AccuracyControlOptions options) {
    List<AccuracyModels.BranchSample> samples = AccuracyModels.branchSamples(5, new double[] {3, 2, 1},
        new double[] {1, -1, 1});
    Dataset<?> data = Dataset.of(samples, AccuracyModels.BranchSample::inputs);
    return Nncf.quantizeWithAccuracyControl(AccuracyModels.branches(), data, data, AccuracyModels.BRANCH_SCORE,
        options, ENGINE);
  }

  private static List<String> ops(List<AccuracyControlReport.Step> steps) {
    return steps.stream().map(s -> String.join(",", s.operations()) + (s.undone() ? "(undone)" : "")).toList();
  }

  /**
   * The ranking subset is item 0 (the largest per-item drop), where reverting A, then B, then C helps most;
   * on the other items reverting B lowers the score. So B's revert after A makes the drop worse: it is undone,
   * the rest is re-ranked (B still first on item 0) and B is reverted again, now accepted because its drop
   * equals the remembered (worse) one, as in NNCF; then C, the last group.
   */
  @Test
  void aWorseRevertIsUndoneAndReRanked() {
    AccuracyControl.Result r = branches(AccuracyControlOptions.builder(), AdvancedAccuracyRestorerParameters.builder());
    AccuracyControlReport rep = r.report();
    assertEquals(10.0, rep.initialMetric(), 1e-9);
    assertEquals(9.0, rep.quantizedMetric(), 1e-9);
    assertEquals(List.of("matmul_a", "matmul_b(undone)", "matmul_b", "matmul_c"), ops(rep.steps()));
    assertEquals(9.7, rep.steps().get(0).metric(), 1e-9);
    assertEquals(9.5, rep.steps().get(1).metric(), 1e-9);
    assertEquals(0.5, rep.steps().get(2).drop(), 1e-9);
    assertEquals(List.of("matmul_a", "matmul_b", "matmul_c"), ops(rep.reverted()));
    assertTrue(rep.removedAll());
    assertEquals(4, rep.iterations());
    assertEquals(10.0, rep.finalMetric(), 1e-9);
  }

  @Test
  void theIterationLimitRightAfterAStepBackReturnsThePreviousModel() {
    AccuracyControl.Result r = branches(AccuracyControlOptions.builder(),
        AdvancedAccuracyRestorerParameters.builder().maxNumIterations(2));
    AccuracyControlReport rep = r.report();
    assertEquals(List.of("matmul_a", "matmul_b(undone)"), ops(rep.steps()));
    assertEquals(List.of("matmul_a"), ops(rep.reverted()));
    assertEquals(9.7, rep.finalMetric(), 1e-9);
    assertFalse(rep.reachedRequiredDrop());
    assertEquals(List.of("xb/fq_output_0", "xc/fq_output_0"), fqNames(r.model()));
  }

  @Test
  void relativeAndAbsoluteDrops() {
    // after reverting A the metric is 9.7 of 10: a relative drop of 0.03, an absolute drop of 0.3
    AccuracyControl.Result rel = branches(AccuracyControlOptions.builder().maxDrop(0.035)
        .dropType(DropType.RELATIVE), AdvancedAccuracyRestorerParameters.builder());
    assertEquals(List.of("matmul_a"), ops(rel.report().reverted()));
    assertEquals(0.03, rel.report().finalDrop(), 1e-9);
    assertEquals(0.1, rel.report().initialDrop(), 1e-9);
    assertTrue(rel.report().reachedRequiredDrop());
    AccuracyControl.Result abs = branches(AccuracyControlOptions.builder().maxDrop(0.035),
        AdvancedAccuracyRestorerParameters.builder());
    assertEquals(List.of("matmul_a", "matmul_b", "matmul_c"), ops(abs.report().reverted()));
    assertEquals(0.0, abs.report().finalDrop(), 1e-9);
  }

  @Test
  void theWholeSetAsRankingSubsetRevertsTheBestGroupsFirst() {
    // ranked on all 5 items the scores are A 9.7, C 9.5, B 8.8: A goes first (drop 0.3), then C, which
    // lifts the metric above the float one (10.2: B's quantization noise is rewarded on items 1..4)
    AccuracyControl.Result r = branches(AccuracyControlOptions.DEFAULT);
    assertEquals(List.of("matmul_a", "matmul_c"), ops(r.report().reverted()));
    assertEquals(10.2, r.report().finalMetric(), 1e-9);
    assertEquals(List.of("xb/fq_output_0"), fqNames(r.model()));
  }

  @Test
  void calculateAccuracyDrop() {
    assertEquals(new AccuracyControl.Drop(true, -0.5), AccuracyControl.drop(1, 1.5, 0.01, DropType.ABSOLUTE));
    assertNull(AccuracyControl.drop(1, 1.5, 0.01, DropType.RELATIVE).value());
    assertEquals(new AccuracyControl.Drop(false, 0.25), AccuracyControl.drop(1, 0.75, 0.2, DropType.ABSOLUTE));
    assertEquals(new AccuracyControl.Drop(true, 0.25), AccuracyControl.drop(1, 0.75, 0.25, DropType.ABSOLUTE));
    assertEquals(new AccuracyControl.Drop(false, 0.5), AccuracyControl.drop(-2, -3, 0.4, DropType.RELATIVE));
  }

  @Test
  void reportJson(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("out/report.json");
    classifier(AccuracyControlOptions.builder().reportPath(json).build());
    Map<String, Object> o = MiniJson.obj(MiniJson.parse(Files.readString(json)));
    assertEquals(1.0, ((Number) o.get("initial_metric")).doubleValue());
    assertEquals(1.0, ((Number) o.get("final_metric")).doubleValue());
    assertEquals("absolute", o.get("drop_type"));
    assertEquals("metric", o.get("ranking"));
    assertEquals(30, ((Number) o.get("validation_size")).intValue());
    assertEquals(Boolean.TRUE, o.get("reached_required_drop"));
    List<Object> reverted = MiniJson.list(o.get("reverted"));
    assertEquals(1, reverted.size());
    Map<String, Object> step = MiniJson.obj(reverted.get(0));
    assertEquals(List.of("matmul1"), MiniJson.list(step.get("operations")));
    assertEquals(MATMUL1, MiniJson.list(step.get("quantizers")));
    assertEquals(0.0, ((Number) step.get("drop")).doubleValue());
  }

  @Test
  void intermediateModelIsSaved(@TempDir Path dir) {
    classifier(AccuracyControlOptions.builder().maxDrop(0.7).restorer(AdvancedAccuracyRestorerParameters.builder()
        .intermediateModelDir(dir).build()).build());
    assertTrue(Files.exists(dir.resolve("intermediate_model.xml")));
    assertTrue(Files.exists(dir.resolve("intermediate_model.bin")));
  }

  @Test
  void badOptionsAreRejected() {
    assertThrows(ValidationException.class, () -> AccuracyControlOptions.builder().maxDrop(-0.1).build());
    assertThrows(ValidationException.class, () -> AdvancedAccuracyRestorerParameters.builder().maxNumIterations(0)
        .build());
    assertThrows(ValidationException.class, () -> AdvancedAccuracyRestorerParameters.builder().rankingSubsetSize(0)
        .build());
    assertThrows(ValidationException.class, () -> new ValidationResult(Double.NaN, null));
    assertThrows(ValidationException.class, () -> ValidationResult.of(1, List.of(Double.POSITIVE_INFINITY)));
    List<AccuracyModels.Sample> samples = AccuracyModels.samples(3, 1);
    Dataset<?> data = Dataset.of(samples, AccuracyModels.Sample::x);
    ValidationException e = assertThrows(ValidationException.class, () -> Nncf.quantizeWithAccuracyControl(
        AccuracyModels.classifier(), data, data, (runner, items) -> ValidationResult.of(1, List.of(1.0)),
        AccuracyControlOptions.DEFAULT, ENGINE));
    assertTrue(e.getMessage().contains("1 per-sample values for the 3 items"), e.getMessage());
    assertThrows(ValidationException.class, () -> Nncf.quantizeWithAccuracyControl(AccuracyModels.classifier(),
        Dataset.of(AccuracyModels.samples(2, 1), AccuracyModels.Sample::x), Dataset.of(List.of()),
        AccuracyModels.TOP1, AccuracyControlOptions.DEFAULT, ENGINE));
  }
}
