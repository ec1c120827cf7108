package dev.jvino.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An output port of a {@link Node}: the tensor it produces (element type, partial shape, tensor
 * names), its port-level rt_info, and the inputs that consume it, in the order they were connected.
 */
public final class Output {
  private final Node node;
  private final int index;
  private ElementType elementType;
  private PartialShape shape;
  private final Set<String> names = new LinkedHashSet<>();
  private final RtInfo rtInfo = new RtInfo();
  final List<Input> consumers = new ArrayList<>();

  Output(Node node, int index, ElementType elementType, PartialShape shape) {
    this.node = node;
    this.index = index;
    this.elementType = elementType;
    this.shape = shape;
  }

  public Node node() {
    return node;
  }

  public int index() {
    return index;
  }

  public ElementType elementType() {
    return elementType;
  }

  public PartialShape shape() {
    return shape;
  }

  /** Sets type and shape (inference and the reader use this; edits go through {@link Model}). */
  public void setType(ElementType type, PartialShape shape) {
    this.elementType = type;
    this.shape = shape;
  }

  /** The tensor names, in order (mutable: add or remove names here). */
  public Set<String> names() {
    return names;
  }

  /** The first tensor name, or the node name with the port index if it has none. */
  public String displayName() {
    return names.isEmpty() ? node.name() + ":" + index : names.iterator().next();
  }

  public RtInfo rtInfo() {
    return rtInfo;
  }

  /** The inputs fed by this output (read-only snapshot). */
  public List<Input> consumers() {
    return Collections.unmodifiableList(new ArrayList<>(consumers));
  }

  /**
   * Re-points every consumer of this output to {@code replacement}, except consumers that belong to
   * {@code replacement}'s own node (so a node inserted after this output keeps its input).
   *
   * @throws InvalidGraphException if the element types differ or the shapes are incompatible
   */
  public void replaceAllUsesWith(Output replacement) {
    if (replacement.elementType != elementType || !replacement.shape.compatible(shape)) {
      throw new InvalidGraphException("cannot replace " + this + " (" + elementType + shape
          + ") with " + replacement + " (" + replacement.elementType + replacement.shape + ")");
    }
    for (Input in : new ArrayList<>(consumers)) {
      if (in.node() != replacement.node()) {
        in.connect(replacement);
      }
    }
  }

  @Override
  public String toString() {
    return node.type() + " '" + node.name() + "' output " + index;
  }
}
