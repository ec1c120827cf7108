package dev.jvino.nncf.quantization.placement;

import dev.jvino.nncf.QuantizationScheme;
import dev.jvino.nncf.quantization.QuantizerConfig;
import dev.jvino.nncf.quantization.placement.PlacementGraph.GNode;
import dev.jvino.nncf.quantization.placement.PropagationGraph.Kind;
import dev.jvino.nncf.quantization.placement.PropagationGraph.PQ;
import dev.jvino.nncf.quantization.placement.PropagationGraph.QEdge;
import dev.jvino.nncf.quantization.placement.PropagationGraph.QNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the propagation result into quantization points (NNCF's {@code create_quantizer_setup},
 * {@code finalize} and {@code get_final_quantizer_setup}): one point per quantizer, one per quantizable weight,
 * the first allowed configuration of each, activation quantizers after an embedding replaced by its weight
 * quantizer where their configurations allow, and redundant back-to-back quantizers merged.
 */
final class SetupBuilder {
  /** An internal quantization point: an insertion node (activation) or a weighted node name (weight). */
  static final class Point {
    final int id;
    final QNode at;
    final String weightNode;
    List<QuantizerConfig> configs;
    final List<String> directOps;

    Point(int id, QNode at, String weightNode, List<QuantizerConfig> configs, List<String> directOps) {
      this.id = id;
      this.at = at;
      this.weightNode = weightNode;
      this.configs = configs;
      this.directOps = new ArrayList<>(directOps);
    }

    boolean isWeight() {
      return weightNode != null;
    }

    QuantizerConfig config() {
      return configs.get(0);
    }
  }

  /** Points by id, and unified-scale groups of point ids. */
  record Setup(Map<Integer, Point> points, List<Set<Integer>> unified) {
    void discard(int id) {
      points.remove(id);
      unified.forEach(g -> g.remove(id));
    }
  }

  private final PropagationGraph g;

  SetupBuilder(PropagationGraph g) {
    this.g = g;
  }

  /** The final single-configuration setup. */
  Setup build(Map<String, List<QuantizerConfig>> weightConfigs) {
    Setup multi = create(weightConfigs);
    for (Point p : multi.points.values()) {
      p.configs = List.of(p.configs.get(0));
    }
    Map<Integer, PQ> byId = new LinkedHashMap<>();
    g.allPqs().forEach(pq -> byId.put(pq.id, pq));
    for (Point p : multi.points.values()) {
      PQ pq = byId.get(p.id);
      if (!p.isWeight() && pq != null) {
        pq.configs = p.configs;
      }
    }
    mergeRedundant();
    Map<String, List<QuantizerConfig>> finalWeights = new LinkedHashMap<>();
    for (Point p : multi.points.values()) {
      if (p.isWeight()) {
        finalWeights.put(p.weightNode, p.configs);
      }
    }
    Setup single = create(finalWeights);
    for (Point p : single.points.values()) {
      p.configs = List.of(p.configs.get(0));
    }
    return single;
  }

  private Setup create(Map<String, List<QuantizerConfig>> weightConfigs) {
    Map<Integer, Point> points = new LinkedHashMap<>();
    List<PQ> pqs = g.allPqs();
    for (PQ pq : pqs) {
      Set<QNode> sinks = new LinkedHashSet<>(pq.sinkOps);
      for (PQ d : pq.downstream) {
        sinks.removeAll(d.sinkOps);
      }
      List<String> direct = sinks.stream().map(n -> n.unit.first().name()).toList();
      points.put(pq.id, new Point(pq.id, pq.current, null, pq.configs, direct));
    }
    int nextW = points.keySet().stream().mapToInt(i -> i).max().orElse(-1) + 2;
    Map<QNode, Integer> waoWeightPoint = new LinkedHashMap<>();
    for (Map.Entry<String, List<QuantizerConfig>> w : weightConfigs.entrySet()) {
      points.put(nextW, new Point(nextW, null, w.getKey(), w.getValue(), List.of(w.getKey())));
      for (QNode op : g.weightDependent.values()) {
        if (op.unit.nodes.stream().anyMatch(n -> n.name().equals(w.getKey()))) {
          waoWeightPoint.put(op, nextW);
        }
      }
      nextW++;
    }
    List<Set<Integer>> unified = new ArrayList<>();
    for (LinkedHashSet<PQ> grp : g.groups.values()) {
      Set<Integer> ids = new LinkedHashSet<>();
      grp.forEach(pq -> ids.add(pq.id));
      if (!ids.isEmpty()) {
        unified.add(ids);
      }
    }
    Setup setup = new Setup(points, unified);
    for (Map.Entry<PQ, QNode> dep : g.weightDependent.entrySet()) {
      Integer wq = waoWeightPoint.get(dep.getValue());
      Point act = points.get(dep.getKey().id);
      if (wq == null || act == null) {
        continue;
      }
      Set<Integer> group = unified.stream().filter(s -> s.contains(act.id)).findFirst().orElse(null);
      Set<Integer> members = group != null ? new LinkedHashSet<>(group) : Set.of(act.id);
      List<QuantizerConfig> common = points.get(wq).configs;
      for (int m : members) {
        common = intersect(common, points.get(m).configs);
      }
      common = common.stream().filter(c -> !c.perChannel()).toList();
      if (common.isEmpty()) {
        continue;
      }
      points.get(wq).configs = common;
      for (int m : members) {
        points.get(m).configs = common;
      }
      if (group != null) {
        group.add(wq);
      }
      points.get(wq).directOps.addAll(act.directOps);
      setup.discard(act.id);
    }
    return setup;
  }

  /** Weight configurations also acceptable to activations (activations' free signedness matches either). */
  private static List<QuantizerConfig> intersect(List<QuantizerConfig> weights, List<QuantizerConfig> acts) {
    List<QuantizerConfig> extended = new ArrayList<>();
    for (QuantizerConfig a : acts) {
      if (a.signednessToForce() == null) {
        extended.add(new QuantizerConfig(a.numBits(), a.mode(), true, a.perChannel(), a.narrowRange()));
        extended.add(new QuantizerConfig(a.numBits(), a.mode(), false, a.perChannel(), a.narrowRange()));
      }
    }
    extended.addAll(acts);
    return weights.stream().filter(extended::contains).toList();
  }

  /** Merges a quantizer into the one above it when they are redundant back to back. */
  private void mergeRedundant() {
    for (QNode root : new ArrayList<>(g.nodes)) {
      if (!root.pred.isEmpty()) {
        continue;
      }
      Set<QNode> visited = new HashSet<>();
      Deque<Object[]> stack = new ArrayDeque<>();
      stack.addFirst(new Object[] {root, null, root});
      while (!stack.isEmpty()) {
        Object[] item = stack.pollFirst();
        QNode cur = (QNode) item[0];
        PQ aff = (PQ) item[1];
        QNode prev = (QNode) item[2];
        Object[] next = visit(cur, aff, prev);
        visited.add(cur);
        for (QNode s : cur.succ) {
          if (!visited.contains(s)) {
            stack.addFirst(new Object[] {s, next[0], cur});
          }
        }
      }
    }
  }

  private Object[] visit(QNode cur, PQ aff, QNode prev) {
    if (cur != prev) {
      QEdge e = g.edge(prev, cur);
      if (e != null && e.integer) {
        return new Object[] {null};
      }
    }
    if (cur.isIp()) {
      PQ here = cur.pq;
      if (here != null) {
        if (aff == null) {
          return new Object[] {here};
        }
        if (redundant(aff.configs.get(0), here.configs.get(0))) {
          g.mergeIntoPath(here, List.of(g.edge(prev, cur)));
          return new Object[] {aff};
        }
        return new Object[] {here};
      }
    } else if (cur.kind == Kind.BARRIER) {
      return new Object[] {null};
    } else if (cur.kind == Kind.OP && cur.trait() != QuantizationTrait.QUANTIZATION_AGNOSTIC) {
      return new Object[] {null};
    }
    return new Object[] {aff};
  }

  /** NNCF's {@code is_redundant_with_downstream_qconfig}. */
  static boolean redundant(QuantizerConfig up, QuantizerConfig down) {
    return down.numBits() == up.numBits()
        && (down.mode() == up.mode()
            || down.mode() == QuantizationScheme.ASYMMETRIC && up.mode() == QuantizationScheme.SYMMETRIC)
        && (down.perChannel() == up.perChannel() || down.perChannel() && !up.perChannel())
        && down.narrowRange() == up.narrowRange();
  }

  /** Names of the ops inside each fused unit after the first (their weights are not quantized). */
  static Set<String> fusedTails(PropagationGraph g) {
    Set<String> out = new HashSet<>();
    for (PropagationGraph.Unit u : g.units) {
      for (GNode n : u.nodes.subList(1, u.nodes.size())) {
        out.add(n.name());
      }
    }
    return out;
  }
}
