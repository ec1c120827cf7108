package dev.jvino.nncf.statistics;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.Dimension;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.ValidationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Adds NNCF's statistic outputs to a model, as its OpenVINO backend does before collecting statistics.
 *
 * <ul>
 *   <li>An inplace reducer on output {@code port} of node {@code node} becomes a reduction subgraph
 *       whose last op is named {@code {node}_{reducer}.{port}} and a Result named
 *       {@code Result_{node}_{reducer}.{port}.0}: ReduceMin / ReduceMax / Abs+ReduceMax / ReduceMean (keep
 *       dims), variance as ReduceMean + SquaredDifference + ReduceMean (then ReduceMean or ReduceMax over
 *       the remaining axes), ShapeOf, and the mean per channel as [Transpose] + Reshape + ReduceMean.
 *   <li>Other reducers read the raw tensor through one Result named {@code Result_{node}.{port}}.
 * </ul>
 *
 * <p>The rewrite edits the given model in place; {@link Rewrite#undo()} removes everything it added.
 */
public final class StatisticsModelRewriter {
  private StatisticsModelRewriter() {}

  /** The outputs a rewrite added, and how to take them out again. */
  public static final class Rewrite {
    private final Model model;
    private final List<Node> results = new ArrayList<>();
    private final List<Node> added = new ArrayList<>();
    private final Map<Output, Map<Reducer, String>> inplace = new IdentityHashMap<>();
    private final Map<Output, String> raw = new IdentityHashMap<>();
    private boolean undone;

    private Rewrite(Model model) {
      this.model = model;
    }

    /** The Result name holding {@code reducer}'s value at {@code target}. */
    public String resultName(Output target, Reducer reducer) {
      if (reducer.inplace() && reducer.supportsInplace()) {
        String n = inplace.getOrDefault(target, Map.of()).get(reducer);
        if (n != null) {
          return n;
        }
      } else if (raw.containsKey(target)) {
        return raw.get(target);
      }
      throw new StatisticsException("no statistic output for " + reducer + " at " + target);
    }

    /** The Result nodes added, in order. */
    public List<Node> results() {
      return List.copyOf(results);
    }

    /** Removes every node the rewrite added; the model is as before. */
    public void undo() {
      if (undone) {
        return;
      }
      undone = true;
      for (Node r : results) {
        model.removeResult(r);
      }
      for (int i = added.size() - 1; i >= 0; i--) {
        Node n = added.get(i);
        if (!n.hasConsumers()) {
          model.remove(n);
        }
      }
    }
  }

  /**
   * Adds the outputs for {@code reducers} at each target output.
   *
   * @throws ValidationException if a reduction needs the rank of a tensor whose rank is dynamic
   */
  public static Rewrite apply(Model model, Map<Output, ? extends Collection<Reducer>> reducers) {
    Rewrite rw = new Rewrite(model);
    try {
      for (Map.Entry<Output, ? extends Collection<Reducer>> e : reducers.entrySet()) {
        Output target = e.getKey();
        String node = target.node().name();
        int port = target.index();
        for (Reducer r : new java.util.LinkedHashSet<>(e.getValue())) {
          if (r.inplace() && r.supportsInplace()) {
            String out = node + "_" + r.name() + "." + port;
            if (rw.inplace.containsKey(target) && rw.inplace.get(target).containsKey(r)) {
              continue;
            }
            Node last = new Builder(rw).build(r, target, out);
            Node res = model.addResult(last.output(0));
            res.setName("Result_" + out + ".0");
            rw.results.add(res);
            rw.inplace.computeIfAbsent(target, k -> new LinkedHashMap<>()).put(r, res.name());
          } else if (!rw.raw.containsKey(target)) {
            Node res = model.addResult(target);
            res.setName("Result_" + node + "." + port);
            rw.results.add(res);
            rw.raw.put(target, res.name());
          }
        }
      }
    } catch (RuntimeException ex) {
      rw.undo();
      throw ex;
    }
    return rw;
  }

  /** Builds one reducer's subgraph, recording every node it adds. */
  private record Builder(Rewrite rw) {
    Node build(Reducer r, Output x, String out) {
      return switch (r) {
        case Reducer.Min m -> reduce("ReduceMin", x, axes(m.axes(), x), true, out);
        case Reducer.Max m -> reduce("ReduceMax", x, axes(m.axes(), x), true, out);
        case Reducer.AbsMax m -> reduce("ReduceMax", abs(x, out), axes(m.axes(), x), true, out);
        case Reducer.Mean m -> reduce("ReduceMean", x, axes(m.axes(), x), true, out);
        case Reducer.MeanVariance m -> varianceThen("ReduceMean", x, m.axes(), out);
        case Reducer.MaxVariance m -> varianceThen("ReduceMax", x, m.axes(), out);
        case Reducer.MeanAbsMax m -> {
          long[] all = allAxes(x);
          long[] ax = axes(m.axes(), x);
          boolean reduceAll = Arrays.equals(ax, all);
          String maxName = reduceAll ? out : out + "/max";
          Node max = reduce("ReduceMax", abs(x, maxName), ax, !reduceAll, maxName);
          yield reduceAll ? max : reduce("ReduceMean", max.output(0), all, false, out);
        }
        case Reducer.Shape s -> named(Ops.shapeOf(x), out);
        case Reducer.BatchMean b -> reduceScalarAxis(x, true, out);
        case Reducer.MeanPerChannel m -> meanPerChannel(x, m.channelAxis(), out);
        case Reducer.Quantile q -> throw new IllegalStateException("quantiles have no inplace form");
        case Reducer.AbsQuantile q -> throw new IllegalStateException("quantiles have no inplace form");
        case Reducer.Raw q -> throw new IllegalStateException("raw values have no inplace form");
      };
    }

    private Node named(Node n, String name) {
      n.setName(name);
      rw.added.add(n);
      return n;
    }

    private Output abs(Output x, String out) {
      return named(Ops.unary("Abs", x), "abs_" + out).output(0);
    }

    private Node varianceThen(String type, Output x, List<Integer> axesList, String out) {
      long[] all = allAxes(x);
      long[] ax = axes(axesList, x);
      boolean reduceAll = Arrays.equals(ax, all);
      String varName = reduceAll ? out : out + "/var";
      Node mean = reduce("ReduceMean", x, ax, true, varName + "/mean");
      Node diff = Ops.node("SquaredDifference", "opset1", List.of(mean.output(0), x));
      diff.attributes().set("auto_broadcast", "numpy");
      dev.jvino.ir.ShapeInference.apply(diff);
      named(diff, varName + "/squared_diff");
      Node var = reduce("ReduceMean", diff.output(0), ax, !reduceAll, varName);
      return reduceAll ? var : reduce(type, var.output(0), all, false, out);
    }

    private Node meanPerChannel(Output x, int axis, String out) {
      PartialShape ps = rankedShape(x);
      int rank = ps.rank();
      if (rank < 3) {
        return reduceScalarAxis(x, false, out);
      }
      int c = axis < 0 ? axis + rank : axis;
      long[] dims = new long[rank];
      for (int d = 0; d < rank; d++) {
        dims[d] = ps.get(d).isStatic() ? ps.get(d).length() : -1;
      }
      Output in = x;
      if (c != 1) {
        long[] perm = IntStream.range(0, rank).asLongStream().toArray();
        perm[c] = 1;
        perm[1] = c;
        long t = dims[c];
        dims[c] = dims[1];
        dims[1] = t;
        in = named(Ops.transpose(x, perm), out + "/transpose").output(0);
      }
      long rest = 1;
      boolean dynamic = false;
      for (int d = 2; d < rank; d++) {
        dynamic |= dims[d] < 0;
        rest *= Math.max(dims[d], 0);
      }
      long[] target = {Math.max(dims[0], 0), Math.max(dims[1], 0), dynamic ? -1 : rest};
      Node reshape = named(Ops.reshape(in, target, true), out + "/reshape");
      return reduce("ReduceMean", reshape.output(0), new long[] {0, 2}, false, out);
    }

    private Node reduceScalarAxis(Output x, boolean keep, String out) {
      return reduceWith(x, ConstantData.i64Scalar(0), new long[] {0}, keep, out);
    }

    private Node reduce(String type, Output x, long[] axes, boolean keep, String name) {
      return reduceWith(x, ConstantData.i64(axes), axes, keep, name, type);
    }

    private Node reduceWith(Output x, ConstantData axesData, long[] axes, boolean keep, String name) {
      return reduceWith(x, axesData, axes, keep, name, "ReduceMean");
    }

    private Node reduceWith(Output x, ConstantData axesData, long[] axes, boolean keep, String name, String type) {
      Node axesConst = Ops.constant(axesData);
      rw.added.add(axesConst);
      Node n = Ops.node(type, "opset1", List.of(x, axesConst.output()));
      n.attributes().set("keep_dims", keep);
      n.addOutput(x.elementType(), reducedShape(x.shape(), axes, keep));
      return named(n, name);
    }
  }

  private static PartialShape rankedShape(Output x) {
    PartialShape ps = x.shape();
    if (!ps.isRankStatic()) {
      throw new ValidationException("cannot collect statistics for " + x + ": its output rank is dynamic");
    }
    return ps;
  }

  private static long[] allAxes(Output x) {
    return IntStream.range(0, rankedShape(x).rank()).asLongStream().toArray();
  }

  private static long[] axes(List<Integer> axes, Output x) {
    int rank = rankedShape(x).rank();
    return Arrays.stream(TensorMath.axes(axes, rank)).asLongStream().toArray();
  }

  private static PartialShape reducedShape(PartialShape in, long[] axes, boolean keep) {
    if (!in.isRankStatic()) {
      return PartialShape.dynamic();
    }
    boolean[] r = new boolean[in.rank()];
    for (long a : axes) {
      r[(int) a] = true;
    }
    List<Dimension> dims = new ArrayList<>();
    for (int d = 0; d < in.rank(); d++) {
      if (!r[d]) {
        dims.add(in.get(d));
      } else if (keep) {
        dims.add(Dimension.of(1));
      }
    }
    return PartialShape.of(dims);
  }
}
