package dev.jvino.cli;

import dev.jvino.engine.Engine;
import dev.jvino.engine.InferResult;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import dev.jvino.nncf.AccuracyControlOptions;
import dev.jvino.nncf.AdvancedAccuracyRestorerParameters;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.DropType;
import dev.jvino.nncf.ModelRunner;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.QuantizeOptions;
import dev.jvino.nncf.RestoreMode;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.ValidationFunction;
import dev.jvino.nncf.ValidationResult;
import dev.jvino.nncf.accuracy.AccuracyControl;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The {@code jvino quantize --accuracy-control} options: NNCF's {@code quantize_with_accuracy_control} with a
 * validation set in HDF5 and a built-in metric, top-1 accuracy against a labels dataset stored in the same
 * file, or a logits similarity to the float model ({@code 1 - NMSE} of the outputs) for unlabelled data.
 */
final class AccuracyControlOptionsMixin {
  @Option(names = "--accuracy-control", description = "Quantize with accuracy control (nncf.quantize_with_accuracy_control):"
      + " revert the most harmful quantizers until the validation metric drops by at most --max-drop.")
  boolean enabled;

  @Option(names = "--validation", paramLabel = "FILE.h5", description = "Validation samples (HDF5, one dataset per"
      + " model input, plus the labels dataset for top1).")
  @Nullable Path validation;

  @Option(names = "--metric", defaultValue = "top1", paramLabel = "METRIC", description = "top1 (labels needed) or"
      + " logits (1 - NMSE against the float model's outputs). Default top1.")
  String metric;

  @Option(names = "--labels", defaultValue = "labels", paramLabel = "NAME", description = "The HDF5 dataset holding"
      + " the class labels (not a model input). Default 'labels'.")
  String labels;

  @Option(names = "--max-drop", defaultValue = "0.01", paramLabel = "D", description = "Accepted metric drop (default 0.01).")
  double maxDrop;

  @Option(names = "--drop-type", defaultValue = "absolute", paramLabel = "TYPE", description = "absolute or relative.")
  String dropType;

  @Option(names = "--max-iterations", paramLabel = "N", description = "The most groups of quantizers reverted.")
  @Nullable Integer maxIterations;

  @Option(names = "--ranking-subset-size", paramLabel = "N", description = "Items used to rank groups (default: the subset size).")
  @Nullable Integer rankingSubsetSize;

  @Option(names = "--restore-mode", defaultValue = "activations_and_weights", paramLabel = "MODE",
      description = "activations_and_weights or only_activations.")
  String restoreMode;

  @Option(names = "--tune-hyperparams", description = "Before reverting, search the quantization parameters (preset,"
      + " range estimators, SmoothQuant alpha, bias correction) as NNCF's tune_hyperparams does.")
  boolean tuneHyperparams;

  @Option(names = "--report", paramLabel = "FILE.json", description = "Write the accuracy-control report as JSON.")
  @Nullable Path report;

  /** A validation item: its position, the model inputs and the label (or -1). */
  record Item(int index, Map<String, NdArray> inputs, long label) {}

  /** Runs accuracy-aware quantization from {@code input} to {@code output}. */
  AccuracyControl.Result run(Path input, Path output, Path calibration, QuantizeOptions quantize, Engine engine,
      PrintWriter out) throws Exception {
    if (validation == null) {
      throw new ValidationException("--accuracy-control needs --validation FILE.h5");
    }
    boolean top1 = switch (metric.toLowerCase(java.util.Locale.ROOT)) {
      case "top1" -> true;
      case "logits" -> false;
      default -> throw new ValidationException("--metric must be top1 or logits, got '" + metric + "'");
    };
    AdvancedAccuracyRestorerParameters.Builder rb = AdvancedAccuracyRestorerParameters.builder()
        .rankingSubsetSize(rankingSubsetSize).restoreMode(RestoreMode.fromValue(restoreMode))
        .tuneHyperparams(tuneHyperparams);
    if (maxIterations != null) {
      rb.maxNumIterations(maxIterations);
    }
    AccuracyControlOptions options = AccuracyControlOptions.builder().maxDrop(maxDrop)
        .dropType(DropType.fromValue(dropType)).quantize(quantize).restorer(rb.build()).reportPath(report).build();
    Model model = IrReader.read(input);
    List<Item> items = readItems(validation, top1);
    List<Map<String, NdArray>> calib = new ArrayList<>();
    try (dev.jvino.data.Hdf5Samples s = dev.jvino.data.Hdf5Samples.open(calibration)) {
      for (Map<String, NdArray> m : s) {
        calib.add(withoutLabels(m));
      }
    }
    ValidationFunction fn = top1 ? AccuracyControlOptionsMixin::top1 : logits(model, engine, items);
    AccuracyControl.Result r = Nncf.quantizeWithAccuracyControl(model, Dataset.of(calib),
        Dataset.of(items, Item::inputs), fn, options, engine);
    IrWriter.write(r.model(), output);
    out.println(r.report());
    out.printf("Wrote %s.%n", output);
    return r;
  }

  private Map<String, NdArray> withoutLabels(Map<String, NdArray> m) {
    Map<String, NdArray> in = new LinkedHashMap<>(m);
    in.remove(labels);
    return in;
  }

  private List<Item> readItems(Path file, boolean top1) {
    List<Item> items = new ArrayList<>();
    try (dev.jvino.data.Hdf5Samples s = dev.jvino.data.Hdf5Samples.open(file)) {
      if (top1 && !s.names().contains(labels)) {
        throw new ValidationException(file + ": --metric top1 needs a dataset named '" + labels
            + "' with one class label per sample; it has " + s.names());
      }
      int i = 0;
      for (Map<String, NdArray> m : s) {
        long label = -1;
        if (top1) {
          NdArray l = m.get(labels);
          if (l.size() != 1) {
            throw new ValidationException(file + ": dataset '" + labels + "' must hold one label per sample, sample "
                + i + " has " + l.size() + " values");
          }
          label = Math.round(l.getDouble(0));
        }
        items.add(new Item(i++, withoutLabels(m), label));
      }
    }
    return items;
  }

  /** Top-1 accuracy of output 0 (argmax over all its values), per item. */
  private static ValidationResult top1(ModelRunner runner, Iterable<?> items) {
    List<Double> per = new ArrayList<>();
    for (Object o : items) {
      Item item = (Item) o;
      float[] logits = runner.infer(item.inputs()).get(0).toFloatArray();
      int best = 0;
      for (int k = 1; k < logits.length; k++) {
        if (logits[k] > logits[best]) {
          best = k;
        }
      }
      per.add(best == item.label() ? 1.0 : 0.0);
    }
    return ValidationResult.of(mean(per), per);
  }

  /** {@code 1 - NMSE} between the float model's outputs (computed once) and the validated model's, per item. */
  private static ValidationFunction logits(Model model, Engine engine, List<Item> items) {
    ModelRunner ref = new ModelRunner(engine.compile(model));
    List<float[][]> refs = new ArrayList<>();
    for (Item item : items) {
      refs.add(outputs(ref.infer(item.inputs())));
    }
    return (runner, batch) -> {
      List<Double> per = new ArrayList<>();
      for (Object o : batch) {
        Item item = (Item) o;
        float[][] got = outputs(runner.infer(item.inputs()));
        float[][] want = refs.get(item.index());
        double nmse = 0;
        for (int k = 0; k < want.length; k++) {
          double err = 0;
          double norm = 0;
          for (int i = 0; i < want[k].length; i++) {
            double d = (double) want[k][i] - got[k][i];
            err += d * d;
            norm += (double) want[k][i] * want[k][i];
          }
          nmse += norm == 0 ? (err == 0 ? 0 : 1) : err / norm;
        }
        per.add(1 - nmse / want.length);
      }
      return ValidationResult.of(mean(per), per);
    };
  }

  private static float[][] outputs(InferResult r) {
    float[][] o = new float[r.size()][];
    for (int k = 0; k < o.length; k++) {
      o[k] = r.get(k).toFloatArray();
    }
    return o;
  }

  private static double mean(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }
}
