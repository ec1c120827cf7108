package dev.jvino.ir;

/**
 * An edit or a built node that would make the graph invalid: incompatible shapes or element types,
 * a wrong number of inputs, a missing attribute, a cycle. The message names the node.
 */
public class InvalidGraphException extends IllegalArgumentException {
  public InvalidGraphException(String message) {
    super(message);
  }
}
