package dev.jvino.nncf.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.AccuracyControlOptions;
import dev.jvino.nncf.AdvancedAccuracyRestorerParameters;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.ModelType;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.QuantizeOptions;
import dev.jvino.nncf.ValidationFunction;
import dev.jvino.nncf.ValidationResult;
import dev.jvino.nncf.testing.MiniJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quantize_with_accuracy_control} with {@code tune_hyperparams} on a model with two independent
 * problems: {@code y1 = MatMul(x, W1)} reads channels 1..3 of a 1000-channel input whose channel 0 is a
 * 500-valued outlier (the default MEAN_MINMAX range has a step of about 4 and erases the signal; a 0.999 quantile
 * of the values ignores the one outlier), and {@code y2 = MatMul(z, W2)} whose weight columns hold a 1000 that
 * multiplies an always-zero input, so per-channel weight quantization erases the other weights whatever the
 * activation ranges. The metric is minus the mean absolute error of both outputs against the float model.
 */
class TunerAccuracyControlTest {
  private static final ReferenceEngine ENGINE = new ReferenceEngine();
  private static final int N = 1000;

  record Sample(Map<String, NdArray> inputs, float[] y1, float[] y2) {}

  static Model model() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, N));
    float[] w1 = new float[N * 3];
    for (int c = 0; c < 3; c++) {
      w1[(c + 1) * 3 + c] = 1;
    }
    Node m1 = Ops.matMul(x.output(), Ops.constant("w1", ConstantData.ofFloats(ElementType.F32, new long[] {N, 3}, w1))
        .output(), false, false);
    m1.setName("matmul1");
    Node z = Ops.parameter("z", ElementType.F32, PartialShape.of(1, 4));
    float[] w2 = new float[4 * 3];
    for (int c = 0; c < 3; c++) {
      w2[c] = 1000;
      w2[(c + 1) * 3 + c] = 1;
    }
    Node m2 = Ops.matMul(z.output(), Ops.constant("w2", ConstantData.ofFloats(ElementType.F32, new long[] {4, 3}, w2))
        .output(), false, false);
    m2.setName("matmul2");
    Node r1 = Ops.result(m1.output());
    r1.setName("y1");
    Node r2 = Ops.result(m2.output());
    r2.setName("y2");
    return new Model("two_problems", List.of(x, z), List.of(r1, r2));
  }

  static List<Sample> samples(int n) {
    Random rnd = new Random(7);
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] x = new float[N];
      x[0] = 500 + (float) rnd.nextDouble() * 10;
      for (int k = 1; k < N; k++) {
        x[k] = (float) (rnd.nextDouble() * 1.8 - 0.9);
      }
      float[] z = new float[4];
      for (int k = 1; k < 4; k++) {
        z[k] = (float) (rnd.nextDouble() * 2 - 1);
      }
      Map<String, NdArray> in = new LinkedHashMap<>();
      in.put("x", NdArray.f32(new long[] {1, N}, x));
      in.put("z", NdArray.f32(new long[] {1, 4}, z));
      out.add(new Sample(in, new float[] {x[1], x[2], x[3]}, new float[] {z[1], z[2], z[3]}));
    }
    return out;
  }

  static final ValidationFunction NEG_ERROR = (runner, items) -> {
    List<Double> per = new ArrayList<>();
    for (Object o : items) {
      Sample s = (Sample) o;
      var r = runner.infer(s.inputs());
      float[] y1 = r.get(0).toFloatArray();
      float[] y2 = r.get(1).toFloatArray();
      double e = 0;
      for (int k = 0; k < 3; k++) {
        e += Math.abs(y1[k] - s.y1()[k]) + Math.abs(y2[k] - s.y2()[k]);
      }
      per.add(-e);
    }
    return ValidationResult.of(per.stream().mapToDouble(Double::doubleValue).average().orElse(0), per);
  };

  private static AccuracyControl.Result run(boolean tune, Path report) {
    List<Sample> data = samples(20);
    Dataset<?> ds = Dataset.of(data, Sample::inputs);
    return Nncf.quantizeWithAccuracyControl(model(), ds, ds, NEG_ERROR, AccuracyControlOptions.builder().maxDrop(0.05)
        .restorer(AdvancedAccuracyRestorerParameters.builder().tuneHyperparams(tune).build()).reportPath(report)
        .build(), ENGINE);
  }

  private static final String SQ = "advanced_parameters:smooth_quant_alphas";
  private static final String ACT = "advanced_parameters:activations_range_estimator_params";
  private static final String QUANTILE_HIGH = "min=min/min, max=quantile/mean/0.001";

  private static float inputHigh(Model m, String fq) {
    return m.node(fq).orElseThrow().inputNode(2).constantData().toFloatArray()[0];
  }

  @Test
  void tunerPicksQuantileRangesAndTheLoopStartsFromTheTunedModel(@TempDir Path dir) throws Exception {
    AccuracyControl.Result r = run(true, dir.resolve("report.json"));
    AccuracyControlReport rep = r.report();
    AccuracyControlReport.Tuning t = rep.tuning();
    // only the activation estimator changes: the 0.999 quantile of the 1000 values of x ignores the outlier
    assertEquals(Map.of(ACT, QUANTILE_HIGH), t.best());
    // NNCF's greedy search: 2 + 3 + 2 + 10 + 3 tries, the repeats of the best key so far scored once
    assertEquals(16, t.trials().size());
    assertEquals(Map.of(), t.trials().get(0).combination());
    assertEquals(rep.quantizedMetric(), t.trials().get(0).score(), 1e-12); // the subset is the whole set here
    assertEquals(Map.of("preset", "mixed"), t.trials().get(3).combination());
    assertTrue(t.trials().get(3).score() < rep.quantizedMetric()); // MIXED loses: not taken
    assertEquals(Map.of(ACT, QUANTILE_HIGH), t.trials().get(6).combination());
    assertEquals(t.score(), t.trials().get(6).score());
    // later activation estimators tie with it (same symmetric range) and do not replace it (strict <)
    assertEquals(t.score(), t.trials().get(9).score());
    assertEquals(Map.of(ACT, QUANTILE_HIGH, "fast_bias_correction", "false"), t.trials().get(15).combination());
    assertTrue(t.score() > rep.quantizedMetric() + 1, "tuned " + t.score() + " vs " + rep.quantizedMetric());
    assertEquals(t.score(), t.tunedMetric(), 1e-12);
    assertEquals(-t.tunedMetric(), t.tunedDrop(), 1e-12);
    assertTrue(t.kept());

    // the rollback loop starts from the tuned model: only the W2 problem is left, one revert fixes it
    assertEquals(2, rep.groups());
    assertEquals(1, rep.reverted().size());
    assertEquals(List.of("matmul2"), rep.reverted().getFirst().operations());
    assertTrue(rep.reachedRequiredDrop());
    assertTrue(rep.finalMetric() > -0.05 && rep.finalMetric() < 0, "final " + rep.finalMetric());
    // x keeps its quantizer, with the tuned range (about 1.4 instead of about 505)
    float high = inputHigh(r.model(), "x/fq_output_0");
    assertTrue(high > 0.9f && high < 2f, "x range " + high);
    assertTrue(r.model().node("z/fq_output_0").isEmpty());
    // the rt_info records the user's options, not the tuned ones
    String adv = r.model().rtInfo().find("nncf", "quantization", "advanced_parameters").orElseThrow().value()
        .orElseThrow();
    assertTrue(adv.contains("'activations_range_estimator_params': {'min': {'statistics_type': None"), adv);
    assertFalse(adv.contains("'quantile'"), adv);

    Map<String, Object> json = MiniJson.obj(MiniJson.parse(Files.readString(dir.resolve("report.json"))));
    Map<String, Object> tj = MiniJson.obj(json.get("tuning"));
    assertEquals(Map.of(ACT, QUANTILE_HIGH), MiniJson.obj(tj.get("best")));
    assertEquals(t.score(), ((Number) tj.get("score")).doubleValue());
    assertEquals(t.tunedMetric(), ((Number) tj.get("tuned_metric")).doubleValue());
    assertEquals(t.tunedDrop(), ((Number) tj.get("tuned_drop")).doubleValue());
    assertEquals(true, tj.get("kept"));
    assertEquals(16, ((Number) tj.get("combinations_tried")).intValue());
    List<Object> trials = MiniJson.list(tj.get("trials"));
    assertEquals(16, trials.size());
    Map<String, Object> tr6 = MiniJson.obj(trials.get(6));
    assertEquals(0, ((Number) tr6.get("step")).intValue());
    assertEquals(Map.of(ACT, QUANTILE_HIGH), MiniJson.obj(tr6.get("combination")));
    assertEquals(t.score(), ((Number) tr6.get("score")).doubleValue());
    assertEquals(rep.quantizedMetric(), ((Number) json.get("quantized_metric")).doubleValue());
    assertEquals(rep.finalMetric(), ((Number) json.get("final_metric")).doubleValue());
  }

  @Test
  void withoutTheTunerBothGroupsAreReverted(@TempDir Path dir) throws Exception {
    AccuracyControl.Result r = run(false, dir.resolve("report.json"));
    AccuracyControlReport rep = r.report();
    assertNull(rep.tuning());
    assertEquals(2, rep.reverted().size());
    assertTrue(rep.reachedRequiredDrop());
    assertNull(MiniJson.obj(MiniJson.parse(Files.readString(dir.resolve("report.json")))).get("tuning"));
    assertTrue(Files.readString(dir.resolve("report.json")).contains("\"tuning\": null"));
  }

  @Test
  void onTheClassifierTheMixedPresetWithQuantileRangesWinsAndIsKept() {
    // the classifier of AccuracyControlTest (outlier channel 0 of 4, top-1 accuracy): the search takes the MIXED
    // preset, then a quantile activation range, each strictly better on the subset; the tuned model is still too
    // far from the float one, and the loop reverts matmul1 from there
    List<AccuracyModels.Sample> samples = AccuracyModels.samples(30, 1);
    Dataset<?> ds = Dataset.of(samples, AccuracyModels.Sample::x);
    AccuracyControlReport rep = Nncf.quantizeWithAccuracyControl(AccuracyModels.classifier(), ds, ds,
        AccuracyModels.TOP1, AccuracyControlOptions.builder().restorer(AdvancedAccuracyRestorerParameters.builder()
            .tuneHyperparams(true).build()).build(), ENGINE).report();
    AccuracyControlReport.Tuning t = rep.tuning();
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("preset", "mixed");
    expected.put(ACT, "min=quantile/mean/1.0E-4, max=quantile/mean/0.001");
    assertEquals(expected, t.best());
    assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(t.best().keySet()));
    assertEquals(23 / 30.0, t.score(), 1e-12);
    assertEquals(t.score(), t.tunedMetric(), 1e-12);
    assertTrue(t.tunedMetric() > rep.quantizedMetric(), t.tunedMetric() + " vs " + rep.quantizedMetric());
    assertTrue(t.kept());
    assertEquals(16, t.trials().size());
    assertEquals(Map.of("preset", "mixed"), t.trials().get(3).combination());
    assertTrue(t.trials().get(3).score() > t.trials().get(0).score());
    assertTrue(t.score() > t.trials().get(3).score());
    assertEquals(List.of("x/fq_output_0", "matmul1/fq_weights_1"), rep.reverted().getFirst().quantizers());
    assertEquals(1, rep.reverted().size());
    assertEquals(1.0, rep.finalMetric());
  }

  @Test
  void inLogitsModeTheTunerKeepsTheHighestMeanNmseAsNncfDoes(@TempDir Path dir) {
    // NNCF's find_best_combination maximises the score, and in logits mode the score is the mean NMSE against the
    // float outputs: the search keeps the combination with the LARGEST error (the MIXED preset here). The tuned
    // model then has a larger drop than the quantized one and is not kept.
    ValidationFunction logits = (runner, items) -> ValidationResult.rankByOutputs(
        NEG_ERROR.validate(runner, items).metric());
    List<Sample> data = samples(20);
    Dataset<?> ds = Dataset.of(data, Sample::inputs);
    AccuracyControlReport rep = Nncf.quantizeWithAccuracyControl(model(), ds, ds, logits,
        AccuracyControlOptions.builder().maxDrop(0.05).restorer(AdvancedAccuracyRestorerParameters.builder()
            .tuneHyperparams(true).build()).build(), ENGINE).report();
    assertFalse(rep.metricMode());
    AccuracyControlReport.Tuning t = rep.tuning();
    assertEquals("mixed", t.best().get("preset"));
    double none = t.trials().getFirst().score();
    assertEquals(Map.of("preset", "mixed"), t.trials().get(3).combination());
    assertTrue(t.trials().get(3).score() > none); // MIXED has the larger NMSE and is taken
    double quantile = t.trials().stream().filter(x -> QUANTILE_HIGH.equals(x.combination().get(ACT)))
        .findFirst().orElseThrow().score();
    assertTrue(quantile < none, quantile + " vs " + none); // the quantile range has the smaller NMSE ...
    assertTrue(quantile < t.score());
    assertFalse(QUANTILE_HIGH.equals(t.best().get(ACT))); // ... so it is not chosen
    assertTrue(t.tunedMetric() < rep.quantizedMetric());
    assertFalse(t.kept());
    assertEquals(2, rep.reverted().size());
  }

  @Test
  void aTransformerIsTunedInTwoStepsSmoothQuantFirst() {
    List<Sample> data = samples(20);
    Dataset<?> ds = Dataset.of(data, Sample::inputs);
    AccuracyControlReport rep = Nncf.quantizeWithAccuracyControl(model(), ds, ds, NEG_ERROR,
        AccuracyControlOptions.builder().maxDrop(0.05).quantize(QuantizeOptions.builder()
            .modelType(ModelType.TRANSFORMER).build()).restorer(AdvancedAccuracyRestorerParameters.builder()
            .tuneHyperparams(true).build()).build(), ENGINE).report();
    AccuracyControlReport.Tuning t = rep.tuning();
    List<AccuracyControlReport.Trial> step0 = t.trials().stream().filter(x -> x.step() == 0).toList();
    List<AccuracyControlReport.Trial> step1 = t.trials().stream().filter(x -> x.step() == 1).toList();
    assertEquals(6, step0.size()); // unchanged + the 5 alphas
    assertEquals(16, step1.size());
    assertEquals(t.trials().size(), step0.size() + step1.size());
    // step 0 with nothing changed is the whole pipeline with the user's options: the quantized model
    assertEquals(Map.of(), step0.getFirst().combination());
    assertEquals(rep.quantizedMetric(), step0.getFirst().score(), 1e-12);
    for (int i = 1; i < 6; i++) {
      assertEquals(SQ, step0.get(i).combination().keySet().iterator().next());
    }
    // step 1 with nothing changed runs MinMax on the model smoothed with step 0's best: the same model as the
    // whole pipeline with that alpha, so the same score
    double step0Best = step0.stream().mapToDouble(AccuracyControlReport.Trial::score).max().orElseThrow();
    assertEquals(step0Best, step1.getFirst().score(), 1e-12);
    // the user's alpha (0.95) ties with the unchanged pipeline and is not taken; step 1 takes the quantile range
    assertEquals(step0.getFirst().score(), step0.get(5).score(), 1e-12);
    assertEquals(Map.of(ACT, QUANTILE_HIGH), t.best());
    assertTrue(t.kept());
  }
}
