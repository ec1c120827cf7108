package dev.jvino.engine;

import dev.jvino.engine.ref.UnsupportedOpException;
import dev.jvino.ir.InvalidGraphException;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.SubgraphBody;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One body of a TensorIterator, Loop or If resolved for execution: its compiled {@link ExecutionPlan}
 * and its port map and back edges turned into indices of the body's Parameters and Results.
 *
 * <p>Port map semantics follow OpenVINO's IR reader: an input's {@code external_port_id} is the outer
 * op's input index; the outputs with {@code external_port_id >= 0}, sorted by that id, are the op's
 * outputs 0, 1, ...; an {@code axis} attribute on an input slices it (defaults {@code start=0},
 * {@code end=-1}, {@code stride=1}, {@code part_size=1}), on an output concatenates the iterations'
 * values; {@code purpose="current_iteration"} / {@code "execution_condition"} mark Loop's special body
 * ports.
 *
 * @param tag the body's element ({@code body}, {@code then_body}, {@code else_body})
 * @param plan the body compiled once for every iteration and inference
 * @param inputs the body Parameters fed from outer inputs, by parameter index
 * @param outputs the op's outputs in order
 * @param backEdge for each body Parameter index, the Result index feeding it on the next iteration, or -1
 * @param currentIteration the Loop's current-iteration Parameter index, or -1
 * @param condition the Loop's execution-condition Result index, or -1
 */
record BodyPlan(String tag, ExecutionPlan plan, List<InputRule> inputs, List<OutputRule> outputs,
    int[] backEdge, int currentIteration, int condition) {

  /** Kinds of subgraph op, with the features their port maps may use. */
  enum Kind {
    TENSOR_ITERATOR("TensorIterator-0"), LOOP("Loop-5"), IF("If-8");

    final String op;

    Kind(String op) {
      this.op = op;
    }
  }

  /**
   * Slicing or concatenation along {@code axis}: window {@code i} starts at {@code start + i*stride}
   * (for a negative stride it ends there), {@code partSize} long; {@code start}/{@code end} are
   * inclusive and count from the end when negative.
   */
  record Slicing(long axis, long start, long end, long stride, long partSize) {}

  /** A body Parameter fed from outer input {@code external}, sliced when {@code slicing} is set. */
  record InputRule(int external, int parameter, @Nullable Slicing slicing) {}

  /** Op output {@code output} taken from body Result {@code result}: its last value, or all concatenated. */
  record OutputRule(int output, int result, @Nullable Slicing concat) {}

  /** Resolves body {@code b} of {@code op} and compiles it with {@code table}. */
  static BodyPlan resolve(Kind kind, Node op, SubgraphBody b, KernelTable table) {
    Model body = b.body();
    Map<Node, Integer> params = indexOf(body.parameters());
    Map<Node, Integer> results = indexOf(body.results());
    if (!body.sinks().isEmpty()) {
      throw new UnsupportedOpException(kind.op, where(op) + ": " + b.bodyTag() + " has state (ReadValue/Assign "
          + "sinks), which the reference engine does not keep across iterations");
    }
    List<InputRule> inputs = new ArrayList<>();
    int currentIteration = -1;
    int condition = -1;
    boolean[] fed = new boolean[params.size()];
    record Out(long external, int result, @Nullable Slicing concat) {}
    List<Out> outs = new ArrayList<>();
    for (SubgraphBody.PortMapping p : b.portMap()) {
      String purpose = p.extra().get("purpose");
      String entry = b.portMapTag() + " " + (p.isInput() ? "input" : "output") + " (internal layer '"
          + p.internal().name() + "')";
      if (purpose != null && kind != Kind.LOOP) {
        throw new UnsupportedOpException(kind.op, where(op) + ": " + entry + " has purpose=\"" + purpose
            + "\", which only Loop-5 defines");
      }
      @Nullable Slicing s = slicing(kind, op, entry, p.extra(), p.isInput());
      if (p.isInput()) {
        Integer idx = params.get(p.internal());
        if (idx == null) {
          throw invalid(op, entry + " does not name a Parameter of " + b.bodyTag());
        }
        if (fed[idx]) {
          throw invalid(op, entry + ": the Parameter is mapped twice");
        }
        fed[idx] = true;
        if (purpose != null) {
          if (!purpose.equals("current_iteration")) {
            throw invalid(op, entry + ": unknown input purpose \"" + purpose + "\"");
          }
          currentIteration = idx;
          continue;
        }
        long ext = p.externalPort();
        if (ext < 0 || ext >= op.inputs().size()) {
          throw invalid(op, entry + ": external_port_id " + ext + " is not one of its " + op.inputs().size()
              + " inputs");
        }
        inputs.add(new InputRule((int) ext, idx, s));
      } else {
        Integer idx = results.get(p.internal());
        if (idx == null) {
          throw invalid(op, entry + " does not name a Result of " + b.bodyTag());
        }
        if (purpose != null) {
          if (!purpose.equals("execution_condition")) {
            throw invalid(op, entry + ": unknown output purpose \"" + purpose + "\"");
          }
          condition = idx;
        }
        if (p.externalPort() >= 0) {
          outs.add(new Out(p.externalPort(), idx, s));
        }
      }
    }
    outs.sort(Comparator.comparingLong(Out::external));
    if (outs.size() != op.outputs().size()) {
      throw invalid(op, b.portMapTag() + " maps " + outs.size() + " outputs, the layer has " + op.outputs().size());
    }
    List<OutputRule> outputs = new ArrayList<>();
    for (int i = 0; i < outs.size(); i++) {
      if (i > 0 && outs.get(i).external() == outs.get(i - 1).external()) {
        throw invalid(op, b.portMapTag() + " maps external_port_id " + outs.get(i).external() + " twice");
      }
      outputs.add(new OutputRule(i, outs.get(i).result(), outs.get(i).concat()));
    }
    int[] backEdge = new int[params.size()];
    Arrays.fill(backEdge, -1);
    if (kind == Kind.IF && !b.backEdges().isEmpty()) {
      throw invalid(op, b.bodyTag() + " has back edges, which If-8 does not define");
    }
    for (SubgraphBody.BackEdge e : b.backEdges()) {
      Integer from = results.get(e.from());
      Integer to = params.get(e.to());
      if (from == null || to == null) {
        throw invalid(op, "back edge '" + e.from().name() + "' -> '" + e.to().name()
            + "' must go from a body Result to a body Parameter");
      }
      if (backEdge[to] >= 0) {
        throw invalid(op, "body Parameter '" + e.to().name() + "' has two back edges");
      }
      backEdge[to] = from;
    }
    for (InputRule r : inputs) {
      if (r.slicing() != null && backEdge[r.parameter()] >= 0) {
        throw invalid(op, "body Parameter '" + body.parameters().get(r.parameter()).name()
            + "' is both sliced and fed by a back edge");
      }
    }
    for (int i = 0; i < fed.length; i++) {
      if (!fed[i]) {
        throw invalid(op, "body Parameter '" + body.parameters().get(i).name() + "' of " + b.bodyTag()
            + " is fed by no input of the " + b.portMapTag() + (backEdge[i] >= 0 ? " (a back edge alone gives "
            + "no first value)" : ""));
      }
    }
    if (kind == Kind.LOOP && condition < 0) {
      throw invalid(op, b.portMapTag() + " has no output with purpose=\"execution_condition\"");
    }
    ExecutionPlan plan;
    try {
      plan = new ExecutionPlan(body, table);
    } catch (UnsupportedOpException e) {
      String reason = e.getMessage().startsWith(e.op() + ": ") ? e.getMessage().substring(e.op().length() + 2)
          : e.getMessage();
      throw new UnsupportedOpException(e.op(), "in " + b.bodyTag() + " of " + where(op) + ": " + reason);
    }
    return new BodyPlan(b.bodyTag(), plan, List.copyOf(inputs), List.copyOf(outputs), backEdge, currentIteration,
        condition);
  }

  private static @Nullable Slicing slicing(Kind kind, Node op, String entry, Map<String, String> a, boolean input) {
    if (!a.containsKey("axis")) {
      for (String k : List.of("start", "end", "stride", "part_size")) {
        if (a.containsKey(k)) {
          throw invalid(op, entry + " has " + k + " but no axis");
        }
      }
      return null;
    }
    if (kind == Kind.IF) {
      throw new UnsupportedOpException(kind.op, where(op) + ": " + entry + " has an axis; If-8 neither slices "
          + "nor concatenates");
    }
    long axis = integer(op, entry, a, "axis", 0);
    long start = integer(op, entry, a, "start", 0);
    long end = integer(op, entry, a, "end", -1);
    long stride = integer(op, entry, a, "stride", 1);
    long part = integer(op, entry, a, "part_size", 1);
    if (stride == 0) {
      throw invalid(op, entry + ": stride must not be 0");
    }
    if (part < 1) {
      throw invalid(op, entry + ": part_size must be at least 1, got " + part);
    }
    if (input && axis < 0) {
      throw invalid(op, entry + ": an input's axis must be non-negative, got " + axis);
    }
    return new Slicing(axis, start, end, stride, part);
  }

  private static long integer(Node op, String entry, Map<String, String> a, String key, long dflt) {
    String v = a.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw invalid(op, entry + ": " + key + "=\"" + v + "\" is not an integer");
    }
  }

  private static Map<Node, Integer> indexOf(List<Node> nodes) {
    Map<Node, Integer> m = new IdentityHashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      m.put(nodes.get(i), i);
    }
    return m;
  }

  static String where(Node op) {
    return op.type() + " '" + op.name() + "'" + (op.sourceId() >= 0 ? " (id " + op.sourceId() + ")" : "");
  }

  private static InvalidGraphException invalid(Node op, String msg) {
    return new InvalidGraphException(where(op) + ": " + msg);
  }
}
