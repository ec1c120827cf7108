package dev.jvino.nncf.statistics;

import dev.jvino.engine.tensor.NdArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * NNCF's {@code MedianAbsoluteDeviationAggregator} and {@code PercentileAggregator}. Samples are
 * flattened over the aggregation axes above 0 and concatenated on axis 0 (axis 0 must be aggregated);
 * results keep the sample shape with the aggregated axes set to 1.
 *
 * <ul>
 *   <li>median/MAD: per element, the median of the values whose magnitude is at least the element
 *       type's machine epsilon (near-zero values are masked; an all-masked element gives 0), then the
 *       median of |value - median| over every value;
 *   <li>percentiles: numpy linear quantiles at {@code p / 100}, as f64.
 * </ul>
 */
public final class DistributionAggregator extends Aggregator {
  private final int[] axes;
  private final List<Double> percentiles;
  private final List<NdArray> samples = new ArrayList<>();

  private DistributionAggregator(List<Integer> aggregationAxes, OptionalInt numSamples, List<Double> percentiles) {
    super(numSamples);
    this.axes = checkAxes(aggregationAxes);
    if (!hasSampleAxis(axes)) {
      throw new StatisticsException("aggregation without axis 0 is not supported by this aggregator, got "
          + aggregationAxes);
    }
    this.percentiles = percentiles == null ? null : List.copyOf(percentiles);
  }

  /** Median and median absolute deviation. */
  public static DistributionAggregator medianMad(List<Integer> aggregationAxes, OptionalInt numSamples) {
    return new DistributionAggregator(aggregationAxes, numSamples, null);
  }

  /** The given percentiles (0..100). */
  public static DistributionAggregator percentiles(List<Double> percentiles, List<Integer> aggregationAxes,
      OptionalInt numSamples) {
    if (percentiles.isEmpty() || percentiles.stream().anyMatch(p -> !(p >= 0 && p <= 100))) {
      throw new StatisticsException("percentiles must be in [0, 100], got " + percentiles);
    }
    return new DistributionAggregator(aggregationAxes, numSamples, percentiles);
  }

  @Override
  protected void add(NdArray reduced) {
    samples.add(reduced);
  }

  @Override
  protected void clear() {
    samples.clear();
  }

  @Override
  protected StatisticValue result() {
    TensorMath.FlatSamples flat = TensorMath.flattenConcat(samples, onlineAxes(axes));
    NdArray v = flat.values();
    if (percentiles != null) {
      Map<Double, NdArray> out = new LinkedHashMap<>();
      for (double p : percentiles) {
        double q = p / 100;
        NdArray r = TensorMath.reduce(v, new int[] {0}, false, dev.jvino.ir.ElementType.F64,
            g -> TensorMath.quantile(g, q));
        out.put(p, r.reshape(flat.shapeAfter()));
      }
      return new StatisticValue.Percentiles(out);
    }
    var type = TensorMath.floatTypeOf(v);
    double eps = switch (type) {
      case F16 -> 0x1p-10;
      case BF16 -> 0x1p-7;
      case F64 -> Math.ulp(1.0);
      default -> Math.ulp(1.0f);
    };
    double[][] g = TensorMath.groups(v, new int[] {0});
    double[] med = new double[g.length];
    double[] mad = new double[g.length];
    for (int o = 0; o < g.length; o++) {
      double[] kept = Arrays.stream(g[o]).filter(x -> !(Math.abs(x) < eps)).toArray();
      med[o] = kept.length == 0 ? 0 : TensorMath.median(kept);
      double m = type == dev.jvino.ir.ElementType.F64 ? med[o]
          : dev.jvino.engine.tensor.Values.roundFloat(type, (float) med[o]);
      double[] dev = Arrays.stream(g[o]).map(x -> Math.abs(x - m)).toArray();
      mad[o] = TensorMath.median(dev);
    }
    return new StatisticValue.MedianMad(TensorMath.of(type, flat.shapeAfter(), med),
        TensorMath.of(type, flat.shapeAfter(), mad));
  }
}
