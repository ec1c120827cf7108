package dev.jvino.nncf.compression;

import dev.jvino.ir.Input;
import dev.jvino.ir.Node;
import dev.jvino.ir.Output;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The patterns NNCF's OpenVINO weight compression never compresses ({@code get_ignored_patterns}):
 * rotary positional embeddings (MatMul [-> Transpose] -> Concat of that output with itself -> Cos and Sin)
 * and SAM's positional embedding (MatMul -> Multiply -> Cos and Sin -> Concat). A match is an induced
 * subgraph with exactly the pattern's edges among the matched nodes (NNCF matches these non-strictly:
 * the nodes may have other inputs and consumers outside the pattern).
 */
final class IgnoredPatterns {
  private IgnoredPatterns() {}

  /** Names of every node in a RoPE or SAM-PE match. */
  static Set<String> matchNames(List<Node> ops) {
    Set<String> names = new LinkedHashSet<>();
    for (Node m : ops) {
      if (!m.is("MatMul")) {
        continue;
      }
      for (Node t : consumers(m)) {
        if (t.is("Transpose")) {
          rope(m, t, names);
        }
        if (t.is("Concat")) {
          rope(m, null, names);
        }
        if (t.is("Multiply")) {
          samPe(m, t, names);
        }
      }
    }
    return names;
  }

  private static void rope(Node matmul, Node transpose, Set<String> names) {
    Node head = transpose == null ? matmul : transpose;
    for (Node concat : consumers(head)) {
      if (!concat.is("Concat") || edges(head, concat) != 2) {
        continue;
      }
      for (Node cos : consumers(concat)) {
        for (Node sin : consumers(concat)) {
          if (!cos.is("Cos") || !sin.is("Sin")) {
            continue;
          }
          List<Node> nodes = new ArrayList<>(List.of(matmul, concat, cos, sin));
          List<int[]> expected = new ArrayList<>();
          if (transpose != null) {
            nodes.add(1, transpose);
            expected.add(new int[] {0, 1, 1});
            expected.add(new int[] {1, 2, 2});
            expected.add(new int[] {2, 3, 1});
            expected.add(new int[] {2, 4, 1});
          } else {
            expected.add(new int[] {0, 1, 2});
            expected.add(new int[] {1, 2, 1});
            expected.add(new int[] {1, 3, 1});
          }
          if (induced(nodes, expected)) {
            nodes.forEach(n -> names.add(n.name()));
          }
        }
      }
    }
  }

  private static void samPe(Node matmul, Node mul, Set<String> names) {
    for (Node cos : consumers(mul)) {
      for (Node sin : consumers(mul)) {
        if (!cos.is("Cos") || !sin.is("Sin")) {
          continue;
        }
        for (Node concat : consumers(cos)) {
          if (!concat.is("Concat")) {
            continue;
          }
          List<Node> nodes = List.of(matmul, mul, cos, sin, concat);
          List<int[]> expected = List.of(new int[] {0, 1, 1}, new int[] {1, 2, 1}, new int[] {1, 3, 1},
              new int[] {2, 4, 1}, new int[] {3, 4, 1});
          if (induced(nodes, expected)) {
            nodes.forEach(n -> names.add(n.name()));
          }
        }
      }
    }
  }

  /** Whether the edges among {@code nodes} are exactly {@code expected} ({from, to, count} by index). */
  private static boolean induced(List<Node> nodes, List<int[]> expected) {
    for (int a = 0; a < nodes.size(); a++) {
      for (int b = 0; b < nodes.size(); b++) {
        if (nodes.get(a) == nodes.get(b) && a != b) {
          return false;
        }
        int want = 0;
        for (int[] e : expected) {
          if (e[0] == a && e[1] == b) {
            want = e[2];
          }
        }
        if (edges(nodes.get(a), nodes.get(b)) != want) {
          return false;
        }
      }
    }
    return true;
  }

  private static int edges(Node from, Node to) {
    int n = 0;
    for (Input in : to.inputs()) {
      if (in.source().node() == from) {
        n++;
      }
    }
    return n;
  }

  private static List<Node> consumers(Node n) {
    Set<Node> out = new LinkedHashSet<>();
    for (Output o : n.outputs()) {
      for (Input in : o.consumers()) {
        out.add(in.node());
      }
    }
    return new ArrayList<>(out);
  }
}
