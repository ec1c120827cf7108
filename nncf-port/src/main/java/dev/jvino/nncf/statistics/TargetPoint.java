package dev.jvino.nncf.statistics;

import java.util.Objects;

/**
 * A tensor of a model that statistics are collected on: an input port ({@link TargetType#PRE_LAYER_OPERATION},
 * {@link TargetType#OPERATION_WITH_WEIGHTS}) or an output port ({@link TargetType#POST_LAYER_OPERATION}) of
 * the node with friendly name {@code nodeName}.
 */
public record TargetPoint(TargetType type, String nodeName, int port) {
  public TargetPoint {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(nodeName, "nodeName");
    if (port < 0) {
      throw new IllegalArgumentException("target point port must be >= 0, not " + port);
    }
  }

  /** Input {@code port} of {@code node}. */
  public static TargetPoint preLayer(String node, int port) {
    return new TargetPoint(TargetType.PRE_LAYER_OPERATION, node, port);
  }

  /** Output {@code port} of {@code node}. */
  public static TargetPoint postLayer(String node, int port) {
    return new TargetPoint(TargetType.POST_LAYER_OPERATION, node, port);
  }

  /** Weight input {@code port} of {@code node}. */
  public static TargetPoint weights(String node, int port) {
    return new TargetPoint(TargetType.OPERATION_WITH_WEIGHTS, node, port);
  }
}
