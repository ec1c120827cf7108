package dev.jvino.cli;

import dev.jvino.engine.LayerCounter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-layer counters an engine's runtime reports (OpenVINO's profiling info), summed over every
 * measured inference and printed like benchmark_app's {@code -pc} table, slowest layer first. Thread-safe:
 * the benchmark's worker threads add their inferences' counters concurrently.
 */
final class LayerCounterTable {
  /** One layer's totals over the inferences added. */
  record Row(String name, String type, String execType, LayerCounter.Status status, long realNanos, long cpuNanos) {}

  private final Map<String, Row> totals = new LinkedHashMap<>();
  private int inferences;

  /** Adds the counters of one inference. */
  synchronized void add(List<LayerCounter> counters) {
    for (LayerCounter c : counters) {
      totals.merge(c.layerName(), new Row(c.layerName(), c.layerType(), c.execType(), c.status(), c.realNanos(),
          c.cpuNanos()), LayerCounterTable::merge);
    }
    inferences++;
  }

  /** Sums two reports of a layer; a layer that executed in any inference counts as executed. */
  private static Row merge(Row a, Row b) {
    LayerCounter.Status status = a.status() == LayerCounter.Status.EXECUTED ? a.status() : b.status();
    return new Row(a.name(), a.type(), a.execType(), status, a.realNanos() + b.realNanos(),
        a.cpuNanos() + b.cpuNanos());
  }

  /** How many inferences were added. */
  synchronized int inferences() {
    return inferences;
  }

  /** The layers, slowest (summed real time) first, ties by name. */
  synchronized List<Row> rows() {
    List<Row> rows = new ArrayList<>(totals.values());
    rows.sort(Comparator.comparingLong(Row::realNanos).reversed().thenComparing(Row::name));
    return rows;
  }

  /** Prints the average per inference of each layer, and the totals; {@code source} names who measured. */
  void print(PrintWriter out, String source) {
    List<Row> rows = rows();
    int n = inferences();
    if (n == 0) {
      out.println("Performance counters: no inference was measured, nothing to report");
      return;
    }
    long real = rows.stream().mapToLong(Row::realNanos).sum();
    long cpu = rows.stream().mapToLong(Row::cpuNanos).sum();
    int width = Math.max(10, rows.stream().mapToInt(r -> r.name().length()).max().orElse(0));
    int execWidth = Math.max(8, rows.stream().mapToInt(r -> r.execType().length()).max().orElse(0));
    out.println("Performance counters (" + source + ": real and CPU time per layer, average of " + n
        + " inferences, slowest first):");
    String head = "%-" + width + "s  %-13s  %-24s  %-" + execWidth + "s  %14s  %13s  %10s%n";
    out.printf(Locale.ROOT, head, "layerName", "execStatus", "layerType", "execType", "realTime (ms)",
        "cpuTime (ms)", "proportion");
    String line = "%-" + width + "s  %-13s  %-24s  %-" + execWidth + "s  %14.3f  %13.3f  %9.2f%%%n";
    for (Row r : rows) {
      out.printf(Locale.ROOT, line, r.name(), r.status(), r.type(), r.execType(), r.realNanos() / 1e6 / n,
          r.cpuNanos() / 1e6 / n, real == 0 ? 0 : 100.0 * r.realNanos() / real);
    }
    out.printf(Locale.ROOT, "Total time: %.3f ms real, %.3f ms CPU per inference%n", real / 1e6 / n, cpu / 1e6 / n);
  }
}
