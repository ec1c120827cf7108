package dev.jvino.engine;

import dev.jvino.engine.tensor.NdArray;
import java.util.List;
import java.util.Map;

/**
 * One inference context of a {@link CompiledModel}. It owns the values of the model's variables
 * (ReadValue/Assign): they persist from one {@link #infer} call to the next until {@link #resetState()}
 * (NNCF resets the state before every calibration sample). Not thread-safe.
 */
public interface InferSession {
  /**
   * Runs the model on inputs given by position (Parameter order).
   *
   * @throws EngineInputException if the count, an element type or a shape does not match the model
   */
  InferResult infer(List<NdArray> inputs);

  /**
   * Runs the model on inputs given by name: a tensor name of a Parameter's output, or the Parameter's
   * friendly name.
   *
   * @throws EngineInputException if an input is missing, unknown or does not match the model
   */
  InferResult infer(Map<String, NdArray> inputs);

  /**
   * Runs one dataset item in the shapes NNCF's engines accept: an {@link NdArray} (the only input), a
   * {@code List<NdArray>} (inputs by position) or a {@code Map<String, NdArray>} (inputs by name).
   *
   * @throws RuntimeException the one {@code unsupported} gives, for any other item
   */
  default InferResult inferItem(Object item, java.util.function.Supplier<? extends RuntimeException> unsupported) {
    if (item instanceof NdArray a) {
      return infer(List.of(a));
    }
    if (item instanceof List<?> list && list.stream().allMatch(NdArray.class::isInstance)) {
      return infer(list.stream().map(NdArray.class::cast).toList());
    }
    if (item instanceof Map<?, ?> map && map.keySet().stream().allMatch(String.class::isInstance)
        && map.values().stream().allMatch(NdArray.class::isInstance)) {
      Map<String, NdArray> named = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> named.put((String) k, (NdArray) v));
      return infer(named);
    }
    throw unsupported.get();
  }

  /** Forgets every variable's value, so the next ReadValue yields its initial value again. */
  void resetState();

  /** The current value of every set variable, by variable id (a read-only snapshot). */
  Map<String, NdArray> state();
}
