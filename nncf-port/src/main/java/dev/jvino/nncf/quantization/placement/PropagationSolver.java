package dev.jvino.nncf.quantization.placement;

import dev.jvino.nncf.QuantizationScheme;
import dev.jvino.nncf.QuantizerPropagationRule;
import dev.jvino.nncf.quantization.QuantizerConfig;
import dev.jvino.nncf.quantization.placement.PropagationGraph.Kind;
import dev.jvino.nncf.quantization.placement.PropagationGraph.PQ;
import dev.jvino.nncf.quantization.placement.PropagationGraph.QEdge;
import dev.jvino.nncf.quantization.placement.PropagationGraph.QNode;
import dev.jvino.nncf.quantization.placement.PropagationGraph.UnifiedType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * NNCF's quantizer propagation ({@code QuantizerPropagationSolver.run_on_ip_graph}): puts a quantizer on every
 * activation input of each quantizable op, moves quantizers upward through quantization-agnostic ops, merges
 * them where branches meet (following the propagation rule), unifies scales across Concat inputs, and drops
 * single-use quantizers of element-wise ops with a constant operand.
 */
final class PropagationSolver {
  enum Status { TRANSITION, NOT, MERGE, WAIT }

  private final PropagationGraph g;
  private final HardwareConfig hw;
  private final QuantizerPropagationRule rule;
  private final Constraints actConstraints;
  private final List<QuantizerConfig> defaultActConfigs;
  private final Set<String> symmetricOnly;
  private final Map<String, List<Integer>> targetPorts;
  private final boolean quantizeOutputs;
  private final Set<Metatype> unifiedTypes;
  private final Map<Metatype, Set<Metatype>> unification;
  final Deque<PQ> queue = new ArrayDeque<>();
  final List<PQ> finished = new ArrayList<>();
  private final Map<PQ, QNode> waitingOn = new LinkedHashMap<>();

  PropagationSolver(PropagationGraph g, HardwareConfig hw, QuantizerPropagationRule rule, Constraints act,
      List<QuantizerConfig> defaultActConfigs, Set<String> symmetricOnly, Map<String, List<Integer>> targetPorts,
      boolean quantizeOutputs) {
    this.g = g;
    this.hw = hw;
    this.rule = rule;
    this.actConstraints = act;
    this.defaultActConfigs = defaultActConfigs;
    this.symmetricOnly = symmetricOnly;
    this.targetPorts = targetPorts;
    this.quantizeOutputs = quantizeOutputs;
    this.unifiedTypes = hw.unifiedScaleMetatypes();
    this.unification = Map.of(Metatype.CONCAT, Set.of(Metatype.CONVOLUTION, Metatype.GROUP_CONVOLUTION,
        Metatype.CONVOLUTION_BACKPROP_DATA, Metatype.GROUP_CONVOLUTION_BACKPROP_DATA, Metatype.MATMUL,
        Metatype.SCALED_DOT_PRODUCT_ATTENTION));
  }

  /** Runs propagation to the end; afterwards the graph holds the final quantizer positions. */
  void run() {
    for (QNode op : lexicographicTopo()) {
      if (op.kind == Kind.OP && !op.unit.ignored) {
        setupInitial(op);
      }
    }
    while (!queue.isEmpty()) {
      step(queue.pollLast());
    }
    filterElementwise();
  }

  private List<QuantizerConfig> allowed(Metatype m) {
    List<QuantizerConfig> list = hw.activationConfigs(m);
    if (list == null && QuantizationTrait.defaultFor(m) == QuantizationTrait.INPUTS_QUANTIZABLE) {
      return defaultActConfigs;
    }
    return list == null ? List.of() : list;
  }

  private void setupInitial(QNode op) {
    List<QNode> preds = new ArrayList<>(op.pred);
    preds.sort(Comparator.comparing(n -> n.key));
    if (preds.isEmpty()) {
      return;
    }
    Metatype m = op.unit.metatype;
    boolean output = m == Metatype.RESULT;
    if (!quantizeOutputs && output) {
      return;
    }
    QuantizationTrait t = op.trait();
    if ((t == QuantizationTrait.NON_QUANTIZABLE || t == QuantizationTrait.QUANTIZATION_AGNOSTIC
        || t == QuantizationTrait.CONCAT) && !output) {
      return;
    }
    List<QuantizerConfig> configs = output ? defaultActConfigs : allowed(m);
    String name = op.unit.first().name();
    if (configs.isEmpty()) {
      configs = List.of(new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, null, false, false));
    } else {
      Constraints c = symmetricOnly.contains(name) ? actConstraints.withMode(QuantizationScheme.SYMMETRIC)
          : actConstraints;
      configs = c.filter(configs, name);
    }
    List<Integer> ports = targetPorts.get(name);
    if (ports == null && m == Metatype.SCALED_DOT_PRODUCT_ATTENTION) {
      ports = List.of(0, 1);
    }
    boolean unified = unifiedTypes.contains(m);
    List<QNode> pres = new ArrayList<>();
    for (QNode p : preds) {
      if (ports != null && !ports.contains(p.port)) {
        continue;
      }
      if (!g.edge(p, op).integer) {
        pres.add(p);
      }
    }
    if (pres.isEmpty()) {
      return;
    }
    UnifiedType type = unified ? UnifiedType.ALWAYS : null;
    PQ main = g.addPq(configs, pres.get(0), type, null);
    main.lastAccepting = pres.get(0);
    queue.addFirst(main);
    Integer gid = unified ? g.groupOf(main) : null;
    for (QNode p : pres.subList(1, pres.size())) {
      PQ extra = g.addPq(configs, p, type, gid);
      extra.lastAccepting = p;
      queue.addFirst(extra);
    }
  }

  private void step(PQ pq) {
    if (waitingOn.containsKey(pq)) {
      QNode branching = waitingOn.get(pq);
      Set<PQ> active = new LinkedHashSet<>();
      for (PQ d : g.pqsBelow(branching)) {
        if (queue.contains(d) || d == pq) {
          active.add(d);
        }
      }
      Set<PQ> waiting = waitingFor(branching);
      if (waiting.equals(active)) {
        queue.addLast(pq);
        handleMerge(new ArrayList<>(waiting), branching);
      } else {
        queue.addFirst(pq);
      }
      return;
    }
    List<List<QEdge>> paths = g.pathsUp(pq.current);
    if (paths.isEmpty()) {
      for (QNode p : pq.current.pred) {
        if (p.kind == Kind.OP && p.trait() == QuantizationTrait.OUTPUT_QUANTIZATION_AS_WEIGHTS) {
          g.weightDependent.put(pq, p);
          break;
        }
      }
      PQ done = g.backtrack(pq);
      if (done != null) {
        finished.add(done);
      }
      return;
    }
    Map<Integer, List<List<QEdge>>> grouped = g.pathsUpGrouped(pq.current, unifiedTypes, unification);
    Map<Integer, List<PQ>> groupPqs = new LinkedHashMap<>();
    List<PQ> toProcess = new ArrayList<>();
    boolean cloned = false;
    boolean assigned = false;
    for (Map.Entry<Integer, List<List<QEdge>>> e : grouped.entrySet()) {
      for (int i = 0; i < e.getValue().size(); i++) {
        PQ p;
        if (assigned) {
          p = g.clonePq(pq);
          cloned = true;
        } else {
          p = pq;
          assigned = true;
        }
        toProcess.add(p);
        if (e.getKey() != null) {
          groupPqs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(p);
        }
      }
    }
    for (List<PQ> grp : groupPqs.values()) {
      PQ primary = grp.get(0);
      primary.unifiedType = UnifiedType.ONLY_PER_TENSOR;
      for (PQ other : grp.subList(1, grp.size())) {
        g.unifyScales(primary, other);
      }
    }
    List<PQ> clones = cloned ? toProcess : null;
    List<PQ> surviving = new ArrayList<>();
    for (int i = 0; i < Math.min(paths.size(), toProcess.size()); i++) {
      List<QEdge> path = paths.get(i);
      PQ p = toProcess.get(i);
      switch (checkTransition(p, path, clones)) {
        case NOT -> {
          if (cloned && p != pq) {
            g.removePq(p, true);
          } else {
            PQ done = g.backtrack(p);
            if (done != null) {
              finished.add(done);
            }
          }
        }
        case TRANSITION -> surviving.add(g.propagateViaPath(p, path));
        case MERGE -> g.mergeIntoPath(p, path);
        case WAIT -> {
          waitingOn.put(p, path.get(0).from);
          surviving.add(p);
        }
      }
    }
    for (PQ p : surviving) {
      queue.addFirst(p);
    }
  }

  private Set<PQ> waitingFor(QNode branching) {
    Set<PQ> out = new LinkedHashSet<>();
    waitingOn.forEach((p, n) -> {
      if (n == branching) {
        out.add(p);
      }
    });
    return out;
  }

  private Status checkTransition(PQ pq, List<QEdge> path, List<PQ> clones) {
    for (QEdge e : path) {
      QNode from = e.from;
      if (from.kind == Kind.OP) {
        QuantizationTrait t = from.trait();
        if (t == QuantizationTrait.OUTPUT_QUANTIZATION_AS_WEIGHTS) {
          g.weightDependent.put(pq, from);
          return Status.NOT;
        }
        if (t == QuantizationTrait.NON_QUANTIZABLE || t == QuantizationTrait.INPUTS_QUANTIZABLE) {
          return Status.NOT;
        }
      }
      if (e.integer) {
        return Status.NOT;
      }
      if (!e.affecting.isEmpty()) {
        Status s = conflicts(pq, e.affecting, clones);
        if (s != null) {
          return s;
        }
      }
      if (from.isIp() && !from.affecting.isEmpty()) {
        List<PQ> aff = new ArrayList<>(from.affecting);
        Status s = conflicts(pq, aff, clones);
        if (s == Status.NOT) {
          for (PQ a : aff) {
            a.affectedEdges.add(e);
            e.affecting.add(a);
          }
          return s;
        }
        if (s != null) {
          return s;
        }
      }
      if (from.succ.size() > 1) {
        Status s = checkBranching(pq, from);
        if (s == Status.NOT || s == Status.WAIT) {
          return s;
        }
      }
    }
    return Status.TRANSITION;
  }

  private static Status conflicts(PQ pq, List<PQ> affecting, List<PQ> clones) {
    if (clones != null) {
      return null;
    }
    return pq.configs.equals(affecting.get(0).configs) ? Status.MERGE : Status.NOT;
  }

  private Status checkBranching(PQ pq, QNode branching) {
    if (g.dominatesOutputs(branching) && !quantizeOutputs) {
      return Status.NOT;
    }
    Set<PQ> dom = new LinkedHashSet<>();
    for (QNode op : g.nonAgnosticOpsBelow(branching)) {
      if (!op.unit.noop && op.unit.metatype == Metatype.SCALED_DOT_PRODUCT_ATTENTION
          && !g.allOutputsQuantized(branching)) {
        return Status.NOT;
      }
      if (!op.affecting.isEmpty()) {
        dom.addAll(op.affecting);
      } else {
        if (op.trait() != QuantizationTrait.CONCAT) {
          return Status.NOT;
        }
        Set<PQ> active = new LinkedHashSet<>();
        for (PQ p : g.pqsBelow(op)) {
          if (queue.contains(p)) {
            active.add(p);
          }
        }
        if (active.isEmpty()) {
          return Status.NOT;
        }
        dom.addAll(active);
      }
    }
    dom.remove(pq);
    return dom.isEmpty() ? Status.TRANSITION : Status.WAIT;
  }

  private void handleMerge(List<PQ> waiting, QNode branching) {
    boolean abort = false;
    for (PQ p : waiting) {
      if (checkBranching(p, branching) == Status.NOT) {
        abort = true;
      }
    }
    List<PQ> merged = new ArrayList<>();
    List<PQ> unmerged = new ArrayList<>();
    List<PQ> mergePqs = List.of();
    if (!abort) {
      List<List<QuantizerConfig>> lists = waiting.stream().map(p -> p.configs).toList();
      List<QuantizerConfig> mergedList = new ArrayList<>();
      List<List<QuantizerConfig>> branchLists = ConfigMerging.merge(rule, lists, mergedList);
      mergePqs = mergeForBranchingNode(waiting, mergedList.isEmpty() ? null : mergedList, branchLists, branching);
      for (int i = 0; i < waiting.size(); i++) {
        (branchLists.get(i) == null ? merged : unmerged).add(waiting.get(i));
      }
    } else {
      unmerged.addAll(waiting);
    }
    List<PQ> cull = new ArrayList<>(queue);
    java.util.Collections.reverse(cull);
    queue.clear();
    for (PQ q : cull) {
      if (merged.contains(q)) {
        continue;
      }
      if (unmerged.contains(q)) {
        if (g.backtrack(q) != null) {
          finished.add(q);
        }
      } else {
        queue.addFirst(q);
      }
    }
    for (PQ m : mergePqs) {
      queue.addFirst(m);
    }
    waitingOn.values().removeIf(n -> n == branching);
  }

  private List<PQ> mergeForBranchingNode(List<PQ> pqs, List<QuantizerConfig> mergedList,
      List<List<QuantizerConfig>> branchLists, QNode branching) {
    List<QNode> targets = new ArrayList<>();
    if (branching.isIp()) {
      targets.add(branching);
    } else if (branching.kind == Kind.OP) {
      for (List<QEdge> path : g.pathsUp(branching)) {
        targets.add(path.get(0).from);
      }
    }
    if (targets.isEmpty()) {
      return List.of();
    }
    for (int i = 0; i < pqs.size(); i++) {
      if (branchLists.get(i) != null) {
        pqs.get(i).configs = branchLists.get(i);
      }
    }
    if (mergedList == null) {
      return List.of();
    }
    UnifiedType major = null;
    for (int i = 0; i < pqs.size(); i++) {
      if (branchLists.get(i) == null && pqs.get(i).unifiedType == UnifiedType.ALWAYS && major == null) {
        major = UnifiedType.ALWAYS;
      }
    }
    for (int i = 0; i < pqs.size(); i++) {
      if (branchLists.get(i) == null && pqs.get(i).unifiedType == UnifiedType.ONLY_PER_TENSOR) {
        major = UnifiedType.ONLY_PER_TENSOR;
      }
    }
    Integer mergeGid = major != null ? g.registerGroup() : null;
    List<PQ> mergePqs = new ArrayList<>();
    for (QNode t : targets) {
      PQ m;
      if (t.kind == Kind.PRE) {
        m = g.addPq(mergedList, t, major, mergeGid);
      } else {
        m = g.newPq(mergedList, t, major);
        m.lastAccepting = t;
        m.affectedIp.add(t);
        t.pq = m;
        t.affecting.add(m);
        if (mergeGid != null) {
          g.groups.get(mergeGid).add(m);
        }
      }
      mergePqs.add(m);
    }
    Set<Integer> gids = new LinkedHashSet<>();
    for (int i = 0; i < pqs.size(); i++) {
      if (branchLists.get(i) == null && pqs.get(i).unifiedType != null) {
        gids.add(g.groupOf(pqs.get(i)));
      }
    }
    for (Integer gid : gids) {
      g.mergeGroups(mergeGid, gid);
    }
    for (int i = 0; i < pqs.size(); i++) {
      PQ p = pqs.get(i);
      if (branchLists.get(i) == null) {
        List<QNode> nodes = shortestPath(branching, p.current);
        List<QEdge> path = new ArrayList<>();
        for (int k = 0; k + 1 < nodes.size(); k++) {
          path.add(g.edge(nodes.get(k), nodes.get(k + 1)));
        }
        g.mergeIntoPath(p, path);
      } else {
        for (PQ m : mergePqs) {
          m.downstream.add(p);
        }
      }
      for (PQ m : mergePqs) {
        m.sinkOps.addAll(p.sinkOps);
      }
    }
    return mergePqs;
  }

  /** The unique shortest directed path of nodes from {@code a} to {@code b}. */
  private static List<QNode> shortestPath(QNode a, QNode b) {
    Map<QNode, QNode> parent = new HashMap<>();
    Deque<QNode> q = new ArrayDeque<>();
    q.add(a);
    parent.put(a, a);
    while (!q.isEmpty()) {
      QNode n = q.poll();
      if (n == b) {
        break;
      }
      for (QNode s : n.succ) {
        if (!parent.containsKey(s)) {
          parent.put(s, n);
          q.add(s);
        }
      }
    }
    if (!parent.containsKey(b)) {
      throw new IllegalStateException("no path from " + a + " to " + b);
    }
    List<QNode> path = new ArrayList<>();
    for (QNode n = b; n != a; n = parent.get(n)) {
      path.add(0, n);
    }
    path.add(0, a);
    return path;
  }

  /** Drops quantizers of element-wise ops whose other operand is constant and that did not move. */
  private void filterElementwise() {
    List<PQ> remove = new ArrayList<>();
    for (PQ pq : finished) {
      if (pq.sinkOps.isEmpty()) {
        continue;
      }
      QNode sink = pq.sinkOps.iterator().next();
      Metatype m = sink.unit.noop ? null : sink.unit.metatype;
      if (pq.sinkOps.size() == 1 && m != null && Metatype.ELEMENTWISE.contains(m) && sink.affecting.size() == 1
          && pq.path.size() <= 1) {
        remove.add(pq);
      }
    }
    for (PQ pq : remove) {
      g.removePq(pq, false);
      finished.remove(pq);
    }
  }

  /** Every IP-graph node in networkx's lexicographical topological order (keys compared as strings). */
  private List<QNode> lexicographicTopo() {
    Map<QNode, Integer> indeg = new HashMap<>();
    for (QNode n : g.nodes) {
      indeg.put(n, n.pred.size());
    }
    PriorityQueue<QNode> ready = new PriorityQueue<>(Comparator.comparing(n -> n.key));
    g.nodes.stream().filter(n -> n.pred.isEmpty()).forEach(ready::add);
    List<QNode> out = new ArrayList<>();
    while (!ready.isEmpty()) {
      QNode n = ready.poll();
      out.add(n);
      for (QNode s : n.succ) {
        if (indeg.merge(s, -1, Integer::sum) == 0) {
          ready.add(s);
        }
      }
    }
    return out;
  }
}
