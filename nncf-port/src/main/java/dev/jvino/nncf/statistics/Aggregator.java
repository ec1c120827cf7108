package dev.jvino.nncf.statistics;

import dev.jvino.engine.tensor.NdArray;
import java.util.List;
import java.util.OptionalInt;

/**
 * Combines the reduced values of successive samples into one statistic, as NNCF's aggregators. At most
 * {@code numSamples} values are registered (further ones are ignored); with none registered the result
 * is {@link StatisticValue.NotCollected}. Aggregation axes index the stack of samples: axis 0 is the
 * sample axis, axis k > 0 is axis k-1 of each value.
 */
public abstract class Aggregator {
  private final OptionalInt numSamples;
  private int collected;

  protected Aggregator(OptionalInt numSamples) {
    if (numSamples.isPresent() && numSamples.getAsInt() < 0) {
      throw new StatisticsException("an aggregator's num_samples must be >= 0, not " + numSamples.getAsInt());
    }
    this.numSamples = numSamples;
  }

  /** The most samples this aggregator takes, if bounded. */
  public final OptionalInt numSamples() {
    return numSamples;
  }

  /** How many values were registered. */
  public final int collected() {
    return collected;
  }

  /** Registers one sample's reduced value (ignored once {@code numSamples} were taken). */
  public final void register(NdArray reduced) {
    if (numSamples.isPresent() && collected >= numSamples.getAsInt()) {
      return;
    }
    add(reduced);
    collected++;
  }

  /** The aggregated statistic. */
  public final StatisticValue aggregate() {
    return collected == 0 ? new StatisticValue.NotCollected() : result();
  }

  /** Forgets every registered value. */
  public void reset() {
    collected = 0;
    clear();
  }

  protected abstract void add(NdArray reduced);

  protected abstract StatisticValue result();

  protected abstract void clear();

  static int[] checkAxes(List<Integer> axes) {
    int[] a = axes.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    for (int v : a) {
      if (v < 0) {
        throw new StatisticsException("aggregation axes must be >= 0, got " + axes);
      }
    }
    if (a.length == 0) {
      throw new StatisticsException("aggregation axes must not be empty");
    }
    return a;
  }

  /** The aggregation axes above 0, shifted to index a single value. */
  static int[] onlineAxes(int[] axes) {
    return java.util.Arrays.stream(axes).filter(a -> a > 0).map(a -> a - 1).toArray();
  }

  static boolean hasSampleAxis(int[] axes) {
    return axes[0] == 0;
  }
}
