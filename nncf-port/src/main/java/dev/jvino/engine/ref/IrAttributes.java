package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.Storage;
import dev.jvino.ir.ElementType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The attributes of one IR layer ({@code <data .../>}) as text, with typed readers that raise
 * {@link OpAttributeException} naming the operation, the attribute and the bad value.
 */
public final class IrAttributes {
  private final String op;
  private final Map<String, String> values;

  public IrAttributes(String op, Map<String, String> values) {
    this.op = op;
    this.values = Map.copyOf(values);
  }

  /** The operation these attributes belong to, as {@code Type-version}. */
  public String op() {
    return op;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The raw text of a required attribute. */
  public String string(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new OpAttributeException(op, name, "<missing>", "required attribute is missing");
    }
    return v.strip();
  }

  public String string(String name, String fallback) {
    return has(name) ? string(name) : fallback;
  }

  public long longValue(String name) {
    String v = string(name);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new OpAttributeException(op, name, v, "not an integer");
    }
  }

  public long longValue(String name, long fallback) {
    return has(name) ? longValue(name) : fallback;
  }

  public double doubleValue(String name) {
    String v = string(name);
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      String lower = v.toLowerCase(Locale.ROOT);
      if (lower.equals("inf")) {
        return Double.POSITIVE_INFINITY;
      }
      if (lower.equals("-inf")) {
        return Double.NEGATIVE_INFINITY;
      }
      throw new OpAttributeException(op, name, v, "not a number");
    }
  }

  public double doubleValue(String name, double fallback) {
    return has(name) ? doubleValue(name) : fallback;
  }

  /** {@code true}/{@code false} (also 1/0, any case). */
  public boolean bool(String name, boolean fallback) {
    if (!has(name)) {
      return fallback;
    }
    String v = string(name).toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw new OpAttributeException(op, name, v, "not a boolean");
    };
  }

  /** A comma-separated integer list ({@code ""} is empty). */
  public long[] longs(String name) {
    String v = string(name);
    if (v.isEmpty()) {
      return new long[0];
    }
    try {
      return Arrays.stream(v.split(",")).map(String::strip).mapToLong(Long::parseLong).toArray();
    } catch (NumberFormatException e) {
      throw new OpAttributeException(op, name, v, "not a comma-separated integer list");
    }
  }

  public long[] longs(String name, long[] fallback) {
    return has(name) ? longs(name) : fallback.clone();
  }

  /** An element type name the engine can hold. */
  public ElementType elementType(String name) {
    String v = string(name);
    ElementType t = ElementType.fromIrName(v).orElseThrow(
        () -> new OpAttributeException(op, name, v, "unknown element type"));
    if (!Storage.supports(t)) {
      throw new OpAttributeException(op, name, v, "element type not supported by the reference engine");
    }
    return t;
  }

  public ElementType elementType(String name, ElementType fallback) {
    return has(name) ? elementType(name) : fallback;
  }

  /** The {@code auto_broadcast} attribute (default numpy) with PDPD's {@code axis}. */
  public AutoBroadcast autoBroadcast() {
    return AutoBroadcast.parse(op, string("auto_broadcast", "numpy"), longValue("axis", -1));
  }

  @Override
  public String toString() {
    return op + values;
  }
}
