package dev.jvino.nncf;

import dev.jvino.engine.CompiledModel;
import dev.jvino.engine.InferResult;
import dev.jvino.engine.InferSession;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model compiled on an engine, as a {@link ValidationFunction} receives it (NNCF passes an
 * {@code ov.CompiledModel}). Not thread-safe: one session serves every call.
 */
public final class ModelRunner {
  private final CompiledModel compiled;
  private final InferSession session;

  /** Runs {@code compiled} in one session. */
  public ModelRunner(CompiledModel compiled) {
    this.compiled = Objects.requireNonNull(compiled, "compiled");
    this.session = compiled.createSession();
  }

  /** The model being run. */
  public Model model() {
    return compiled.model();
  }

  /**
   * Runs one inference. {@code input} is a model input as a dataset transform gives it: an {@link NdArray}
   * (one input), a {@code List<NdArray>} (inputs in order) or a {@code Map<String, NdArray>} (by name).
   *
   * @throws ValidationException for any other type
   */
  public InferResult infer(Object input) {
    if (input instanceof NdArray a) {
      return session.infer(List.of(a));
    }
    if (input instanceof List<?> list && list.stream().allMatch(NdArray.class::isInstance)) {
      return session.infer(list.stream().map(NdArray.class::cast).toList());
    }
    if (input instanceof Map<?, ?> map && map.keySet().stream().allMatch(String.class::isInstance)
        && map.values().stream().allMatch(NdArray.class::isInstance)) {
      Map<String, NdArray> named = new LinkedHashMap<>();
      map.forEach((k, v) -> named.put((String) k, (NdArray) v));
      return session.infer(named);
    }
    throw new ValidationException("model input for '" + model().name() + "' is a "
        + (input == null ? "null" : input.getClass().getName())
        + ", not an NdArray, a List<NdArray> or a Map<String, NdArray>");
  }
}
