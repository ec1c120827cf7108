package dev.jvino.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ordered set of property values for compile, set-property and context calls. Typed entries use
 * {@link Property}; {@link #setRaw} is the escape hatch for keys jvino does not know.
 */
public final class Properties {
  private final Map<Property<?>, String> values = new LinkedHashMap<>();
  private CacheEncryption encryption;

  private Properties() {}

  /** An empty set. */
  public static Properties of() {
    return new Properties();
  }

  /** Sets a typed value (replacing an earlier one for the same property). */
  public <T> Properties set(Property<T> property, T value) {
    values.put(Objects.requireNonNull(property, "property"), property.encode(value));
    return this;
  }

  /** Sets a raw key/value pair. */
  public Properties setRaw(String key, String value) {
    Objects.requireNonNull(value, "value");
    values.put(Property.raw(key), value);
    return this;
  }

  /**
   * Encrypts the model cache with {@code encryption} ({@code CACHE_ENCRYPTION_CALLBACKS}, a pointer
   * value; only the compile calls honour it).
   */
  public Properties setCacheEncryption(CacheEncryption encryption) {
    this.encryption = Objects.requireNonNull(encryption, "encryption");
    return this;
  }

  /** Number of entries (the cache encryption counts as one). */
  public int size() {
    return values.size() + (encryption == null ? 0 : 1);
  }

  private String encryptionKey() {
    return Native.get().propertyKey("cache_encryption_callbacks", "CACHE_ENCRYPTION_CALLBACKS");
  }

  /** The resolved key/value strings, in insertion order (without the cache encryption). */
  public Map<String, String> asStrings() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((p, v) -> out.put(p.key(), v));
    return out;
  }

  /** Key/value C strings for the variadic API: key0, value0, key1, value1, ... */
  MemorySegment[] varargs(Arena arena) {
    List<Map.Entry<String, String>> e = List.copyOf(asStrings().entrySet());
    MemorySegment[] out = new MemorySegment[size() * 2];
    for (int i = 0; i < e.size(); i++) {
      out[2 * i] = arena.allocateFrom(e.get(i).getKey());
      out[2 * i + 1] = arena.allocateFrom(e.get(i).getValue());
    }
    if (encryption != null) {
      out[out.length - 2] = arena.allocateFrom(encryptionKey());
      out[out.length - 1] = CacheEncryption.Natives.struct(encryption);
    }
    return out;
  }

  /** An {@code ov_property_t[]} for the non-variadic {@code _props} API. */
  MemorySegment array(Arena arena) {
    List<Map.Entry<String, String>> e = List.copyOf(asStrings().entrySet());
    MemorySegment arr = arena.allocate(dev.jvino.ffm.raw.CTypes.PROPERTY, Math.max(1, size()));
    for (int i = 0; i < e.size(); i++) {
      arr.set(java.lang.foreign.ValueLayout.ADDRESS, i * 16L, arena.allocateFrom(e.get(i).getKey()));
      arr.set(java.lang.foreign.ValueLayout.ADDRESS, i * 16L + 8, arena.allocateFrom(e.get(i).getValue()));
    }
    if (encryption != null) {
      long at = e.size() * 16L;
      arr.set(java.lang.foreign.ValueLayout.ADDRESS, at, arena.allocateFrom(encryptionKey()));
      arr.set(java.lang.foreign.ValueLayout.ADDRESS, at + 8, CacheEncryption.Natives.struct(encryption));
    }
    return arr;
  }
}
