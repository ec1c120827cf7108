package dev.jvino.engine.openvino;

import dev.jvino.engine.CompiledModel;
import dev.jvino.engine.Engine;
import dev.jvino.engine.EngineUnavailableException;
import dev.jvino.ir.Model;
import dev.jvino.ir.io.IrWriter;
import dev.jvino.openvino.Core;
import dev.jvino.openvino.ElementType;
import dev.jvino.openvino.OpenVino;
import dev.jvino.openvino.Properties;
import dev.jvino.openvino.Props;
import dev.jvino.openvino.Shape;
import dev.jvino.openvino.Tensor;
import java.util.Objects;

/**
 * Runs jvino's IR models on OpenVINO through the bindings: each model is serialized in memory and read
 * with {@code Core.readModel(xml, weights)} (the weights tensor wraps the serialized bytes, no temporary
 * file), then compiled for a device. By default it compiles for CPU with {@code INFERENCE_PRECISION_HINT
 * = f32}, as NNCF does for statistics, so results are comparable with the reference engine.
 */
public final class OpenVinoEngine implements Engine, AutoCloseable {
  private final Core core;
  private final String device;
  private final Properties properties;
  private final boolean profiling;

  private OpenVinoEngine(Core core, String device, Properties properties, boolean profiling) {
    this.core = core;
    this.device = device;
    this.properties = properties;
    this.profiling = profiling;
  }

  /** CPU with f32 inference precision. */
  public static OpenVinoEngine cpu() {
    return create("CPU", Properties.of().set(Props.INFERENCE_PRECISION, ElementType.F32));
  }

  /**
   * An engine compiling for {@code device} with {@code properties}.
   *
   * @throws EngineUnavailableException with the places searched when no OpenVINO runtime is installed
   */
  public static OpenVinoEngine create(String device, Properties properties) {
    return create(device, properties, false);
  }

  /**
   * An engine compiling for {@code device} with {@code properties}; with {@code profiling}, it also sets
   * {@link Props#ENABLE_PROFILING} on {@code properties}, and the sessions of the models it compiles
   * report OpenVINO's per-layer counters ({@link dev.jvino.engine.ProfilingSession#layerCounters()}).
   *
   * @throws EngineUnavailableException with the places searched when no OpenVINO runtime is installed
   */
  public static OpenVinoEngine create(String device, Properties properties, boolean profiling) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(properties, "properties");
    if (!OpenVino.isAvailable()) {
      throw new EngineUnavailableException("openvino", "the OpenVINO engine needs an OpenVINO runtime: "
          + OpenVino.unavailableReason());
    }
    if (profiling) {
      properties.set(Props.ENABLE_PROFILING, true);
    }
    return new OpenVinoEngine(Core.create(), device, properties, profiling);
  }

  @Override
  public String name() {
    return "openvino";
  }

  /** Whether compiled models collect OpenVINO's per-layer counters. */
  public boolean profiling() {
    return profiling;
  }

  /** The device models are compiled for. */
  public String device() {
    return device;
  }

  @Override
  public CompiledModel compile(Model model) {
    IrWriter.Serialized ir = IrWriter.serialize(model, IrWriter.Options.DEFAULT.withRecordWeights(false));
    Tensor weights = ir.weights().byteSize() == 0 ? null
        : Tensor.wrap(ElementType.U8, Shape.of(ir.weights().byteSize()), ir.weights());
    dev.jvino.openvino.Model ovModel = core.readModel(ir.xml(), weights);
    dev.jvino.openvino.CompiledModel compiled = core.compileModel(ovModel, device, properties);
    return new OpenVinoCompiledModel(model, ovModel, compiled, ir, profiling);
  }

  @Override
  public void close() {
    core.close();
  }
}
