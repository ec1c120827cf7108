package dev.jvino.nncf.statistics.cache;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The small JSON dialect of the statistics cache: a strict, bounded parser (objects keep their key order,
 * integers become {@code Long} or {@code BigInteger}, other numbers {@code Double}) and two writers, one
 * in the style of Python's {@code json.dump(obj, f, indent=4)} (ASCII only) for the metadata file and a
 * compact one (UTF-8, no spaces) for safetensors headers.
 */
public final class CacheJson {
  private static final int MAX_DEPTH = 64;

  private final String text;
  private final String source;
  private int pos;

  private CacheJson(String text, String source) {
    this.text = text;
    this.source = source;
  }

  /**
   * Parses one JSON value (and nothing after it but whitespace).
   *
   * @param source the file the text came from, for error messages
   * @throws StatisticsCacheException naming {@code source} and the offset of the defect
   */
  public static @Nullable Object parse(String text, String source) {
    CacheJson p = new CacheJson(text, source);
    Object v = p.value(0);
    p.skipWs();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the JSON value");
    }
    return v;
  }

  private StatisticsCacheException error(String what) {
    return new StatisticsCacheException("invalid JSON in " + source + " at offset " + pos + ": " + what);
  }

  private void skipWs() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private @Nullable Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    skipWs();
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> number();
    };
  }

  private @Nullable Object literal(String word, @Nullable Object v) {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected character '" + text.charAt(pos) + "'");
    }
    pos += word.length();
    return v;
  }

  private Map<String, Object> object(int depth) {
    pos++;
    Map<String, Object> out = new LinkedHashMap<>();
    skipWs();
    if (pos < text.length() && text.charAt(pos) == '}') {
      pos++;
      return out;
    }
    while (true) {
      skipWs();
      if (pos >= text.length() || text.charAt(pos) != '"') {
        throw error("expected a string key");
      }
      String key = string();
      skipWs();
      expect(':');
      Object v = value(depth + 1);
      if (out.containsKey(key)) {
        throw error("duplicate key \"" + key + "\"");
      }
      out.put(key, v);
      skipWs();
      if (pos < text.length() && text.charAt(pos) == ',') {
        pos++;
        continue;
      }
      expect('}');
      return out;
    }
  }

  private List<Object> array(int depth) {
    pos++;
    List<Object> out = new ArrayList<>();
    skipWs();
    if (pos < text.length() && text.charAt(pos) == ']') {
      pos++;
      return out;
    }
    while (true) {
      out.add(value(depth + 1));
      skipWs();
      if (pos < text.length() && text.charAt(pos) == ',') {
        pos++;
        continue;
      }
      expect(']');
      return out;
    }
  }

  private void expect(char c) {
    if (pos >= text.length() || text.charAt(pos) != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private String string() {
    pos++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("unterminated escape");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("short \\u escape");
          }
          try {
            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> throw error("bad escape \\" + e);
      }
    }
  }

  private Object number() {
    int start = pos;
    if (pos < text.length() && text.charAt(pos) == '-') {
      pos++;
    }
    boolean integral = true;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c >= '0' && c <= '9') {
        pos++;
      } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
        integral = false;
        pos++;
      } else {
        break;
      }
    }
    String s = text.substring(start, pos);
    if (s.isEmpty() || s.equals("-") || pos - start > 400) {
      pos = start;
      throw error(s.isEmpty() ? "unexpected character '" + text.charAt(start) + "'" : "bad number");
    }
    try {
      if (integral) {
        BigInteger b = new BigInteger(s);
        return b.bitLength() < 64 ? (Object) b.longValueExact() : b;
      }
      return new BigDecimal(s).doubleValue();
    } catch (NumberFormatException | ArithmeticException ex) {
      pos = start;
      throw error("bad number " + s);
    }
  }

  /**
   * Python's {@code json.dumps(value, indent=4)} with its default {@code ensure_ascii=True}: strings,
   * integers, booleans, null, lists and string-keyed maps.
   */
  public static String pythonIndented(@Nullable Object value) {
    StringBuilder sb = new StringBuilder();
    pretty(sb, value, 0);
    return sb.toString();
  }

  private static void pretty(StringBuilder sb, @Nullable Object v, int level) {
    if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        sb.append('\n').append(" ".repeat(4 * (level + 1)));
        quote(sb, String.valueOf(e.getKey()), true);
        sb.append(": ");
        pretty(sb, e.getValue(), level + 1);
        if (it.hasNext()) {
          sb.append(',');
        }
      }
      sb.append('\n').append(" ".repeat(4 * level)).append('}');
    } else if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        sb.append('\n').append(" ".repeat(4 * (level + 1)));
        pretty(sb, l.get(i), level + 1);
        if (i + 1 < l.size()) {
          sb.append(',');
        }
      }
      sb.append('\n').append(" ".repeat(4 * level)).append(']');
    } else {
      scalar(sb, v, true);
    }
  }

  /** Compact JSON ({@code serde_json} style: no spaces, non-ASCII kept as is). */
  public static String compact(@Nullable Object v) {
    StringBuilder sb = new StringBuilder();
    compact(sb, v);
    return sb.toString();
  }

  private static void compact(StringBuilder sb, @Nullable Object v) {
    if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        quote(sb, String.valueOf(e.getKey()), false);
        sb.append(':');
        compact(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        compact(sb, l.get(i));
      }
      sb.append(']');
    } else {
      scalar(sb, v, false);
    }
  }

  private static void scalar(StringBuilder sb, @Nullable Object v, boolean ascii) {
    switch (v) {
      case null -> sb.append("null");
      case String s -> quote(sb, s, ascii);
      case Boolean b -> sb.append(b ? "true" : "false");
      case Long l -> sb.append(l);
      case Integer i -> sb.append(i);
      case BigInteger b -> sb.append(b);
      default -> throw new IllegalArgumentException("cannot write " + v.getClass().getSimpleName() + " as cache JSON");
    }
  }

  private static void quote(StringBuilder sb, String s, boolean ascii) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || (ascii && c > 0x7e)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
