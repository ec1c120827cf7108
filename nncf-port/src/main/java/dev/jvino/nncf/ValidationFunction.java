package dev.jvino.nncf;

/**
 * NNCF's {@code validation_fn} for {@link Nncf#quantizeWithAccuracyControl}: validates a model on items of
 * the validation dataset. The items are the dataset's raw source items ({@code Dataset.get_data}), so
 * labels travel with them; the function runs the model on each through {@code model} and scores the
 * outputs. It is called on the whole dataset, on ranking subsets and (in metric mode, when it returns no
 * per-item values) on single items.
 */
@FunctionalInterface
public interface ValidationFunction {
  /**
   * @param model the model to validate, ready to run
   * @param items the validation items, in dataset order
   * @return the metric (higher is better), with per-item values if the function computes them
   */
  ValidationResult validate(ModelRunner model, Iterable<?> items);
}
