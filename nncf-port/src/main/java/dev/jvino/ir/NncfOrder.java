package dev.jvino.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The node order NNCF works in for OpenVINO models, which decides which layer is "the last layer"
 * in weight compression.
 *
 * <p>NNCF numbers nodes while building its graph: a breadth-first walk starting from the Parameters
 * (in input order) and then the ReadValue ops (in {@link Model#getOpsOrder()} order), where each
 * node's consumers are queued sorted by friendly name and a friendly name is numbered once; the nodes
 * not reached (constant subgraphs) are numbered afterwards in {@code getOpsOrder()} order. Its
 * topological sort then always takes, among the nodes whose producers are all placed, the one with
 * the lowest number (networkx's lexicographical topological sort).
 */
public final class NncfOrder {
  private NncfOrder() {}

  /** The NNCF node ids of every op of {@code m}. */
  public static Map<Node, Integer> nodeIds(Model m) {
    Map<Node, Integer> ids = new IdentityHashMap<>();
    Set<String> visitedNames = new HashSet<>();
    List<Node> getOps = m.getOpsOrder();
    Deque<Node> queue = new ArrayDeque<>(m.parameters());
    for (Node n : getOps) {
      if (n.is("ReadValue")) {
        queue.add(n);
      }
    }
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      if (visitedNames.add(n.name())) {
        ids.put(n, ids.size());
        for (Output o : n.outputs()) {
          List<Input> consumers = new ArrayList<>(o.consumers());
          consumers.sort(Comparator.comparing(in -> in.node().name()));
          for (Input in : consumers) {
            queue.add(in.node());
          }
        }
      }
    }
    for (Node n : getOps) {
      if (!visitedNames.contains(n.name()) && !ids.containsKey(n)) {
        ids.put(n, ids.size());
      }
    }
    return ids;
  }

  /**
   * The ops of {@code m} in NNCF's topological order.
   *
   * @throws InvalidGraphException if the graph has a cycle
   */
  public static List<Node> topologicalSort(Model m) {
    Map<Node, Integer> ids = nodeIds(m);
    Map<Node, Integer> indegree = new IdentityHashMap<>();
    for (Node n : ids.keySet()) {
      Set<Node> producers = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      for (Input in : n.inputs()) {
        if (ids.containsKey(in.source().node())) {
          producers.add(in.source().node());
        }
      }
      indegree.put(n, producers.size());
    }
    PriorityQueue<Node> ready = new PriorityQueue<>(Comparator.comparing(ids::get));
    indegree.forEach((n, d) -> {
      if (d == 0) {
        ready.add(n);
      }
    });
    List<Node> order = new ArrayList<>(ids.size());
    while (!ready.isEmpty()) {
      Node n = ready.poll();
      order.add(n);
      Set<Node> consumers = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      for (Output o : n.outputs()) {
        for (Input in : o.consumers) {
          consumers.add(in.node());
        }
      }
      for (Node c : consumers) {
        Integer d = indegree.get(c);
        if (d != null) {
          indegree.put(c, d - 1);
          if (d == 1) {
            ready.add(c);
          }
        }
      }
    }
    if (order.size() != ids.size()) {
      throw new InvalidGraphException("model '" + m.name() + "' has a cycle");
    }
    return order;
  }

  /** Every op in NNCF's node-id order: the order of its {@code get_all_nodes()} and {@code get_nodes_by_metatypes}. */
  public static List<Node> idOrder(Model m) {
    Map<Node, Integer> ids = nodeIds(m);
    List<Node> nodes = new java.util.ArrayList<>(ids.keySet());
    nodes.sort(java.util.Comparator.comparing(ids::get));
    return nodes;
  }

  /** The last op in NNCF's order that satisfies {@code filter} (e.g. MatMuls with a constant weight). */
  public static java.util.Optional<Node> last(Model m, Predicate<Node> filter) {
    List<Node> order = topologicalSort(m);
    for (int i = order.size() - 1; i >= 0; i--) {
      if (filter.test(order.get(i))) {
        return java.util.Optional.of(order.get(i));
      }
    }
    return java.util.Optional.empty();
  }
}
