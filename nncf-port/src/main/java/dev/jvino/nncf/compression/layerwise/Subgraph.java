package dev.jvino.nncf.compression.layerwise;

import dev.jvino.ir.Input;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stand-alone copy of the part of a model that computes some tensors from other, already known tensors
 * (the boundary): each boundary tensor becomes a Parameter of the copy, each wanted tensor a Result, and
 * every node in between is copied (constants share their data, so the copy sees the model's weights as
 * they are when it is built). The original model is not changed.
 *
 * @param model the extracted model
 * @param inputs the boundary tensors, in the order of the copy's Parameters
 * @param computed the original nodes the copy evaluates (not counting copied constant subgraphs)
 */
record Subgraph(Model model, List<Output> inputs, Set<Node> computed) {

  /**
   * Extracts the nodes needed for {@code wanted}, stopping at the tensors of {@code known} and at nodes
   * that do not depend on the model inputs ({@code dataDependent} says which do; the others, constants
   * and their subgraphs, are copied as they are).
   *
   * @throws IllegalStateException if a needed Parameter's tensor is not known
   */
  static Subgraph extract(String name, List<Output> wanted, Set<Output> known, Set<Node> dataDependent) {
    Map<Node, Node> copies = new IdentityHashMap<>();
    Map<Output, Node> params = new IdentityHashMap<>();
    List<Output> inputs = new ArrayList<>();
    Set<Node> computed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    List<Node> results = new ArrayList<>();
    for (Output w : wanted) {
      Output c = copyOf(w, known, dataDependent, copies, params, inputs, computed);
      results.add(Ops.result(c));
    }
    List<Node> paramNodes = inputs.stream().map(params::get).toList();
    return new Subgraph(new Model(name, paramNodes, results), List.copyOf(inputs), computed);
  }

  /** The copy of tensor {@code o}: a new Parameter for a known tensor, else the output of the copied node. */
  private static Output copyOf(Output o, Set<Output> known, Set<Node> dataDependent, Map<Node, Node> copies,
      Map<Output, Node> params, List<Output> inputs, Set<Node> computed) {
    if (known.contains(o)) {
      Node p = params.get(o);
      if (p == null) {
        p = Ops.parameter("layerwise_input_" + inputs.size(), o.elementType(), o.shape());
        params.put(o, p);
        inputs.add(o);
      }
      return p.output();
    }
    Node n = o.node();
    Node copy = copies.get(n);
    if (copy == null) {
      if (dataDependent.contains(n) && n.inputs().isEmpty()) {
        throw new IllegalStateException("layer-wise engine: no value for " + o + " (" + n + ")");
      }
      // iterative post-order over the inputs, so long chains do not overflow the stack
      java.util.ArrayDeque<Node> stack = new java.util.ArrayDeque<>();
      stack.push(n);
      while (!stack.isEmpty()) {
        Node top = stack.peek();
        if (copies.containsKey(top)) {
          stack.pop();
          continue;
        }
        boolean ready = true;
        for (Input in : top.inputs()) {
          Output src = in.source();
          if (!known.contains(src) && !copies.containsKey(src.node())) {
            if (dataDependent.contains(src.node()) && src.node().inputs().isEmpty()) {
              throw new IllegalStateException("layer-wise engine: no value for " + src + " (" + src.node() + ")");
            }
            stack.push(src.node());
            ready = false;
          }
        }
        if (ready) {
          stack.pop();
          List<Output> ins = new ArrayList<>();
          for (Input in : top.inputs()) {
            Output src = in.source();
            ins.add(known.contains(src) ? copyOf(src, known, dataDependent, copies, params, inputs, computed)
                : copies.get(src.node()).output(src.index()));
          }
          copies.put(top, copyNode(top, ins));
          if (dataDependent.contains(top)) {
            computed.add(top);
          }
        }
      }
      copy = copies.get(n);
    }
    return copy.output(o.index());
  }

  /** A copy of {@code n} reading {@code inputs}: same type, name, attributes, constant and bodies. */
  private static Node copyNode(Node n, List<Output> inputs) {
    Node c = new Node(n.type(), n.version(), n.name(), inputs);
    c.attributes().putAll(n.attributes());
    c.rtInfo().addAll(n.rtInfo());
    n.constant().ifPresent(c::setConstant);
    for (Output o : n.outputs()) {
      Output co = o.index() < c.outputs().size() ? c.output(o.index()) : c.addOutput(o.elementType(), o.shape());
      co.setType(o.elementType(), o.shape());
    }
    // subgraph bodies are only read by the engine: the copy shares them
    c.bodies().addAll(n.bodies());
    return c;
  }
}
