package dev.jvino.nncf.statistics;

import dev.jvino.engine.tensor.NdArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The activation statistics of one weight for data-aware weight compression (NNCF's
 * {@code WCTensorStatistic}): per sample, the mean over the reduction axes (squeezed) and the
 * activation's shape; {@link #process} turns them into what AWQ, scale estimation and LoRA correction use.
 *
 * @param means per-sample means, each squeezed: {@code [H]} or {@code [E, H]}
 * @param shapes per-sample activation shapes
 */
public record WeightCompressionStats(List<NdArray> means, List<long[]> shapes) {
  public WeightCompressionStats {
    means = List.copyOf(means);
    shapes = List.copyOf(shapes);
    if (means.isEmpty() || means.size() != shapes.size()) {
      throw new StatisticsException("weight-compression statistics need one mean and one shape per sample, got "
          + means.size() + " and " + shapes.size());
    }
  }

  /** The result of {@link #process}: {@code s} = max |X| over all samples, and the kept samples {@code x}. */
  public record Processed(NdArray s, NdArray x) {}

  /** Reads the statistics a {@link Collectors#weightCompressionMean} collector gathered. */
  public static WeightCompressionStats of(TensorCollector collector) {
    if (!(collector.statistic(Collectors.MEAN) instanceof StatisticValue.Samples m)
        || !(collector.statistic(Collectors.SHAPES) instanceof StatisticValue.Samples s)) {
      throw new StatisticsException("no weight-compression statistics were collected");
    }
    List<NdArray> means = m.values().stream().map(WeightCompressionStats::squeezeAll).toList();
    List<long[]> shapes = s.values().stream().map(NdArray::toLongArray).toList();
    return new WeightCompressionStats(means, shapes);
  }

  /**
   * NNCF's {@code process_stats}: stacks the means into {@code X} of shape {@code [H, N]} (or
   * {@code [E, H, N]}); {@code s} is the max of |X| over all N samples. When N exceeds
   * {@code subsetSize}, the samples are ordered by token count (the product of every shape dimension but
   * the last, descending, ties in sample order) and every {@code N / subsetSize}-th one is kept, in that
   * order (so more than {@code subsetSize} may be kept).
   */
  public Processed process(int subsetSize) {
    return process(subsetSize, -1);
  }

  /**
   * {@link #process(int)} for an activation whose hidden axis is {@code channelAxis} (negative counts from the
   * end): the token count of a sample is the product of every other dimension of its shape (NNCF's
   * {@code act_ch_axis}).
   */
  public Processed process(int subsetSize, int channelAxis) {
    if (subsetSize <= 0) {
      throw new StatisticsException("subset size must be positive, not " + subsetSize);
    }
    NdArray stacked = TensorMath.stack(means);
    int rank = stacked.rank();
    int[] perm = IntStream.range(0, rank).map(i -> (i + 1) % rank).toArray();
    NdArray full = TensorMath.transpose(stacked, perm);
    int n = means.size();
    NdArray s = TensorMath.reduce(TensorMath.abs(full), new int[] {rank - 1}, false, full.type(), TensorMath::max);
    if (n <= subsetSize) {
      return new Processed(s, full);
    }
    long[] lens = shapes.stream().mapToLong(sh -> {
      long p = 1;
      int ch = sh.length == 0 ? 0 : Math.floorMod(channelAxis, sh.length);
      for (int d = 0; d < sh.length; d++) {
        p *= d == ch ? 1 : sh[d];
      }
      return p;
    }).toArray();
    List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
    order.sort(Comparator.comparingLong(i -> -lens[i])); // List.sort is stable
    int step = n / subsetSize;
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < order.size(); i += step) {
      keep.add(order.get(i));
    }
    long[] fs = full.shape();
    long[] out = fs.clone();
    out[rank - 1] = keep.size();
    NdArray x = NdArray.zeros(full.type(), out);
    int rows = full.size() / n;
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < keep.size(); j++) {
        x.copyElement(full, r * n + keep.get(j), r * keep.size() + j);
      }
    }
    return new Processed(s, x);
  }

  /** {@code np.squeeze}: drops every dimension of size 1. */
  static NdArray squeezeAll(NdArray a) {
    return a.reshape(Arrays.stream(a.shape()).filter(d -> d != 1).toArray());
  }
}
