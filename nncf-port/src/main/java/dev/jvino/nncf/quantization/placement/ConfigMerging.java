package dev.jvino.nncf.quantization.placement;

import dev.jvino.nncf.QuantizationScheme;
import dev.jvino.nncf.QuantizerPropagationRule;
import dev.jvino.nncf.quantization.QuantizerConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** How the configuration lists of quantizers meeting at a branch are merged, per propagation rule. */
final class ConfigMerging {
  private ConfigMerging() {}

  /**
   * Merges {@code branches}; fills {@code merged} with the merged list (left empty when no merge happens) and
   * returns, per branch, null if its quantizer is absorbed by the merged one, else the list it keeps.
   */
  static List<List<QuantizerConfig>> merge(QuantizerPropagationRule rule, List<List<QuantizerConfig>> branches,
      List<QuantizerConfig> merged) {
    List<List<QuantizerConfig>> none = new ArrayList<>();
    branches.forEach(b -> none.add(null));
    switch (rule) {
      case DO_NOT_MERGE_BRANCHES -> {
        return new ArrayList<>(branches);
      }
      case MERGE_IF_ALL_BRANCHES_SAME -> {
        Map<QuantizerConfig, Long> first = counts(branches.get(0));
        for (List<QuantizerConfig> b : branches) {
          if (!counts(b).equals(first)) {
            return new ArrayList<>(branches);
          }
        }
        merged.addAll(branches.get(0));
        return none;
      }
      default -> {
        // MERGE_ALL_IN_ONE or MERGE_WITH_POTENTIAL_REQUANTIZATION
      }
    }
    boolean requant = rule == QuantizerPropagationRule.MERGE_WITH_POTENTIAL_REQUANTIZATION;
    Set<QuantizerConfig> union = new LinkedHashSet<>();
    branches.forEach(union::addAll);
    List<QuantizerConfig> candidates = new ArrayList<>();
    for (QuantizerConfig q : union) {
      boolean ok = true;
      for (List<QuantizerConfig> b : branches) {
        ok &= requant ? compatibleWithRequant(q, b) : b.contains(q);
      }
      if (ok) {
        candidates.add(q);
      }
    }
    if (candidates.isEmpty()) {
      return new ArrayList<>(branches);
    }
    int maxLen = branches.stream().mapToInt(List::size).max().orElse(0);
    Map<QuantizerConfig, Integer> priority = new HashMap<>();
    for (QuantizerConfig q : candidates) {
      int p = 0;
      for (List<QuantizerConfig> b : branches) {
        int idx = b.indexOf(q);
        p += idx < 0 ? maxLen + 1 : idx;
      }
      priority.put(q, p);
    }
    candidates.sort(Comparator.comparing(priority::get));
    // within equal priority: higher bits, then per-tensor, then symmetric first (NNCF's QuantizerConfig.__lt__)
    candidates.sort(Comparator.comparing((QuantizerConfig q) -> priority.get(q))
        .thenComparing(q -> -q.numBits()).thenComparing(QuantizerConfig::perChannel)
        .thenComparing(q -> q.mode() == QuantizationScheme.SYMMETRIC ? 0 : 1));
    merged.addAll(candidates);
    if (!requant) {
      return none;
    }
    Map<QuantizerConfig, Long> mergedCounts = counts(merged);
    List<List<QuantizerConfig>> out = new ArrayList<>();
    for (List<QuantizerConfig> b : branches) {
      out.add(counts(b).equals(mergedCounts) ? null : b);
    }
    return out;
  }

  private static boolean compatibleWithRequant(QuantizerConfig q, List<QuantizerConfig> others) {
    if (others.contains(q)) {
      return true;
    }
    for (QuantizerConfig o : others) {
      if (!validRequantization(o, q)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code a} may follow {@code b} (NNCF's {@code is_valid_requantization_for}). */
  static boolean validRequantization(QuantizerConfig a, QuantizerConfig b) {
    return !(a.numBits() > b.numBits()
        || a.mode() == QuantizationScheme.ASYMMETRIC && b.mode() == QuantizationScheme.SYMMETRIC
        || a.signednessToForce() == null && b.signednessToForce() != null
        || Boolean.TRUE.equals(a.signednessToForce()) && Boolean.FALSE.equals(b.signednessToForce())
        || a.narrowRange() != b.narrowRange());
  }

  private static Map<QuantizerConfig, Long> counts(List<QuantizerConfig> l) {
    Map<QuantizerConfig, Long> m = new HashMap<>();
    l.forEach(q -> m.merge(q, 1L, Long::sum));
    return m;
  }
}
