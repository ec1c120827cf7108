package dev.jvino.ir;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A summary of a model for {@code jvino info}: inputs and outputs, op-type counts, constant element
 * counts and bytes per element type, opsets used, and rt_info highlights (NNCF compression or
 * quantization records, the OpenVINO version that wrote it, conversion parameters). Built from types
 * and shapes only: it reads no weight bytes. Ops inside subgraph bodies are included.
 *
 * @param name the model name
 * @param inputs the model inputs
 * @param outputs the model outputs
 * @param opTypes op counts by type, most frequent first
 * @param opsets op counts by opset
 * @param constants constant statistics by element type
 * @param highlights rt_info keys of interest, flattened ({@code nncf.weight_compression.mode})
 */
public record ModelSummary(String name, List<Port> inputs, List<Port> outputs,
    Map<String, Integer> opTypes, Map<String, Integer> opsets, Map<ElementType, Weights> constants,
    Map<String, String> highlights) {

  /** A model input or output. */
  public record Port(List<String> names, ElementType type, PartialShape shape) {}

  /** Constants of one element type: how many, their element count and stored bytes. */
  public record Weights(int constants, long elements, long bytes) {}

  private static final List<String> HIGHLIGHT_ROOTS = List.of("nncf", "optimum",
      "Runtime_version", "conversion_parameters", "framework", "model_type", "quantization");

  /** Summarizes {@code m}. */
  public static ModelSummary of(Model m) {
    List<Port> ins = m.parameters().stream()
        .map(p -> new Port(names(p.output(), p.name()), p.output().elementType(), p.output().shape()))
        .toList();
    List<Port> outs = m.results().stream()
        .map(r -> {
          Output o = r.input(0).source();
          return new Port(names(o, r.name()), o.elementType(), o.shape());
        })
        .toList();
    Map<String, Integer> types = new TreeMap<>();
    Map<String, Integer> opsets = new TreeMap<>();
    Map<ElementType, long[]> w = new TreeMap<>();
    count(m, types, opsets, w);
    Map<String, Integer> sortedTypes = new LinkedHashMap<>();
    types.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> sortedTypes.put(e.getKey(), e.getValue()));
    Map<ElementType, Weights> consts = new LinkedHashMap<>();
    w.forEach((t, v) -> consts.put(t, new Weights((int) v[0], v[1], v[2])));
    Map<String, String> hl = new LinkedHashMap<>();
    for (RtInfo.Entry e : m.rtInfo().entries()) {
      if (HIGHLIGHT_ROOTS.contains(e.key())) {
        flatten(e.key(), e, hl);
      }
    }
    return new ModelSummary(m.name(), ins, outs, sortedTypes, opsets, consts, hl);
  }

  private static List<String> names(Output o, String fallback) {
    return o.names().isEmpty() ? List.of(fallback) : List.copyOf(o.names());
  }

  private static void count(Model m, Map<String, Integer> types, Map<String, Integer> opsets,
      Map<ElementType, long[]> w) {
    for (Node n : m.ops()) {
      types.merge(n.type(), 1, Integer::sum);
      opsets.merge(n.version(), 1, Integer::sum);
      n.constant().ifPresent(c -> {
        long[] v = w.computeIfAbsent(c.elementType(), k -> new long[3]);
        v[0]++;
        v[1] += c.elementCount();
        v[2] += c.byteSize();
      });
      for (SubgraphBody b : n.bodies()) {
        count(b.body(), types, opsets, w);
      }
    }
  }

  private static void flatten(String prefix, RtInfo.Entry e, Map<String, String> out) {
    e.value().ifPresent(v -> out.put(prefix, v));
    for (RtInfo.Entry c : e.children()) {
      flatten(prefix + "." + c.key(), c, out);
    }
  }

  /** Total elements over all constants (the parameter count). */
  public long parameterCount() {
    return constants.values().stream().mapToLong(Weights::elements).sum();
  }

  /** Total stored constant bytes. */
  public long weightBytes() {
    return constants.values().stream().mapToLong(Weights::bytes).sum();
  }

  /** Human-readable text. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append("Model: ").append(name.isEmpty() ? "(unnamed)" : name).append('\n');
    sb.append("Inputs:\n");
    for (Port p : inputs) {
      port(sb, p);
    }
    sb.append("Outputs:\n");
    for (Port p : outputs) {
      port(sb, p);
    }
    int total = opTypes.values().stream().mapToInt(Integer::intValue).sum();
    sb.append("Ops: ").append(total).append('\n');
    opTypes.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-28s %d%n", k, v)));
    sb.append("Opsets: ");
    sb.append(String.join(", ", opsets.entrySet().stream()
        .map(e -> e.getKey() + " (" + e.getValue() + ")").toList())).append('\n');
    sb.append(String.format(Locale.ROOT, "Constants: %,d elements, %s%n", parameterCount(),
        humanBytes(weightBytes())));
    constants.entrySet().stream()
        .sorted(Comparator.comparingLong(e -> -e.getValue().bytes()))
        .forEach(e -> sb.append(String.format(Locale.ROOT, "  %-8s %5d constants %,16d elements %12s%n",
            e.getKey(), e.getValue().constants(), e.getValue().elements(), humanBytes(e.getValue().bytes()))));
    if (!highlights.isEmpty()) {
      sb.append("rt_info:\n");
      highlights.forEach((k, v) -> sb.append("  ").append(k).append(" = ").append(v).append('\n'));
    }
    return sb.toString();
  }

  private static void port(StringBuilder sb, Port p) {
    sb.append("  ").append(String.join(", ", p.names())).append(": ").append(p.type()).append(' ')
        .append(p.shape()).append('\n');
  }

  /** A byte count for people: {@code 512 B}, {@code 1.50 KiB}, {@code 3.40 GiB}. */
  public static String humanBytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
  }

  /** Machine-readable JSON (one object; stable key order). */
  public String toJson() {
    StringBuilder sb = new StringBuilder("{");
    sb.append("\"name\":").append(str(name));
    sb.append(",\"inputs\":").append(ports(inputs));
    sb.append(",\"outputs\":").append(ports(outputs));
    sb.append(",\"op_types\":").append(intMap(opTypes));
    sb.append(",\"opsets\":").append(intMap(opsets));
    sb.append(",\"parameter_count\":").append(parameterCount());
    sb.append(",\"weight_bytes\":").append(weightBytes());
    sb.append(",\"constants\":{");
    List<String> parts = new ArrayList<>();
    constants.forEach((t, w) -> parts.add(str(t.irName()) + ":{\"constants\":" + w.constants()
        + ",\"elements\":" + w.elements() + ",\"bytes\":" + w.bytes() + "}"));
    sb.append(String.join(",", parts)).append('}');
    sb.append(",\"rt_info\":{");
    List<String> hl = new ArrayList<>();
    highlights.forEach((k, v) -> hl.add(str(k) + ":" + str(v)));
    sb.append(String.join(",", hl)).append("}}");
    return sb.toString();
  }

  private static String ports(List<Port> ps) {
    List<String> out = new ArrayList<>();
    for (Port p : ps) {
      String dims = p.shape().isRankStatic()
          ? "[" + String.join(",", p.shape().dims().stream()
              .map(d -> d.isStatic() ? Long.toString(d.length()) : str(d.toIrString())).toList()) + "]"
          : "null";
      out.add("{\"names\":[" + String.join(",", p.names().stream().map(ModelSummary::str).toList())
          + "],\"element_type\":" + str(p.type().irName()) + ",\"shape\":" + dims + "}");
    }
    return "[" + String.join(",", out) + "]";
  }

  private static String intMap(Map<String, Integer> m) {
    List<String> out = new ArrayList<>();
    m.forEach((k, v) -> out.add(str(k) + ":" + v));
    return "{" + String.join(",", out) + "}";
  }

  /** A JSON string literal. */
  static String str(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
