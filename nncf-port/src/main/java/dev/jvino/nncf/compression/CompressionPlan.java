package dev.jvino.nncf.compression;

import java.util.Comparator;
import java.util.List;

/**
 * The outcome of the precision selection: every eligible weight with its config (null = stays float) in
 * NNCF's node order, and the weights that were skipped (ignored, unsupported type, or dropped by the
 * IGNORE group-size fallback).
 *
 * @param assignments eligible weights in NNCF's order
 * @param skipped weights left out of compression
 */
public record CompressionPlan(List<WeightAssignment> assignments, List<WeightSite> skipped) {

  public CompressionPlan {
    assignments = List.copyOf(assignments);
    skipped = List.copyOf(skipped);
  }

  /** The weights to compress, largest first (NNCF's processing order; ties keep graph order). */
  public List<WeightAssignment> processingOrder() {
    return assignments.stream().filter(WeightAssignment::isCompressed)
        .sorted(Comparator.comparingLong((WeightAssignment a) -> a.site().numWeights()).reversed()).toList();
  }

  /** The assignment of the weight constant with this name. */
  public java.util.Optional<WeightAssignment> forWeight(String weightName) {
    return assignments.stream().filter(a -> a.site().weightName().equals(weightName)).findFirst();
  }

  /**
   * The plan with each compressed weight's site pointing at the Constant that replaced it, so a result
   * does not keep the original weight data alive.
   */
  CompressionPlan rebind(java.util.Map<String, dev.jvino.ir.Node> replacements) {
    return new CompressionPlan(assignments.stream().map(a -> {
      dev.jvino.ir.Node n = replacements.get(a.site().weightName());
      return n == null ? a : new WeightAssignment(a.site().withConstant(n), a.config(), a.ratioDefining());
    }).toList(), skipped);
  }

  /** NNCF's bitwidth distribution of this plan. */
  public BitwidthDistribution distribution() {
    return BitwidthDistribution.of(this);
  }
}
