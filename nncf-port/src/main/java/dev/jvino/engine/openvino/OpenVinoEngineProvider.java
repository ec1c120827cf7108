package dev.jvino.engine.openvino;

import dev.jvino.engine.Engine;
import dev.jvino.engine.EngineProvider;
import dev.jvino.openvino.OpenVino;

/** Offers {@link OpenVinoEngine} (CPU, f32 precision) as the {@code openvino} engine when a runtime is found. */
public final class OpenVinoEngineProvider implements EngineProvider {
  @Override
  public String name() {
    return "openvino";
  }

  @Override
  public boolean isAvailable() {
    return OpenVino.isAvailable();
  }

  @Override
  public String unavailableReason() {
    return OpenVino.unavailableReason();
  }

  @Override
  public Engine create() {
    return OpenVinoEngine.cpu();
  }
}
