package dev.jvino.nncf.statistics;

import dev.jvino.engine.tensor.NdArray;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Keeps every registered value ({@link StatisticValue.Samples}), or only the first one
 * ({@link StatisticValue.Tensor}) with {@code returnFirst}, as NNCF's {@code NoopAggregator}.
 */
public final class NoopAggregator extends Aggregator {
  private final boolean returnFirst;
  private final List<NdArray> values = new ArrayList<>();

  /**
   * @param numSamples how many values to keep (empty: all)
   * @param returnFirst keep and return only the first value; then numSamples must be empty or 1
   */
  public NoopAggregator(OptionalInt numSamples, boolean returnFirst) {
    super(returnFirst ? OptionalInt.of(1) : numSamples);
    if (returnFirst && numSamples.isPresent() && numSamples.getAsInt() != 1) {
      throw new StatisticsException("NoopAggregator with returnFirst takes one sample, not " + numSamples.getAsInt());
    }
    this.returnFirst = returnFirst;
  }

  /** Keeps every value. */
  public NoopAggregator(OptionalInt numSamples) {
    this(numSamples, false);
  }

  @Override
  protected void add(NdArray reduced) {
    values.add(reduced);
  }

  @Override
  protected StatisticValue result() {
    return returnFirst ? new StatisticValue.Tensor(values.get(0)) : new StatisticValue.Samples(values);
  }

  @Override
  protected void clear() {
    values.clear();
  }
}
