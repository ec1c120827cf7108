package dev.jvino.ir.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An element tree printed the way pugixml (OpenVINO's XML library) prints documents by default:
 * {@code <?xml version="1.0"?>}, tab indentation, {@code <a x="1" />} for empty elements, text-only
 * elements on one line, and its escaping rules.
 */
final class XmlOut {
  final String name;
  final List<String[]> attrs = new ArrayList<>();
  final List<XmlOut> children = new ArrayList<>();
  @Nullable String text;

  XmlOut(String name) {
    this.name = name;
  }

  XmlOut attr(String k, String v) {
    attrs.add(new String[] {k, v});
    return this;
  }

  XmlOut attr(String k, long v) {
    return attr(k, Long.toString(v));
  }

  XmlOut attrs(Map<String, String> m) {
    m.forEach(this::attr);
    return this;
  }

  XmlOut child(String n) {
    XmlOut c = new XmlOut(n);
    children.add(c);
    return c;
  }

  XmlOut add(XmlOut c) {
    children.add(c);
    return c;
  }

  /** The document text. */
  String document() {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n");
    print(sb, 0);
    return sb.toString();
  }

  private void print(StringBuilder sb, int depth) {
    sb.append("\t".repeat(depth)).append('<').append(name);
    for (String[] a : attrs) {
      sb.append(' ').append(a[0]).append("=\"");
      escape(sb, a[1], true);
      sb.append('"');
    }
    if (children.isEmpty() && (text == null || text.isEmpty())) {
      sb.append(" />\n");
      return;
    }
    sb.append('>');
    if (children.isEmpty()) {
      escape(sb, text, false);
      sb.append("</").append(name).append(">\n");
      return;
    }
    sb.append('\n');
    for (XmlOut c : children) {
      c.print(sb, depth + 1);
    }
    sb.append("\t".repeat(depth)).append("</").append(name).append(">\n");
  }

  private static void escape(StringBuilder sb, String s, boolean attribute) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append(attribute ? "&quot;" : "\"");
        default -> {
          if (c < 32 && (attribute || (c != '\t' && c != '\n' && c != '\r'))) {
            sb.append("&#").append((int) c).append(';');
          } else {
            sb.append(c);
          }
        }
      }
    }
  }
}
