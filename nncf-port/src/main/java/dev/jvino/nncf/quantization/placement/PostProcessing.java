package dev.jvino.nncf.quantization.placement;

import dev.jvino.nncf.quantization.placement.PlacementGraph.GNode;
import dev.jvino.nncf.quantization.placement.PropagationGraph.Kind;
import dev.jvino.nncf.quantization.placement.PropagationGraph.QNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds a model's post-processing part (NNCF's {@code PostprocessingNodeLocator}): walking back from each
 * output until an op with quantizable weights or a model input, every path that crosses a TopK or
 * NonMaxSuppression marks its ops (other than weighted ops and outputs) as ignored.
 */
final class PostProcessing {
  private static final Set<Metatype> MARKERS = EnumSet.of(Metatype.TOPK, Metatype.NON_MAX_SUPPRESSION);

  private PostProcessing() {}

  private record Item(List<QNode> path, boolean marker) {}

  /** The OP nodes of the post-processing part. */
  static Set<QNode> find(PropagationGraph g, Set<String> weightedNodes) {
    List<QNode> outputs = new ArrayList<>();
    for (QNode op : g.outputOps) {
      if (!op.unit.noop) {
        outputs.add(op);
      }
    }
    Set<QNode> ignored = new LinkedHashSet<>();
    Set<QNode> visited = new HashSet<>();
    Deque<Item> stack = new ArrayDeque<>();
    for (QNode out : outputs) {
      stack.push(new Item(List.of(out), false));
    }
    while (!stack.isEmpty()) {
      Item item = stack.pop();
      QNode node = item.path.get(item.path.size() - 1);
      visited.add(node);
      boolean marker = item.marker;
      if (node.kind == Kind.OP && !node.unit.noop && MARKERS.contains(node.unit.metatype)) {
        marker = true;
      }
      if (weighted(node, weightedNodes) || g.inputOps.contains(node)) {
        if (marker) {
          extend(item.path, ignored, outputs, weightedNodes);
        }
        continue;
      }
      for (QNode pred : node.pred) {
        if (visited.contains(pred) && marker && ignored.contains(pred)) {
          extend(item.path, ignored, outputs, weightedNodes);
        } else if (!(visited.contains(pred) && !marker && !ignored.contains(pred))) {
          List<QNode> path = new ArrayList<>(item.path);
          path.add(pred);
          stack.push(new Item(path, marker));
        }
      }
    }
    return ignored;
  }

  private static boolean weighted(QNode n, Set<String> weightedNodes) {
    if (n.kind != Kind.OP) {
      return false;
    }
    for (GNode g : n.unit.nodes) {
      if (weightedNodes.contains(g.name())) {
        return true;
      }
    }
    return false;
  }

  private static void extend(List<QNode> path, Set<QNode> ignored, List<QNode> outputs, Set<String> weighted) {
    for (QNode n : path) {
      if (n.kind == Kind.OP && !weighted(n, weighted) && !outputs.contains(n)) {
        ignored.add(n);
      }
    }
  }
}
