package dev.jvino.ir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The attributes of an op (the IR's {@code <data>} element), in their written order. Values are kept
 * as the IR text so unknown ops round-trip exactly; typed accessors parse and validate them, and
 * typed setters write OpenVINO's encodings (bools {@code true}/{@code false}, lists comma-separated,
 * element types by their lower-case names).
 */
public final class Attributes {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final @Nullable String owner;
  private final @Nullable Node node;

  /** @param owner how error messages name the attributes' node */
  public Attributes(String owner) {
    this.owner = owner;
    this.node = null;
  }

  /** The attributes of {@code node}; messages name it as it is named when they are built. */
  Attributes(Node node) {
    this.owner = null;
    this.node = node;
  }

  private String owner() {
    return node != null ? node.type() + " '" + node.name() + "'" : String.valueOf(owner);
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
      throw new InvalidGraphException(owner() + ": missing attribute '" + name + "'");
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

  /** Sets a list attribute, written {@code "a, b, c"} as OpenVINO's writer joins lists. */
  public Attributes set(String name, long[] value) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < value.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(value[i]);
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
        owner() + ": attribute " + name + "='" + values.get(name) + "' is not " + what);
  }

  /**
   * Formats a double as OpenVINO's writer does (pugixml, C {@code %.17g}): 17 significant digits,
   * trailing zeros dropped, exponent form below 1e-4 or from 1e17 ({@code 1e-5} is written
   * {@code 1.0000000000000001e-05}).
   */
  public static String formatDouble(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return (1 / v < 0) ? "-0" : "0";
    }
    java.math.BigDecimal bd = new java.math.BigDecimal(v)
        .round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN));
    int exp = bd.precision() - bd.scale() - 1;
    if (exp < -4 || exp >= 17) {
      String digits = bd.unscaledValue().abs().toString();
      digits = digits.replaceAll("0+$", "");
      StringBuilder sb = new StringBuilder();
      if (bd.signum() < 0) {
        sb.append('-');
      }
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int ae = Math.abs(exp);
      sb.append(ae < 10 ? "0" + ae : Integer.toString(ae));
      return sb.toString();
    }
    String s = bd.toPlainString();
    if (s.indexOf('.') >= 0) {
      s = s.replaceAll("0+$", "");
      if (s.endsWith(".")) {
        s = s.substring(0, s.length() - 1);
      }
    }
    return s;
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
