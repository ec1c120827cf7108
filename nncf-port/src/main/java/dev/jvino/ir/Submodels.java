package dev.jvino.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Cuts a piece out of a model, as NNCF's OpenVINO model builder does for bias correction and the
 * layer-wise algorithms: chosen input ports become new Parameters, chosen output ports feed new Results,
 * and everything those Results need (constants, decompression and FakeQuantize subgraphs) comes along.
 * The source model is not changed; the piece is built from a deep copy.
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
    Model copy = Models.copy(model);
    List<Node> params = new ArrayList<>();
    for (PortRef in : inputs) {
      Node n = node(copy, in);
      if (in.port() >= n.inputs().size()) {
        throw new InvalidGraphException("node '" + in.node() + "' has no input port " + in.port());
      }
      Input port = n.input(in.port());
      Node p = Ops.parameter(in.node() + "." + in.port(), port.elementType(), port.shape());
      port.connect(p.output());
      params.add(p);
    }
    List<Node> results = new ArrayList<>();
    for (PortRef out : outputs) {
      Node n = node(copy, out);
      if (out.port() >= n.outputs().size()) {
        throw new InvalidGraphException("node '" + out.node() + "' has no output port " + out.port());
      }
      results.add(Ops.result(n.output(out.port())));
    }
    Set<Node> own = Collections.newSetFromMap(new IdentityHashMap<>());
    own.addAll(params);
    for (Node n : Model.topologicalOrder(results)) {
      if (n.is("Parameter") && !own.contains(n)) {
        throw new InvalidGraphException("the submodel of " + model.name() + " between " + inputs + " and " + outputs
            + " still reads model input '" + n.name() + "'");
      }
    }
    return new Model(model.name() + "_submodel", params, results);
  }

  private static Node node(Model m, PortRef ref) {
    return m.node(ref.node()).orElseThrow(
        () -> new InvalidGraphException("model " + m.name() + " has no node named '" + ref.node() + "'"));
  }
}
