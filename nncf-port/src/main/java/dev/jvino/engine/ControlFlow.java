package dev.jvino.engine;

import dev.jvino.engine.BodyPlan.InputRule;
import dev.jvino.engine.BodyPlan.Kind;
import dev.jvino.engine.BodyPlan.OutputRule;
import dev.jvino.engine.ref.OpInputException;
import dev.jvino.engine.ref.UnsupportedOpException;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.ir.InvalidGraphException;
import dev.jvino.ir.Node;
import dev.jvino.ir.SubgraphBody;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reference engine's subgraph ops: TensorIterator-0 ({@code opset1}), Loop-5 ({@code opset5}) and
 * If-8 ({@code opset8}). When a model is compiled, {@link ExecutionPlan} binds each such node's kernel
 * to the node ({@link #bind}): its bodies are resolved ({@link BodyPlan}) and compiled to their own
 * {@link ExecutionPlan}s then, once per node and compilation, and reused by every iteration and
 * inference; each run of a body is a fresh {@link ReferenceSession} of its plan.
 *
 * <p>If-8 runs {@code then_body} when its boolean one-element input 0 is true, else {@code else_body},
 * feeding body Parameters from the If inputs named by the branch's port map; the If outputs are the
 * branch's mapped Results. TensorIterator and Loop iterate as described in {@link SubgraphIteration}.
 */
final class ControlFlow {
  private ControlFlow() {}

  /** Adds the TensorIterator, Loop and If kernels to {@code t} (their bodies dispatch through {@code t}). */
  static void register(KernelTable t) {
    t.fallback("TensorIterator", List.of("opset1"), new Kernel(t, Kind.TENSOR_ITERATOR));
    t.fallback("Loop", List.of("opset5"), new Kernel(t, Kind.LOOP));
    t.fallback("If", List.of("opset8"), new Kernel(t, Kind.IF));
  }

  /**
   * {@code k} itself, or, if it is one of these kernels, a kernel for node {@code n} alone holding its
   * compiled bodies: a malformed port map or an unsupported op inside a body fails here, when the outer
   * model is compiled.
   */
  static NodeKernel bind(NodeKernel k, Node n) {
    return k instanceof Kernel s ? s.bind(n) : k;
  }

  /** The table's kernel: binds to the node it is given (compiling its bodies) when run unbound. */
  private record Kernel(KernelTable table, Kind kind) implements NodeKernel {
    Bound bind(Node n) {
      return new Bound(kind, n, bodies(kind, n, table));
    }

    @Override
    public List<NdArray> run(Node node, List<NdArray> inputs) {
      return bind(node).run(node, inputs);
    }
  }

  /**
   * The kernel of one subgraph node with its compiled bodies: [body], or [then_body, else_body].
   */
  record Bound(Kind kind, Node node, List<BodyPlan> bodies) implements NodeKernel {
    @Override
    public List<NdArray> run(Node n, List<NdArray> inputs) {
      if (n != node) {
        throw new IllegalStateException(BodyPlan.where(node) + ": kernel bound to another node: " + n);
      }
      return switch (kind) {
        case TENSOR_ITERATOR, LOOP -> SubgraphIteration.run(kind, n, bodies.get(0), inputs);
        case IF -> runIf(n, bodies, inputs);
      };
    }
  }

  /** Resolves and compiles the bodies of {@code n}: [body], or [then_body, else_body]. */
  private static List<BodyPlan> bodies(Kind kind, Node n, KernelTable table) {
    List<String> tags = kind == Kind.IF ? List.of("then_body", "else_body") : List.of("body");
    if (n.bodies().size() != tags.size()) {
      throw new InvalidGraphException(BodyPlan.where(n) + ": has " + n.bodies().size() + " bodies, expected "
          + tags);
    }
    List<BodyPlan> built = new ArrayList<>();
    for (String tag : tags) {
      SubgraphBody found = null;
      for (SubgraphBody b : n.bodies()) {
        if (b.bodyTag().equals(tag)) {
          found = b;
        }
      }
      if (found == null) {
        throw new InvalidGraphException(BodyPlan.where(n) + ": has no <" + tag + "> (its bodies: "
            + n.bodies().stream().map(SubgraphBody::bodyTag).toList() + ")");
      }
      built.add(BodyPlan.resolve(kind, n, found, table));
    }
    return List.copyOf(built);
  }

  private static List<NdArray> runIf(Node op, List<BodyPlan> branches, List<NdArray> in) {
    NdArray c = in.get(0);
    if (c.storage() != Storage.BOOL || c.size() != 1) {
      throw new OpInputException(Kind.IF.op, 0, "the condition must be a boolean scalar or one-element tensor, got "
          + c.type() + " " + Arrays.toString(c.shape()));
    }
    BodyPlan chosen = c.booleans()[0] ? branches.get(0) : branches.get(1);
    NdArray[] values = new NdArray[chosen.backEdge().length];
    for (InputRule r : chosen.inputs()) {
      values[r.parameter()] = in.get(r.external());
    }
    List<NdArray> out = runBody(op, chosen, values, -1);
    List<NdArray> result = new ArrayList<>();
    for (OutputRule r : chosen.outputs()) {
      result.add(out.get(r.result()));
    }
    return result;
  }

  /** One run of a body on the given Parameter values (in Parameter order); its Result values in order. */
  static List<NdArray> runBody(Node op, BodyPlan bp, NdArray[] values, long iteration) {
    try {
      return new ReferenceSession(bp.plan()).infer(Arrays.asList(values)).values();
    } catch (UnsupportedOpException e) {
      String reason = e.getMessage().startsWith(e.op() + ": ") ? e.getMessage().substring(e.op().length() + 2)
          : e.getMessage();
      throw new UnsupportedOpException(e.op(), "in " + bp.tag() + " of " + BodyPlan.where(op) + ": " + reason);
    } catch (NodeExecutionException | EngineInputException | SubgraphExecutionException e) {
      throw new SubgraphExecutionException(op, bp.tag(), iteration, e);
    }
  }
}
