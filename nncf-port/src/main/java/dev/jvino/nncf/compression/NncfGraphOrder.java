package dev.jvino.nncf.compression;

import dev.jvino.ir.Input;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Output;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The node order NNCF's OpenVINO graph builder produces, which decides which MatMul is the "last layer".
 *
 * <p>Node ids are assigned first to the ops reachable from the Parameters and ReadValues, breadth first,
 * visiting each output's consumers sorted by friendly name ("inference" nodes); then to every other op
 * (constant subgraphs) in OpenVINO's {@code get_ops} order. The sorted order is Kahn's
 * topological sort that always takes the ready node with the smallest id (networkx's
 * {@code lexicographical_topological_sort} keyed by id).
 */
final class NncfGraphOrder {
  private final List<Node> ordered;
  private final Set<Node> inference;
  private final List<Node> allOps;

  private NncfGraphOrder(List<Node> ordered, Set<Node> inference, List<Node> allOps) {
    this.ordered = ordered;
    this.inference = inference;
    this.allOps = allOps;
  }

  /** Builds the order for {@code model}. */
  static NncfGraphOrder of(Model model) {
    List<Node> ovOrder = openVinoOps(model);
    Map<Node, Integer> ids = new IdentityHashMap<>();
    Set<String> visitedNames = new HashSet<>();
    Set<Node> inference = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> queue = new ArrayDeque<>(model.parameters());
    for (Node n : ovOrder) {
      if (n.is("ReadValue")) {
        queue.add(n);
      }
    }
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      if (!visitedNames.add(n.name())) {
        continue;
      }
      ids.put(n, ids.size());
      inference.add(n);
      for (Output o : n.outputs()) {
        List<Input> consumers = new ArrayList<>(o.consumers());
        consumers.sort(Comparator.comparing(in -> in.node().name()));
        for (Input in : consumers) {
          queue.add(in.node());
        }
      }
    }
    for (Node n : ovOrder) {
      if (!ids.containsKey(n)) {
        ids.put(n, ids.size());
      }
    }
    return new NncfGraphOrder(lexicographicTopologicalSort(ovOrder, ids), inference, ovOrder);
  }

  /** The nodes in NNCF's topological order. */
  List<Node> ordered() {
    return ordered;
  }

  /** Every op, in OpenVINO's {@code get_ops} order. */
  List<Node> allOps() {
    return allOps;
  }

  /** Whether the node is reachable from a Parameter or ReadValue (NNCF's "visited"). */
  boolean isInference(Node n) {
    return inference.contains(n);
  }

  /**
   * OpenVINO's {@code Model::get_ops} ({@code traverse_nodes}): a depth-first pre-order walk with an
   * explicit stack seeded with the Results, sinks and Parameters (so the last Parameter comes out first);
   * a node's inputs are pushed in port order, so its last input is walked first.
   */
  static List<Node> openVinoOps(Model model) {
    Deque<Node> stack = new ArrayDeque<>();
    for (Node r : model.results()) {
      stack.push(r);
    }
    for (Node s : model.sinks()) {
      stack.push(s);
    }
    for (Node p : model.parameters()) {
      stack.push(p);
    }
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Node> result = new ArrayList<>();
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      if (seen.add(n)) {
        result.add(n);
        for (Input in : n.inputs()) {
          stack.push(in.source().node());
        }
      }
    }
    return result;
  }

  private static List<Node> lexicographicTopologicalSort(List<Node> nodes, Map<Node, Integer> ids) {
    Map<Node, Integer> inDegree = new IdentityHashMap<>();
    Map<Node, List<Node>> successors = new IdentityHashMap<>();
    for (Node n : nodes) {
      inDegree.putIfAbsent(n, 0);
    }
    for (Node n : nodes) {
      // one edge per (consumer input), as the NNCF multigraph has
      LinkedHashMap<Node, Integer> targets = new LinkedHashMap<>();
      for (Output o : n.outputs()) {
        for (Input in : o.consumers()) {
          if (inDegree.containsKey(in.node())) {
            targets.merge(in.node(), 1, Integer::sum);
          }
        }
      }
      List<Node> succ = new ArrayList<>();
      for (Map.Entry<Node, Integer> e : targets.entrySet()) {
        for (int k = 0; k < e.getValue(); k++) {
          succ.add(e.getKey());
        }
        inDegree.merge(e.getKey(), e.getValue(), Integer::sum);
      }
      successors.put(n, succ);
    }
    PriorityQueue<Node> ready = new PriorityQueue<>(Comparator.comparingInt(ids::get));
    for (Node n : nodes) {
      if (inDegree.get(n) == 0) {
        ready.add(n);
      }
    }
    List<Node> out = new ArrayList<>(nodes.size());
    Map<Node, Integer> remaining = inDegree;
    while (!ready.isEmpty()) {
      Node n = ready.poll();
      out.add(n);
      for (Node s : successors.get(n)) {
        int left = remaining.merge(s, -1, Integer::sum);
        if (left == 0) {
          ready.add(s);
        }
      }
    }
    return out;
  }
}
