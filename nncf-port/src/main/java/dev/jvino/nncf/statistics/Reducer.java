package dev.jvino.nncf.statistics;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A per-sample reduction of the tensor at a statistic point, as NNCF's tensor reducers. Reducers keep
 * the reduced axes (keepdims), except the scalar-valued mean/max-of-variance and mean-of-abs-max ones.
 * {@code axes} null means every axis.
 *
 * <p>An {@link #inplace()} reducer is computed inside the model (the collector inserts the reduction
 * subgraph into the IR, see {@link StatisticsModelRewriter}); otherwise the model exposes the raw tensor
 * and {@link #reduce} runs in Java. Both give the same values up to float summation order.
 */
public sealed interface Reducer {
  /** The reduced value(s): one tensor per reducer output port. */
  List<NdArray> reduce(NdArray x);

  /** Whether the reduction is inserted into the model rather than done in Java. */
  boolean inplace();

  /** Whether this reducer has an in-model form at all (quantiles and raw values do not). */
  default boolean supportsInplace() {
    return true;
  }

  /**
   * The name used in the rewritten model: the reducer's kind and a stable hash of its parameters
   * (NNCF uses the class name and Python's per-process hash; jvino's is deterministic).
   */
  default String name() {
    return getClass().getSimpleName() + "Reducer" + Integer.toUnsignedString(toString().hashCode());
  }

  private static int[] ax(@Nullable List<Integer> axes, NdArray x) {
    return TensorMath.axes(axes, x.rank());
  }

  /** Minimum over the axes. */
  record Min(@Nullable List<Integer> axes, boolean inplace) implements Reducer {
    @Override
    public List<NdArray> reduce(NdArray x) {
      return List.of(TensorMath.reduce(x, ax(axes, x), true, x.type(), TensorMath::min));
    }
  }

  /** Maximum over the axes. */
  record Max(@Nullable List<Integer> axes, boolean inplace) implements Reducer {
    @Override
    public List<NdArray> reduce(NdArray x) {
      return List.of(TensorMath.reduce(x, ax(axes, x), true, x.type(), TensorMath::max));
    }
  }

  /** Maximum of |x| over the axes. */
  record AbsMax(@Nullable List<Integer> axes, boolean inplace) implements Reducer {
    @Override
    public List<NdArray> reduce(NdArray x) {
      return List.of(TensorMath.reduce(TensorMath.abs(x), ax(axes, x), true, x.type(), TensorMath::max));
    }
  }

  /** Mean over the axes. */
  record Mean(@Nullable List<Integer> axes, boolean inplace) implements Reducer {
    @Override
    public List<NdArray> reduce(NdArray x) {
      return List.of(TensorMath.reduce(x, ax(axes, x), true, TensorMath.floatTypeOf(x), TensorMath::mean));
    }
  }

  /** The variance over the axes, averaged over what remains: a scalar. */
  record MeanVariance(@Nullable List<Integer> axes, boolean inplace) implements Reducer {
    @Override
    public List<NdArray> reduce(NdArray x) {
      NdArray v = TensorMath.reduce(x, ax(axes, x), false, TensorMath.floatTypeOf(x), TensorMath::var);
      return List.of(TensorMath.reduce(v, TensorMath.axes(null, v.rank()), false, v.type(), TensorMath::mean));
    }
  }

  /** The variance over the axes, maximised over what remains: a scalar. */
  record MaxVariance(@Nullable List<Integer> axes, boolean inplace) implements Reducer {
    @Override
    public List<NdArray> reduce(NdArray x) {
      NdArray v = TensorMath.reduce(x, ax(axes, x), false, TensorMath.floatTypeOf(x), TensorMath::var);
      return List.of(TensorMath.reduce(v, TensorMath.axes(null, v.rank()), false, v.type(), TensorMath::max));
    }
  }

  /** The abs-max over the axes, averaged over what remains: a scalar. */
  record MeanAbsMax(@Nullable List<Integer> axes, boolean inplace) implements Reducer {
    @Override
    public List<NdArray> reduce(NdArray x) {
      NdArray m = TensorMath.reduce(TensorMath.abs(x), ax(axes, x), true, x.type(), TensorMath::max);
      return List.of(TensorMath.reduce(m, TensorMath.axes(null, m.rank()), false, TensorMath.floatTypeOf(m),
          TensorMath::mean));
    }
  }

  /** numpy linear quantiles over the axes, one output port per quantile, as f64. Never inplace. */
  record Quantile(@Nullable List<Integer> axes, List<Double> quantiles) implements Reducer {
    /** NNCF's default quantiles (0.01, 0.99). */
    public Quantile(@Nullable List<Integer> axes) {
      this(axes, List.of(0.01, 0.99));
    }

    public Quantile {
      quantiles = List.copyOf(quantiles);
      checkQuantiles(quantiles);
    }

    @Override
    public List<NdArray> reduce(NdArray x) {
      return quantileValues(x, ax(axes, x), quantiles);
    }

    @Override
    public boolean inplace() {
      return false;
    }

    @Override
    public boolean supportsInplace() {
      return false;
    }
  }

  /** numpy linear quantiles of |x| over the axes (default 0.99), as f64. Never inplace. */
  record AbsQuantile(@Nullable List<Integer> axes, List<Double> quantiles) implements Reducer {
    public AbsQuantile(@Nullable List<Integer> axes) {
      this(axes, List.of(0.99));
    }

    public AbsQuantile {
      quantiles = List.copyOf(quantiles);
      checkQuantiles(quantiles);
    }

    @Override
    public List<NdArray> reduce(NdArray x) {
      return quantileValues(TensorMath.abs(x), ax(axes, x), quantiles);
    }

    @Override
    public boolean inplace() {
      return false;
    }

    @Override
    public boolean supportsInplace() {
      return false;
    }
  }

  /** Mean over the batch axis 0 (kept). */
  record BatchMean(boolean inplace) implements Reducer {
    @Override
    public List<NdArray> reduce(NdArray x) {
      return List.of(TensorMath.reduce(x, new int[] {0}, true, TensorMath.floatTypeOf(x), TensorMath::mean));
    }
  }

  /**
   * Mean per channel: over every axis but {@code channelAxis} (1-D result), or over axis 0 for tensors
   * of rank below 3, as NNCF's {@code mean_per_channel}.
   */
  record MeanPerChannel(int channelAxis, boolean inplace) implements Reducer {
    @Override
    public List<NdArray> reduce(NdArray x) {
      int[] axes;
      if (x.rank() < 3) {
        axes = new int[] {0};
      } else {
        int c = channelAxis < 0 ? channelAxis + x.rank() : channelAxis;
        axes = java.util.stream.IntStream.range(0, x.rank()).filter(d -> d != c).toArray();
      }
      return List.of(TensorMath.reduce(x, axes, false, TensorMath.floatTypeOf(x), TensorMath::mean));
    }
  }

  /** The shape of the tensor, as an i32 vector (in the model: ShapeOf, i64). */
  record Shape(boolean inplace) implements Reducer {
    @Override
    public List<NdArray> reduce(NdArray x) {
      return List.of(NdArray.ofLongs(ElementType.I32, new long[] {x.rank()}, x.shape()));
    }
  }

  /** The tensor itself. Never inplace. */
  record Raw() implements Reducer {
    @Override
    public List<NdArray> reduce(NdArray x) {
      return List.of(x);
    }

    @Override
    public boolean inplace() {
      return false;
    }

    @Override
    public boolean supportsInplace() {
      return false;
    }
  }

  private static void checkQuantiles(List<Double> qs) {
    if (qs.isEmpty()) {
      throw new StatisticsException("a quantile reducer needs at least one quantile");
    }
    for (double q : qs) {
      if (!(q >= 0 && q <= 1)) {
        throw new StatisticsException("quantile " + q + " is outside [0, 1]");
      }
    }
  }

  private static List<NdArray> quantileValues(NdArray x, int[] axes, List<Double> qs) {
    double[][] g = TensorMath.groups(x, axes);
    long[] shape = TensorMath.reducedShape(x.shape(), axes, true);
    List<NdArray> out = new ArrayList<>();
    for (double q : qs) {
      double[] v = new double[g.length];
      for (int o = 0; o < g.length; o++) {
        v[o] = TensorMath.quantile(g[o], q);
      }
      out.add(NdArray.ofDoubles(shape, v));
    }
    return out;
  }
}
