package dev.jvino.openvino;

import java.util.Objects;
import java.util.function.Function;

/**
 * A typed OpenVINO property. The key string comes from the runtime's exported
 * {@code ov_property_key_<variable>} when it has one, otherwise from {@link #fallbackKey()}; values
 * travel as strings.
 *
 * @param <T> the Java type of the value
 */
public final class Property<T> {
  private final String variable;
  private final String fallbackKey;
  private final Function<T, String> encode;
  private final Function<String, T> decode;

  Property(String variable, String fallbackKey, Function<T, String> encode, Function<String, T> decode) {
    this.variable = variable;
    this.fallbackKey = fallbackKey;
    this.encode = encode;
    this.decode = decode;
  }

  /** A property for a key jvino has no typed constant for; values are passed through unchanged. */
  public static Property<String> raw(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isBlank()) {
      throw new IllegalArgumentException("property key must not be blank");
    }
    return new Property<>(null, key, s -> s, s -> s);
  }

  /** The {@code ov_property_key_*} variable suffix, or null for a raw key. */
  String variable() {
    return variable;
  }

  /** The key string used when the runtime does not export the variable. */
  public String fallbackKey() {
    return fallbackKey;
  }

  /** The key string of the loaded runtime. */
  public String key() {
    return variable == null ? fallbackKey : Native.get().propertyKey(variable, fallbackKey);
  }

  /** The value as OpenVINO's string form. */
  public String encode(T value) {
    return encode.apply(Objects.requireNonNull(value, () -> "value of " + fallbackKey));
  }

  /** Parses OpenVINO's string form. */
  public T decode(String text) {
    try {
      return decode.apply(text.strip());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot read property " + fallbackKey + " value '" + text + "'", e);
    }
  }

  @Override
  public String toString() {
    return fallbackKey;
  }
}
