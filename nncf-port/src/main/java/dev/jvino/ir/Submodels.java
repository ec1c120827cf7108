package dev.jvino.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cuts a piece out of a model, as NNCF's OpenVINO model builder does for bias correction and the
 * layer-wise algorithms: chosen input ports become new Parameters, chosen output ports feed new Results,
 * and everything those Results need (constants, decompression and FakeQuantize subgraphs) comes along.
 * The source model is not changed; only the nodes the outputs need are copied.
 */
public final class Submodels {
  private Submodels() {}

  /** An input port ({@code port} of node {@code node}'s inputs) or an output port, by node name. */
  public record PortRef(String node, int port) {
    public PortRef {
      Objects.requireNonNull(node, "node");
      if (port < 0) {
        throw new IllegalArgumentException("port must be >= 0 for " + node + ", got " + port);
      }
    }
  }

  /**
   * The submodel whose Parameters replace the tensors arriving at {@code inputs} (one Parameter per
   * input port, named {@code <node>.<port>}, typed and shaped like the port) and whose Results read
   * {@code outputs}.
   *
   * @throws InvalidGraphException if a named node or port does not exist, or if the outputs still depend
   *     on a Parameter of the source model that the cut does not replace
   */
  public static Model extract(Model model, List<PortRef> inputs, List<PortRef> outputs) {
    Map<String, Node> byName = model.byName();
    Map<Input, Node> cut = new IdentityHashMap<>();
    List<Node> params = new ArrayList<>();
    for (PortRef in : inputs) {
      Node n = node(model, byName, in);
      if (in.port() >= n.inputs().size()) {
        throw new InvalidGraphException("node '" + in.node() + "' has no input port " + in.port());
      }
      Input port = n.input(in.port());
      Node p = Ops.parameter(in.node() + "." + in.port(), port.elementType(), port.shape());
      cut.put(port, p);
      params.add(p);
    }
    List<Output> wanted = new ArrayList<>();
    for (PortRef out : outputs) {
      Node n = node(model, byName, out);
      if (out.port() >= n.outputs().size()) {
        throw new InvalidGraphException("node '" + out.node() + "' has no output port " + out.port());
      }
      wanted.add(n.output(out.port()));
    }
    // copy only what the outputs need, in dependency order, reading the new Parameters at the cut ports
    Map<Node, Node> copies = new IdentityHashMap<>();
    Deque<Node> stack = new ArrayDeque<>();
    for (Output w : wanted) {
      stack.push(w.node());
    }
    while (!stack.isEmpty()) {
      Node n = stack.peek();
      if (copies.containsKey(n)) {
        stack.pop();
        continue;
      }
      boolean ready = true;
      for (Input in : n.inputs()) {
        Node dep = in.source().node();
        if (!cut.containsKey(in) && !copies.containsKey(dep)) {
          ready = false;
          stack.push(dep);
        }
      }
      if (!ready) {
        continue;
      }
      stack.pop();
      if (n.is("Parameter")) {
        throw new InvalidGraphException("the submodel of " + model.name() + " between " + inputs + " and " + outputs
            + " still reads model input '" + n.name() + "'");
      }
      List<Output> ins = new ArrayList<>();
      for (Input in : n.inputs()) {
        Node p = cut.get(in);
        ins.add(p != null ? p.output() : copies.get(in.source().node()).output(in.source().index()));
      }
      copies.put(n, Models.copyNode(n, ins));
    }
    List<Node> results = new ArrayList<>();
    for (Output w : wanted) {
      results.add(Ops.result(copies.get(w.node()).output(w.index())));
    }
    return new Model(model.name() + "_submodel", params, results);
  }

  private static Node node(Model m, Map<String, Node> byName, PortRef ref) {
    Node n = byName.get(ref.node());
    if (n == null) {
      throw new InvalidGraphException("model " + m.name() + " has no node named '" + ref.node() + "'");
    }
    return n;
  }
}
