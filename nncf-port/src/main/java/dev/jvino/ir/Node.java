package dev.jvino.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An operation in a {@link Model}: op type (OpenVINO's class name, e.g. {@code Constant},
 * {@code Relu}, {@code Softmax}; IR spellings like {@code Const} are translated by the reader and
 * writer), opset version ({@code opset1}...), typed {@link Attributes}, inputs and outputs, rt_info,
 * the value of a Constant, and the bodies of subgraph ops.
 *
 * <p>Create nodes with {@link Ops}; the reader creates them from the IR.
 */
public final class Node {
  private String name;
  private final String type;
  private String version;
  private final Attributes attributes;
  private final RtInfo rtInfo = new RtInfo();
  private final List<Input> inputs = new ArrayList<>();
  private final List<Output> outputs = new ArrayList<>();
  private final List<SubgraphBody> bodies = new ArrayList<>();
  private @Nullable ConstantData constant;
  private long sourceId = -1;

  /**
   * A node with the given inputs and no outputs yet (add them with {@link #addOutput}).
   * Prefer {@link Ops}, which infers outputs.
   */
  public Node(String type, String version, String name, List<Output> inputs) {
    if (type.isBlank() || version.isBlank()) {
      throw new InvalidGraphException("node '" + name + "' needs a type and an opset version");
    }
    this.type = type;
    this.version = version;
    this.name = name;
    this.attributes = new Attributes(this);
    for (Output o : inputs) {
      this.inputs.add(new Input(this, this.inputs.size(), o));
    }
  }

  /** The op type, as OpenVINO names its class ({@code Constant}, {@code MatMul}, ...). */
  public String type() {
    return type;
  }

  /** Whether the type is {@code t} (case-insensitive, as OpenVINO's opset lookup). */
  public boolean is(String t) {
    return type.equalsIgnoreCase(t);
  }

  /** The opset the op version belongs to, e.g. {@code opset8}, or {@code extension}. */
  public String version() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  /** The friendly name (the IR's layer name). */
  public String name() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Attributes attributes() {
    return attributes;
  }

  public RtInfo rtInfo() {
    return rtInfo;
  }

  public List<Input> inputs() {
    return Collections.unmodifiableList(inputs);
  }

  public Input input(int i) {
    if (i < 0 || i >= inputs.size()) {
      throw new InvalidGraphException(this + " has no input " + i + " (it has " + inputs.size() + ")");
    }
    return inputs.get(i);
  }

  public List<Output> outputs() {
    return Collections.unmodifiableList(outputs);
  }

  public Output output(int i) {
    if (i < 0 || i >= outputs.size()) {
      throw new InvalidGraphException(this + " has no output " + i + " (it has " + outputs.size() + ")");
    }
    return outputs.get(i);
  }

  /** The single output. @throws InvalidGraphException if the node has not exactly one */
  public Output output() {
    if (outputs.size() != 1) {
      throw new InvalidGraphException(this + " has " + outputs.size() + " outputs, not one");
    }
    return outputs.get(0);
  }

  /** The node feeding input {@code i}. */
  public Node inputNode(int i) {
    return input(i).source().node();
  }

  /** Appends an output port. */
  public Output addOutput(ElementType type, PartialShape shape) {
    Output o = new Output(this, outputs.size(), type, shape);
    outputs.add(o);
    return o;
  }

  /** Appends an input port reading {@code source}. */
  public Input addInput(Output source) {
    Input in = new Input(this, inputs.size(), source);
    inputs.add(in);
    return in;
  }

  /** Disconnects every input (used when the node is removed from a graph). */
  void detachInputs() {
    for (Input in : inputs) {
      in.detach();
    }
  }

  /** The value of a Constant, if this is one. */
  public Optional<ConstantData> constant() {
    return Optional.ofNullable(constant);
  }

  /** The value of a Constant. @throws InvalidGraphException if this node is not a constant */
  public ConstantData constantData() {
    if (constant == null) {
      throw new InvalidGraphException(this + " is not a Constant");
    }
    return constant;
  }

  /**
   * Sets a Constant's value; its output type and shape follow. Consumers are not re-inferred here
   * ({@link Model#setConstant} does that).
   */
  public void setConstant(ConstantData data) {
    if (!is("Constant")) {
      throw new InvalidGraphException(this + " is not a Constant");
    }
    this.constant = data;
    if (outputs.isEmpty()) {
      addOutput(data.elementType(), data.partialShape());
    } else {
      outputs.get(0).setType(data.elementType(), data.partialShape());
    }
  }

  /** Subgraph bodies (TensorIterator, Loop, If), in file order. */
  public List<SubgraphBody> bodies() {
    return bodies;
  }

  /** The layer id this node had in the file it was read from, or -1. */
  public long sourceId() {
    return sourceId;
  }

  public void setSourceId(long id) {
    this.sourceId = id;
  }

  /** The number of outputs consumed by at least one input. */
  public boolean hasConsumers() {
    return outputs.stream().anyMatch(o -> !o.consumers.isEmpty());
  }

  @Override
  public String toString() {
    return type + " '" + name + "'" + (sourceId >= 0 ? " (id " + sourceId + ")" : "");
  }
}
