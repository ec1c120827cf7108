package dev.jvino.nncf;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ValidationFunction} returns (NNCF's {@code (metric, values_for_each_item)} tuple). Higher
 * metrics are better.
 *
 * <ul>
 *   <li>{@code perSample} given: one metric value per validated item, in item order; the ranking of
 *       quantizer groups compares these per-item values (NNCF's metric mode);
 *   <li>{@code perSample} null: the metric only; as in NNCF, the per-item values are then obtained by
 *       calling the function once per item (metric mode);
 *   <li>{@link #rankByOutputs(double)}: the metric only, and the per-item values are the model outputs,
 *       compared by normalized mean squared error (NNCF's logits mode, which NNCF selects when the function
 *       returns per-item output tensors). A function that throws on a single item also selects logits mode.
 * </ul>
 *
 * @param metric the metric over the validated items (finite)
 * @param perSample per-item metric values, or null
 * @param rankByOutputs whether ranking compares model outputs rather than metric values
 */
public record ValidationResult(double metric, @Nullable List<Double> perSample, boolean rankByOutputs) {
  /** @throws ValidationException for a non-finite metric or per-item value, or per-item values with outputs mode */
  public ValidationResult {
    if (!Double.isFinite(metric)) {
      throw new ValidationException("validation function returned a non-finite metric " + metric);
    }
    if (perSample != null) {
      if (rankByOutputs) {
        throw new ValidationException("validation function returned per-sample metric values and asked for"
            + " ranking by model outputs; choose one");
      }
      perSample = List.copyOf(perSample);
      for (int i = 0; i < perSample.size(); i++) {
        if (!Double.isFinite(perSample.get(i))) {
          throw new ValidationException("validation function returned a non-finite value for item " + i);
        }
      }
    }
  }

  /** A metric with its per-item values (NNCF's metric mode). */
  public ValidationResult(double metric, @Nullable List<Double> perSample) {
    this(metric, perSample, false);
  }

  /** A metric alone: per-item values come from one call per item. */
  public static ValidationResult of(double metric) {
    return new ValidationResult(metric, null, false);
  }

  /** A metric with its per-item values. */
  public static ValidationResult of(double metric, List<Double> perSample) {
    return new ValidationResult(metric, perSample, false);
  }

  /** A metric whose groups are ranked by the NMSE of the model outputs (NNCF's logits mode). */
  public static ValidationResult rankByOutputs(double metric) {
    return new ValidationResult(metric, null, true);
  }
}
