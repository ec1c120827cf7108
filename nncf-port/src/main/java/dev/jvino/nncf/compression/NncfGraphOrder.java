package dev.jvino.nncf.compression;

import dev.jvino.ir.Input;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.NncfOrder;
import dev.jvino.ir.Output;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The node order of NNCF's OpenVINO graph builder ({@link NncfOrder}), which decides which MatMul is the
 * "last layer", plus the builder's "visited" set: the ops reachable from the Parameters and ReadValues.
 * Only visited ops can have weights, and a weight port is one fed by a node that is not visited.
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
    List<Node> ops = model.getOpsOrder();
    Set<String> visitedNames = new HashSet<>();
    Set<Node> inference = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> queue = new ArrayDeque<>(model.parameters());
    for (Node n : ops) {
      if (n.is("ReadValue")) {
        queue.add(n);
      }
    }
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      if (!visitedNames.add(n.name())) {
        continue;
      }
      inference.add(n);
      for (Output o : n.outputs()) {
        for (Input in : o.consumers()) {
          queue.add(in.node());
        }
      }
    }
    return new NncfGraphOrder(NncfOrder.topologicalSort(model), inference, ops);
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
}
