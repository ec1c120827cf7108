package dev.jvino.nncf.statistics;

/** Where a statistic is taken, as NNCF's {@code TargetType}. */
public enum TargetType {
  /** An input of the node (the tensor on its input port). */
  PRE_LAYER_OPERATION,
  /** An output of the node. */
  POST_LAYER_OPERATION,
  /** The weight input of the node (also the tensor on an input port). */
  OPERATION_WITH_WEIGHTS
}
