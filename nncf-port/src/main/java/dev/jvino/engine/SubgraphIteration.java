package dev.jvino.engine;

import dev.jvino.engine.BodyPlan.InputRule;
import dev.jvino.engine.BodyPlan.Kind;
import dev.jvino.engine.BodyPlan.OutputRule;
import dev.jvino.engine.BodyPlan.Slicing;
import dev.jvino.engine.ref.OpAttributeException;
import dev.jvino.engine.ref.OpInputException;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Node;
import dev.jvino.ir.PartialShape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The iteration of TensorIterator-0 and Loop-5 bodies.
 *
 * <p>Each iteration feeds the body Parameters with: the outer input as is (inputs without {@code axis});
 * window {@code i} of a sliced input ({@code axis}, {@code start}, {@code end}, {@code stride},
 * {@code part_size}: windows of {@code part_size} along {@code axis}, the first at {@code start}, each
 * next one {@code stride} further, backwards when {@code stride < 0}, up to the inclusive {@code end};
 * negative {@code start}/{@code end} count from the end of the axis, {@code -1} being the last index);
 * the previous iteration's back-edge Result (the outer input on the first iteration); the Loop's
 * current iteration number (i32 or i64 as the Parameter is declared, scalar or {@code [1]}).
 *
 * <p>Iteration count: TensorIterator runs once per window of its sliced inputs (all must agree); with no
 * sliced input, {@code |end - start| / part_size} of its first concatenated output, as OpenVINO counts.
 * Loop runs while the iteration is below its trip count (input 0; negative means unbounded) and below
 * the sliced inputs' window count, as long as its execution condition holds: input 1 before the first
 * iteration, then the body's {@code execution_condition} Result after each one.
 *
 * <p>Outputs: an output without {@code axis} is its Result's value from the last iteration (after zero
 * iterations, the initial value of the Parameter that Result feeds through a back edge); one with
 * {@code axis} concatenates the Result's values of every iteration along that axis (scalars as
 * {@code [1]}), in reverse iteration order when its {@code stride} is negative.
 */
final class SubgraphIteration {
  private SubgraphIteration() {}

  /** Windows of a sliced input: {@code count} windows of {@code part} along {@code axis}. */
  private record Windows(int parameter, NdArray data, int axis, long first, long stride, long part, long count) {
    NdArray get(long i) {
      long offset = stride > 0 ? first + i * stride : first - i * -stride - part + 1;
      return window(data, axis, offset, part);
    }
  }

  static List<NdArray> run(Kind kind, Node op, BodyPlan bp, List<NdArray> in) {
    String name = kind.op;
    List<Node> params = bp.plan().model().parameters();
    NdArray[] values = new NdArray[params.size()];
    List<Windows> sliced = new ArrayList<>();
    long windows = -1;
    for (InputRule r : bp.inputs()) {
      NdArray x = in.get(r.external());
      if (r.slicing() == null) {
        values[r.parameter()] = x;
        continue;
      }
      Windows w = windows(name, r, x);
      if (windows >= 0 && w.count() != windows) {
        throw new OpInputException(name, r.external(), "slicing gives " + w.count() + " iterations, another sliced "
            + "input gives " + windows);
      }
      windows = w.count();
      sliced.add(w);
    }
    long iterations;
    if (kind == Kind.TENSOR_ITERATOR) {
      iterations = windows >= 0 ? windows : iterationsFromOutputs(name, op, bp);
    } else {
      long trip = tripCount(in.get(0));
      boolean first = truth(name, 1, in.get(1), "the execution condition");
      long bound = trip < 0 ? Long.MAX_VALUE : trip;
      iterations = !first ? 0 : windows >= 0 ? Math.min(bound, windows) : bound;
    }
    int cur = bp.currentIteration();
    if (cur >= 0) {
      values[cur] = iterationNumber(name, params.get(cur), 0);
    }
    NdArray[] initial = values.clone();
    List<List<NdArray>> pieces = new ArrayList<>();
    for (int k = 0; k < bp.outputs().size(); k++) {
      pieces.add(bp.outputs().get(k).concat() == null ? List.of() : new ArrayList<>());
    }
    List<NdArray> last = null;
    for (long i = 0; i < iterations; i++) {
      for (Windows w : sliced) {
        values[w.parameter()] = w.get(i);
      }
      List<NdArray> out = ControlFlow.runBody(op, bp, values, i);
      for (int k = 0; k < bp.outputs().size(); k++) {
        OutputRule r = bp.outputs().get(k);
        if (r.concat() != null) {
          pieces.get(k).add(out.get(r.result()));
        }
      }
      last = out;
      if (kind == Kind.LOOP && !truth(name, -1, out.get(bp.condition()), "the body's execution_condition Result '"
          + bp.plan().model().results().get(bp.condition()).name() + "'")) {
        break;
      }
      NdArray[] next = values.clone();
      for (int p = 0; p < next.length; p++) {
        if (bp.backEdge()[p] >= 0) {
          next[p] = out.get(bp.backEdge()[p]);
        }
      }
      if (cur >= 0 && bp.backEdge()[cur] < 0) {
        next[cur] = iterationNumber(name, params.get(cur), i + 1);
      }
      values = next;
    }
    List<NdArray> result = new ArrayList<>();
    for (int k = 0; k < bp.outputs().size(); k++) {
      OutputRule r = bp.outputs().get(k);
      if (r.concat() != null) {
        result.add(concat(name, op, bp, r, pieces.get(k)));
      } else if (last != null) {
        result.add(last.get(r.result()));
      } else {
        result.add(unchanged(name, bp, r, initial));
      }
    }
    return result;
  }

  private static Windows windows(String name, InputRule r, NdArray x) {
    Slicing s = r.slicing();
    if (s.axis() >= x.rank()) {
      throw new OpInputException(name, r.external(), "slicing axis " + s.axis() + " is out of range for shape "
          + Shapes.str(x.shape()));
    }
    int axis = (int) s.axis();
    long dim = x.dim(axis);
    long start = s.start() < 0 ? dim + s.start() : s.start();
    long end = s.end() < 0 ? dim + s.end() : s.end();
    if (start < 0 || start >= dim || end < 0 || end >= dim) {
      throw new OpInputException(name, r.external(), "slicing start " + s.start() + " / end " + s.end()
          + " fall outside axis " + axis + " of length " + dim);
    }
    long span = s.stride() > 0 ? end - start + 1 : start - end + 1;
    if (span <= 0) {
      throw new OpInputException(name, r.external(), "slicing stride " + s.stride() + " runs away from end "
          + s.end() + " (start " + s.start() + ", axis length " + dim + ")");
    }
    long count = span < s.partSize() ? 0 : (span - s.partSize()) / Math.abs(s.stride()) + 1;
    return new Windows(r.parameter(), x, axis, start, s.stride(), s.partSize(), count);
  }

  private static long iterationsFromOutputs(String name, Node op, BodyPlan bp) {
    for (OutputRule r : bp.outputs()) {
      if (r.concat() != null) {
        Slicing c = r.concat();
        return Math.abs(c.end() - c.start()) / c.partSize();
      }
    }
    throw new OpAttributeException(name, "port_map", "no axis", BodyPlan.where(op) + " has no sliced input and "
        + "no concatenated output, so its number of iterations is undefined");
  }

  private static long tripCount(NdArray t) {
    if (t.storage() != Storage.LONG || t.size() != 1) {
      throw new OpInputException(Kind.LOOP.op, 0, "the trip count must be an integer scalar or one-element tensor, "
          + "got " + t.type() + " " + Shapes.str(t.shape()));
    }
    return t.getLong(0);
  }

  private static boolean truth(String name, int input, NdArray c, String what) {
    if (c.storage() != Storage.BOOL || c.size() != 1) {
      throw new OpInputException(name, input, what + " must be a boolean scalar or one-element tensor, got "
          + c.type() + " " + Shapes.str(c.shape()));
    }
    return c.booleans()[0];
  }

  private static NdArray iterationNumber(String name, Node param, long i) {
    ElementType t = param.output().elementType();
    PartialShape ps = param.output().shape();
    long[] shape = ps.isRankStatic() && ps.rank() == 0 ? new long[0] : new long[] {1};
    return switch (t) {
      case I64, DYNAMIC -> NdArray.i64(shape, i);
      case I32 -> NdArray.i32(shape, i);
      default -> throw new OpAttributeException(name, "purpose", "current_iteration", "body Parameter '"
          + param.name() + "' is " + t + "; the current iteration must be i32 or i64");
    };
  }

  /** After zero iterations: the initial value of the Parameter the Result feeds through a back edge. */
  private static NdArray unchanged(String name, BodyPlan bp, OutputRule r, NdArray[] initial) {
    for (int p = 0; p < initial.length; p++) {
      if (bp.backEdge()[p] == r.result() && initial[p] != null) {
        return initial[p];
      }
    }
    throw new OpInputException(name, -1, "ran zero iterations, and output " + r.output() + " (body Result '"
        + bp.plan().model().results().get(r.result()).name() + "') carries no back-edge value to fall back on");
  }

  private static NdArray concat(String name, Node op, BodyPlan bp, OutputRule r, List<NdArray> parts) {
    Slicing c = r.concat();
    if (parts.isEmpty()) {
      return emptyConcat(name, bp, r);
    }
    List<NdArray> ordered = new ArrayList<>(parts.size());
    for (NdArray p : parts) {
      ordered.add(p.rank() == 0 ? p.reshape(1) : p);
    }
    if (c.stride() < 0) {
      Collections.reverse(ordered);
    }
    NdArray first = ordered.get(0);
    int rank = first.rank();
    long a = c.axis() < 0 ? c.axis() + rank : c.axis();
    if (a < 0 || a >= rank) {
      throw new OpAttributeException(name, "axis", c.axis(), "output " + r.output() + " of " + BodyPlan.where(op)
          + " concatenates values of rank " + rank);
    }
    int axis = (int) a;
    long total = 0;
    for (int i = 0; i < ordered.size(); i++) {
      NdArray p = ordered.get(i);
      boolean ok = p.type() == first.type() && p.rank() == rank;
      for (int d = 0; ok && d < rank; d++) {
        ok = d == axis || p.dim(d) == first.dim(d);
      }
      if (!ok) {
        throw new OpInputException(name, -1, "output " + r.output() + ": iteration values " + first.type() + " "
            + Shapes.str(first.shape()) + " and " + p.type() + " " + Shapes.str(p.shape())
            + " cannot be concatenated along axis " + axis);
      }
      total += p.dim(axis);
    }
    long[] shape = Shapes.with(first.shape(), axis, total);
    NdArray out = NdArray.zeros(first.type(), shape);
    int outer = Shapes.product(shape, 0, axis);
    int inner = Shapes.product(shape, axis + 1, rank);
    int rowOut = (int) total * inner;
    int offset = 0;
    for (NdArray p : ordered) {
      int rowIn = (int) p.dim(axis) * inner;
      for (int o = 0; o < outer; o++) {
        out.copyRange(p, o * rowIn, o * rowOut + offset, rowIn);
      }
      offset += rowIn;
    }
    return out;
  }

  /** A concatenation of zero iterations: the body Result's declared shape with 0 along the axis. */
  private static NdArray emptyConcat(String name, BodyPlan bp, OutputRule r) {
    Node result = bp.plan().model().results().get(r.result());
    PartialShape ps = result.input(0).shape();
    ElementType t = result.input(0).elementType();
    if (ps.isRankStatic() && t != ElementType.DYNAMIC) {
      int rank = Math.max(1, ps.rank());
      long a = r.concat().axis() < 0 ? r.concat().axis() + rank : r.concat().axis();
      long[] shape = new long[rank];
      boolean known = a >= 0 && a < rank;
      for (int d = 0; known && d < ps.rank(); d++) {
        known = d == a || ps.get(d).isStatic();
        shape[d] = d == a || !known ? 0 : ps.get(d).length();
      }
      if (known) {
        shape[(int) a] = 0;
        return NdArray.zeros(t, shape);
      }
    }
    throw new OpInputException(name, -1, "ran zero iterations, and the shape of concatenated output " + r.output()
        + " (body Result '" + result.name() + "', declared " + t + " " + ps + ") is not known");
  }

  /** {@code len} elements along {@code axis} of {@code x} starting at {@code offset}. */
  static NdArray window(NdArray x, int axis, long offset, long len) {
    long[] shape = x.shape();
    int outer = Shapes.product(shape, 0, axis);
    int inner = Shapes.product(shape, axis + 1, shape.length);
    int rowIn = (int) shape[axis] * inner;
    int rowOut = (int) len * inner;
    NdArray out = NdArray.zeros(x.type(), Shapes.with(shape, axis, len));
    for (int o = 0; o < outer; o++) {
      out.copyRange(x, o * rowIn + (int) offset * inner, o * rowOut, rowOut);
    }
    return out;
  }
}
