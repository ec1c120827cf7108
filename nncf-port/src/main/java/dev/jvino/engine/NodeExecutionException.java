package dev.jvino.engine;

import dev.jvino.ir.Node;

/**
 * A kernel failed while the reference engine ran a node; the message names the node (type, opset and
 * friendly name) and the cause is the kernel's own typed exception.
 */
public final class NodeExecutionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String nodeName;

  public NodeExecutionException(Node node, RuntimeException cause) {
    super(node.type() + "-" + node.version() + " '" + node.name() + "': " + cause.getMessage(), cause);
    this.nodeName = node.name();
  }

  /** The friendly name of the node that failed. */
  public String nodeName() {
    return nodeName;
  }
}
