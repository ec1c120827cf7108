package dev.jvino.nncf.weights;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * NNCF's greedy mixed-precision choice: which ratio-defining weights get the primary (low-bit) config.
 * Weights are visited in ascending score order (stable for ties); each is taken while the primary share
 * of all ratio-defining elements stays below {@code ratio}; the walk stops at the first weight that
 * would reach it (it does not skip to smaller ones). With {@code ratio >= 1} every weight is primary
 * (NNCF does not run mixed precision then).
 */
public final class MixedPrecisionSelection {
  private MixedPrecisionSelection() {}

  /**
   * @param scores one score per weight (lower = compressed first); for the data-free criterion,
   *     {@link QuantizationError#dataFreeSensitivity}
   * @param sizes element count of each weight
   * @param ratio share of elements to put in the primary precision, in [0, 1]
   * @return for each weight, whether it gets the primary config
   * @throws IllegalArgumentException for mismatched arrays, a NaN score or a ratio outside [0, 1]
   */
  public static boolean[] selectPrimary(double[] scores, long[] sizes, double ratio) {
    if (scores.length != sizes.length) {
      throw new IllegalArgumentException(scores.length + " scores for " + sizes.length + " weights");
    }
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException("ratio must be in [0, 1], got " + ratio);
    }
    boolean[] primary = new boolean[scores.length];
    if (ratio >= 1) {
      Arrays.fill(primary, true);
      return primary;
    }
    long total = 0;
    for (int i = 0; i < sizes.length; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("score " + i + " is NaN");
      }
      if (sizes[i] < 0) {
        throw new IllegalArgumentException("negative size for weight " + i);
      }
      total += sizes[i];
    }
    Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i])); // stable, like Python's sorted
    long acc = 0;
    for (int i : order) {
      if ((double) (acc + sizes[i]) / total >= ratio) {
        break;
      }
      primary[i] = true;
      acc += sizes[i];
    }
    return primary;
  }
}
