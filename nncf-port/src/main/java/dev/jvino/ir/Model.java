package dev.jvino.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A model graph: Parameters (inputs, in order), Results (outputs, in order), sinks (Assign ops that
 * have no consumers) and model-level rt_info. Its ops are the nodes reachable from the Results and
 * sinks, plus the Parameters; {@link #ops()} lists them in topological order.
 *
 * <p>Edits ({@link #replaceConsumers}, {@link #insertOnEdge}, {@link #remove}, {@link #addResult},
 * {@link #setConstant}) keep the graph valid: they check types and re-infer the outputs of known ops
 * downstream, and throw {@link InvalidGraphException} instead of leaving a broken graph behind.
 */
public final class Model {
  private String name;
  private final List<Node> parameters = new ArrayList<>();
  private final List<Node> results = new ArrayList<>();
  private final List<Node> sinks = new ArrayList<>();
  private final RtInfo rtInfo = new RtInfo();

  public Model(String name, List<Node> parameters, List<Node> results) {
    this(name, parameters, results, List.of());
  }

  public Model(String name, List<Node> parameters, List<Node> results, List<Node> sinks) {
    this.name = name;
    for (Node p : parameters) {
      requireType(p, "Parameter");
      this.parameters.add(p);
    }
    for (Node r : results) {
      requireType(r, "Result");
      this.results.add(r);
    }
    this.sinks.addAll(sinks);
  }

  private static void requireType(Node n, String type) {
    if (!n.is(type)) {
      throw new InvalidGraphException(n + " is not a " + type);
    }
  }

  public String name() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  /** Model-level rt_info. */
  public RtInfo rtInfo() {
    return rtInfo;
  }

  /** The Parameter nodes, in input order (read-only). */
  public List<Node> parameters() {
    return Collections.unmodifiableList(parameters);
  }

  /** The Result nodes, in output order (read-only). */
  public List<Node> results() {
    return Collections.unmodifiableList(results);
  }

  /** Sink ops (Assign), in order (read-only). */
  public List<Node> sinks() {
    return Collections.unmodifiableList(sinks);
  }

  /** The model inputs: each Parameter's output. */
  public List<Output> inputs() {
    return parameters.stream().map(Node::output).toList();
  }

  /** The model outputs: the tensor each Result reads. */
  public List<Output> outputs() {
    return results.stream().map(r -> r.input(0).source()).toList();
  }

  /**
   * All ops in topological order (producers before consumers), in the same order as OpenVINO's
   * {@code Model::get_ordered_ops()}: the roots (Results, then sinks, then Parameters) are pushed on
   * a stack, and each node's inputs are pushed last-to-first, so the first input is explored first.
   *
   * @throws InvalidGraphException if the graph has a cycle
   */
  public List<Node> ops() {
    List<Node> roots = new ArrayList<>(results);
    roots.addAll(sinks);
    roots.addAll(parameters);
    return topologicalOrder(roots);
  }

  /** Topological order of everything reachable from {@code roots} through inputs (see {@link #ops}). */
  public static List<Node> topologicalOrder(List<Node> roots) {
    Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());
    Map<Node, Integer> visits = new IdentityHashMap<>();
    List<Node> order = new ArrayList<>();
    Deque<Node> stack = new ArrayDeque<>();
    for (Node root : roots) {
      stack.push(root);
    }
    while (!stack.isEmpty()) {
      Node n = stack.peek();
      if (done.contains(n)) {
        stack.pop();
        continue;
      }
      if (visits.merge(n, 1, Integer::sum) > 2) {
        throw new InvalidGraphException("cycle through " + n);
      }
      boolean ready = true;
      List<Input> ins = n.inputs();
      for (int i = ins.size() - 1; i >= 0; i--) {
        Node dep = ins.get(i).source().node();
        if (!done.contains(dep)) {
          ready = false;
          stack.push(dep);
        }
      }
      if (ready) {
        order.add(n);
        stack.pop();
        done.add(n);
      }
    }
    return order;
  }

  /**
   * The ops in the order of OpenVINO's {@code Model::get_ops()} (and Python {@code model.get_ops()}):
   * a depth-first pre-order walk from a stack holding the Results, sinks and Parameters (so the last
   * Parameter comes first), pushing each node's inputs in port order. Not a topological order; NNCF
   * uses it for nodes outside the inference paths ({@link NncfOrder}).
   */
  public List<Node> getOpsOrder() {
    Deque<Node> stack = new ArrayDeque<>();
    for (Node r : results) {
      stack.push(r);
    }
    for (Node s : sinks) {
      stack.push(s);
    }
    for (Node p : parameters) {
      stack.push(p);
    }
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Node> out = new ArrayList<>();
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      if (seen.add(n)) {
        out.add(n);
        for (Input in : n.inputs()) {
          stack.push(in.source().node());
        }
      }
    }
    return out;
  }

  /** The first op with this friendly name. */
  public Optional<Node> node(String friendlyName) {
    return ops().stream().filter(n -> n.name().equals(friendlyName)).findFirst();
  }

  /** The ops of a type (case-insensitive), in topological order. */
  public List<Node> nodesOfType(String type) {
    return ops().stream().filter(n -> n.is(type)).toList();
  }

  /** The output carrying tensor name {@code tensorName}. */
  public Optional<Output> tensor(String tensorName) {
    for (Node n : ops()) {
      for (Output o : n.outputs()) {
        if (o.names().contains(tensorName)) {
          return Optional.of(o);
        }
      }
    }
    return Optional.empty();
  }

  /** Appends a Parameter as the last input. */
  public void addParameter(Node parameter) {
    requireType(parameter, "Parameter");
    parameters.add(parameter);
  }

  /** Appends a Result reading {@code output} (e.g. to expose an intermediate tensor). */
  public Node addResult(Output output) {
    Node r = Ops.result(output);
    results.add(r);
    return r;
  }

  /** Appends an existing Result node. */
  public void addResultNode(Node result) {
    requireType(result, "Result");
    results.add(result);
  }

  /** Removes a Result (the model output) and disconnects it. */
  public void removeResult(Node result) {
    if (!results.remove(result)) {
      throw new InvalidGraphException(result + " is not a result of model '" + name + "'");
    }
    result.detachInputs();
  }

  /** Adds a sink (an Assign that nothing consumes). */
  public void addSink(Node sink) {
    sinks.add(sink);
  }

  /** Removes a sink. */
  public void removeSink(Node sink) {
    if (!sinks.remove(sink)) {
      throw new InvalidGraphException(sink + " is not a sink of model '" + name + "'");
    }
    sink.detachInputs();
  }

  /**
   * Makes every consumer of {@code old} read {@code replacement} instead (except inputs of
   * {@code replacement}'s own node).
   *
   * @throws InvalidGraphException if the type or shape differ
   */
  public void replaceConsumers(Output old, Output replacement) {
    old.replaceAllUsesWith(replacement);
  }

  /**
   * Inserts a node on the edge into {@code input}: {@code make} receives the current source and
   * returns the new node, whose single output then feeds {@code input}. Downstream outputs are
   * re-inferred.
   *
   * @return the inserted node
   */
  public Node insertOnEdge(Input input, Function<Output, Node> make) {
    Node inserted = make.apply(input.source());
    input.connect(inserted.output());
    reinferFrom(List.of(input.node()));
    return inserted;
  }

  /**
   * Removes a node whose outputs nobody consumes (its inputs are disconnected). Results and sinks are
   * removed from their lists.
   *
   * @throws InvalidGraphException if some output still has consumers
   */
  public void remove(Node node) {
    if (node.hasConsumers()) {
      throw new InvalidGraphException(node + " still has consumers");
    }
    results.remove(node);
    sinks.remove(node);
    parameters.remove(node);
    node.detachInputs();
  }

  /**
   * Removes a one-input, one-output node by connecting its consumers to its input's source.
   *
   * @throws InvalidGraphException if the node has another arity or changes type/shape
   */
  public void bypass(Node node) {
    if (node.outputs().size() != 1 || node.inputs().isEmpty()) {
      throw new InvalidGraphException(node + " cannot be bypassed: needs one output and an input");
    }
    node.output().replaceAllUsesWith(node.input(0).source());
    remove(node);
  }

  /** Sets a Constant's value and re-infers its consumers. */
  public void setConstant(Node constant, ConstantData data) {
    constant.setConstant(data);
    reinferFrom(constant.output().consumers().stream().map(Input::node).toList());
  }

  /**
   * Re-infers the outputs of known ops, starting at {@code starts} and following consumers. Ops this
   * library cannot infer keep their outputs.
   *
   * @throws InvalidGraphException if inference fails
   */
  public void reinferFrom(List<Node> starts) {
    Set<Node> affected = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> work = new ArrayDeque<>(starts);
    while (!work.isEmpty()) {
      Node n = work.pop();
      if (affected.add(n)) {
        for (Output o : n.outputs()) {
          for (Input in : o.consumers) {
            work.push(in.node());
          }
        }
      }
    }
    for (Node n : ops()) {
      if (affected.contains(n)) {
        ShapeInference.apply(n);
      }
    }
  }

  /** Re-infers every known op; a quick consistency check after many edits. */
  public void validate() {
    for (Node n : ops()) {
      ShapeInference.apply(n);
    }
  }

  /** Counts ops by type, in order of first appearance. */
  public Map<String, Integer> opTypeCounts() {
    Map<String, Integer> counts = new java.util.LinkedHashMap<>();
    for (Node n : ops()) {
      counts.merge(n.type(), 1, Integer::sum);
    }
    return counts;
  }

  /** Index of ops by friendly name (first wins). */
  public Map<String, Node> byName() {
    Map<String, Node> m = new HashMap<>();
    for (Node n : ops()) {
      m.putIfAbsent(n.name(), n);
    }
    return m;
  }

  @Override
  public String toString() {
    return "Model '" + name + "' (" + parameters.size() + " inputs, " + results.size() + " outputs)";
  }
}
