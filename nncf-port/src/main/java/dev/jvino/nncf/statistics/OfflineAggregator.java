package dev.jvino.nncf.statistics;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.ToDoubleFunction;

/**
 * NNCF's offline aggregators, which keep every sample and aggregate once: {@code MeanAggregator},
 * {@code MedianAggregator}, {@code MeanNoOutliersAggregator} and {@code MedianNoOutliersAggregator}.
 *
 * <p>Samples of equal shape are stacked on a new axis 0 and reduced over the aggregation axes. Samples
 * of different shapes are, when axis 0 is aggregated, flattened over the other aggregation axes and
 * concatenated (NNCF's {@code _move_axes_flatten_cat}), else reduced one by one and stacked.
 *
 * <p>The no-outlier variants drop, per output element, the values strictly below the
 * {@code quantile}-th or strictly above the {@code (1-quantile)}-th numpy linear quantile of its group
 * before taking the mean or median; a group left empty gives 0 (what numpy's masked mean/median data
 * holds).
 */
public final class OfflineAggregator extends Aggregator {
  /** The aggregation function. */
  public enum Kind { MEAN, MEDIAN, MEAN_NO_OUTLIERS, MEDIAN_NO_OUTLIERS }

  private final Kind kind;
  private final int[] axes;
  private final double quantile;
  private final List<NdArray> samples = new ArrayList<>();

  /**
   * @param quantile the outlier quantile of the no-outlier kinds (NNCF's default 0.01); ignored otherwise
   */
  public OfflineAggregator(Kind kind, List<Integer> aggregationAxes, OptionalInt numSamples, double quantile) {
    super(numSamples);
    if (!(quantile >= 0 && quantile <= 0.5)) {
      throw new StatisticsException("outlier quantile must be in [0, 0.5], not " + quantile);
    }
    this.kind = kind;
    this.axes = checkAxes(aggregationAxes);
    this.quantile = quantile;
  }

  /** Over the sample axis, with NNCF's default outlier quantile 0.01. */
  public static OfflineAggregator of(Kind kind, OptionalInt numSamples) {
    return new OfflineAggregator(kind, List.of(0), numSamples, 0.01);
  }

  @Override
  protected void add(NdArray reduced) {
    samples.add(reduced);
  }

  @Override
  protected void clear() {
    samples.clear();
  }

  private ToDoubleFunction<double[]> fn() {
    return switch (kind) {
      case MEAN -> TensorMath::mean;
      case MEDIAN -> TensorMath::median;
      case MEAN_NO_OUTLIERS -> g -> withoutOutliers(g, true);
      case MEDIAN_NO_OUTLIERS -> g -> withoutOutliers(g, false);
    };
  }

  private double withoutOutliers(double[] g, boolean mean) {
    double lo = TensorMath.quantile(g, quantile);
    double hi = TensorMath.quantile(g, 1 - quantile);
    double[] kept = Arrays.stream(g).filter(v -> !(v < lo || hi < v)).toArray();
    if (kept.length == 0) {
      return 0;
    }
    return mean ? TensorMath.mean(kept) : TensorMath.median(kept);
  }

  /**
   * numpy's f32 mean over the sample axis: the f32 sum (pairwise when each sample has one element, a
   * running sum otherwise) divided in f32 by the count. The outlier-free variant is numpy's masked mean:
   * the f32 sum of the kept values (dropped ones count as 0) divided by their count in double, so it is
   * f64 as in NNCF.
   */
  private NdArray numpyMeanOverSamples(NdArray stacked) {
    double[][] g = TensorMath.groups(stacked, new int[] {0});
    long[] shape = TensorMath.reducedShape(stacked.shape(), new int[] {0}, false);
    boolean contiguous = g.length == 1;
    double[] out = new double[g.length];
    for (int o = 0; o < g.length; o++) {
      double[] v = g[o];
      if (kind == Kind.MEAN) {
        out[o] = TensorMath.sumF32(v, contiguous) / (float) v.length;
        continue;
      }
      double lo = TensorMath.quantile(v, quantile);
      double hi = TensorMath.quantile(v, 1 - quantile);
      double[] filled = new double[v.length];
      int count = 0;
      for (int i = 0; i < v.length; i++) {
        boolean keep = !(v[i] < lo || hi < v[i]);
        filled[i] = keep ? v[i] : 0;
        count += keep ? 1 : 0;
      }
      out[o] = count == 0 ? 0 : (double) TensorMath.sumF32(filled, contiguous) / count;
    }
    return TensorMath.of(kind == Kind.MEAN ? ElementType.F32 : ElementType.F64, shape, out);
  }

  @Override
  protected StatisticValue result() {
    NdArray first = samples.get(0);
    var type = TensorMath.floatTypeOf(first);
    boolean sameShapes = samples.stream().allMatch(s -> Arrays.equals(s.shape(), first.shape()));
    if (sameShapes && first.type() == ElementType.F32 && axes.length == 1 && axes[0] == 0
        && (kind == Kind.MEAN || kind == Kind.MEAN_NO_OUTLIERS)) {
      return new StatisticValue.Tensor(numpyMeanOverSamples(TensorMath.stack(samples)));
    }
    if (sameShapes) {
      NdArray stacked = TensorMath.stack(samples);
      NdArray r = TensorMath.reduce(stacked, axes, true, type, fn());
      return new StatisticValue.Tensor(TensorMath.squeeze(r, 0));
    }
    int[] online = onlineAxes(axes);
    if (hasSampleAxis(axes)) {
      TensorMath.FlatSamples flat = TensorMath.flattenConcat(samples, online);
      NdArray r = TensorMath.reduce(flat.values(), new int[] {0}, false, type, fn());
      return new StatisticValue.Tensor(r.reshape(flat.shapeAfter()));
    }
    List<NdArray> per = new ArrayList<>();
    for (NdArray s : samples) {
      per.add(TensorMath.reduce(s, online, true, type, fn()));
    }
    return new StatisticValue.Tensor(TensorMath.stack(per));
  }
}
