package dev.jvino.nncf.accuracy;

import dev.jvino.engine.Engine;
import dev.jvino.engine.InferResult;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.ModelRunner;
import dev.jvino.nncf.NncfException;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.ValidationFunction;
import dev.jvino.nncf.ValidationResult;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * NNCF's {@code Evaluator}: runs the validation function on a model and collects per-item values, either
 * metric values (metric mode) or model outputs (logits mode). The mode is decided once, on the first
 * validation, by calling the function on the first item alone.
 */
final class Evaluator {
  private static final System.Logger LOG = System.getLogger(Evaluator.class.getName());

  /** Per-item values: metrics in metric mode, output tensors (as floats, per output) in logits mode. */
  record ItemValues(double @Nullable [] metrics, @Nullable List<float[][]> outputs) {
    int size() {
      return metrics != null ? metrics.length : outputs.size();
    }

    /** NNCF's ranking function between {@code this} (reference) and {@code approx} for item {@code i}. */
    double error(ItemValues approx, int i) {
      if (metrics != null) {
        return metrics[i] - approx.metrics[i];
      }
      return nmse(outputs.get(i), approx.outputs.get(i));
    }
  }

  /** A validation outcome with its per-item values and timings. */
  record MetricResults(double metric, ItemValues values, double preparationSeconds, double validationSeconds) {}

  private final ValidationFunction fn;
  private final Engine engine;
  private final Dataset<?> dataset;
  private @Nullable Boolean metricMode;

  Evaluator(ValidationFunction fn, Engine engine, Dataset<?> dataset) {
    this.fn = fn;
    this.engine = engine;
    this.dataset = dataset;
  }

  boolean metricMode() {
    return Boolean.TRUE.equals(metricMode);
  }

  ModelRunner prepare(Model model) {
    return new ModelRunner(engine.compile(model));
  }

  /** The number of validation items. */
  int size() {
    int n = 0;
    for (Object ignored : dataset.data()) {
      n++;
    }
    return n;
  }

  /** Validates on every item ({@code indices} null) or on the items at {@code indices}. */
  ValidationResult validate(ModelRunner runner, int @Nullable [] indices) {
    if (metricMode == null) {
      metricMode = determineMode(runner);
      LOG.log(Level.INFO, "accuracy control ranks groups by {0}", metricMode ? "metric values" : "output NMSE");
    }
    ValidationResult r = fn.validate(runner, indices == null ? dataset.data() : dataset.data(indices));
    if (r == null) {
      throw new ValidationException("validation function returned null");
    }
    int expected = indices == null ? -1 : indices.length;
    if (metricMode() && r.perSample() != null && expected >= 0 && r.perSample().size() != expected) {
      throw new ValidationException("validation function returned " + r.perSample().size()
          + " per-sample values for " + expected + " items");
    }
    return r;
  }

  private boolean determineMode(ModelRunner runner) {
    ValidationResult first;
    try {
      first = fn.validate(runner, dataset.data(new int[] {0}));
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "validation function failed on one item ({0}); using logits mode", e.toString());
      return false;
    }
    return first != null && !first.rankByOutputs();
  }

  /** Per-item values on every item or on {@code indices}. */
  ItemValues collect(ModelRunner runner, int @Nullable [] indices) {
    if (metricMode()) {
      List<Double> values = new ArrayList<>();
      for (Object item : indices == null ? dataset.data() : dataset.data(indices)) {
        values.add(fn.validate(runner, List.of(item)).metric());
      }
      return new ItemValues(values.stream().mapToDouble(Double::doubleValue).toArray(), null);
    }
    List<float[][]> outputs = new ArrayList<>();
    for (Object input : indices == null ? dataset.inferenceData() : dataset.inferenceData(indices)) {
      InferResult r = runner.infer(input);
      float[][] o = new float[r.size()][];
      for (int k = 0; k < o.length; k++) {
        NdArray a = r.get(k);
        o[k] = a.toFloatArray();
      }
      outputs.add(o);
    }
    return new ItemValues(null, outputs);
  }

  /** NNCF's {@code collect_metric_results}: the metric on the whole set and every item's value. */
  MetricResults collectMetricResults(Model model, String name) {
    long t0 = System.nanoTime();
    ModelRunner runner = prepare(model);
    long t1 = System.nanoTime();
    ValidationResult r = validate(runner, null);
    long t2 = System.nanoTime();
    LOG.log(Level.INFO, "metric of the {0} model: {1}", name, r.metric());
    ItemValues values;
    if (metricMode() && r.perSample() != null) {
      int n = size();
      if (r.perSample().size() != n) {
        throw new ValidationException("validation function returned " + r.perSample().size()
            + " per-sample values for the " + n + " items of the validation dataset");
      }
      values = new ItemValues(r.perSample().stream().mapToDouble(Double::doubleValue).toArray(), null);
    } else {
      values = collect(runner, null);
    }
    return new MetricResults(r.metric(), values, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
  }

  /** NNCF's {@code normalized_mse}: per output {@code |ref - approx|^2 / |ref|^2}, averaged over outputs. */
  static double nmse(float[][] ref, float[][] approx) {
    if (ref.length != approx.length) {
      throw new NncfException("models give " + ref.length + " and " + approx.length + " outputs");
    }
    double sum = 0;
    for (int k = 0; k < ref.length; k++) {
      if (ref[k].length != approx[k].length) {
        throw new NncfException("output " + k + " has " + ref[k].length + " and " + approx[k].length + " values");
      }
      double err = 0;
      double norm = 0;
      for (int i = 0; i < ref[k].length; i++) {
        double d = (double) ref[k][i] - approx[k][i];
        err += d * d;
        norm += (double) ref[k][i] * ref[k][i];
      }
      sum += err / norm;
    }
    return sum / ref.length;
  }
}
