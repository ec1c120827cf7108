package dev.jvino.nncf.statistics;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.util.OptionalInt;

/**
 * NNCF's {@code HAWQAggregator}: a running trace estimate of the input Hessian. For each raw sample
 * {@code x} the state becomes {@code (state + sum(x*x)) / x.size}; the result is
 * {@code state * 2 / samples}. The formula is NNCF's as written (it is not a true average).
 */
public final class HawqAggregator extends Aggregator {
  private double state;

  public HawqAggregator(OptionalInt numSamples) {
    super(numSamples);
  }

  @Override
  protected void add(NdArray reduced) {
    double[] v = reduced.toDoubleArray();
    double sum = 0;
    for (double d : v) {
      sum += d * d;
    }
    state = (state + sum) / v.length;
  }

  @Override
  protected StatisticValue result() {
    return new StatisticValue.Tensor(NdArray.scalar(ElementType.F64, state * 2 / collected()));
  }

  @Override
  protected void clear() {
    state = 0;
  }
}
