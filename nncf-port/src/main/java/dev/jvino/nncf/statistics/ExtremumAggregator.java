package dev.jvino.nncf.statistics;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * NNCF's online {@code MinAggregator} / {@code MaxAggregator}: each value is first reduced over the
 * aggregation axes above 0 (keeping them), then, when axis 0 is aggregated, combined elementwise with
 * the running result so only one tensor is kept; otherwise the per-sample values are stacked.
 */
public final class ExtremumAggregator extends Aggregator {
  /** Which extremum. */
  public enum Kind { MIN, MAX }

  private final Kind kind;
  private final int[] axes;
  private NdArray running;
  private final List<NdArray> kept = new ArrayList<>();

  public ExtremumAggregator(Kind kind, List<Integer> aggregationAxes, OptionalInt numSamples) {
    super(numSamples);
    this.kind = kind;
    this.axes = checkAxes(aggregationAxes);
  }

  /** Over the sample axis only. */
  public static ExtremumAggregator min(OptionalInt numSamples) {
    return new ExtremumAggregator(Kind.MIN, List.of(0), numSamples);
  }

  public static ExtremumAggregator max(OptionalInt numSamples) {
    return new ExtremumAggregator(Kind.MAX, List.of(0), numSamples);
  }

  @Override
  protected void add(NdArray x) {
    int[] online = onlineAxes(axes);
    NdArray reduced = online.length == 0 ? x
        : TensorMath.reduce(x, online, true, x.type(), kind == Kind.MIN ? TensorMath::min : TensorMath::max);
    if (!hasSampleAxis(axes)) {
      kept.add(reduced);
      return;
    }
    if (running == null) {
      running = reduced;
      return;
    }
    if (!Arrays.equals(running.shape(), reduced.shape())) {
      throw new StatisticsException(kind + " aggregator: sample of shape " + Shapes.str(reduced.shape())
          + " does not match earlier samples of shape " + Shapes.str(running.shape()));
    }
    NdArray next = NdArray.zeros(running.type(), running.shape());
    for (int i = 0; i < next.size(); i++) {
      double a = running.getDouble(i);
      double b = reduced.getDouble(i);
      next.setDouble(i, kind == Kind.MIN ? TensorMath.min(new double[] {b, a}) : TensorMath.max(new double[] {b, a}));
    }
    running = next;
  }

  @Override
  protected StatisticValue result() {
    return new StatisticValue.Tensor(hasSampleAxis(axes) ? running : TensorMath.stack(kept));
  }

  @Override
  protected void clear() {
    running = null;
    kept.clear();
  }
}
