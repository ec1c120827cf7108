package dev.jvino.nncf.quantization.placement;

import dev.jvino.nncf.quantization.QuantizerConfig;
import dev.jvino.nncf.quantization.placement.PlacementGraph.Edge;
import dev.jvino.nncf.quantization.placement.PlacementGraph.GNode;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The insertion-point graph quantizers propagate on (NNCF's {@code QuantizerPropagationStateGraph}): one OP
 * node per fused unit, a PRE hook per unit input port, a POST hook per unit output, and barriers after ignored
 * units. It also holds the propagating quantizers and their unified-scale groups.
 */
final class PropagationGraph {
  enum Kind { PRE, POST, OP, BARRIER }

  enum UnifiedType { ALWAYS, ONLY_PER_TENSOR }

  /** A fused unit: one op, or the ops of a hardware-fused pattern (first = primary, last = output). */
  static final class Unit {
    final List<GNode> nodes;
    Metatype metatype;
    QuantizationTrait trait = QuantizationTrait.NON_QUANTIZABLE;
    boolean ignored;
    /** Ignored by the user scope or an ignored pattern: NNCF then hides its metatype (NoopMetatype). */
    boolean noop;

    Unit(List<GNode> nodes) {
      this.nodes = List.copyOf(nodes);
      this.metatype = nodes.get(0).metatype();
    }

    GNode first() {
      return nodes.get(0);
    }

    GNode last() {
      return nodes.get(nodes.size() - 1);
    }

    String key() {
      if (nodes.size() == 1) {
        return nodes.get(0).key();
      }
      StringBuilder sb = new StringBuilder();
      nodes.forEach(n -> sb.append(n.key()).append('\n'));
      return sb.toString();
    }
  }

  static final class QNode {
    final Kind kind;
    final String key;
    final Unit unit;
    final String target;
    final int port;
    final List<QNode> succ = new ArrayList<>();
    final List<QNode> pred = new ArrayList<>();
    final Map<QNode, QEdge> out = new LinkedHashMap<>();
    final List<PQ> affecting = new ArrayList<>();
    PQ pq;

    QNode(Kind kind, String key, Unit unit, String target, int port) {
      this.kind = kind;
      this.key = key;
      this.unit = unit;
      this.target = target;
      this.port = port;
    }

    boolean isIp() {
      return kind == Kind.PRE || kind == Kind.POST;
    }

    QuantizationTrait trait() {
      return unit.trait;
    }

    @Override
    public String toString() {
      return key;
    }
  }

  static final class QEdge {
    final QNode from;
    final QNode to;
    boolean integer;
    final List<PQ> affecting = new ArrayList<>();

    QEdge(QNode from, QNode to, boolean integer) {
      this.from = from;
      this.to = to;
      this.integer = integer;
    }
  }

  /** A propagating quantizer. */
  static final class PQ {
    final int id;
    List<QuantizerConfig> configs;
    QNode current;
    QNode lastAccepting;
    UnifiedType unifiedType;
    final Set<QEdge> affectedEdges = new LinkedHashSet<>();
    final Set<QNode> affectedIp = new LinkedHashSet<>();
    final Set<QNode> affectedOps = new LinkedHashSet<>();
    final Set<QNode> sinkOps = new LinkedHashSet<>();
    final List<QEdge> path = new ArrayList<>();
    final Set<PQ> downstream = new LinkedHashSet<>();

    PQ(int id, List<QuantizerConfig> configs, QNode at, UnifiedType unifiedType) {
      this.id = id;
      this.configs = configs;
      this.current = at;
      this.unifiedType = unifiedType;
    }

    @Override
    public String toString() {
      return "PQ" + id + "@" + current;
    }
  }

  final List<QNode> nodes = new ArrayList<>();
  final List<Unit> units = new ArrayList<>();
  final Map<Unit, QNode> opOf = new HashMap<>();
  final List<QNode> inputOps = new ArrayList<>();
  final List<QNode> outputOps = new ArrayList<>();
  private int pqCounter;
  private int groupCounter;
  final Map<Integer, LinkedHashSet<PQ>> groups = new LinkedHashMap<>();
  final Map<PQ, QNode> weightDependent = new LinkedHashMap<>();
  private Set<QNode> outputDominators;

  PropagationGraph(PlacementGraph g, List<List<GNode>> fused) {
    Map<GNode, Unit> unitOf = new HashMap<>();
    for (List<GNode> f : fused) {
      Unit u = new Unit(f);
      f.forEach(n -> unitOf.put(n, u));
    }
    for (GNode n : g.nodes()) {
      Unit u = unitOf.computeIfAbsent(n, k -> new Unit(List.of(k)));
      if (u.first() == n) {
        units.add(u);
      }
    }
    Map<String, QNode> post = new HashMap<>();
    for (Unit u : units) {
      QNode op = add(new QNode(Kind.OP, u.key(), u, u.first().name(), -1));
      opOf.put(u, op);
      if (u.first().metatype() == Metatype.PARAMETER || u.nodes.stream().anyMatch(
          n -> n.metatype() == Metatype.PARAMETER)) {
        inputOps.add(op);
      }
      if (u.first().metatype() == Metatype.RESULT) {
        outputOps.add(op);
      }
      GNode last = u.last();
      boolean integerOut = last.out.stream().anyMatch(Edge::integer);
      QNode ph = add(new QNode(Kind.POST, "POST HOOK " + last.key(), u, last.name(), -1));
      connect(op, ph, integerOut);
      post.put(last.name(), ph);
    }
    for (Unit u : units) {
      QNode op = opOf.get(u);
      List<Edge> ins = new ArrayList<>(u.first().in);
      ins.sort((a, b) -> Integer.compare(a.inPort(), b.inPort()));
      for (Edge e : ins) {
        QNode pre = add(new QNode(Kind.PRE, "PRE HOOK " + e.inPort() + " " + u.first().key(), u, u.first().name(),
            e.inPort()));
        connect(pre, op, e.integer());
        QNode src = post.get(e.from().name());
        if (src != null) {
          connect(src, pre, e.integer());
        }
      }
    }
    for (QNode n : nodes) {
      if (n.kind == Kind.POST && n.out.values().stream().anyMatch(e -> e.to.kind == Kind.PRE && e.integer)) {
        n.out.values().forEach(e -> e.integer = true);
      }
    }
  }

  private QNode add(QNode n) {
    nodes.add(n);
    return n;
  }

  QEdge connect(QNode a, QNode b, boolean integer) {
    QEdge e = new QEdge(a, b, integer);
    a.out.put(b, e);
    a.succ.add(b);
    b.pred.add(a);
    return e;
  }

  QEdge edge(QNode a, QNode b) {
    return a.out.get(b);
  }

  /** Inserts a barrier between an ignored unit's OP node and its successors. */
  void addBarrierAfter(QNode op) {
    QNode barrier = add(new QNode(Kind.BARRIER, "BARRIER " + op.key, op.unit, op.target, -1));
    for (QNode next : new ArrayList<>(op.succ)) {
      QEdge old = op.out.remove(next);
      op.succ.remove(next);
      next.pred.remove(op);
      connect(op, barrier, old.integer);
      connect(barrier, next, old.integer);
    }
  }

  // ---- propagating quantizers ----

  PQ addPq(List<QuantizerConfig> configs, QNode pre, UnifiedType type, Integer gidOverride) {
    PQ pq = new PQ(++pqCounter, configs, pre, type);
    if (type != null) {
      if (gidOverride == null) {
        registerGroup(pq);
      } else {
        groups.get(gidOverride).add(pq);
      }
    }
    pre.pq = pq;
    pre.affecting.add(pq);
    QNode op = pre.succ.get(0);
    op.affecting.add(pq);
    QEdge e = edge(pre, op);
    e.affecting.add(pq);
    pq.affectedEdges.add(e);
    pq.affectedIp.add(pre);
    pq.affectedOps.add(op);
    pq.sinkOps.add(op);
    return pq;
  }

  PQ newPq(List<QuantizerConfig> configs, QNode at, UnifiedType type) {
    return new PQ(++pqCounter, configs, at, type);
  }

  int registerGroup(PQ... members) {
    int gid = groupCounter++;
    groups.put(gid, new LinkedHashSet<>(List.of(members)));
    return gid;
  }

  Integer groupOf(PQ pq) {
    for (Map.Entry<Integer, LinkedHashSet<PQ>> e : groups.entrySet()) {
      if (e.getValue().contains(pq)) {
        return e.getKey();
      }
    }
    return null;
  }

  void mergeGroups(int to, int from) {
    if (to == from) {
      return;
    }
    groups.get(to).addAll(groups.remove(from));
  }

  void unifyScales(PQ primary, PQ secondary) {
    primary.unifiedType = UnifiedType.ALWAYS;
    secondary.unifiedType = primary.unifiedType;
    Integer gid = groupOf(primary);
    if (gid == null) {
      gid = registerGroup(primary);
    }
    groups.get(gid).add(secondary);
  }

  PQ clonePq(PQ src) {
    PQ c = new PQ(++pqCounter, src.configs, src.current, src.unifiedType);
    c.lastAccepting = src.lastAccepting;
    c.affectedEdges.addAll(src.affectedEdges);
    c.affectedIp.addAll(src.affectedIp);
    c.affectedOps.addAll(src.affectedOps);
    c.sinkOps.addAll(src.sinkOps);
    c.path.addAll(src.path);
    c.downstream.addAll(src.downstream);
    c.affectedEdges.forEach(e -> e.affecting.add(c));
    c.affectedIp.forEach(n -> n.affecting.add(c));
    c.affectedOps.forEach(n -> n.affecting.add(c));
    if (c.unifiedType != null) {
      groups.get(groupOf(src)).add(c);
    }
    return c;
  }

  void removePq(PQ pq, boolean keepAtNode) {
    pq.affectedEdges.forEach(e -> e.affecting.remove(pq));
    pq.affectedIp.forEach(n -> n.affecting.remove(pq));
    pq.affectedOps.forEach(n -> n.affecting.remove(pq));
    if (!keepAtNode) {
      pq.current.pq = null;
    }
    pq.affectedIp.clear();
    pq.affectedEdges.clear();
    if (pq.unifiedType != null) {
      Integer gid = groupOf(pq);
      if (gid != null) {
        groups.get(gid).remove(pq);
      }
    }
    weightDependent.remove(pq);
  }

  PQ propagateViaPath(PQ pq, List<QEdge> path) {
    if (pq.current.pq == pq) {
      pq.current.pq = null;
    }
    for (QEdge e : path) {
      e.affecting.add(pq);
      pq.affectedEdges.add(e);
      pq.path.add(e);
      if (e.from.isIp()) {
        e.from.affecting.add(pq);
        pq.affectedIp.add(e.from);
        pq.lastAccepting = e.from;
      } else if (e.from.kind == Kind.OP) {
        e.from.affecting.add(pq);
        pq.affectedOps.add(e.from);
      }
    }
    QNode target = path.get(path.size() - 1).from;
    pq.current = target;
    target.pq = pq;
    return pq;
  }

  PQ backtrack(PQ pq) {
    if (pq.lastAccepting == null) {
      Set<PQ> inbound = new LinkedHashSet<>();
      for (QNode p : pq.current.pred) {
        inbound.addAll(edge(p, pq.current).affecting);
      }
      for (PQ in : inbound) {
        in.affectedEdges.addAll(pq.affectedEdges);
        in.affectedIp.addAll(pq.affectedIp);
      }
      pq.affectedEdges.forEach(e -> e.affecting.addAll(inbound));
      pq.affectedIp.forEach(n -> n.affecting.addAll(inbound));
      removePq(pq, false);
      return null;
    }
    pq.current.pq = null;
    while (pq.current != pq.lastAccepting) {
      QEdge e = pq.path.remove(pq.path.size() - 1);
      e.affecting.remove(pq);
      pq.affectedEdges.remove(e);
      if (e.from.isIp()) {
        e.from.affecting.remove(pq);
        pq.affectedIp.remove(e.from);
      }
      if (e.to.isIp()) {
        pq.current = e.to;
      }
    }
    pq.current.pq = pq;
    return pq;
  }

  void mergeIntoPath(PQ pq, List<QEdge> path) {
    pq.current.pq = null;
    List<PQ> surviving = new ArrayList<>();
    for (QEdge e : path) {
      if (!e.affecting.isEmpty()) {
        surviving = new ArrayList<>(e.affecting);
        break;
      }
      pq.affectedEdges.add(e);
      e.affecting.add(pq);
      if (e.from.isIp() && e.from.pq != null) {
        surviving = List.of(e.from.pq);
        break;
      }
      if (!e.from.affecting.isEmpty()) {
        surviving = new ArrayList<>(e.from.affecting);
        break;
      }
    }
    if (surviving.isEmpty()) {
      throw new IllegalStateException("no surviving quantizer for " + pq);
    }
    for (PQ s : surviving) {
      s.affectedOps.addAll(pq.affectedOps);
      s.sinkOps.addAll(pq.sinkOps);
      s.affectedIp.addAll(pq.affectedIp);
      s.affectedEdges.addAll(pq.affectedEdges);
      s.downstream.remove(pq);
      for (QEdge e : pq.affectedEdges) {
        if (e.to.kind != Kind.BARRIER) {
          e.to.affecting.add(s);
        }
      }
    }
    if (pq.unifiedType != null) {
      Integer gid = groupOf(pq);
      for (PQ s : surviving) {
        if (s.unifiedType != null) {
          Integer other = groupOf(s);
          if (other != null && gid != null) {
            mergeGroups(gid, other);
          }
        } else if (gid != null) {
          groups.get(gid).add(s);
        }
      }
    }
    for (QEdge e : pq.affectedEdges) {
      e.affecting.addAll(surviving);
    }
    removePq(pq, false);
  }

  // ---- graph queries ----

  /** Paths (lists of edges, walking upward) to the nearest insertion points above {@code ip}. */
  List<List<QEdge>> pathsUp(QNode ip) {
    return pathsUpGrouped(ip, Set.of(), java.util.Map.of()).getOrDefault(null, List.of());
  }

  Map<Integer, List<List<QEdge>>> pathsUpGrouped(QNode ip, Set<Metatype> unified,
      Map<Metatype, Set<Metatype>> unification) {
    Map<Integer, List<List<QEdge>>> paths = new LinkedHashMap<>();
    int[] next = {0};
    for (QNode p : ip.pred) {
      if (p.kind == Kind.BARRIER) {
        continue;
      }
      walkUp(edge(p, ip), new ArrayList<>(), paths, null, unified, unification, next);
    }
    if (paths.isEmpty()) {
      paths.put(null, new ArrayList<>());
    }
    return paths;
  }

  private void walkUp(QEdge e, List<QEdge> path, Map<Integer, List<List<QEdge>>> all, Integer group,
      Set<Metatype> unified, Map<Metatype, Set<Metatype>> unification, int[] next) {
    path.add(e);
    QNode n = e.from;
    if (n.isIp()) {
      all.computeIfAbsent(group, k -> new ArrayList<>()).add(path);
      return;
    }
    if (n.kind == Kind.OP) {
      Metatype m = n.unit.noop ? null : n.unit.metatype;
      boolean unify = m != null && unified.contains(m) && group == null && n.pred.size() > 1;
      if (unify && unification.containsKey(m)) {
        unify = followedByWeighted(n, unified, unification.get(m));
      }
      if (unify) {
        group = next[0]++;
      }
    }
    for (QNode p : n.pred) {
      walkUp(edge(p, n), new ArrayList<>(path), all, group, unified, unification, next);
    }
  }

  private boolean followedByWeighted(QNode op, Set<Metatype> unified, Set<Metatype> targets) {
    Deque<QNode> q = new ArrayDeque<>(op.succ);
    Set<QNode> seen = new java.util.HashSet<>();
    while (!q.isEmpty()) {
      QNode n = q.poll();
      if (!seen.add(n)) {
        continue;
      }
      if (n.kind != Kind.OP) {
        q.addAll(n.succ);
        continue;
      }
      Metatype m = n.unit.noop ? null : n.unit.metatype;
      if (n.trait() == QuantizationTrait.QUANTIZATION_AGNOSTIC || (m != null && unified.contains(m))) {
        q.addAll(n.succ);
      }
      if (m != null && targets.contains(m)) {
        return true;
      }
    }
    return false;
  }

  List<QNode> nonAgnosticOpsBelow(QNode start) {
    List<QNode> out = new ArrayList<>();
    nonAgnosticHelper(start, out);
    return out;
  }

  private void nonAgnosticHelper(QNode n, List<QNode> out) {
    for (QNode s : n.succ) {
      if (s.kind == Kind.OP && s.trait() != QuantizationTrait.QUANTIZATION_AGNOSTIC) {
        out.add(s);
        return;
      }
      nonAgnosticHelper(s, out);
    }
  }

  boolean allOutputsQuantized(QNode start) {
    Deque<QNode> q = new ArrayDeque<>(start.succ);
    while (!q.isEmpty()) {
      QNode n = q.poll();
      if (n.kind == Kind.OP) {
        if (n.trait() != QuantizationTrait.QUANTIZATION_AGNOSTIC) {
          return false;
        }
      } else if (n.isIp() && n.pq != null) {
        continue;
      }
      q.addAll(n.succ);
    }
    return true;
  }

  /** Quantizers at the first insertion points below {@code start} (DFS, stopping at each one found). */
  Set<PQ> pqsBelow(QNode start) {
    Set<PQ> out = new LinkedHashSet<>();
    Set<QNode> visited = new java.util.HashSet<>();
    Deque<QNode> stack = new ArrayDeque<>();
    stack.push(start);
    while (!stack.isEmpty()) {
      QNode n = stack.pop();
      visited.add(n);
      if (n.isIp() && n.pq != null) {
        out.add(n.pq);
        continue;
      }
      for (QNode s : n.succ) {
        if (!visited.contains(s)) {
          stack.push(s);
        }
      }
    }
    return out;
  }

  /** Branching nodes that reach a model output through quantization-agnostic ops only. */
  boolean dominatesOutputs(QNode branching) {
    if (outputDominators == null) {
      outputDominators = new java.util.HashSet<>();
      for (QNode out : outputOps) {
        dominatorWalk(out, new boolean[1]);
      }
    }
    return outputDominators.contains(branching);
  }

  /**
   * NNCF's recursive walk back from one output, as an explicit pre-order stack: it stops at branching nodes and
   * shares one "seen a quantizer-aware op" flag across the whole walk.
   */
  private void dominatorWalk(QNode start, boolean[] aware) {
    Deque<QNode> stack = new ArrayDeque<>();
    stack.push(start);
    while (!stack.isEmpty()) {
      QNode n = stack.pop();
      if (n.succ.size() > 1) {
        if (!aware[0]) {
          outputDominators.add(n);
        }
        continue;
      }
      if (n.kind == Kind.OP && (n.unit.noop || n.unit.metatype != Metatype.RESULT)) {
        QuantizationTrait t = n.trait();
        if (t == QuantizationTrait.INPUTS_QUANTIZABLE || t == QuantizationTrait.OUTPUT_QUANTIZATION_AS_WEIGHTS
            || t == QuantizationTrait.NON_QUANTIZABLE) {
          aware[0] = true;
        }
      }
      for (int i = n.pred.size() - 1; i >= 0; i--) {
        stack.push(n.pred.get(i));
      }
    }
  }

  /** Every quantizer sitting at an insertion point, in node order. */
  List<PQ> allPqs() {
    List<PQ> out = new ArrayList<>();
    for (QNode n : nodes) {
      if (n.isIp() && n.pq != null) {
        out.add(n.pq);
      }
    }
    return out;
  }
}
