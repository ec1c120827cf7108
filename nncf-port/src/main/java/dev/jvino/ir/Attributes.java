package dev.jvino.ir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The attributes of an op (the IR's {@code <data>} element), in their written order. Values are kept
 * as the IR text so unknown ops round-trip exactly; typed accessors parse and validate them, and
 * typed setters write OpenVINO's encodings (bools {@code true}/{@code false}, lists comma-separated,
 * element types by their lower-case names).
 */
public final class Attributes {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final String owner;

  /** @param owner how error messages name the attributes' node */
  public Attributes(String owner) {
    this.owner = owner;
  }

  /** All attributes, read-only, in order. */
  public Map<String, String> asMap() {
    return Collections.unmodifiableMap(values);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** The raw text. @throws InvalidGraphException if absent */
  public String string(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new InvalidGraphException(owner + ": missing attribute '" + name + "'");
    }
    return v;
  }

  public String string(String name, String dflt) {
    return values.getOrDefault(name, dflt);
  }

  public Attributes set(String name, String value) {
    values.put(name, value);
    return this;
  }

  public Attributes set(String name, long value) {
    return set(name, Long.toString(value));
  }

  public Attributes set(String name, boolean value) {
    return set(name, value ? "true" : "false");
  }

  public Attributes set(String name, double value) {
    return set(name, formatDouble(value));
  }

  public Attributes set(String name, ElementType value) {
    return set(name, value.irName());
  }

  /** Sets a list attribute, written {@code "a,b,c"}. */
  public Attributes set(String name, long[] value) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < value.length; i++) {
      sb.append(i == 0 ? "" : ",").append(value[i]);
    }
    return set(name, sb.toString());
  }

  public Attributes remove(String name) {
    values.remove(name);
    return this;
  }

  public boolean bool(String name) {
    String v = string(name).strip().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw bad(name, "a boolean");
    };
  }

  public boolean bool(String name, boolean dflt) {
    return has(name) ? bool(name) : dflt;
  }

  public long integer(String name) {
    try {
      return Long.parseLong(string(name).strip());
    } catch (NumberFormatException e) {
      throw bad(name, "an integer");
    }
  }

  public long integer(String name, long dflt) {
    return has(name) ? integer(name) : dflt;
  }

  /** A non-negative integer. */
  public long count(String name) {
    long v = integer(name);
    if (v < 0) {
      throw bad(name, "a non-negative integer");
    }
    return v;
  }

  public double real(String name) {
    try {
      return Double.parseDouble(string(name).strip());
    } catch (NumberFormatException e) {
      throw bad(name, "a number");
    }
  }

  public double real(String name, double dflt) {
    return has(name) ? real(name) : dflt;
  }

  /** A comma-separated integer list (the empty string is the empty list). */
  public long[] integers(String name) {
    String v = string(name).strip();
    if (v.isEmpty()) {
      return new long[0];
    }
    String[] parts = v.split(",");
    long[] out = new long[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        out[i] = Long.parseLong(parts[i].strip());
      }
    } catch (NumberFormatException e) {
      throw bad(name, "a comma-separated integer list");
    }
    return out;
  }

  public long[] integers(String name, long[] dflt) {
    return has(name) ? integers(name) : dflt;
  }

  public ElementType elementType(String name) {
    return ElementType.fromIrName(string(name)).orElseThrow(() -> bad(name, "an element type"));
  }

  public PartialShape shape(String name) {
    try {
      return PartialShape.parse(string(name));
    } catch (IllegalArgumentException e) {
      throw bad(name, "a partial shape");
    }
  }

  private InvalidGraphException bad(String name, String what) {
    return new InvalidGraphException(
        owner + ": attribute " + name + "='" + values.get(name) + "' is not " + what);
  }

  /** Formats a double the way the IR writer does: shortest round-trip text, integral values plain. */
  public static String formatDouble(double v) {
    if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /** Copies every attribute of {@code other} into this one. */
  public void putAll(Attributes other) {
    values.putAll(other.values);
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
