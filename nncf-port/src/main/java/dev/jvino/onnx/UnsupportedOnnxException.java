package dev.jvino.onnx;

import org.jspecify.annotations.Nullable;

/**
 * A valid ONNX model that jvino's converter cannot express: an operator (or operator domain, or
 * attribute combination) it does not map, or a non-tensor type (sequence, map, optional). The message
 * names the operator and node and suggests OpenVINO's own converter ({@code ovc}).
 */
public final class UnsupportedOnnxException extends RuntimeException {
  private final @Nullable String opType;
  private final @Nullable String nodeName;

  UnsupportedOnnxException(String message) {
    super(message + "; convert this model with OpenVINO's converter (ovc model.onnx) instead");
    this.opType = null;
    this.nodeName = null;
  }

  UnsupportedOnnxException(String opType, String nodeName, String reason) {
    super("ONNX operator " + opType + " (node '" + nodeName + "') is not supported by jvino's converter: "
        + reason + "; convert this model with OpenVINO's converter (ovc model.onnx) instead");
    this.opType = opType;
    this.nodeName = nodeName;
  }

  /** The unsupported operator ({@code domain::Type} outside the default domain), if an operator. */
  public @Nullable String opType() {
    return opType;
  }

  /** The node's name (or its first output's when the node has none), if an operator. */
  public @Nullable String nodeName() {
    return nodeName;
  }
}
