package dev.jvino.nncf.accuracy;

import dev.jvino.engine.Engine;
import dev.jvino.ir.Model;
import dev.jvino.nncf.AdvancedSmoothQuantParameters;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.ParameterNotSupportedException;
import dev.jvino.nncf.QuantizeOptions;
import dev.jvino.nncf.quantization.IfModelQuantization;
import dev.jvino.nncf.quantization.PostTrainingQuantization;
import dev.jvino.nncf.quantization.QuantizationRtInfo;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * NNCF's {@code HyperparameterTuner} as {@code quantize_with_accuracy_control} uses it: a step-wise search over
 * the parameter grids of the quantization pipeline ({@link HyperparameterSearch#quantizationGrids}).
 *
 * <p>The tuner first picks the items of the validation set the quantized model gets most wrong (the
 * {@code subsetSize} largest errors, metric difference in metric mode, NMSE against the float model's outputs in
 * logits mode). Then, for each pipeline step, it runs that step and every later one with each tried combination of
 * the step's grid on the model the best previous steps produced, scores the result on the subset
 * ({@link HyperparameterSearch#findBestCombination}), keeps the best combination and runs the step with it.
 * The score is the subset metric in metric mode and the mean NMSE in logits mode; like NNCF, the search keeps
 * the highest score in both modes.
 *
 * <p>Differences from NNCF: each combination collects its own statistics in its own pass over the calibration
 * set (NNCF collects the statistics of every combination of a step in one shared pass), and the last step of the
 * best combination is run again instead of reusing its statistics. Results are the same, the run is slower.
 * For models with If ops (quantized body by body) {@code fast_bias_correction} is not tuned, since jvino runs only
 * FastBiasCorrection on If bodies, and a SmoothQuant step is refused ({@link ParameterNotSupportedException}).
 */
final class HyperparameterTuner {
  private static final System.Logger LOG = System.getLogger(HyperparameterTuner.class.getName());

  /** The tuned model, the best values of every step, the score of the last step's best and every trial. */
  record Result(Model model, Map<String, TunerParameter> best, double score, List<AccuracyControlReport.Trial> trials) {}

  private final QuantizeOptions init;
  private final Dataset<?> calibration;
  private final Evaluator evaluator;
  private final int subsetSize;
  private final Evaluator.MetricResults initial;
  private final Evaluator.MetricResults quantized;
  private final Engine engine;

  /**
   * @param init the quantize options the model was quantized with
   * @param subsetSize validation items scored per combination (NNCF passes the quantize subset size)
   * @param initial the float model's results on the validation set
   * @param quantized the quantized model's results on the validation set
   */
  HyperparameterTuner(QuantizeOptions init, Dataset<?> calibration, Evaluator evaluator, int subsetSize,
      Evaluator.MetricResults initial, Evaluator.MetricResults quantized, Engine engine) {
    this.init = init;
    this.calibration = calibration;
    this.evaluator = evaluator;
    this.subsetSize = subsetSize;
    this.initial = initial;
    this.quantized = quantized;
    this.engine = engine;
  }

  /** Tunes the quantization of {@code model} (the float model, not changed). */
  Result apply(Model model) {
    int[] subset = Ranker.selectSubset(subsetSize, initial.values(), quantized.values());
    List<SequencedMap<String, List<TunerParameter>>> grids = HyperparameterSearch.quantizationGrids(init);
    boolean smoothQuant = PostTrainingQuantization.hasSmoothQuantStep(init);
    if (smoothQuant && IfModelQuantization.hasIfOps(model)) {
      throw new ParameterNotSupportedException("tune_hyperparams: jvino does not tune SmoothQuant of model '"
          + model.name() + "', which has If ops");
    }
    if (IfModelQuantization.hasIfOps(model)) {
      // jvino quantizes If bodies with FastBiasCorrection only (Nncf.quantize rejects BiasCorrection there)
      grids.forEach(g -> g.remove(new TunerParameter.FastBiasCorrection(true).name()));
      LOG.log(Level.INFO, "tuner: model ''{0}'' has If ops; fast_bias_correction is not tuned", model.name());
    }
    Model stepModel = model;
    Map<String, TunerParameter> best = new LinkedHashMap<>();
    List<AccuracyControlReport.Trial> trials = new ArrayList<>();
    double bestScore = Double.NaN;
    for (int step = 0; step < grids.size(); step++) {
      SequencedMap<String, List<TunerParameter>> grid = grids.get(step);
      var combinations = HyperparameterSearch.createCombinations(grid);
      Map<List<Integer>, Double> scores = new HashMap<>();
      final int s = step;
      final Model m = stepModel;
      boolean last = step == grids.size() - 1;
      List<Integer> key = HyperparameterSearch.findBestCombination(combinations, k -> scores.computeIfAbsent(k,
          kk -> {
            QuantizeOptions o = options(combinations.get(kk), best);
            double score = score(runFrom(s, m, o, smoothQuant), subset);
            trials.add(new AccuracyControlReport.Trial(s, text(combinations.get(kk)), score));
            LOG.log(Level.INFO, "tuner step {0}: {1} -> score {2}", s, text(combinations.get(kk)), score);
            return score;
          }), grid);
      best.putAll(combinations.get(key));
      bestScore = scores.get(key);
      QuantizeOptions o = options(Map.of(), best);
      stepModel = last ? runFrom(step, stepModel, o, smoothQuant)
          : PostTrainingQuantization.smoothQuantStep(stepModel, calibration, o, engine);
    }
    // the rt_info records the user's options, as for the untuned model
    QuantizationRtInfo.dump(stepModel.rtInfo(), new QuantizationRtInfo.Arguments(init.preset(), init.targetDevice(),
        init.subsetSize(), init.fastBiasCorrection(), init.modelType(), init.ignoredScope(),
        init.advancedParameters()));
    LOG.log(Level.INFO, "tuner: best combination {0}, score {1}", text(best), bestScore);
    return new Result(stepModel, best, bestScore, trials);
  }

  /** NNCF's {@code apply_combination(init, combination + best)}: the best values of earlier steps win. */
  private QuantizeOptions options(Map<String, TunerParameter> combination, Map<String, TunerParameter> best) {
    Map<String, TunerParameter> settings = new LinkedHashMap<>(combination);
    settings.putAll(best);
    return HyperparameterSearch.applyCombination(init, settings);
  }

  /**
   * NNCF's {@code run_from_step}: the whole pipeline from the SmoothQuant step (step 0 of a pipeline that has one),
   * or the MinMax step onward, SmoothQuant switched off because {@code model} is already smoothed.
   */
  private Model runFrom(int step, Model model, QuantizeOptions options, boolean smoothQuant) {
    QuantizeOptions o = options;
    if (smoothQuant && step > 0) {
      o = HyperparameterSearch.applyCombination(o, Map.of("advanced_parameters:smooth_quant_alphas",
          new TunerParameter.SmoothQuantAlphas(new AdvancedSmoothQuantParameters(-1, -1))));
      o = new QuantizeOptions(o.mode(), o.preset(), o.targetDevice(), o.subsetSize(), o.fastBiasCorrection(),
          o.modelType(), o.ignoredScope(), o.advanced().toBuilder().smoothQuantAlpha(null).build());
    }
    return Nncf.quantize(model, calibration, o, engine).model();
  }

  /** The subset metric (metric mode) or the mean NMSE against the float model's outputs (logits mode). */
  private double score(Model model, int[] subset) {
    var runner = evaluator.prepare(model);
    if (evaluator.metricMode()) {
      return evaluator.validate(runner, subset).metric();
    }
    Evaluator.ItemValues outs = evaluator.collect(runner, subset);
    double sum = 0;
    for (int k = 0; k < subset.length; k++) {
      sum += Evaluator.nmse(initial.values().outputs().get(subset[k]), outs.outputs().get(k));
    }
    return sum / subset.length;
  }

  static Map<String, String> text(Map<String, TunerParameter> combination) {
    Map<String, String> out = new LinkedHashMap<>();
    combination.forEach((k, v) -> out.put(k, v.value()));
    return out;
  }
}
