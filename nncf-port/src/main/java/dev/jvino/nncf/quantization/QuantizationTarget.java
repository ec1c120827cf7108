package dev.jvino.nncf.quantization;

import java.util.Objects;

/**
 * One place in the graph: a node (by its IR name, which is NNCF's node name), the kind of attachment,
 * and the port (an input port for {@link TargetType#PRE_LAYER_OPERATION} and
 * {@link TargetType#OPERATION_WITH_WEIGHTS}, an output port for {@link TargetType#POST_LAYER_OPERATION}).
 */
public record QuantizationTarget(String nodeName, TargetType type, int port) {
  public QuantizationTarget {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(type, "type");
    if (port < 0) {
      throw new IllegalArgumentException("port must be >= 0 for " + nodeName + ", got " + port);
    }
  }

  /** The name NNCF gives the FakeQuantize inserted here, e.g. {@code Conv/fq_weights_1}. */
  public String fakeQuantizeName() {
    return nodeName + switch (type) {
      case PRE_LAYER_OPERATION -> "/fq_input_";
      case POST_LAYER_OPERATION -> "/fq_output_";
      case OPERATION_WITH_WEIGHTS -> "/fq_weights_";
    } + port;
  }
}
