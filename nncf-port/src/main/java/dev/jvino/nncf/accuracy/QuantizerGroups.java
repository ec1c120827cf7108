package dev.jvino.nncf.accuracy;

import dev.jvino.ir.Input;
import dev.jvino.ir.Model;
import dev.jvino.ir.NncfOrder;
import dev.jvino.ir.Node;
import dev.jvino.ir.Output;
import dev.jvino.nncf.quantization.placement.Metatype;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NNCF's grouping of quantizers for accuracy control ({@code Ranker.find_groups_of_quantizers_to_rank} with
 * {@code find_quantizer_nodes_to_cut}): quantizers that must be removed together so that the ops they feed
 * run in floating point again, and those ops.
 *
 * <p>Quantizers (FakeQuantize, FakeConvert) are visited in reverse topological order; each not yet grouped
 * starts a search over the model graph without its ShapeOf subgraphs. From a quantizer the search walks down
 * to the quantizable ops it feeds (they are reverted), up from each such op to every quantizer feeding it
 * (they join the group), and through ops that are neither quantizable nor constant, passing down through
 * quantization-agnostic ops and Concat, so that quantizers sharing a consumer fall into one group.
 */
public final class QuantizerGroups {
  private QuantizerGroups() {}

  /**
   * One group.
   *
   * @param quantizers names of the quantizer nodes to remove together, the starting quantizer first
   * @param operations names of the ops that return to floating point, in topological order
   */
  public record Group(List<String> quantizers, List<String> operations) {
    public Group {
      quantizers = List.copyOf(quantizers);
      operations = List.copyOf(operations);
    }
  }

  /** The groups of {@code quantized}, in NNCF's order (starting from the last quantizer). */
  public static List<Group> find(Model quantized) {
    List<Node> topo = NncfOrder.topologicalSort(quantized);
    Set<Node> shapeOf = shapeOfSubgraphs(quantized, topo);
    Map<Node, Integer> order = new IdentityHashMap<>();
    for (Node n : topo) {
      order.put(n, order.size());
    }
    List<Node> quantizers = topo.stream().filter(n -> !shapeOf.contains(n) && isQuantizer(n)).toList();
    Set<Node> grouped = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Group> groups = new ArrayList<>();
    for (Node q : quantizers.reversed()) {
      if (grouped.contains(q)) {
        continue;
      }
      Search s = new Search(shapeOf);
      s.run(q);
      grouped.addAll(s.toCut);
      List<Node> ops = new ArrayList<>(s.ops);
      ops.sort((a, b) -> Integer.compare(order.getOrDefault(a, -1), order.getOrDefault(b, -1)));
      groups.add(new Group(s.toCut.stream().map(Node::name).toList(), ops.stream().map(Node::name).toList()));
    }
    return groups;
  }

  static boolean isQuantizer(Node n) {
    return n.is("FakeQuantize") || n.is("FakeConvert");
  }

  private static boolean isQuantizable(Node n) {
    return Metatype.INPUTS_QUANTIZABLE.contains(Metatype.of(n));
  }

  private static boolean isAgnostic(Node n) {
    Metatype m = Metatype.of(n);
    return Metatype.QUANTIZATION_AGNOSTIC.contains(m) || m == Metatype.CONCAT;
  }

  /** The state of one {@code find_quantizer_nodes_to_cut} search. */
  private static final class Search {
    private final Set<Node> excluded;
    final List<Node> toCut = new ArrayList<>();
    final Set<Node> ops = new LinkedHashSet<>();
    private final List<Node> seenChildren = new ArrayList<>();
    private final List<Node> seenParents = new ArrayList<>();
    private final List<Node> toSeeChildren = new ArrayList<>();
    private final List<Node> toSeeParents = new ArrayList<>();

    Search(Set<Node> excluded) {
      this.excluded = excluded;
    }

    void run(Node quantizer) {
      toSeeChildren.add(quantizer);
      toCut.add(quantizer);
      while (!toSeeChildren.isEmpty() || !toSeeParents.isEmpty()) {
        if (!toSeeChildren.isEmpty()) {
          visit(toSeeChildren.removeLast(), false);
        }
        if (!toSeeParents.isEmpty()) {
          visit(toSeeParents.removeLast(), true);
        }
      }
    }

    private void visit(Node node, boolean parents) {
      for (Node r : parents ? previous(node) : next(node)) {
        if (isQuantizable(r)) {
          if (parents) {
            if (!seenChildren.contains(r)) {
              toSeeChildren.add(r);
            }
          } else {
            ops.add(r);
            if (!seenParents.contains(r)) {
              toSeeParents.add(r);
            }
          }
        } else if (isQuantizer(r)) {
          if (parents) {
            if (seenChildren.contains(r)) {
              continue;
            }
            if (!toCut.contains(r)) {
              toCut.add(r);
            }
            toSeeChildren.add(r);
            if (previous(r).stream().allMatch(QuantizerGroups::isQuantizer)) {
              toSeeParents.add(r);
            }
          } else if (isQuantizer(node)) {
            if (!toCut.contains(r)) {
              toCut.add(r);
            }
            toSeeChildren.add(r);
          } else {
            seenChildren.add(r);
          }
        } else if (!r.is("Constant")) {
          if (!seenParents.contains(r)) {
            toSeeParents.add(r);
          }
          if (!seenChildren.contains(r) && isAgnostic(r)) {
            toSeeChildren.add(r);
          }
        }
      }
      (parents ? seenParents : seenChildren).add(node);
    }

    private List<Node> previous(Node n) {
      List<Node> out = new ArrayList<>();
      for (Input in : n.inputs()) {
        Node p = in.source().node();
        if (!excluded.contains(p) && !out.contains(p)) {
          out.add(p);
        }
      }
      return out;
    }

    private List<Node> next(Node n) {
      List<Node> out = new ArrayList<>();
      for (Output o : n.outputs()) {
        for (Input in : o.consumers()) {
          Node c = in.node();
          if (!excluded.contains(c) && !out.contains(c)) {
            out.add(c);
          }
        }
      }
      return out;
    }
  }

  /**
   * NNCF's {@code find_shapeof_subgraphs}: ShapeOf ops and the nodes that only they reach, where the
   * inference paths start at the Parameters, ReadValues and ops with weights.
   */
  static Set<Node> shapeOfSubgraphs(Model model, List<Node> topo) {
    Set<Node> starts = Collections.newSetFromMap(new IdentityHashMap<>());
    starts.addAll(model.parameters());
    for (Node n : topo) {
      if (n.is("ReadValue") || Metatype.WITH_WEIGHTS.contains(Metatype.of(n))) {
        starts.add(n);
      }
    }
    return dev.jvino.nncf.quantization.placement.PlacementGraph.shapeOfSubgraphs(starts);
  }
}
