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
  /** One element: name, attributes in order, children, text content and source line. */
  record Elem(String name, Map<String, String> attrs, List<Elem> children, StringBuilder text,
      int line) {
    @Nullable Elem child(String n) {
      for (Elem c : children) {
        if (c.name.equals(n)) {
          return c;
        }
      }
      return null;
    }

    List<Elem> all(String n) {
      List<Elem> out = new ArrayList<>();
      for (Elem c : children) {
        if (c.name.equals(n)) {
          out.add(c);
        }
      }
      return out;
    }

    @Nullable String attr(String n) {
      return attrs.get(n);
    }
  }

  private static final int MAX_DEPTH = 256;

  private XmlTree() {}

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
      r = factory().createXMLStreamReader(lines);
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
            Map<String, String> attrs = new LinkedHashMap<>();
            for (int i = 0; i < r.getAttributeCount(); i++) {
              attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
            }
            Elem e = new Elem(r.getLocalName(), attrs, new ArrayList<>(), new StringBuilder(),
                line(r));
            if (stack.isEmpty()) {
              root = e;
            } else {
              stack.peek().children().add(e);
            }
            stack.push(e);
            if (stack.size() > MAX_DEPTH) {
              throw new IrFormatException(file, line(r), null, null,
                  "elements nested deeper than " + MAX_DEPTH, null);
            }
          }
          case XMLStreamConstants.END_ELEMENT -> stack.pop();
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
            if (!stack.isEmpty()) {
              stack.peek().text().append(r.getText());
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
