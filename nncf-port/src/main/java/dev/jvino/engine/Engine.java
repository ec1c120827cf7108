package dev.jvino.engine;

import dev.jvino.ir.Model;

/**
 * Runs {@link Model}s: the seam between jvino's NNCF port and whatever executes a graph (the pure-Java
 * {@link ReferenceEngine}, or OpenVINO's runtime when one is available). NNCF needs exactly this: compile
 * a (possibly rewritten) model once, then infer many samples, resetting the model's state before each.
 */
public interface Engine {
  /** A short name for logs and errors ({@code reference}, {@code openvino}). */
  String name();

  /**
   * Prepares {@code model} for inference. The engine may keep a reference to the model; callers must not
   * edit it while the compiled model is in use.
   *
   * @throws dev.jvino.engine.ref.UnsupportedOpException if the engine cannot run an op of the model
   */
  CompiledModel compile(Model model);
}
