package dev.jvino.nncf.quantization.placement;

import dev.jvino.nncf.quantization.placement.PlacementGraph.Edge;
import dev.jvino.nncf.quantization.placement.PlacementGraph.GNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small directed multigraph of op-type slots, matched against a {@link PlacementGraph} as an induced
 * subgraph (NNCF's {@code GraphPattern} with {@code find_subgraphs_matching_pattern}). Slots may accept any op
 * and may be left out of the reported match.
 */
final class GraphPattern {
  /** One slot: the metatypes it accepts ({@code null} = any op), whether it is part of the reported match. */
  record Slot(Set<Metatype> types, boolean any, boolean reported) {}

  final List<Slot> slots = new ArrayList<>();
  /** Edge multiplicities, {@code [from][to]}. */
  final Map<Long, Integer> edges = new HashMap<>();

  int add(Set<Metatype> types) {
    slots.add(new Slot(types, false, true));
    return slots.size() - 1;
  }

  int add(Metatype first, Metatype... rest) {
    return add(EnumSet.of(first, rest));
  }

  /** A slot matching any op, not reported (NNCF's NON_PATTERN_NODE_TYPE). */
  int addAny() {
    slots.add(new Slot(Set.of(), true, false));
    return slots.size() - 1;
  }

  /** A slot that must match but is not reported (NNCF's PATTERN_NODE_TO_EXCLUDE). */
  int addExcluded(Metatype m) {
    slots.add(new Slot(EnumSet.of(m), false, false));
    return slots.size() - 1;
  }

  GraphPattern edge(int from, int to) {
    edges.merge(key(from, to), 1, Integer::sum);
    return this;
  }

  int edgeCount(int from, int to) {
    return edges.getOrDefault(key(from, to), 0);
  }

  private static long key(int a, int b) {
    return ((long) a << 32) | b;
  }

  /** A chain of single-slot steps. */
  @SafeVarargs
  static GraphPattern chain(Set<Metatype>... steps) {
    GraphPattern p = new GraphPattern();
    for (int i = 0; i < steps.length; i++) {
      p.add(steps[i]);
      if (i > 0) {
        p.edge(i - 1, i);
      }
    }
    return p;
  }

  /** This pattern followed by {@code other}: every sink of this feeds every source of {@code other}. */
  GraphPattern then(GraphPattern other) {
    GraphPattern p = new GraphPattern();
    p.slots.addAll(slots);
    p.edges.putAll(edges);
    int off = slots.size();
    p.slots.addAll(other.slots);
    other.edges.forEach((k, v) -> p.edges.put(key((int) (k >> 32) + off, (int) (k & 0xffffffffL) + off), v));
    for (int s = 0; s < slots.size(); s++) {
      if (isSink(s)) {
        for (int o = 0; o < other.slots.size(); o++) {
          if (other.isSource(o)) {
            p.edge(s, o + off);
          }
        }
      }
    }
    return p;
  }

  boolean isSink(int s) {
    for (int t = 0; t < slots.size(); t++) {
      if (edgeCount(s, t) > 0) {
        return false;
      }
    }
    return true;
  }

  boolean isSource(int s) {
    for (int t = 0; t < slots.size(); t++) {
      if (edgeCount(t, s) > 0) {
        return false;
      }
    }
    return true;
  }

  /** Number of reported-or-excluded slots (NNCF sorts patterns by this, ignoring "any" slots). */
  int length() {
    int n = 0;
    for (Slot s : slots) {
      if (!s.any) {
        n++;
      }
    }
    return n;
  }

  /**
   * Every match in {@code g} in the search order, each as the matched nodes per slot.
   *
   * @param strict reject matches whose inner nodes touch nodes outside the match (NNCF's strict mode)
   */
  List<GNode[]> matches(PlacementGraph g, boolean strict) {
    int[] order = searchOrder();
    List<GNode[]> out = new ArrayList<>();
    for (GNode start : g.nodes()) {
      GNode[] assign = new GNode[slots.size()];
      if (accepts(order[0], start)) {
        assign[order[0]] = start;
        search(order, 1, assign, out, strict);
      }
    }
    return out;
  }

  private void search(int[] order, int depth, GNode[] assign, List<GNode[]> out, boolean strict) {
    if (depth == order.length) {
      if (inducedEdgesMatch(assign) && (!strict || isStrict(assign))) {
        out.add(assign.clone());
      }
      return;
    }
    int slot = order[depth];
    Set<GNode> candidates = new java.util.LinkedHashSet<>();
    for (int other = 0; other < slots.size(); other++) {
      GNode m = assign[other];
      if (m == null) {
        continue;
      }
      if (edgeCount(other, slot) > 0) {
        candidates.addAll(m.next());
      }
      if (edgeCount(slot, other) > 0) {
        candidates.addAll(m.previous());
      }
    }
    List<GNode> used = Arrays.asList(assign);
    for (GNode c : candidates) {
      if (used.contains(c) || !accepts(slot, c)) {
        continue;
      }
      assign[slot] = c;
      if (partialEdgesMatch(assign)) {
        search(order, depth + 1, assign, out, strict);
      }
      assign[slot] = null;
    }
  }

  private boolean accepts(int slot, GNode n) {
    Slot s = slots.get(slot);
    return s.any || s.types.contains(n.metatype());
  }

  private boolean partialEdgesMatch(GNode[] assign) {
    for (int a = 0; a < assign.length; a++) {
      for (int b = 0; b < assign.length; b++) {
        if (assign[a] != null && assign[b] != null && graphEdges(assign[a], assign[b]) != edgeCount(a, b)) {
          return false;
        }
      }
    }
    return true;
  }

  private boolean inducedEdgesMatch(GNode[] assign) {
    return partialEdgesMatch(assign);
  }

  static int graphEdges(GNode from, GNode to) {
    int n = 0;
    for (Edge e : from.out) {
      if (e.to() == to) {
        n++;
      }
    }
    return n;
  }

  /** NNCF's strictness: sources have no outside consumers, sinks no outside producers, inner nodes neither. */
  private boolean isStrict(GNode[] assign) {
    Set<GNode> inside = Collections.newSetFromMap(new IdentityHashMap<>());
    inside.addAll(Arrays.asList(assign));
    for (int s = 0; s < assign.length; s++) {
      if (slots.get(s).any) {
        continue;
      }
      boolean outsideSucc = assign[s].next().stream().anyMatch(n -> !inside.contains(n));
      boolean outsidePred = assign[s].previous().stream().anyMatch(n -> !inside.contains(n));
      boolean source = isSource(s) && !isSink(s);
      boolean sink = isSink(s) && !isSource(s);
      if (source && outsideSucc || sink && outsidePred) {
        return false;
      }
      if (!source && !sink && (outsideSucc || outsidePred)) {
        return false;
      }
    }
    return true;
  }

  private int[] searchOrder() {
    int n = slots.size();
    int[] order = new int[n];
    Set<Integer> seen = new HashSet<>();
    int k = 0;
    order[k++] = 0;
    seen.add(0);
    while (k < n) {
      boolean progressed = false;
      for (int i = 0; i < k && !progressed; i++) {
        for (int t = 0; t < n; t++) {
          if (!seen.contains(t) && (edgeCount(order[i], t) > 0 || edgeCount(t, order[i]) > 0)) {
            order[k++] = t;
            seen.add(t);
            progressed = true;
            break;
          }
        }
      }
      if (!progressed) {
        throw new IllegalStateException("pattern is not connected");
      }
    }
    return order;
  }
}
