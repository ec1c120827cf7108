package dev.jvino.nncf.quantization.placement;

import dev.jvino.ir.Input;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Output;
import dev.jvino.ir.SubgraphBody;
import dev.jvino.nncf.ModelType;
import dev.jvino.nncf.OverflowFix;
import dev.jvino.nncf.QuantizationPreset;
import dev.jvino.nncf.QuantizationScheme;
import dev.jvino.nncf.TargetDevice;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.compression.IgnoredScopeResolver;
import dev.jvino.nncf.quantization.QuantizationPoint;
import dev.jvino.nncf.quantization.QuantizerConfig;
import dev.jvino.nncf.quantization.QuantizerSetup;
import dev.jvino.nncf.quantization.placement.PlacementGraph.GNode;
import dev.jvino.nncf.quantization.placement.PropagationGraph.QNode;
import dev.jvino.nncf.quantization.placement.PropagationGraph.Unit;
import dev.jvino.nncf.quantization.placement.SetupBuilder.Point;
import dev.jvino.nncf.statistics.TargetPoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Quantizer placement for {@code nncf.quantize} on OpenVINO models (NNCF's MinMax quantizer setup): which
 * activations and weights get FakeQuantize nodes, with which configuration, which share scales, and which
 * weights get the overflow fix's half range.
 *
 * <pre>{@code
 * QuantizerSetup setup = QuantizerPlacement.place(model, PlacementOptions.defaults());
 * setup.fakeQuantizeNames();   // e.g. [Input/fq_output_0, MatMul/fq_weights_1]
 * }</pre>
 */
public final class QuantizerPlacement {
  private static final System.Logger LOG = System.getLogger(QuantizerPlacement.class.getName());

  private QuantizerPlacement() {}

  /**
   * Places quantizers in {@code model} (its top level; see {@link #placeBody} for If bodies).
   *
   * @throws ValidationException if an ignored-scope rule matches nothing (with {@code validate}) or user
   *     quantization parameters leave an op no allowed configuration
   * @throws dev.jvino.nncf.ParameterNotSupportedException for GPU/NPU targets
   */
  public static QuantizerSetup place(Model model, PlacementOptions o) {
    HardwareConfig hw = HardwareConfig.forDevice(o.targetDevice());
    PlacementGraph graph = PlacementGraph.of(model);
    QuantizationPreset preset = o.resolvedPreset();
    QuantizationScheme actMode = preset == QuantizationPreset.MIXED ? QuantizationScheme.ASYMMETRIC
        : QuantizationScheme.SYMMETRIC;
    Constraints act = o.mode() != null ? new Constraints(null, actMode, null, null, null)
        : Constraints.of(actMode, o.activations());
    Constraints wts = o.mode() != null ? new Constraints(null, QuantizationScheme.SYMMETRIC, null, null, null)
        : Constraints.of(QuantizationScheme.SYMMETRIC, o.weights());
    QuantizerConfig defaultAct = act.apply(new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, null, false, false));
    QuantizerConfig defaultWeight = wts.apply(
        new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, null, false, false));

    Set<String> ignored = new LinkedHashSet<>(
        IgnoredScopeResolver.resolve(o.ignoredScope(), graph.allOrdered(), o.ignoredScope().validate()));
    ignored.addAll(IgnoredPatternSet.matchedNames(graph, o.modelType(), o.targetDevice()));
    for (GNode n : graph.nodes()) {
      if (n.metatype() == Metatype.GRU_SEQUENCE && !n.constPorts.isEmpty()
          && n.node().attributes().bool("linear_before_reset", false)) {
        ignored.add(n.name());
      }
    }

    List<List<GNode>> fused = fusedGroups(graph, o.targetDevice());
    PropagationGraph pg = new PropagationGraph(graph, fused);
    Set<Metatype> autoIgnoredTypes = ignoredMetatypes(o.modelType(), o.targetDevice());
    Map<String, List<QuantizerConfig>> weightConfigs = weightConfigs(graph, hw, wts, defaultWeight);
    Set<String> weightedNodes = Set.copyOf(weightConfigs.keySet());
    for (Unit u : pg.units) {
      if (ignored.contains(u.first().name())) {
        u.ignored = true;
        u.noop = true;
        pg.addBarrierAfter(pg.opOf.get(u));
      }
    }
    weightConfigs.keySet().removeIf(ignored::contains);
    for (Unit u : pg.units) {
      if (!u.ignored && autoIgnoredTypes.contains(u.metatype)) {
        u.ignored = true;
        u.nodes.forEach(n -> weightConfigs.remove(n.name()));
      }
    }
    for (QNode op : PostProcessing.find(pg, weightedNodes)) {
      op.unit.ignored = true;
      op.unit.nodes.forEach(n -> weightConfigs.remove(n.name()));
    }
    for (Unit u : pg.units) {
      u.trait = u.ignored ? QuantizationTrait.NON_QUANTIZABLE : hw.trait(u.metatype);
    }
    Set<String> sdpa = new HashSet<>();
    Map<String, List<Integer>> ports = new HashMap<>();
    for (GNode n : graph.nodes()) {
      if (n.metatype() == Metatype.SCALED_DOT_PRODUCT_ATTENTION) {
        sdpa.add(n.name());
        ports.put(n.name(), o.mode() != null ? List.of(0, 1, 2) : List.of(0, 1));
      }
    }
    PropagationSolver solver = new PropagationSolver(pg, hw, o.propagationRule(), act, List.of(defaultAct), sdpa,
        ports, o.quantizeOutputs());
    solver.run();
    weightConfigs.keySet().removeAll(SetupBuilder.fusedTails(pg));
    SetupBuilder.Setup setup = new SetupBuilder(pg).build(weightConfigs);

    if (o.modelType() == ModelType.TRANSFORMER) {
      for (Point p : setup.points().values()) {
        if (p.isWeight()) {
          continue;
        }
        for (String name : p.directOps) {
          GNode n = graph.node(name);
          if (n != null && n.metatype() == Metatype.MATMUL && p.config().mode() != QuantizationScheme.SYMMETRIC
              && n.constPorts.isEmpty()) {
            QuantizerConfig c = p.config();
            p.configs = List.of(new QuantizerConfig(c.numBits(), QuantizationScheme.SYMMETRIC,
                c.signednessToForce(), c.perChannel(), c.narrowRange()));
          }
        }
      }
    }
    if (o.targetDevice() == TargetDevice.CPU_SPR) {
      SprPass.apply(setup, graph);
    }
    return toSetup(setup, graph, model, o.resolvedOverflowFix());
  }

  /**
   * Places quantizers in body {@code bodyIndex} of the If op {@code ifNode} (NNCF quantizes If bodies one by
   * one, as models of their own; the If op itself and its inputs stay unquantized).
   */
  public static QuantizerSetup placeBody(Node ifNode, int bodyIndex, PlacementOptions o) {
    if (!ifNode.is("If")) {
      throw new ValidationException("placeBody needs an If op, got " + ifNode.type() + " '" + ifNode.name() + "'");
    }
    List<SubgraphBody> bodies = ifNode.bodies();
    if (bodyIndex < 0 || bodyIndex >= bodies.size()) {
      throw new ValidationException("If op '" + ifNode.name() + "' has " + bodies.size() + " bodies, not index "
          + bodyIndex);
    }
    return place(bodies.get(bodyIndex).body(), o);
  }

  /**
   * Places quantizers in {@code model} and, recursively, in the bodies of its If ops, each graph on its own (as
   * NNCF does for models with If). The ignored scope is validated once against the ops of all graphs together,
   * so a rule only has to match somewhere. Keys: {@code ""} for the top level, then {@code "IfName/then_body"},
   * {@code "IfName/else_body"} (nested bodies extend the path), in graph order.
   *
   * @throws ValidationException if an ignored-scope rule matches no op of any graph (with {@code validate})
   */
  public static Map<String, QuantizerSetup> placeWithIfBodies(Model model, PlacementOptions o) {
    Map<String, Model> graphs = new LinkedHashMap<>();
    collectGraphs("", model, graphs);
    List<Node> allOps = new ArrayList<>();
    graphs.values().forEach(g -> allOps.addAll(g.ops()));
    if (o.ignoredScope().validate()) {
      IgnoredScopeResolver.resolve(o.ignoredScope(), allOps, true);
    }
    dev.jvino.nncf.IgnoredScope lenient = new dev.jvino.nncf.IgnoredScope(o.ignoredScope().names(),
        o.ignoredScope().patterns(), o.ignoredScope().types(), o.ignoredScope().subgraphs(), false);
    PlacementOptions perGraph = new PlacementOptions(o.preset(), o.targetDevice(), o.modelType(), lenient,
        o.overflowFix(), o.quantizeOutputs(), o.propagationRule(), o.activations(), o.weights(), o.mode());
    Map<String, QuantizerSetup> out = new LinkedHashMap<>();
    graphs.forEach((key, g) -> out.put(key, place(g, perGraph)));
    return out;
  }

  private static void collectGraphs(String prefix, Model m, Map<String, Model> out) {
    out.put(prefix, m);
    for (Node n : m.ops()) {
      if (n.is("If")) {
        for (SubgraphBody b : n.bodies()) {
          collectGraphs((prefix.isEmpty() ? "" : prefix + "/") + n.name() + "/" + b.bodyTag(), b.body(), out);
        }
      }
    }
  }

  /**
   * The names of the FakeQuantize nodes NNCF inserts for {@code setup}: one per point, except that a weight
   * tensor read directly by several ops gets a single FakeQuantize, named after the first of them.
   */
  public static List<String> insertedFakeQuantizeNames(Model model, QuantizerSetup setup) {
    Map<String, Node> byName = model.byName();
    Set<Output> seenWeights = new HashSet<>();
    List<String> names = new ArrayList<>();
    for (QuantizationPoint p : setup.points()) {
      if (p.isWeight()) {
        Node op = byName.get(p.target().nodeName());
        if (op != null && !seenWeights.add(op.input(p.target().port()).source())) {
          continue;
        }
      }
      names.add(p.fakeQuantizeName());
    }
    return names;
  }

  private static List<List<GNode>> fusedGroups(PlacementGraph graph, TargetDevice device) {
    List<GraphPattern> patterns = new ArrayList<>(FusedPatterns.forDevice(device));
    patterns.sort((a, b) -> Integer.compare(b.length(), a.length()));
    Set<GNode> matched = new HashSet<>();
    List<List<GNode>> out = new ArrayList<>();
    for (GraphPattern p : patterns) {
      for (GNode[] m : p.matches(graph, true)) {
        List<GNode> nodes = List.of(m);
        if (nodes.stream().anyMatch(matched::contains)) {
          continue;
        }
        matched.addAll(nodes);
        if (nodes.size() > 1) {
          out.add(orderWithin(graph, nodes));
        }
      }
    }
    return out;
  }

  /** The matched nodes in lexicographical topological order of their subgraph (NNCF's match order). */
  private static List<GNode> orderWithin(PlacementGraph graph, List<GNode> nodes) {
    List<GNode> rest = new ArrayList<>(nodes);
    List<GNode> out = new ArrayList<>();
    while (!rest.isEmpty()) {
      GNode best = null;
      for (GNode n : rest) {
        boolean ready = n.previous().stream().noneMatch(rest::contains);
        if (ready && (best == null || n.key().compareTo(best.key()) < 0)) {
          best = n;
        }
      }
      out.add(best);
      rest.remove(best);
    }
    return out;
  }

  private static Set<Metatype> ignoredMetatypes(ModelType type, TargetDevice device) {
    if (type != ModelType.TRANSFORMER) {
      return EnumSet.noneOf(Metatype.class);
    }
    Set<Metatype> s = EnumSet.of(Metatype.ADD, Metatype.POWER, Metatype.SQUEEZE, Metatype.SUBTRACT,
        Metatype.AVG_POOL, Metatype.REDUCE_MEAN, Metatype.REDUCE_L2, Metatype.REDUCE_SUM,
        Metatype.SQUARED_DIFFERENCE, Metatype.MVN, Metatype.GROUP_NORMALIZATION, Metatype.BATCH_NORM,
        Metatype.DIVIDE, Metatype.SQRT, Metatype.MAXIMUM, Metatype.GREATER_EQUAL, Metatype.GREATER,
        Metatype.LESS_EQUAL, Metatype.LESS, Metatype.NOT_EQUAL, Metatype.EQUAL);
    if (device != TargetDevice.CPU_SPR) {
      s.add(Metatype.MULTIPLY);
    }
    return s;
  }

  private static Map<String, List<QuantizerConfig>> weightConfigs(PlacementGraph graph, HardwareConfig hw,
      Constraints wts, QuantizerConfig defaultWeight) {
    Map<String, List<QuantizerConfig>> out = new LinkedHashMap<>();
    List<GNode> byId = new ArrayList<>(graph.nodes());
    byId.sort(Comparator.comparingInt(n -> n.id));
    for (GNode n : byId) {
      if (!Metatype.WITH_WEIGHTS.contains(n.metatype()) || n.constPorts.isEmpty()) {
        continue;
      }
      List<QuantizerConfig> list = hw.weightConfigs(n.metatype());
      if (list == null) {
        continue;
      }
      out.put(n.name(), list.isEmpty() ? List.of(defaultWeight) : wts.filter(list, n.name()));
    }
    return out;
  }

  private static QuantizerSetup toSetup(SetupBuilder.Setup setup, PlacementGraph graph, Model model,
      OverflowFix fix) {
    Map<String, Integer> position = new HashMap<>();
    List<Node> order = graph.allOrdered();
    for (int i = 0; i < order.size(); i++) {
      position.putIfAbsent(order.get(i).name(), i);
    }
    Map<String, Node> byName = model.byName();
    List<Point> points = new ArrayList<>(setup.points().values());
    points.sort(Comparator.comparingInt(p -> position.getOrDefault(targetName(p), Integer.MAX_VALUE)));
    Map<TargetPoint, QuantizerConfig> targets = new LinkedHashMap<>();
    for (Point p : points) {
      for (TargetPoint t : targetsOf(p, graph, byName)) {
        targets.put(t, p.config());
      }
    }
    Set<TargetPoint> half = overflowFix(fix, targets.keySet(), graph, model);
    List<QuantizationPoint> out = new ArrayList<>();
    targets.forEach((t, c) -> out.add(new QuantizationPoint(t, c, half.contains(t))));
    List<List<TargetPoint>> groups = new ArrayList<>();
    for (Set<Integer> ids : setup.unified()) {
      List<TargetPoint> grp = new ArrayList<>();
      for (int id : ids) {
        Point p = setup.points().get(id);
        if (p != null) {
          grp.addAll(targetsOf(p, graph, byName));
        }
      }
      if (grp.size() > 1) {
        groups.add(grp);
      }
    }
    LOG.log(System.Logger.Level.DEBUG, () -> "placed " + out.size() + " quantizers in " + model.name());
    return new QuantizerSetup(out, groups);
  }

  private static String targetName(Point p) {
    return p.isWeight() ? p.weightNode : p.at.target;
  }

  private static List<TargetPoint> targetsOf(Point p, PlacementGraph graph, Map<String, Node> byName) {
    List<TargetPoint> out = new ArrayList<>();
    if (p.isWeight()) {
      for (int port : graph.node(p.weightNode).constPorts.keySet()) {
        out.add(TargetPoint.weights(p.weightNode, port));
      }
      return out;
    }
    QNode at = p.at;
    if (at.kind == PropagationGraph.Kind.PRE) {
      out.add(TargetPoint.preLayer(at.target, at.port));
      return out;
    }
    Node n = byName.get(at.target);
    Set<Integer> ports = new LinkedHashSet<>();
    for (Output o : n.outputs()) {
      if (!o.consumers().isEmpty()) {
        ports.add(o.index());
      }
    }
    if (ports.size() > 1) {
      for (Output o : n.outputs()) {
        for (Input in : o.consumers()) {
          out.add(TargetPoint.preLayer(in.node().name(), in.index()));
        }
      }
      return out;
    }
    out.add(TargetPoint.postLayer(at.target, ports.isEmpty() ? 0 : ports.iterator().next()));
    return out;
  }

  /** Weight targets that get half range: the first quantized Convolution after each input, or all (ENABLE). */
  private static Set<TargetPoint> overflowFix(OverflowFix fix, Set<TargetPoint> targets, PlacementGraph graph,
      Model model) {
    Set<TargetPoint> out = new HashSet<>();
    Map<String, List<TargetPoint>> convWeights = new HashMap<>();
    Map<String, Node> byName = model.byName();
    for (TargetPoint t : targets) {
      if (t.type() != dev.jvino.nncf.statistics.TargetType.OPERATION_WITH_WEIGHTS) {
        continue;
      }
      Node n = byName.get(t.nodeName());
      Metatype m = Metatype.of(n);
      if (fix == OverflowFix.ENABLE && Metatype.OVERFLOW_FIX.contains(m)) {
        out.add(t);
      }
      if (fix == OverflowFix.FIRST_LAYER && m == Metatype.CONVOLUTION) {
        convWeights.computeIfAbsent(t.nodeName(), k -> new ArrayList<>()).add(t);
      }
    }
    if (fix != OverflowFix.FIRST_LAYER) {
      return out;
    }
    for (Node input : model.parameters()) {
      Deque<Node> queue = new ArrayDeque<>(next(input));
      Set<String> visited = new HashSet<>();
      while (!queue.isEmpty()) {
        Node n = queue.poll();
        if (!visited.add(n.name())) {
          continue;
        }
        List<TargetPoint> hit = convWeights.get(n.name());
        if (hit != null) {
          out.addAll(hit);
        } else {
          queue.addAll(next(n));
        }
      }
    }
    return out;
  }

  private static List<Node> next(Node n) {
    List<Node> out = new ArrayList<>();
    for (Output o : n.outputs()) {
      for (Input in : o.consumers()) {
        if (!out.contains(in.node())) {
          out.add(in.node());
        }
      }
    }
    return out;
  }
}
