package dev.jvino.cli;

import dev.jvino.engine.NodeTimings;
import dev.jvino.ir.Node;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Per-node wall time summed over every measured inference, printed like benchmark_app's sorted -pc table. */
final class NodeCounters implements NodeTimings {
  /** One node's totals. */
  record Row(String name, String type, long nanos) {}

  private final Map<Node, LongAdder> totals = new ConcurrentHashMap<>();

  @Override
  public void record(Node node, long nanos) {
    totals.computeIfAbsent(node, n -> new LongAdder()).add(nanos);
  }

  /** The nodes, slowest first (ties by name). */
  List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    totals.forEach((n, t) -> rows.add(new Row(n.name(), n.type(), t.sum())));
    rows.sort(Comparator.comparingLong(Row::nanos).reversed().thenComparing(Row::name));
    return rows;
  }

  /** Prints the average time per inference of each node over {@code inferences} inferences. */
  void print(PrintWriter out, int inferences) {
    List<Row> rows = rows();
    long total = rows.stream().mapToLong(Row::nanos).sum();
    int width = Math.max(10, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
    out.println("Performance counters (reference engine: wall time per node, average of " + inferences
        + " inferences, slowest first):");
    out.printf(Locale.ROOT, "%-" + width + "s  %-10s  %-24s  %14s  %10s%n", "layerName", "execStatus", "layerType",
        "realTime (ms)", "proportion");
    for (Row r : rows) {
      out.printf(Locale.ROOT, "%-" + width + "s  %-10s  %-24s  %14.3f  %9.2f%%%n", r.name(), "EXECUTED", r.type(),
          r.nanos() / 1e6 / inferences, total == 0 ? 0 : 100.0 * r.nanos() / total);
    }
    out.printf(Locale.ROOT, "Total time: %.3f ms per inference%n", total / 1e6 / inferences);
  }
}
