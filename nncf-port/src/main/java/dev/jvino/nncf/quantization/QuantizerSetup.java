package dev.jvino.nncf.quantization;

import dev.jvino.nncf.statistics.TargetPoint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The outcome of quantizer placement (NNCF's {@code SingleConfigQuantizerSetup}): the quantizers to
 * insert, and the groups of activation targets that must share one range (unified scales, e.g. the
 * inputs of a Concat), each group listing targets of {@link #points()}.
 */
public record QuantizerSetup(List<QuantizationPoint> points, List<List<TargetPoint>> unifiedScaleGroups) {
  public QuantizerSetup {
    points = List.copyOf(points);
    unifiedScaleGroups = unifiedScaleGroups.stream().map(List::copyOf).toList();
    Set<TargetPoint> targets = new HashSet<>();
    for (QuantizationPoint p : points) {
      if (!targets.add(p.target())) {
        throw new IllegalArgumentException("two quantizers at " + p.fakeQuantizeName());
      }
    }
    for (List<TargetPoint> group : unifiedScaleGroups) {
      for (TargetPoint t : group) {
        if (!targets.contains(t)) {
          throw new IllegalArgumentException("unified-scale group names " + QuantizationPoint.fakeQuantizeName(t)
              + ", which is not a quantizer of the setup");
        }
      }
    }
  }

  /** The names of the FakeQuantize nodes this setup inserts, in point order. */
  public List<String> fakeQuantizeNames() {
    return points.stream().map(p -> p.fakeQuantizeName()).toList();
  }
}
