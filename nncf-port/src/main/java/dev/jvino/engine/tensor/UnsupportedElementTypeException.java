package dev.jvino.engine.tensor;

import dev.jvino.ir.ElementType;

/** An {@link NdArray} was asked to hold, or an operation to handle, an element type it does not support. */
public final class UnsupportedElementTypeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ElementType type;

  public UnsupportedElementTypeException(ElementType type) {
    this(type, "element type " + type + " is not supported by the engine's arrays");
  }

  public UnsupportedElementTypeException(ElementType type, String message) {
    super(message);
    this.type = type;
  }

  /** The offending element type. */
  public ElementType type() {
    return type;
  }
}
