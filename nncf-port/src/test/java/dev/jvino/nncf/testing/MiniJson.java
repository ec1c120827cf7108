package dev.jvino.nncf.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for test fixtures: objects become {@code Map<String,Object>}, arrays
 * {@code List<Object>}, numbers {@code Double} (or {@code Long} when integral without exponent/point),
 * plus String, Boolean and null.
 */
public final class MiniJson {
  private final String s;
  private int p;

  private MiniJson(String s) {
    this.s = s;
  }

  public static Object parse(String text) {
    MiniJson j = new MiniJson(text);
    Object v = j.value();
    j.ws();
    if (j.p != text.length()) {
      throw j.error("trailing characters");
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> obj(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  public static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  private Object value() {
    ws();
    char c = s.charAt(p);
    switch (c) {
      case '{' -> {
        p++;
        Map<String, Object> m = new LinkedHashMap<>();
        ws();
        if (s.charAt(p) == '}') {
          p++;
          return m;
        }
        while (true) {
          ws();
          String k = string();
          ws();
          expect(':');
          m.put(k, value());
          ws();
          if (s.charAt(p) == ',') {
            p++;
          } else {
            expect('}');
            return m;
          }
        }
      }
      case '[' -> {
        p++;
        List<Object> l = new ArrayList<>();
        ws();
        if (s.charAt(p) == ']') {
          p++;
          return l;
        }
        while (true) {
          l.add(value());
          ws();
          if (s.charAt(p) == ',') {
            p++;
          } else {
            expect(']');
            return l;
          }
        }
      }
      case '"' -> {
        return string();
      }
      default -> {
        if (s.startsWith("true", p)) {
          p += 4;
          return Boolean.TRUE;
        }
        if (s.startsWith("false", p)) {
          p += 5;
          return Boolean.FALSE;
        }
        if (s.startsWith("null", p)) {
          p += 4;
          return null;
        }
        if (s.startsWith("NaN", p)) {
          p += 3;
          return Double.NaN;
        }
        return number();
      }
    }
  }

  private Object number() {
    int start = p;
    boolean integral = true;
    while (p < s.length() && "+-0123456789.eE".indexOf(s.charAt(p)) >= 0) {
      char c = s.charAt(p);
      if (c == '.' || c == 'e' || c == 'E') {
        integral = false;
      }
      p++;
    }
    String t = s.substring(start, p);
    if (t.isEmpty()) {
      throw error("unexpected character");
    }
    return integral ? (Object) Long.parseLong(t) : (Object) Double.parseDouble(t);
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = s.charAt(p++);
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\') {
        char e = s.charAt(p++);
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'u' -> {
            b.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
            p += 4;
          }
          default -> b.append(e);
        }
      } else {
        b.append(c);
      }
    }
  }

  private void expect(char c) {
    if (s.charAt(p) != c) {
      throw error("expected '" + c + "'");
    }
    p++;
  }

  private void ws() {
    while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
      p++;
    }
  }

  private IllegalArgumentException error(String msg) {
    return new IllegalArgumentException("JSON: " + msg + " at offset " + p);
  }
}
