package dev.jvino.nncf.compression;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NNCF's "Statistics of the bitwidth distribution": per precision label, the share of all weight
 * parameters and of the ratio-defining parameters, with layer counts.
 *
 * @param rows one row per precision, sorted as NNCF sorts them (more bits first, then label, then group size)
 * @param totalWeights all weight elements (compressed, float and skipped)
 * @param totalLayers the number of weights counted in the first column
 * @param ratioDefiningWeights elements of the ratio-defining weights
 * @param ratioDefiningLayers the number of ratio-defining weights
 */
public record BitwidthDistribution(
    List<Row> rows, long totalWeights, int totalLayers, long ratioDefiningWeights, int ratioDefiningLayers) {

  /**
   * One precision.
   *
   * @param label {@code "int4_asym, group size 128"}, {@code "int8_asym, per-channel"} or {@code "float"}
   * @param bits bits per value (32 for float)
   * @param weights elements in this precision
   * @param layers weights in this precision
   * @param ratioDefiningWeights elements of ratio-defining weights in this precision
   * @param ratioDefiningLayers ratio-defining weights in this precision
   */
  public record Row(String label, int bits, long weights, int layers, long ratioDefiningWeights,
      int ratioDefiningLayers) {}

  public BitwidthDistribution {
    rows = List.copyOf(rows);
  }

  static BitwidthDistribution of(CompressionPlan plan) {
    record Key(String label, int bits) {}
    Map<Key, long[]> acc = new LinkedHashMap<>(); // weights, layers, rdWeights, rdLayers
    long rdWeights = 0;
    int rdLayers = 0;
    long total = 0;
    for (WeightAssignment a : plan.assignments()) {
      Key k = a.config() == null ? new Key("float", 32) : new Key(a.config().label(), a.config().numBits());
      long[] v = acc.computeIfAbsent(k, x -> new long[4]);
      long n = a.site().numWeights();
      v[0] += n;
      v[1]++;
      if (a.ratioDefining()) {
        v[2] += n;
        v[3]++;
        rdWeights += n;
        rdLayers++;
      }
      total += n;
    }
    int skippedFloat = 0;
    for (WeightSite s : plan.skipped()) {
      total += s.numWeights();
      if (s.dtype().isFloatingPoint()) {
        long[] v = acc.computeIfAbsent(new Key("float", 32), x -> new long[4]);
        v[0] += s.numWeights();
        v[1]++;
        skippedFloat++;
      }
    }
    List<Row> rows = new ArrayList<>();
    acc.forEach((k, v) -> rows.add(new Row(k.label(), k.bits(), v[0], (int) v[1], v[2], (int) v[3])));
    rows.sort(Comparator.comparingInt((Row r) -> -r.bits()).thenComparing(BitwidthDistribution::sortBase)
        .thenComparingInt(BitwidthDistribution::sortGroup));
    return new BitwidthDistribution(rows, total, plan.assignments().size() + skippedFloat, rdWeights, rdLayers);
  }

  private static String sortBase(Row r) {
    int at = r.label().lastIndexOf(", group size ");
    return at >= 0 ? r.label().substring(0, at) : r.label();
  }

  private static int sortGroup(Row r) {
    int at = r.label().lastIndexOf(", group size ");
    return at >= 0 ? Integer.parseInt(r.label().substring(at + ", group size ".length())) : -1;
  }

  /** A row's share of all parameters in percent. */
  public double percentOfAll(Row r) {
    return (double) r.weights() / (double) Math.max(totalWeights, 1) * 100;
  }

  /** A row's share of the ratio-defining parameters in percent. */
  public double percentOfRatioDefining(Row r) {
    return (double) r.ratioDefiningWeights() / (double) Math.max(ratioDefiningWeights, 1) * 100;
  }

  /** NNCF's cell text, e.g. {@code "75% (3 / 4)"} (percent rounded half to even). */
  static String proportion(double percent, int layers, int totalLayers) {
    String p = new BigDecimal(percent).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
    return p + "% (" + layers + " / " + totalLayers + ")";
  }

  /** The table NNCF logs, in tabulate's {@code mixed_grid} format, with its title line. */
  public String toTable() {
    List<String> header = List.of("Weight compression mode", "% all parameters (layers)",
        "% ratio-defining parameters (layers)");
    List<List<String>> body = new ArrayList<>();
    for (Row r : rows) {
      body.add(List.of(r.label(), proportion(percentOfAll(r), r.layers(), totalLayers),
          proportion(percentOfRatioDefining(r), r.ratioDefiningLayers(), ratioDefiningLayers)));
    }
    int[] w = new int[3];
    for (int c = 0; c < 3; c++) {
      w[c] = header.get(c).length() + 2;
      for (List<String> row : body) {
        w[c] = Math.max(w[c], row.get(c).length());
      }
    }
    StringBuilder b = new StringBuilder("Statistics of the bitwidth distribution:\n");
    line(b, w, "┍", "━", "┯", "┑");
    cells(b, w, header);
    line(b, w, "┝", "━", "┿", "┥");
    for (int i = 0; i < body.size(); i++) {
      if (i > 0) {
        line(b, w, "├", "─", "┼", "┤");
      }
      cells(b, w, body.get(i));
    }
    line(b, w, "┕", "━", "┷", "┙");
    b.setLength(b.length() - 1);
    return b.toString();
  }

  private static void line(StringBuilder b, int[] w, String begin, String fill, String sep, String end) {
    b.append(begin);
    for (int c = 0; c < w.length; c++) {
      b.append(fill.repeat(w[c] + 2)).append(c + 1 < w.length ? sep : end);
    }
    b.append('\n');
  }

  private static void cells(StringBuilder b, int[] w, List<String> values) {
    b.append('│');
    for (int c = 0; c < w.length; c++) {
      String v = values.get(c);
      b.append(' ').append(v).append(" ".repeat(w[c] - v.length())).append(" │");
    }
    b.append('\n');
  }
}
