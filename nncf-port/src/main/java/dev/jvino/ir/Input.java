package dev.jvino.ir;

/** An input port of a {@link Node}: which output feeds it, and its port-level rt_info. */
public final class Input {
  private final Node node;
  private final int index;
  private Output source;
  private final RtInfo rtInfo = new RtInfo();

  Input(Node node, int index, Output source) {
    this.node = node;
    this.index = index;
    this.source = source;
    source.consumers.add(this);
  }

  public Node node() {
    return node;
  }

  public int index() {
    return index;
  }

  /** The output this input reads. */
  public Output source() {
    return source;
  }

  public ElementType elementType() {
    return source.elementType();
  }

  public PartialShape shape() {
    return source.shape();
  }

  public RtInfo rtInfo() {
    return rtInfo;
  }

  /**
   * Connects this input to another output. No type check is done here; {@link Model} edits and
   * {@link Output#replaceAllUsesWith} check and re-infer.
   */
  public void connect(Output newSource) {
    source.consumers.remove(this);
    source = newSource;
    newSource.consumers.add(this);
  }

  /** Detaches this input from its source's consumer list (when the node is removed). */
  void detach() {
    source.consumers.remove(this);
  }

  @Override
  public String toString() {
    return node.type() + " '" + node.name() + "' input " + index;
  }
}
