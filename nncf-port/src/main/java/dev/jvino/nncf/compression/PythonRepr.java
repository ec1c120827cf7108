package dev.jvino.nncf.compression;

import java.math.BigDecimal;
import java.util.List;

/** Python's {@code str()} of the values NNCF writes into messages and rt_info. */
public final class PythonRepr {
  private PythonRepr() {}

  /** A Python string literal as {@code repr} writes it. */
  public static String string(String s) {
    boolean single = s.indexOf('\'') >= 0 && s.indexOf('"') < 0;
    char q = single ? '"' : '\'';
    StringBuilder b = new StringBuilder().append(q);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        default -> {
          if (c == q) {
            b.append('\\');
          }
          b.append(c);
        }
      }
    }
    return b.append(q).toString();
  }

  /** A Python list of strings: {@code ['a', 'b']}. */
  public static String strings(List<String> values) {
    return "[" + String.join(", ", values.stream().map(PythonRepr::string).toList()) + "]";
  }

  /** Python's bool. */
  public static String bool(boolean b) {
    return b ? "True" : "False";
  }

  /**
   * Python's {@code repr(float)}: the shortest round-tripping digits, positional for exponents in
   * [-4, 16), else scientific ({@code 1e-05}); always with a fraction or exponent.
   */
  public static String floating(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return (Double.doubleToRawLongBits(v) < 0 ? "-" : "") + "0.0";
    }
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    String digits = d.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - d.scale(); // decimal exponent of the first digit
    String sign = v < 0 ? "-" : "";
    if (exp >= -4 && exp < 16) {
      String plain = d.abs().toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
  }

  /** Python's {@code repr} of a float32 value promoted the way the given text was typed (shortest float digits). */
  public static String floating(float v) {
    return floating(Double.parseDouble(Float.toString(v)));
  }
}
