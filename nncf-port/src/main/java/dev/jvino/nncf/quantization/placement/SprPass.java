package dev.jvino.nncf.quantization.placement;

import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.quantization.placement.PlacementGraph.Edge;
import dev.jvino.nncf.quantization.placement.PlacementGraph.GNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CPU_SPR device pass (NNCF's {@code _apply_spr_pass}): for an Add whose two activation inputs are both
 * quantized, one of the two quantizers is removed - the one without branching after it, else (when both follow
 * a Convolution/MatMul/GroupConvolution through single-input ops) the one on the larger tensor.
 */
final class SprPass {
  private static final Set<Metatype> PRODUCERS = EnumSet.of(Metatype.CONVOLUTION, Metatype.MATMUL,
      Metatype.GROUP_CONVOLUTION);

  private SprPass() {}

  static void apply(SetupBuilder.Setup setup, PlacementGraph graph) {
    Map<String, Integer> byTarget = new HashMap<>();
    setup.points().forEach((id, p) -> byTarget.put(p.isWeight() ? p.weightNode : p.at.target, id));
    for (GNode add : graph.nodes()) {
      if (add.metatype() != Metatype.ADD) {
        continue;
      }
      List<GNode> inputs = new ArrayList<>(add.previous());
      if (inputs.size() != 2 || !inputs.stream().allMatch(n -> byTarget.containsKey(n.name()))) {
        continue;
      }
      inputs.sort(Comparator.comparingInt((GNode n) -> n.next().size()).reversed());
      GNode first = inputs.get(0);
      GNode second = inputs.get(1);
      if (first.next().size() > 1 && second.next().size() == 1) {
        setup.discard(byTarget.get(second.name()));
        continue;
      }
      if (afterProducer(first) && afterProducer(second)) {
        long a = outputElements(first);
        long b = outputElements(second);
        setup.discard(byTarget.get((a >= b ? first : second).name()));
      }
    }
  }

  private static boolean afterProducer(GNode node) {
    GNode n = node;
    while (true) {
      List<GNode> prev = n.previous();
      if (prev.size() != 1) {
        return false;
      }
      n = prev.get(0);
      if (PRODUCERS.contains(n.metatype())) {
        return true;
      }
    }
  }

  private static long outputElements(GNode n) {
    for (Edge e : n.out) {
      if (e.outPort() == 0) {
        PartialShape s = e.shape();
        return s.isStatic() ? s.elementCount() : -1;
      }
    }
    return -1;
  }

}
