package dev.jvino.openvino;

import dev.jvino.ffm.raw.CTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The OpenVINO core ({@code ov_core_t}): reads and compiles models, imports blobs, lists devices and
 * manages device properties. Paths outside ASCII go through the {@code _unicode} entry points.
 * Properties use the non-variadic {@code _props} API when the runtime has it, else the variadic one.
 */
public final class Core extends NativeObject {
  private Core(Native rt, MemorySegment handle) {
    super(rt, handle);
  }

  /** A core with the default plugin registry. */
  public static Core create() {
    Native rt = Native.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_core_create", out);
      return new Core(rt, out.get(ValueLayout.ADDRESS, 0));
    }
  }

  /** A core configured by a {@code plugins.xml}. */
  public static Core create(Path pluginsXml) {
    Objects.requireNonNull(pluginsXml, "pluginsXml");
    Native rt = Native.get();
    String p = pluginsXml.toString();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      if (Native.needsWide(p)) {
        rt.check("ov_core_create_with_config_unicode", Native.wstr(arena, p), out);
      } else {
        rt.check("ov_core_create_with_config", arena.allocateFrom(p), out);
      }
      return new Core(rt, out.get(ValueLayout.ADDRESS, 0));
    }
  }

  /** The runtime's version ({@code ov_get_openvino_version}, released with ov_version_free). */
  public static Version version() {
    Native rt = Native.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment v = arena.allocate(CTypes.VERSION);
      rt.check("ov_get_openvino_version", v);
      try {
        return new Version(str(v, 0), str(v, 8));
      } finally {
        rt.invoke("ov_version_free", v);
      }
    }
  }

  /**
   * Unloads OpenVINO's global state ({@code ov_shutdown}). Call once at process end, after every
   * object was closed; nothing may use OpenVINO afterwards.
   */
  public static void shutdown() {
    Native.get().shutdown();
  }

  static String str(MemorySegment s, long offset) {
    MemorySegment p = s.get(ValueLayout.ADDRESS, offset);
    return p.equals(MemorySegment.NULL) ? "" : p.reinterpret(Long.MAX_VALUE).getString(0);
  }

  /** Reads a model (IR, ONNX, PaddlePaddle, TensorFlow, TFLite); IR weights are found next to it. */
  public Model readModel(Path model) {
    return readModel(model, null);
  }

  /** Reads a model with an explicit weights file. */
  public Model readModel(Path model, @Nullable Path weights) {
    Objects.requireNonNull(model, "model");
    String m = model.toString();
    String w = weights == null ? null : weights.toString();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      if (Native.needsWide(m) || (w != null && Native.needsWide(w))) {
        rt.check("ov_core_read_model_unicode", handle(), Native.wstr(arena, m),
            w == null ? MemorySegment.NULL : Native.wstr(arena, w), out);
      } else {
        rt.check("ov_core_read_model", handle(), arena.allocateFrom(m),
            w == null ? MemorySegment.NULL : arena.allocateFrom(w), out);
      }
      return new Model(rt, out.get(ValueLayout.ADDRESS, 0));
    }
  }

  /**
   * Reads a model from memory. The weights tensor is not copied: the model shares its memory, so
   * the memory is kept alive by the model and everything compiled from it.
   */
  public Model readModel(byte[] model, @Nullable Tensor weights) {
    Objects.requireNonNull(model, "model");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment text = arena.allocate(model.length + 1L);
      MemorySegment.copy(model, 0, text, ValueLayout.JAVA_BYTE, 0, model.length);
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_core_read_model_from_memory_buffer", handle(), text, (long) model.length,
          weights == null ? MemorySegment.NULL : weights.handle(), out);
      Model m = new Model(rt, out.get(ValueLayout.ADDRESS, 0));
      if (weights != null && weights.lent() != null) {
        m.hold(weights.lent());
      }
      return m;
    }
  }

  /** Reads an IR given as XML text and a weights tensor. */
  public Model readModel(String xml, @Nullable Tensor weights) {
    return readModel(xml.getBytes(StandardCharsets.UTF_8), weights);
  }

  /** Compiles {@code model} for {@code device} with no properties. */
  public CompiledModel compileModel(Model model, String device) {
    return compileModel(model, device, Properties.of());
  }

  /** Compiles {@code model} for {@code device}. */
  public CompiledModel compileModel(Model model, String device, Properties properties) {
    Objects.requireNonNull(device, "device");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      MemorySegment dev = arena.allocateFrom(device);
      if (rt.api.has("ov_core_compile_model_props")) {
        rt.check("ov_core_compile_model_props", handle(), model.handle(), dev, (long) properties.size(),
            properties.array(arena), out);
      } else {
        MemorySegment[] extra = properties.varargs(arena);
        rt.checkVariadic("ov_core_compile_model",
            new Object[] {handle(), model.handle(), dev, (long) extra.length, out}, extra);
      }
      return adoptCompiled(out, model);
    }
  }

  private CompiledModel adoptCompiled(MemorySegment out, @Nullable Model from) {
    CompiledModel c = new CompiledModel(rt, out.get(ValueLayout.ADDRESS, 0));
    if (from != null) {
      from.leases().forEach(c::hold);
    }
    return c;
  }

  /** Reads and compiles a model file in one step (cache friendly). */
  public CompiledModel compileModel(Path model, String device, Properties properties) {
    String path = model.toString();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      MemorySegment dev = arena.allocateFrom(device);
      if (Native.needsWide(path) && rt.api.has("ov_core_compile_model_from_file_unicode_props")) {
        rt.check("ov_core_compile_model_from_file_unicode_props", handle(), Native.wstr(arena, path), dev,
            (long) properties.size(), properties.array(arena), out);
      } else if (Native.needsWide(path)) {
        MemorySegment[] extra = properties.varargs(arena);
        rt.checkVariadic("ov_core_compile_model_from_file_unicode",
            new Object[] {handle(), Native.wstr(arena, path), dev, (long) extra.length, out}, extra);
      } else if (rt.api.has("ov_core_compile_model_from_file_props")) {
        rt.check("ov_core_compile_model_from_file_props", handle(), arena.allocateFrom(path), dev,
            (long) properties.size(), properties.array(arena), out);
      } else {
        MemorySegment[] extra = properties.varargs(arena);
        rt.checkVariadic("ov_core_compile_model_from_file",
            new Object[] {handle(), arena.allocateFrom(path), dev, (long) extra.length, out}, extra);
      }
      return adoptCompiled(out, null);
    }
  }

  /** Compiles {@code model} inside a remote context. */
  public CompiledModel compileModel(Model model, RemoteContext context, Properties properties) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      MemorySegment[] extra = properties.varargs(arena);
      rt.checkVariadic("ov_core_compile_model_with_context",
          new Object[] {handle(), model.handle(), context.handle(), (long) extra.length, out}, extra);
      return adoptCompiled(out, model);
    }
  }

  /** Imports a blob written by {@link CompiledModel#exportModel()}. */
  public CompiledModel importModel(byte[] blob, String device) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment content = arena.allocateFrom(ValueLayout.JAVA_BYTE, blob);
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_core_import_model", handle(), content, (long) blob.length, arena.allocateFrom(device), out);
      return adoptCompiled(out, null);
    }
  }

  /** Imports a blob file. */
  public CompiledModel importModel(Path blob, String device) {
    try {
      return importModel(Files.readAllBytes(blob), device);
    } catch (IOException e) {
      throw new UncheckedIOException("reading exported model " + blob, e);
    }
  }

  /** Devices available for inference, e.g. CPU, GPU.0. */
  public List<String> availableDevices() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment d = arena.allocate(CTypes.AVAILABLE_DEVICES);
      rt.check("ov_core_get_available_devices", handle(), d);
      try {
        long n = d.get(ValueLayout.JAVA_LONG, 8);
        MemorySegment arr = d.get(ValueLayout.ADDRESS, 0).reinterpret(n * 8);
        List<String> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
          out.add(arr.getAtIndex(ValueLayout.ADDRESS, i).reinterpret(Long.MAX_VALUE).getString(0));
        }
        return out;
      } finally {
        rt.invoke("ov_available_devices_free", d);
      }
    }
  }

  /** Plugin versions for {@code device} (several for composite names such as HETERO:CPU,GPU). */
  public Map<String, Version> versions(String device) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment list = arena.allocate(CTypes.CORE_VERSION_LIST);
      rt.check("ov_core_get_versions_by_device_name", handle(), arena.allocateFrom(device), list);
      try {
        long n = list.get(ValueLayout.JAVA_LONG, 8);
        MemorySegment arr = list.get(ValueLayout.ADDRESS, 0).reinterpret(n * CTypes.CORE_VERSION.byteSize());
        Map<String, Version> out = new LinkedHashMap<>();
        for (long i = 0; i < n; i++) {
          MemorySegment e = arr.asSlice(i * 24, 24);
          out.put(str(e, 0), new Version(str(e, 8), str(e, 16)));
        }
        return out;
      } finally {
        rt.invoke("ov_core_versions_free", list);
      }
    }
  }

  /** A device property as text. */
  public String getProperty(String device, String key) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_core_get_property", handle(), arena.allocateFrom(device), arena.allocateFrom(key), out);
      return rt.takeString(out, 0);
    }
  }

  /** A typed device property. */
  public <T> T getProperty(String device, Property<T> property) {
    return property.decode(getProperty(device, property.key()));
  }

  /** Sets one device property. */
  public <T> void setProperty(String device, Property<T> property, T value) {
    setProperties(device, Properties.of().set(property, value));
  }

  /** Sets a raw key/value device property. */
  public void setProperty(String device, String key, String value) {
    setProperties(device, Properties.of().setRaw(key, value));
  }

  /**
   * Sets device properties: one {@code ov_core_set_properties} call on 2026.4+, otherwise one
   * variadic {@code ov_core_set_property} call per pair (it reads exactly one pair).
   */
  public void setProperties(String device, Properties properties) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment dev = arena.allocateFrom(device);
      if (rt.api.has("ov_core_set_properties")) {
        rt.check("ov_core_set_properties", handle(), dev, (long) properties.size(), properties.array(arena));
        return;
      }
      for (Map.Entry<String, String> e : properties.asStrings().entrySet()) {
        rt.checkVariadic("ov_core_set_property", new Object[] {handle(), dev},
            new MemorySegment[] {arena.allocateFrom(e.getKey()), arena.allocateFrom(e.getValue())});
      }
    }
  }

  /** Loads an extension library (custom operations, e.g. openvino_tokenizers). */
  public void addExtension(Path library) {
    try (Arena arena = Arena.ofConfined()) {
      rt.check("ov_core_add_extension", handle(), arena.allocateFrom(library.toString()));
    }
  }

  /**
   * Creates a remote context on {@code device} from plugin-specific parameters (String values, or
   * {@link MemorySegment} for native handles); {@code ov_core_create_context_props} on 2026.4+.
   */
  public RemoteContext createContext(String device, Map<String, Object> params) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment[] extra = RemoteContext.pairs(arena, params);
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      if (rt.api.has("ov_core_create_context_props")) {
        MemorySegment arr = arena.allocate(CTypes.PROPERTY, Math.max(1, extra.length / 2));
        for (int i = 0; i < extra.length; i++) {
          arr.setAtIndex(ValueLayout.ADDRESS, i, extra[i]); // key, value, key, value: the struct's two pointers
        }
        rt.check("ov_core_create_context_props", handle(), arena.allocateFrom(device), (long) (extra.length / 2), arr, out);
        return new RemoteContext(rt, out.get(ValueLayout.ADDRESS, 0));
      }
      rt.checkVariadic("ov_core_create_context",
          new Object[] {handle(), arena.allocateFrom(device), (long) extra.length, out}, extra);
      return new RemoteContext(rt, out.get(ValueLayout.ADDRESS, 0));
    }
  }

  /** The device's default remote context. */
  public RemoteContext defaultContext(String device) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_core_get_default_context", handle(), arena.allocateFrom(device), out);
      return new RemoteContext(rt, out.get(ValueLayout.ADDRESS, 0));
    }
  }

  @Override
  void free(MemorySegment h) {
    rt.invoke("ov_core_free", h);
  }
}
