package dev.jvino.nncf.quantization;

import java.util.Objects;

/**
 * One quantizer to insert: where, with which configuration, and whether the overflow fix gives it half
 * range (symmetric weights only).
 */
public record QuantizationPoint(QuantizationTarget target, QuantizerConfig config, boolean halfRange) {
  public QuantizationPoint {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(config, "config");
  }

  /** Whether this quantizes a constant weight. */
  public boolean isWeight() {
    return target.type() == TargetType.OPERATION_WITH_WEIGHTS;
  }
}
