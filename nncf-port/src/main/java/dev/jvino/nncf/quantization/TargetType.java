package dev.jvino.nncf.quantization;

/** Where on a node a quantizer (or a statistic) attaches, as NNCF's {@code TargetType}. */
public enum TargetType {
  /** On an activation input port of the node ({@code fq_input_<port>}). */
  PRE_LAYER_OPERATION,
  /** On an output port of the node ({@code fq_output_<port>}). */
  POST_LAYER_OPERATION,
  /** On the constant weight feeding an input port of the node ({@code fq_weights_<port>}). */
  OPERATION_WITH_WEIGHTS
}
