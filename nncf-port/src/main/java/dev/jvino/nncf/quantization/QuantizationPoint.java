package dev.jvino.nncf.quantization;

import dev.jvino.nncf.statistics.TargetPoint;
import dev.jvino.nncf.statistics.TargetType;
import java.util.Objects;

/**
 * One quantizer to insert: where (a statistics {@link TargetPoint}: an activation input, an output, or
 * the constant weight of an input port), with which configuration, and whether the overflow fix gives it
 * half range (symmetric weights only).
 */
public record QuantizationPoint(TargetPoint target, QuantizerConfig config, boolean halfRange) {
  public QuantizationPoint {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(config, "config");
  }

  /** Whether this quantizes a constant weight. */
  public boolean isWeight() {
    return target.type() == TargetType.OPERATION_WITH_WEIGHTS;
  }

  /** The name NNCF gives the FakeQuantize inserted here, e.g. {@code Conv/fq_weights_1}. */
  public String fakeQuantizeName() {
    return fakeQuantizeName(target);
  }

  /** NNCF's insertion name for {@code target}: {@code node/fq_input_p}, {@code node/fq_output_p} or {@code node/fq_weights_p}. */
  public static String fakeQuantizeName(TargetPoint target) {
    return target.nodeName() + switch (target.type()) {
      case PRE_LAYER_OPERATION -> "/fq_input_";
      case POST_LAYER_OPERATION -> "/fq_output_";
      case OPERATION_WITH_WEIGHTS -> "/fq_weights_";
    } + target.port();
  }
}
