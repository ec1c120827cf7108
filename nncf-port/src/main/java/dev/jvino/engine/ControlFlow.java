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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The reference engine's subgraph ops: TensorIterator-1 ({@code opset1}), Loop-5 ({@code opset5}) and
 * If-8 ({@code opset8}). Each body is resolved ({@link BodyPlan}) and compiled to an
 * {@link ExecutionPlan} once per node, when the outer model is compiled, and reused by every iteration
 * and inference; each run of a body is a fresh {@link ReferenceSession} of that plan.
 *
 * <p>If-8 runs {@code then_body} when its boolean one-element input 0 is true, else {@code else_body},
 * feeding body Parameters from the If inputs named by the branch's port map; the If outputs are the
 * branch's mapped Results. TensorIterator and Loop iterate as described in {@link SubgraphIteration}.
 */
final class ControlFlow {
  private final KernelTable table;
  private final Map<Node, List<BodyPlan>> plans = Collections.synchronizedMap(new WeakHashMap<>());

  private ControlFlow(KernelTable table) {
    this.table = table;
  }

  /** Adds the TensorIterator, Loop and If kernels to {@code t} (their bodies dispatch through {@code t}). */
  static void register(KernelTable t) {
    ControlFlow cf = new ControlFlow(t);
    t.fallback("TensorIterator", List.of("opset1"), new Kernel(cf, Kind.TENSOR_ITERATOR));
    t.fallback("Loop", List.of("opset5"), new Kernel(cf, Kind.LOOP));
    t.fallback("If", List.of("opset8"), new Kernel(cf, Kind.IF));
  }

  /**
   * Resolves and compiles the bodies of {@code n} now if {@code k} is one of these kernels, so that a
   * malformed port map or an unsupported op inside a body fails when the outer model is compiled.
   */
  static void prepare(NodeKernel k, Node n) {
    if (k instanceof Kernel s) {
      s.owner().bodies(s.kind(), n);
    }
  }

  /** The compiled bodies of {@code n} if {@code k} is one of these kernels and has compiled them (for tests). */
  static @org.jspecify.annotations.Nullable List<BodyPlan> compiledBodies(NodeKernel k, Node n) {
    return k instanceof Kernel s ? s.owner().plans.get(n) : null;
  }

  private record Kernel(ControlFlow owner, Kind kind) implements NodeKernel {
    @Override
    public List<NdArray> run(Node node, List<NdArray> inputs) {
      List<BodyPlan> b = owner.bodies(kind, node);
      return switch (kind) {
        case TENSOR_ITERATOR, LOOP -> SubgraphIteration.run(kind, node, b.get(0), inputs);
        case IF -> runIf(node, b, inputs);
      };
    }
  }

  /** The bodies of {@code n}, resolved and compiled on first use: [body], or [then_body, else_body]. */
  List<BodyPlan> bodies(Kind kind, Node n) {
    List<BodyPlan> p = plans.get(n);
    if (p != null) {
      return p;
    }
    List<String> tags = kind == Kind.IF ? List.of("then_body", "else_body") : List.of("body");
    List<BodyPlan> built = new ArrayList<>();
    for (String tag : tags) {
      SubgraphBody found = null;
      for (SubgraphBody b : n.bodies()) {
        if (b.bodyTag().equals(tag)) {
          if (found != null) {
            throw new InvalidGraphException(BodyPlan.where(n) + ": has two <" + tag + "> elements");
          }
          found = b;
        }
      }
      if (found == null) {
        throw new InvalidGraphException(BodyPlan.where(n) + ": has no <" + tag + ">");
      }
      built.add(BodyPlan.resolve(kind, n, found, table));
    }
    if (n.bodies().size() != tags.size()) {
      throw new InvalidGraphException(BodyPlan.where(n) + ": has " + n.bodies().size() + " bodies, expected "
          + tags);
    }
    List<BodyPlan> done = List.copyOf(built);
    List<BodyPlan> prev = plans.putIfAbsent(n, done);
    return prev != null ? prev : done;
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
