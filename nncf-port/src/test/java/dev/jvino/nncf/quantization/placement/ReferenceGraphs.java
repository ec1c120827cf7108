package dev.jvino.nncf.quantization.placement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads NNCF's reference graphs (.dot) and scale files from the test resources. */
final class ReferenceGraphs {
  private ReferenceGraphs() {}

  private static final List<String> VERSIONS = List.of("2026.0", "2025.4", "2025.3", "2025.2", "2025.1", "2025.0",
      "2024.4", "2024.3", "2024.2", "2024.1");
  private static final Pattern NODE = Pattern.compile("^\"\\d+ ([^\"]+)\" \\[id=\\d+, type=([A-Za-z0-9_]+)\\];$");

  /** The text of {@code file} from the newest version folder (not newer than 2026.0) that has it, else the root. */
  static String text(String file) {
    List<String> folders = new ArrayList<>(VERSIONS);
    folders.add(".");
    for (String v : folders) {
      try (InputStream in = ReferenceGraphs.class.getResourceAsStream("/nncf-reference/placement/" + v + "/" + file)) {
        if (in != null) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalArgumentException("no reference " + file);
  }

  /** Node name to op type of a reference .dot graph. */
  static Map<String, String> nodeTypes(String model) {
    Map<String, String> out = new TreeMap<>();
    for (String line : text(model + ".dot").split("\n")) {
      Matcher m = NODE.matcher(line.strip());
      if (m.matches()) {
        out.put(m.group(1), m.group(2));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no nodes parsed from " + model + ".dot");
    }
    return out;
  }

  /** Names of the FakeQuantize nodes of a reference graph. */
  static TreeSet<String> fakeQuantizeNames(String model) {
    TreeSet<String> out = new TreeSet<>();
    nodeTypes(model).forEach((n, t) -> {
      if (t.equals("FakeQuantize")) {
        out.add(n);
      }
    });
    return out;
  }

  /** Lines of a text resource. */
  static List<String> lines(String file) {
    List<String> out = new ArrayList<>();
    for (String l : text(file).split("\n")) {
      if (!l.isBlank()) {
        out.add(l.strip());
      }
    }
    return out;
  }

  /** The first number of {@code field} of FakeQuantize {@code fq} in a reference-scales JSON. */
  static double firstValue(String json, String fq, String field) {
    int at = json.indexOf("\"" + fq + "\"");
    if (at < 0) {
      throw new IllegalArgumentException(fq + " not in reference scales");
    }
    int f = json.indexOf("\"" + field + "\"", at);
    Matcher m = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?").matcher(json);
    if (!m.find(f + field.length() + 2)) {
      throw new IllegalArgumentException("no value for " + fq + "." + field);
    }
    return Double.parseDouble(m.group());
  }
}
