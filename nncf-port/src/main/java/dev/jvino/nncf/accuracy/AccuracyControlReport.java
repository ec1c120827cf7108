package dev.jvino.nncf.accuracy;

import dev.jvino.nncf.DropType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one {@code quantize_with_accuracy_control} run did (NNCF logs this and keeps it in
 * {@code QuantizationAccuracyRestorerReport}).
 *
 * @param initialMetric the float model's metric on the validation set
 * @param quantizedMetric the fully quantized model's metric
 * @param initialDrop the drop of the fully quantized model (null: RELATIVE drop of a metric that did not fall)
 * @param finalMetric the returned model's metric
 * @param finalDrop the returned model's drop (same null rule)
 * @param maxDrop the accepted drop
 * @param dropType how drops are measured
 * @param metricMode true when groups were ranked by per-item metric values, false for output NMSE
 * @param validationSize items in the validation set
 * @param groups groups of quantizers found (0 when no revert was needed)
 * @param steps every revert tried, in order, including the ones undone by a step back
 * @param reverted the groups reverted in the returned model, in revert order
 * @param iterations loop iterations run
 * @param reachedRequiredDrop whether the returned model is within {@code maxDrop}
 * @param removedAll whether every group was reverted
 * @param seconds wall time of the whole run
 * @param tuning what the hyperparameter tuner did (null when it did not run)
 */
public record AccuracyControlReport(double initialMetric, double quantizedMetric, @Nullable Double initialDrop,
    double finalMetric, @Nullable Double finalDrop, double maxDrop, DropType dropType, boolean metricMode,
    int validationSize, int groups, List<Step> steps, List<Step> reverted, int iterations,
    boolean reachedRequiredDrop, boolean removedAll, double seconds, @Nullable Tuning tuning) {

  public AccuracyControlReport {
    steps = List.copyOf(steps);
    reverted = List.copyOf(reverted);
  }

  /** A report of a run without the hyperparameter tuner. */
  public AccuracyControlReport(double initialMetric, double quantizedMetric, @Nullable Double initialDrop,
      double finalMetric, @Nullable Double finalDrop, double maxDrop, DropType dropType, boolean metricMode,
      int validationSize, int groups, List<Step> steps, List<Step> reverted, int iterations,
      boolean reachedRequiredDrop, boolean removedAll, double seconds) {
    this(initialMetric, quantizedMetric, initialDrop, finalMetric, finalDrop, maxDrop, dropType, metricMode,
        validationSize, groups, steps, reverted, iterations, reachedRequiredDrop, removedAll, seconds, null);
  }

  /**
   * What the hyperparameter tuner did.
   *
   * @param best the best value of every tuned parameter (NNCF's grid name to value); parameters left at the
   *     user's value are absent
   * @param score the best combination's score on the tuning subset (metric, or mean NMSE in logits mode)
   * @param tunedMetric the tuned model's metric on the whole validation set
   * @param tunedDrop the tuned model's drop (null: RELATIVE drop of a metric that did not fall)
   * @param kept whether the tuned model replaced the quantized one (it reached {@code maxDrop} or lowered the drop)
   * @param trials every combination scored, in order
   */
  public record Tuning(Map<String, String> best, double score, double tunedMetric, @Nullable Double tunedDrop,
      boolean kept, List<Trial> trials) {
    public Tuning {
      best = Collections.unmodifiableMap(new LinkedHashMap<>(best));
      trials = List.copyOf(trials);
    }
  }

  /** One combination scored by the tuner: its pipeline step, the values it set and its score. */
  public record Trial(int step, Map<String, String> combination, double score) {
    public Trial {
      combination = Collections.unmodifiableMap(new LinkedHashMap<>(combination));
    }
  }

  /**
   * One revert.
   *
   * @param iteration the loop iteration (0-based)
   * @param quantizers the quantizer nodes removed
   * @param operations the ops returned to floating point
   * @param metric the metric after the revert (on top of the previous reverts)
   * @param drop the drop after the revert
   * @param undone whether the revert made the drop worse and was undone (NNCF's step back)
   */
  public record Step(int iteration, List<String> quantizers, List<String> operations, double metric,
      @Nullable Double drop, boolean undone) {
    public Step {
      quantizers = List.copyOf(quantizers);
      operations = List.copyOf(operations);
    }
  }

  /** The report as a JSON object. */
  public String toJson() {
    StringBuilder b = new StringBuilder("{\n");
    field(b, "initial_metric", num(initialMetric));
    field(b, "quantized_metric", num(quantizedMetric));
    field(b, "initial_drop", num(initialDrop));
    field(b, "final_metric", num(finalMetric));
    field(b, "final_drop", num(finalDrop));
    field(b, "max_drop", num(maxDrop));
    field(b, "drop_type", str(dropType.value()));
    field(b, "ranking", str(metricMode ? "metric" : "nmse"));
    field(b, "validation_size", Integer.toString(validationSize));
    field(b, "groups", Integer.toString(groups));
    field(b, "iterations", Integer.toString(iterations));
    field(b, "reached_required_drop", Boolean.toString(reachedRequiredDrop));
    field(b, "removed_all", Boolean.toString(removedAll));
    field(b, "seconds", num(seconds));
    field(b, "steps", steps(steps));
    field(b, "tuning", tuning(tuning));
    b.append("  \"reverted\": ").append(steps(reverted)).append("\n}\n");
    return b.toString();
  }

  /** Writes {@link #toJson()} to {@code path}. */
  public void write(Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(path, toJson());
  }

  /** A human-readable summary, one line per revert. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "accuracy control: initial metric %.6g, quantized %.6g (drop %s), final %.6g (drop %s, max %s %s)%n",
        initialMetric, quantizedMetric, num(initialDrop), finalMetric, num(finalDrop), num(maxDrop), dropType));
    if (tuning != null) {
      b.append(String.format(Locale.ROOT, "  tuner: %d combinations, best %s (score %.6g), tuned metric %.6g (drop %s)%s%n",
          tuning.trials().size(), tuning.best(), tuning.score(), tuning.tunedMetric(), num(tuning.tunedDrop()),
          tuning.kept() ? ", kept" : ", not kept"));
    }
    for (Step s : steps) {
      b.append(String.format(Locale.ROOT, "  iteration %d: reverted %s (quantizers %s) -> metric %.6g, drop %s%s%n",
          s.iteration(), s.operations(), s.quantizers(), s.metric(), num(s.drop()), s.undone() ? ", undone" : ""));
    }
    b.append(String.format(Locale.ROOT, "  %d groups, %d iterations, %d reverted, %s, %.3f s", groups, iterations,
        reverted.size(), reachedRequiredDrop ? "required drop reached" : "required drop NOT reached", seconds));
    return b.toString();
  }

  private static String steps(List<Step> list) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < list.size(); i++) {
      Step s = list.get(i);
      b.append(i == 0 ? "\n" : ",\n").append("    {\"iteration\": ").append(s.iteration())
          .append(", \"quantizers\": ").append(names(s.quantizers()))
          .append(", \"operations\": ").append(names(s.operations()))
          .append(", \"metric\": ").append(num(s.metric()))
          .append(", \"drop\": ").append(num(s.drop()))
          .append(", \"undone\": ").append(s.undone()).append('}');
    }
    return b.append(list.isEmpty() ? "]" : "\n  ]").toString();
  }

  private static String tuning(@Nullable Tuning t) {
    if (t == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("{\"best\": ").append(map(t.best()))
        .append(", \"score\": ").append(num(t.score()))
        .append(", \"tuned_metric\": ").append(num(t.tunedMetric()))
        .append(", \"tuned_drop\": ").append(num(t.tunedDrop()))
        .append(", \"kept\": ").append(t.kept())
        .append(", \"combinations_tried\": ").append(t.trials().size())
        .append(", \"trials\": [");
    for (int i = 0; i < t.trials().size(); i++) {
      Trial tr = t.trials().get(i);
      b.append(i == 0 ? "\n" : ",\n").append("    {\"step\": ").append(tr.step())
          .append(", \"combination\": ").append(map(tr.combination()))
          .append(", \"score\": ").append(num(tr.score())).append('}');
    }
    return b.append(t.trials().isEmpty() ? "]}" : "\n  ]}").toString();
  }

  private static String map(Map<String, String> m) {
    return m.entrySet().stream().map(e -> str(e.getKey()) + ": " + str(e.getValue()))
        .collect(java.util.stream.Collectors.joining(", ", "{", "}"));
  }

  private static String names(List<String> names) {
    return names.stream().map(AccuracyControlReport::str).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
  }

  private static void field(StringBuilder b, String name, String value) {
    b.append("  \"").append(name).append("\": ").append(value).append(",\n");
  }

  private static String num(@Nullable Double v) {
    if (v == null || !Double.isFinite(v)) {
      return "null";
    }
    return Double.toString(v);
  }

  private static String str(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
