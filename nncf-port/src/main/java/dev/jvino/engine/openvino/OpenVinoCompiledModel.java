package dev.jvino.engine.openvino;

import dev.jvino.engine.CompiledModel;
import dev.jvino.engine.InferSession;
import dev.jvino.ir.Model;
import dev.jvino.ir.io.IrWriter;

/**
 * A model compiled by OpenVINO. It keeps the serialized IR alive: the weights tensor handed to
 * {@code readModel} wraps those bytes without copying them.
 */
final class OpenVinoCompiledModel implements CompiledModel, AutoCloseable {
  private final Model model;
  private final dev.jvino.openvino.Model ovModel;
  private final dev.jvino.openvino.CompiledModel compiled;
  @SuppressWarnings("unused") // keeps the weights memory reachable while OpenVINO may use it
  private final IrWriter.Serialized serialized;
  private final boolean profiling;

  OpenVinoCompiledModel(Model model, dev.jvino.openvino.Model ovModel, dev.jvino.openvino.CompiledModel compiled,
      IrWriter.Serialized serialized, boolean profiling) {
    this.model = model;
    this.ovModel = ovModel;
    this.compiled = compiled;
    this.serialized = serialized;
    this.profiling = profiling;
  }

  @Override
  public Model model() {
    return model;
  }

  @Override
  public InferSession createSession() {
    return new OpenVinoSession(model, compiled, profiling);
  }

  @Override
  public void close() {
    compiled.close();
    ovModel.close();
  }
}
