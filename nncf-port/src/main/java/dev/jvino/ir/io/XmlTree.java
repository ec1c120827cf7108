package dev.jvino.ir.io;

import dev.jvino.ir.IrFormatException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * A minimal element tree read with a hardened StAX parser: DTDs are refused (so no entity can be
 * declared or expanded), external entities and external DTD/schema access are disabled, and the input
 * must be well-formed UTF-8. Each element keeps its line for error messages.
 */
final class XmlTree {
  /**
   * One element: name, attributes in order, children, text content and source line. Kept compact
   * (attributes in one array, no child list or text until there is one) because an IR has several
   * elements per layer.
   */
  static final class Elem {
    private static final String[] NO_ATTRS = new String[0];

    private final String name;
    /** Names at even indexes, values at odd ones, in document order. */
    private final String[] attrs;
    private final int line;
    private List<Elem> children = List.of();
    private @Nullable String text;
    private @Nullable StringBuilder moreText;

    Elem(String name, String[] attrs, int line) {
      this.name = name;
      this.attrs = attrs;
      this.line = line;
    }

    String name() {
      return name;
    }

    /** The source line (1-based), or -1 if the parser did not report it. */
    int line() {
      return line;
    }

    /** The child elements, in order (read-only). */
    List<Elem> children() {
      return children;
    }

    private void addChild(Elem e) {
      if (children.isEmpty()) {
        children = new ArrayList<>(4);
      }
      children.add(e);
    }

    /** The text directly inside this element (leading whitespace may be dropped), or "". */
    String text() {
      if (moreText != null) {
        return moreText.toString();
      }
      return text == null ? "" : text;
    }

    private void appendText(String t) {
      if (text == null) {
        text = t;
      } else {
        if (moreText == null) {
          moreText = new StringBuilder(text);
        }
        moreText.append(t);
      }
    }

    private boolean hasText() {
      return text != null;
    }

    int attrCount() {
      return attrs.length / 2;
    }

    String attrName(int i) {
      return attrs[2 * i];
    }

    String attrValue(int i) {
      return attrs[2 * i + 1];
    }

    /** A copy of the attributes, in order. */
    Map<String, String> attrs() {
      Map<String, String> m = new LinkedHashMap<>();
      for (int i = 0; i < attrs.length; i += 2) {
        m.put(attrs[i], attrs[i + 1]);
      }
      return m;
    }

    @Nullable Elem child(String n) {
      for (Elem c : children) {
        if (c.name.equals(n)) {
          return c;
        }
      }
      return null;
    }

    List<Elem> all(String n) {
      List<Elem> out = new ArrayList<>(children.size());
      for (Elem c : children) {
        if (c.name.equals(n)) {
          out.add(c);
        }
      }
      return out;
    }

    @Nullable String attr(String n) {
      for (int i = 0; i < attrs.length; i += 2) {
        if (attrs[i].equals(n)) {
          return attrs[i + 1];
        }
      }
      return null;
    }
  }

  private static final int MAX_DEPTH = 256;

  private XmlTree() {}

  /** Configured factories, one per thread (a factory is not guaranteed to be thread-safe). */
  private static final ThreadLocal<XMLInputFactory> FACTORY =
      ThreadLocal.withInitial(XmlTree::factory);

  static XMLInputFactory factory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    try {
      f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    } catch (IllegalArgumentException ignored) {
      // not every StAX implementation knows these; DTDs are refused below anyway
    }
    return f;
  }

  /**
   * Parses a whole document.
   *
   * @throws IrFormatException on any syntax error, a DTD, an entity reference, bad UTF-8 or nesting
   *     deeper than 256
   */
  static Elem parse(InputStream in, @Nullable Path file) {
    XMLStreamReader r = null;
    LineCounter lines = null;
    try {
      java.nio.charset.CharsetDecoder dec = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
      lines = new LineCounter(new java.io.InputStreamReader(in, dec));
      r = FACTORY.get().createXMLStreamReader(lines);
      Deque<Elem> stack = new ArrayDeque<>();
      Elem root = null;
      while (r.hasNext()) {
        int ev = r.next();
        switch (ev) {
          case XMLStreamConstants.DTD -> throw new IrFormatException(file, line(r), null, null,
              "DTDs are not allowed in an IR .xml", null);
          case XMLStreamConstants.ENTITY_REFERENCE -> throw new IrFormatException(file, line(r), null,
              null, "entity reference &" + r.getLocalName() + "; is not allowed", null);
          case XMLStreamConstants.START_ELEMENT -> {
            int count = r.getAttributeCount();
            String[] attrs = count == 0 ? Elem.NO_ATTRS : new String[2 * count];
            for (int i = 0; i < count; i++) {
              attrs[2 * i] = r.getAttributeLocalName(i);
              attrs[2 * i + 1] = r.getAttributeValue(i);
            }
            Elem e = new Elem(r.getLocalName(), attrs, line(r));
            if (stack.isEmpty()) {
              root = e;
            } else {
              stack.peek().addChild(e);
            }
            stack.push(e);
            if (stack.size() > MAX_DEPTH) {
              throw new IrFormatException(file, line(r), null, null,
                  "elements nested deeper than " + MAX_DEPTH, null);
            }
          }
          case XMLStreamConstants.END_ELEMENT -> stack.pop();
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
            Elem top = stack.peek();
            // whitespace before any text is dropped (every reader of text() strips it): this
            // skips the indentation between elements without building a string for it
            if (top != null && (top.hasText() || !r.isWhiteSpace())) {
              top.appendText(r.getText());
            }
          }
          default -> { }
        }
      }
      if (root == null) {
        throw new IrFormatException(file, "no XML element found (empty file?)");
      }
      return root;
    } catch (XMLStreamException e) {
      int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
      if (line <= 0 && lines != null) {
        line = lines.line();
      }
      if (isMalformedInput(e)) {
        throw new IrFormatException(file, line, null, null,
            "the XML text is not valid UTF-8 (malformed byte sequence)", e);
      }
      String msg = e.getMessage() == null ? e.toString() : e.getMessage();
      int at = msg.indexOf("Message: ");
      throw new IrFormatException(file, line, null, null,
          "malformed XML: " + (at >= 0 ? msg.substring(at + 9) : msg), e);
    } catch (RuntimeException e) {
      if (e instanceof IrFormatException ife) {
        throw ife;
      }
      // some JDK parsers report malformed UTF-8 as an unchecked exception
      int line = lines == null ? -1 : lines.line();
      if (isMalformedInput(e)) {
        throw new IrFormatException(file, line, null, null,
            "the XML text is not valid UTF-8 (malformed byte sequence)", e);
      }
      throw new IrFormatException(file, line, null, null, "unreadable XML: " + e, e);
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // nothing to release
        }
      }
    }
  }

  private static boolean isMalformedInput(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.charset.CharacterCodingException) {
        return true;
      }
      if (t instanceof XMLStreamException x && x.getNestedException() != null
          && x.getNestedException() != t.getCause()
          && isMalformedInput(x.getNestedException())) {
        return true;
      }
    }
    return false;
  }

  /** Counts lines of the characters read so far, to place decoding errors. */
  private static final class LineCounter extends java.io.FilterReader {
    private int line = 1;

    LineCounter(java.io.Reader in) {
      super(in);
    }

    int line() {
      return line;
    }

    @Override
    public int read() throws java.io.IOException {
      int c = super.read();
      if (c == '\n') {
        line++;
      }
      return c;
    }

    @Override
    public int read(char[] buf, int off, int len) throws java.io.IOException {
      int n = super.read(buf, off, len);
      for (int i = 0; i < n; i++) {
        if (buf[off + i] == '\n') {
          line++;
        }
      }
      return n;
    }
  }

  private static int line(XMLStreamReader r) {
    return r.getLocation() == null ? -1 : r.getLocation().getLineNumber();
  }
}
