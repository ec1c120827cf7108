package dev.jvino.nncf.quantization.placement;

import dev.jvino.ir.ElementType;
import dev.jvino.ir.Input;
import dev.jvino.ir.Model;
import dev.jvino.ir.NncfOrder;
import dev.jvino.ir.Node;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The graph quantizer placement works on (NNCF's inference graph): every op of the model except constant
 * subgraphs and ShapeOf subgraphs, with NNCF's node ids, metatypes and the constant weight ports of weighted ops.
 */
public final class PlacementGraph {
  /** A tensor edge between two kept ops. */
  public record Edge(GNode from, int outPort, GNode to, int inPort, boolean integer, PartialShape shape) {}

  /** A kept op. */
  public static final class GNode {
    final Node node;
    final int id;
    final Metatype metatype;
    final List<Edge> in = new ArrayList<>();
    final List<Edge> out = new ArrayList<>();
    /** Constant weight inputs by port (NNCF's {@code constant_attributes}). */
    final Map<Integer, Node> constPorts = new TreeMap<>();

    GNode(Node node, int id, Metatype metatype) {
      this.node = node;
      this.id = id;
      this.metatype = metatype;
    }

    public String name() {
      return node.name();
    }

    public Node node() {
      return node;
    }

    public Metatype metatype() {
      return metatype;
    }

    /** NNCF's node key, {@code "id name"}. */
    public String key() {
      return id + " " + node.name();
    }

    /** Distinct producer nodes, in input order. */
    List<GNode> previous() {
      List<GNode> out = new ArrayList<>();
      for (Edge e : in) {
        if (!out.contains(e.from)) {
          out.add(e.from);
        }
      }
      return out;
    }

    /** Distinct consumer nodes, in edge order. */
    List<GNode> next() {
      List<GNode> res = new ArrayList<>();
      for (Edge e : out) {
        if (!res.contains(e.to)) {
          res.add(e.to);
        }
      }
      return res;
    }

    @Override
    public String toString() {
      return key();
    }
  }

  private final Model model;
  private final List<GNode> nodes;
  private final Map<String, GNode> byName = new LinkedHashMap<>();
  private final Map<Node, GNode> byNode = new IdentityHashMap<>();
  private final List<Node> allOrdered;

  private PlacementGraph(Model model, List<GNode> nodes, List<Node> allOrdered) {
    this.model = model;
    this.nodes = nodes;
    this.allOrdered = allOrdered;
    for (GNode n : nodes) {
      byName.put(n.name(), n);
      byNode.put(n.node, n);
    }
  }

  /** Builds the inference graph of {@code model}. */
  public static PlacementGraph of(Model model) {
    Map<Node, Integer> ids = NncfOrder.nodeIds(model);
    List<Node> topo = NncfOrder.topologicalSort(model);
    Set<String> visited = reachableNames(model);
    Set<Node> starts = Collections.newSetFromMap(new IdentityHashMap<>());
    starts.addAll(model.parameters());
    for (Node n : topo) {
      Metatype m = Metatype.of(n);
      if (m == Metatype.READ_VALUE || m == Metatype.EMBEDDING) {
        starts.add(n);
      }
    }
    Set<Node> dropped = Collections.newSetFromMap(new IdentityHashMap<>());
    dropped.addAll(shapeOfSubgraphs(starts));
    Set<Node> reach = forward(starts);
    for (Node n : topo) {
      if (!reach.contains(n)) {
        dropped.add(n);
      }
    }
    List<GNode> kept = new ArrayList<>();
    Map<Node, GNode> map = new IdentityHashMap<>();
    for (Node n : topo) {
      if (!dropped.contains(n)) {
        GNode g = new GNode(n, ids.get(n), Metatype.of(n));
        kept.add(g);
        map.put(n, g);
      }
    }
    for (GNode g : kept) {
      for (Input in : g.node.inputs()) {
        GNode src = map.get(in.source().node());
        if (src != null) {
          Output o = in.source();
          Edge e = new Edge(src, o.index(), g, in.index(), !isReal(o.elementType()), o.shape());
          g.in.add(e);
        }
      }
      if (Metatype.WITH_WEIGHTS.contains(g.metatype) || g.metatype == Metatype.ADD) {
        findConstPorts(g, visited);
      }
    }
    for (GNode g : kept) {
      for (Output o : g.node.outputs()) {
        for (Input in : o.consumers()) {
          GNode dst = map.get(in.node());
          if (dst != null) {
            for (Edge e : dst.in) {
              if (e.inPort == in.index() && e.from == g) {
                g.out.add(e);
              }
            }
          }
        }
      }
    }
    return new PlacementGraph(model, kept, topo);
  }

  private static boolean isReal(ElementType t) {
    return t.kind() == ElementType.Kind.FLOAT;
  }

  private static void findConstPorts(GNode g, Set<String> visited) {
    int limit = switch (g.metatype) {
      case CONVOLUTION_BACKPROP_DATA, GROUP_CONVOLUTION_BACKPROP_DATA -> 2;
      case GRU_SEQUENCE -> 5;
      case LSTM_SEQUENCE -> 6;
      default -> g.node.inputs().size();
    };
    for (int p = 0; p < Math.min(limit, g.node.inputs().size()); p++) {
      Node src = g.node.input(p).source().node();
      if (visited.contains(src.name())) {
        continue;
      }
      Node c = Metatype.constantBehind(g.node, p);
      if (c == null || !isReal(c.output(0).elementType())) {
        continue;
      }
      g.constPorts.put(p, c);
    }
  }

  /** Names reachable from the Parameters and ReadValue ops (NNCF's graph-building walk). */
  private static Set<String> reachableNames(Model m) {
    Set<String> names = new HashSet<>();
    Deque<Node> queue = new ArrayDeque<>(m.parameters());
    for (Node n : m.getOpsOrder()) {
      if (n.is("ReadValue")) {
        queue.add(n);
      }
    }
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      if (names.add(n.name())) {
        for (Output o : n.outputs()) {
          for (Input in : o.consumers()) {
            queue.add(in.node());
          }
        }
      }
    }
    return names;
  }

  private static Set<Node> forward(Set<Node> starts) {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> work = new ArrayDeque<>(starts);
    while (!work.isEmpty()) {
      Node n = work.pop();
      if (seen.add(n)) {
        for (Output o : n.outputs()) {
          for (Input in : o.consumers()) {
            work.push(in.node());
          }
        }
      }
    }
    return seen;
  }

  /**
   * NNCF's {@code find_shapeof_subgraphs}: ShapeOf ops and what only they feed or are fed from, where the
   * inference paths start at {@code starts} (the placement graph and accuracy control's quantizer grouping
   * each pass their own starts).
   */
  public static Set<Node> shapeOfSubgraphs(Set<Node> starts) {
    Set<Node> infer = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Node> shapeOfs = new ArrayList<>();
    Deque<Node> work = new ArrayDeque<>(starts);
    while (!work.isEmpty()) {
      Node n = work.pop();
      if (n.is("ShapeOf")) {
        if (!shapeOfs.contains(n)) {
          shapeOfs.add(n);
        }
        continue;
      }
      if (infer.add(n)) {
        for (Output o : n.outputs()) {
          for (Input in : o.consumers()) {
            work.push(in.node());
          }
        }
      }
    }
    Set<Node> sub = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node s : shapeOfs) {
      sub.add(s);
      Deque<Node> q = new ArrayDeque<>();
      consumersOf(s, q);
      while (!q.isEmpty()) {
        Node n = q.pop();
        if (sub.contains(n) || infer.contains(n)) {
          continue;
        }
        sub.add(n);
        consumersOf(n, q);
        for (Input in : n.inputs()) {
          q.push(in.source().node());
        }
      }
    }
    return sub;
  }

  private static void consumersOf(Node n, Deque<Node> q) {
    for (Output o : n.outputs()) {
      for (Input in : o.consumers()) {
        q.push(in.node());
      }
    }
  }

  public Model model() {
    return model;
  }

  /** The kept ops in NNCF's topological order. */
  public List<GNode> nodes() {
    return nodes;
  }

  /** Every op of the model (kept or not) in NNCF's topological order. */
  List<Node> allOrdered() {
    return allOrdered;
  }

  public GNode node(String name) {
    return byName.get(name);
  }

  GNode node(Node n) {
    return byNode.get(n);
  }

  /** The kept model inputs (Parameters). */
  List<GNode> inputs() {
    List<GNode> out = new ArrayList<>();
    for (GNode n : nodes) {
      if (n.metatype == Metatype.PARAMETER) {
        out.add(n);
      }
    }
    return out;
  }
}
