package dev.jvino.nncf.accuracy;

import dev.jvino.engine.Engine;
import dev.jvino.ir.Model;
import dev.jvino.ir.io.IrWriter;
import dev.jvino.nncf.AccuracyControlOptions;
import dev.jvino.nncf.AdvancedAccuracyRestorerParameters;
import dev.jvino.nncf.AdvancedQuantizationParameters;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.DropType;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.NncfException;
import dev.jvino.nncf.QuantizeOptions;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.ValidationFunction;
import dev.jvino.nncf.ValidationResult;
import dev.jvino.nncf.compression.NncfRtInfo;
import dev.jvino.nncf.quantization.CompressQuantizeWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * NNCF's {@code quantize_with_accuracy_control} for OpenVINO models ({@code quantize_with_accuracy_control_impl}
 * and {@code QuantizationAccuracyRestorer}):
 *
 * <ol>
 *   <li>quantize with the weight quantizers kept as FakeQuantize ({@code compress_weights=False});
 *   <li>validate the float and the quantized model on the whole validation set; stop if the drop is within
 *       {@code maxDrop};
 *   <li>with {@code tuneHyperparams}, search the quantization parameters ({@link HyperparameterTuner}) and keep
 *       the tuned model when it is within {@code maxDrop} or its drop is lower;
 *   <li>group the quantizers ({@link QuantizerGroups}) and rank the groups on the ranking subset;
 *   <li>revert the best-ranked group on top of the previous reverts and re-validate, until the drop is within
 *       {@code maxDrop}, no group is left, or the iteration limit is reached; a revert that makes the drop
 *       worse right after an accepted one is undone (step back) and the remaining groups are re-ranked;
 *   <li>fold the remaining weight quantizers into int8 constants (unless {@code compress_weights} is off) and
 *       record {@code max_drop} and {@code drop_type} in the rt_info.
 * </ol>
 */
public final class AccuracyControl {
  private static final System.Logger LOG = System.getLogger(AccuracyControl.class.getName());

  private AccuracyControl() {}

  /** The returned model with the run's report. */
  public record Result(Model model, AccuracyControlReport report) {}

  /**
   * NNCF's {@code calculate_accuracy_drop}: whether to stop, and the drop (null for a RELATIVE drop of a metric
   * that did not fall).
   */
  public record Drop(boolean terminate, @Nullable Double value) {}

  /** NNCF's {@code calculate_accuracy_drop}. */
  public static Drop drop(double initial, double quantized, double maxDrop, DropType type) {
    if (quantized >= initial) {
      return new Drop(true, type == DropType.ABSOLUTE ? initial - quantized : null);
    }
    double d = type == DropType.ABSOLUTE ? initial - quantized : Math.abs(1 - quantized / initial);
    return new Drop(d <= maxDrop, d);
  }

  /** Runs the algorithm; {@code model} is not changed. */
  public static Result run(Model model, Dataset<?> calibration, Dataset<?> validation, ValidationFunction fn,
      AccuracyControlOptions options, Engine engine) {
    Objects.requireNonNull(fn, "validationFn");
    long start = System.nanoTime();
    QuantizeOptions q = options.quantize();
    AdvancedQuantizationParameters adv = q.advanced();
    boolean compressWeights = adv.compressWeights();
    QuantizeOptions keepFq = new QuantizeOptions(q.mode(), q.preset(), q.targetDevice(), q.subsetSize(),
        q.fastBiasCorrection(), q.modelType(), q.ignoredScope(),
        adv.toBuilder().backendParam(AdvancedQuantizationParameters.COMPRESS_WEIGHTS, false).build());
    Model quantized = Nncf.quantize(model, calibration, keepFq, engine).model();
    AdvancedAccuracyRestorerParameters ar = options.restorer();
    if (ar.intermediateModelDir() != null) {
      try {
        Files.createDirectories(ar.intermediateModelDir());
        IrWriter.write(quantized, ar.intermediateModelDir().resolve("intermediate_model.xml"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot save intermediate_model.xml in " + ar.intermediateModelDir(), e);
      }
    }
    Evaluator evaluator = new Evaluator(fn, engine, validation);
    int size = evaluator.size();
    if (size == 0) {
      throw new ValidationException("the validation dataset is empty");
    }
    Evaluator.MetricResults init = evaluator.collectMetricResults(model, "initial");
    Evaluator.MetricResults quant = evaluator.collectMetricResults(quantized, "quantized");
    Drop d = drop(init.metric(), quant.metric(), options.maxDrop(), options.dropType());
    LOG.log(Level.INFO, "accuracy drop: {0} ({1})", d.value(), options.dropType());
    double quantizedMetric = quant.metric();
    Double quantizedDrop = d.value();
    AccuracyControlReport.Tuning tuning = null;
    if (ar.tuneHyperparams() && !d.terminate()) {
      HyperparameterTuner.Result t = new HyperparameterTuner(keepFq, calibration, evaluator, q.subsetSize(), init,
          quant, engine).apply(model);
      Evaluator.MetricResults tq = evaluator.collectMetricResults(t.model(), "tuned");
      Drop td = drop(init.metric(), tq.metric(), options.maxDrop(), options.dropType());
      LOG.log(Level.INFO, "accuracy drop (tuned): {0} ({1})", td.value(), options.dropType());
      boolean kept = td.terminate() || td.value() < d.value();
      tuning = new AccuracyControlReport.Tuning(HyperparameterTuner.text(t.best()), t.score(), tq.metric(),
          td.value(), kept, t.trials());
      if (kept) { // the rollback loop starts from the tuned model
        quantized = t.model();
        quant = tq;
        d = td;
      }
    }

    Loop loop = new Loop(options, evaluator, new Reverter(model, ar.restoreMode()), init, quant.metric());
    Model out = quantized;
    if (!d.terminate()) {
      int rankingSize = ar.rankingSubsetSize() != null ? ar.rankingSubsetSize() : q.subsetSize();
      out = loop.run(quantized, quant, d.value(), rankingSize);
    }
    if (compressWeights) {
      CompressQuantizeWeights.apply(out);
    }
    NncfRtInfo.put(out.rtInfo(), List.of("nncf", "quantization", "max_drop"), Double.toString(options.maxDrop()));
    NncfRtInfo.put(out.rtInfo(), List.of("nncf", "quantization", "drop_type"), options.dropType().value());
    Drop finalDrop = drop(init.metric(), loop.metric, options.maxDrop(), options.dropType());
    AccuracyControlReport report = new AccuracyControlReport(init.metric(), quantizedMetric, quantizedDrop,
        loop.metric, finalDrop.value(), options.maxDrop(), options.dropType(), evaluator.metricMode(), size,
        loop.groups, loop.steps, loop.reverted, loop.iterations, finalDrop.terminate(), loop.removedAll,
        (System.nanoTime() - start) / 1e9, tuning);
    LOG.log(Level.INFO, "{0}", report);
    if (options.reportPath() != null) {
      try {
        report.write(options.reportPath());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the accuracy-control report " + options.reportPath(), e);
      }
    }
    return new Result(out, report);
  }

  /** The rollback loop ({@code QuantizationAccuracyRestorer._apply}) and what it did. */
  private static final class Loop {
    private final AccuracyControlOptions options;
    private final Evaluator evaluator;
    private final Reverter reverter;
    private final Evaluator.MetricResults init;
    double metric;
    int groups;
    int iterations;
    boolean removedAll;
    final List<AccuracyControlReport.Step> steps = new ArrayList<>();
    final List<AccuracyControlReport.Step> reverted = new ArrayList<>();

    Loop(AccuracyControlOptions options, Evaluator evaluator, Reverter reverter, Evaluator.MetricResults init,
        double quantizedMetric) {
      this.options = options;
      this.evaluator = evaluator;
      this.reverter = reverter;
      this.init = init;
      this.metric = quantizedMetric;
    }

    Model run(Model quantized, Evaluator.MetricResults quant, double drop, int rankingSize) {
      List<QuantizerGroups.Group> found = QuantizerGroups.find(quantized);
      groups = found.size();
      if (found.isEmpty()) {
        throw new NncfException("model '" + quantized.name() + "' has no quantizers to revert");
      }
      Ranker ranker = new Ranker(rankingSize, evaluator, reverter);
      List<QuantizerGroups.Group> ranked = groupsOf(ranker.rank(found, quantized, init.values(), quant.values()));
      Model previous = quantized;
      Evaluator.ItemValues previousValues = quant.values();
      double previousDrop = drop;
      double previousMetric = quant.metric();
      Model current = null;
      boolean stepBack = true;
      for (int it = 0; it < options.restorer().maxNumIterations(); it++) {
        iterations = it + 1;
        if (current != null) {
          previous = current;
          previousMetric = metric;
        }
        QuantizerGroups.Group group = ranked.removeLast();
        current = reverter.revert(previous, group);
        LOG.log(Level.INFO, "reverted {0} to floating point (quantizers {1})", group.operations(), group.quantizers());
        var runner = evaluator.prepare(current);
        ValidationResult r = evaluator.validate(runner, null);
        metric = r.metric();
        Drop d = drop(init.metric(), metric, options.maxDrop(), options.dropType());
        AccuracyControlReport.Step step = new AccuracyControlReport.Step(it, group.quantizers(), group.operations(),
            metric, d.value(), false);
        if (ranked.isEmpty()) {
          LOG.log(Level.INFO, "every group was reverted");
          removedAll = true;
          record(step);
          break;
        }
        if (d.terminate()) {
          record(step);
          break;
        }
        double currentDrop = d.value();
        if (currentDrop <= previousDrop || stepBack) {
          stepBack = false;
          previousDrop = currentDrop;
          record(step);
          continue;
        }
        // worse than the previous accepted revert: step back and re-rank the remaining groups
        steps.add(new AccuracyControlReport.Step(it, group.quantizers(), group.operations(), metric, d.value(), true));
        current = previous;
        metric = previousMetric;
        ranked.add(group);
        stepBack = true;
        previousDrop = currentDrop;
        LOG.log(Level.INFO, "drop got worse ({0}); undone, re-ranking {1} groups", currentDrop, ranked.size());
        Evaluator.ItemValues values = previousValues;
        ranked = groupsOf(ranker.rank(ranked, current, init.values(), values));
      }
      return current;
    }

    private void record(AccuracyControlReport.Step step) {
      steps.add(step);
      reverted.add(step);
    }

    private static List<QuantizerGroups.Group> groupsOf(List<Ranker.Scored> scored) {
      return new ArrayList<>(scored.stream().map(Ranker.Scored::group).toList());
    }
  }
}
