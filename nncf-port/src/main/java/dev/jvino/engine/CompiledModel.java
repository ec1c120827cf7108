package dev.jvino.engine;

import dev.jvino.ir.Model;
import dev.jvino.ir.Output;
import java.util.List;

/** A model prepared by an {@link Engine}; create one {@link InferSession} per thread of inference. */
public interface CompiledModel {
  /** The model this was compiled from. */
  Model model();

  /** The model inputs (each Parameter's output), in order. */
  default List<Output> inputs() {
    return model().inputs();
  }

  /** A new session with its own variable state (all variables unset). */
  InferSession createSession();
}
