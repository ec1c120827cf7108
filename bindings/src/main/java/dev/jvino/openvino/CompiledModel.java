package dev.jvino.openvino;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A model compiled for a device ({@code ov_compiled_model_t}). */
public final class CompiledModel extends PortOwner {
  CompiledModel(Native rt, MemorySegment handle) {
    super(rt, handle, "ov_compiled_model");
  }

  /** A new inference request. */
  public InferRequest createInferRequest() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_compiled_model_create_infer_request", handle(), out);
      InferRequest r = new InferRequest(rt, out.get(ValueLayout.ADDRESS, 0), this);
      leases().forEach(r::hold); // lent memory of the model stays alive while requests run
      return r;
    }
  }

  /** A property value as text. */
  public String getProperty(String key) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_compiled_model_get_property", handle(), arena.allocateFrom(key), out);
      return rt.takeString(out, 0);
    }
  }

  /** A typed property value. */
  public <T> T getProperty(Property<T> property) {
    return property.decode(getProperty(property.key()));
  }

  /** Sets one property (the variadic C function reads exactly one pair per call). */
  public <T> void setProperty(Property<T> property, T value) {
    setProperties(Properties.of().set(property, value));
  }

  /**
   * Sets several properties: one {@code ov_compiled_model_set_properties} call when the runtime has
   * it (2026.4+), otherwise one variadic {@code ov_compiled_model_set_property} call per pair.
   */
  public void setProperties(Properties properties) {
    try (Arena arena = Arena.ofConfined()) {
      if (rt.api.has("ov_compiled_model_set_properties")) {
        rt.check("ov_compiled_model_set_properties", handle(), (long) properties.size(), properties.array(arena));
        return;
      }
      for (Map.Entry<String, String> e : properties.asStrings().entrySet()) {
        rt.checkVariadic("ov_compiled_model_set_property", new Object[] {handle()},
            new MemorySegment[] {arena.allocateFrom(e.getKey()), arena.allocateFrom(e.getValue())});
      }
    }
  }

  /** Writes the compiled blob to {@code file} ({@code ov_compiled_model_export_model}). */
  public void exportModel(Path file) {
    try (Arena arena = Arena.ofConfined()) {
      rt.check("ov_compiled_model_export_model", handle(), arena.allocateFrom(file.toString()));
    }
  }

  /** The compiled blob as bytes (exported through a temporary file). */
  public byte[] exportModel() {
    try {
      Path tmp = Files.createTempFile("jvino-export", ".blob");
      try {
        exportModel(tmp);
        return Files.readAllBytes(tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("exporting compiled model", e);
    }
  }

  /** The device's runtime (execution) graph as a model. */
  public Model runtimeModel() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_compiled_model_get_runtime_model", handle(), out);
      Model m = new Model(rt, out.get(ValueLayout.ADDRESS, 0));
      leases().forEach(m::hold);
      return m;
    }
  }

  /** The remote context the model was compiled in. */
  public RemoteContext context() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_compiled_model_get_context", handle(), out);
      return new RemoteContext(rt, out.get(ValueLayout.ADDRESS, 0));
    }
  }

  @Override
  void free(MemorySegment h) {
    rt.invoke("ov_compiled_model_free", h);
  }
}
