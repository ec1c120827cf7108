package dev.jvino.nncf;

import dev.jvino.engine.CompiledModel;
import dev.jvino.engine.InferResult;
import dev.jvino.engine.InferSession;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
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
    return session.inferItem(input, () -> new ValidationException("model input for '" + model().name() + "' is a "
        + (input == null ? "null" : input.getClass().getName())
        + ", not an NdArray, a List<NdArray> or a Map<String, NdArray>"));
  }
}
