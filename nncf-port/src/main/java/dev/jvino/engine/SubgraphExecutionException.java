package dev.jvino.engine;

import dev.jvino.ir.Node;

/**
 * A body of a TensorIterator, Loop or If failed while the reference engine ran it. The message names
 * the subgraph layer (type, opset, friendly name), the body ({@code body}, {@code then_body},
 * {@code else_body}) and the iteration; the cause is the body node's own error (typically a
 * {@link NodeExecutionException} naming the body node, or an {@link EngineInputException} when a value
 * does not fit a body Parameter).
 */
public final class SubgraphExecutionException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String nodeName;
  private final String body;
  private final long iteration;

  /**
   * @param op the TensorIterator, Loop or If node
   * @param body the body's IR element name
   * @param iteration the zero-based iteration, or -1 for If
   * @param cause the body's error
   */
  public SubgraphExecutionException(Node op, String body, long iteration, RuntimeException cause) {
    super(op.type() + "-" + op.version() + " '" + op.name() + "': " + body
        + (iteration >= 0 ? ", iteration " + iteration : "") + ": " + cause.getMessage(), cause);
    this.nodeName = op.name();
    this.body = body;
    this.iteration = iteration;
  }

  /** The friendly name of the subgraph layer. */
  public String nodeName() {
    return nodeName;
  }

  /** The body that failed: {@code body}, {@code then_body} or {@code else_body}. */
  public String body() {
    return body;
  }

  /** The zero-based iteration that failed (-1 for If). */
  public long iteration() {
    return iteration;
  }
}
