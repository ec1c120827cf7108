package dev.jvino.nncf.quantization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.Engine;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.nncf.AccuracyControlOptions;
import dev.jvino.nncf.AdvancedAccuracyRestorerParameters;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.ModelRunner;
import dev.jvino.nncf.ModelType;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.ParameterNotSupportedException;
import dev.jvino.nncf.QuantizeOptions;
import dev.jvino.nncf.ValidationFunction;
import dev.jvino.nncf.ValidationResult;
import dev.jvino.nncf.accuracy.AccuracyControlReport;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code tune_hyperparams} on NNCF's IfModel, quantized body by body. */
class IfModelTunerTest {
  private static final Engine ENGINE = new ReferenceEngine();

  private static List<List<NdArray>> samples() {
    Random rnd = new Random(3);
    List<List<NdArray>> out = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      float[] a = new float[24];
      float[] b = new float[24];
      for (int k = 0; k < 24; k++) {
        a[k] = (float) rnd.nextGaussian();
        b[k] = (float) rnd.nextGaussian();
      }
      out.add(List.of(NdArray.f32(new long[] {1, 3, 4, 2}, a), NdArray.f32(new long[] {1, 3, 2, 4}, b),
          NdArray.bools(new long[0], i % 3 == 0)));
    }
    return out;
  }

  @Test
  void fastBiasCorrectionIsNotTunedForIfModels() {
    Model model = RunnableIfModels.ifModel();
    List<List<NdArray>> samples = samples();
    ModelRunner fp = new ModelRunner(ENGINE.compile(model));
    Map<Object, float[]> ref = new IdentityHashMap<>();
    for (List<NdArray> s : samples) {
      ref.put(s, fp.infer(s).get(0).toFloatArray());
    }
    ValidationFunction negError = (runner, items) -> {
      List<Double> per = new ArrayList<>();
      for (Object o : items) {
        float[] got = runner.infer(o).get(0).toFloatArray();
        float[] r = ref.get(o);
        double e = 0;
        for (int k = 0; k < r.length; k++) {
          e += Math.abs(got[k] - r[k]);
        }
        per.add(-e / r.length);
      }
      return ValidationResult.of(per.stream().mapToDouble(Double::doubleValue).average().orElse(0), per);
    };
    Dataset<?> ds = Dataset.of(samples);
    Model q = Nncf.quantize(model, ds, QuantizeOptions.builder().advancedParameters(
        dev.jvino.nncf.AdvancedQuantizationParameters.builder().backendParam("compress_weights", false).build())
        .build(), ENGINE).model();
    double quantizedMetric = negError.validate(new ModelRunner(ENGINE.compile(q)), samples).metric();
    // a max drop between the quantized model's (about 0.0057) and the tuned one's (about 0.002): the tuner runs
    // and its model ends the run (jvino's rollback loop does not revert quantizers inside If bodies)
    AccuracyControlOptions.Builder options = AccuracyControlOptions.builder().maxDrop(-quantizedMetric / 2).restorer(
        AdvancedAccuracyRestorerParameters.builder().tuneHyperparams(true).maxNumIterations(1).build());
    AccuracyControlReport rep = Nncf.quantizeWithAccuracyControl(model, ds, ds, negError, options.build(), ENGINE)
        .report();
    AccuracyControlReport.Tuning t = rep.tuning();
    // 2 + 2 + 1 + 9 distinct tries: the MinMax grid without fast_bias_correction
    assertEquals(14, t.trials().size());
    for (AccuracyControlReport.Trial trial : t.trials()) {
      assertFalse(trial.combination().containsKey("fast_bias_correction"), trial.combination().toString());
    }
    assertEquals(quantizedMetric, rep.quantizedMetric(), 1e-12);
    assertEquals(rep.quantizedMetric(), t.trials().getFirst().score(), 1e-12);
    assertEquals(Map.of("advanced_parameters:activations_range_estimator_params", "min=min/min, max=max/max"),
        t.best());
    assertTrue(t.kept());
    assertTrue(rep.reachedRequiredDrop());
    assertEquals(0, rep.iterations());
    assertEquals(t.tunedMetric(), rep.finalMetric());
    assertTrue(rep.finalMetric() > quantizedMetric);

    AccuracyControlOptions transformer = options.quantize(QuantizeOptions.builder().modelType(ModelType.TRANSFORMER)
        .build()).build();
    ParameterNotSupportedException e = assertThrows(ParameterNotSupportedException.class,
        () -> Nncf.quantizeWithAccuracyControl(model, ds, ds, negError, transformer, ENGINE));
    assertTrue(e.getMessage().contains("If ops") && e.getMessage().contains("IfModel"), e.getMessage());
  }
}
