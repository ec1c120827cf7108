package dev.jvino.nncf.compression;

import dev.jvino.engine.Engine;
import dev.jvino.ir.Model;
import dev.jvino.ir.Output;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.SensitivityMetric;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.statistics.Collectors;
import dev.jvino.nncf.statistics.StatisticPoint;
import dev.jvino.nncf.statistics.StatisticsCollector;
import dev.jvino.nncf.statistics.TargetPoint;
import dev.jvino.nncf.statistics.TensorCollector;
import dev.jvino.nncf.statistics.WeightCompressionStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * The activation statistics of data-aware weight compression, gathered in ONE pass over the first
 * {@code subsetSize} dataset items, at the producer output of each MatMul's activation input (MatMuls
 * sharing an input share the statistic):
 *
 * <ul>
 *   <li>the mixed-precision statistic of a data-aware {@link SensitivityMetric}
 *       ({@link ActivationSensitivity});
 *   <li>optionally NNCF's weight-compression means ({@link Collectors#weightCompressionMean}: per sample the
 *       mean over every axis but the hidden one (the last, or {@code rank - 2} for a transposed input; and, when
 *       a MatMul on that activation has a 3-D MoE weight, but the leading expert axis), and the shape), as AWQ, scale estimation, GPTQ and LoRA use them
 *       ({@link WeightCompressionStats#process} applies NNCF's sub-sampling).
 * </ul>
 *
 * @param sensitivity the mixed-precision scores, when a metric was given
 * @param means the weight-compression statistics by MatMul name, when requested (else empty)
 * @param samples the number of dataset items inferred
 */
public record ActivationStatistics(Optional<ActivationSensitivity> sensitivity,
    Map<String, WeightCompressionStats> means, int samples) {

  public ActivationStatistics {
    means = Map.copyOf(means);
  }

  /**
   * Runs the statistics pass.
   *
   * @param metric a data-aware metric, or null for no mixed-precision statistic
   * @param withMeans whether to gather the weight-compression means
   * @throws ValidationException if the dataset is empty, subsetSize is not positive, nothing is asked for,
   *     (with a metric, a MatMul whose activation has rank below 2 gets no statistic; asking for its score fails)
   */
  public static ActivationStatistics collect(Model model, Dataset<?> dataset, @Nullable SensitivityMetric metric,
      boolean withMeans, int subsetSize, Engine engine) {
    if (subsetSize <= 0) {
      throw new ValidationException("subset_size must be positive, not " + subsetSize);
    }
    if (metric == null && !withMeans) {
      throw new ValidationException("activation statistics: neither a sensitivity metric nor the means were asked for");
    }
    List<StatisticPoint> points = new ArrayList<>();
    Map<String, TensorCollector> sensitivity = new LinkedHashMap<>();
    Map<String, TensorCollector> means = new LinkedHashMap<>();
    Map<String, Integer> lowRank = new LinkedHashMap<>();
    java.util.Set<String> keepsExperts = new java.util.HashSet<>();
    for (WeightStatisticsCache.Site site : WeightStatisticsCache.sites(model)) {
      if (site.weight3d()) {
        keepsExperts.addAll(site.matmuls());
      }
    }
    for (WeightFinder.Candidate c : WeightFinder.find(NncfGraphOrder.of(model))) {
      if (c.kind() != OpKind.MATMUL || c.weights().isEmpty()) {
        continue;
      }
      int actPort = 1 - c.weights().getFirst().port();
      Output act = c.op().input(actPort).source();
      int rank = act.shape().isRankStatic() ? act.shape().rank() : -1;
      TargetPoint target = TargetPoint.preLayer(c.op().name(), actPort);
      if (metric != null) {
        if (rank < 2) {
          lowRank.put(c.op().name(), rank); // an error only if this MatMul's score is asked for
        } else {
          TensorCollector tc = ActivationSensitivity.collector(metric, rank, subsetSize);
          points.add(new StatisticPoint(target, tc, "mixed_precision"));
          sensitivity.put(c.op().name(), tc);
        }
      }
      if (withMeans) {
        if (rank < 1) {
          throw new ValidationException("weight-compression statistics need the rank of the input of "
              + c.op().name());
        }
        // NNCF keeps the leading (expert) axis when a MatMul on this activation has a 3-D weight
        boolean experts = keepsExperts.contains(c.op().name());
        if (experts && rank != 3) {
          throw new ValidationException("weight-compression statistics for the 3-D weight of " + c.op().name()
              + " need a 3-D activation, got rank " + rank);
        }
        // every axis but the hidden one (NNCF's activation channel axis: rank - 2 for a transposed input)
        int channel = ActivationAxes.channelAxis(c.op(), actPort, rank);
        List<Integer> axes = new ArrayList<>(IntStream.range(0, rank).filter(i -> i != channel).boxed().toList());
        if (experts) {
          axes.removeFirst();
        }
        TensorCollector tc = Collectors.weightCompressionMean(axes, OptionalInt.of(subsetSize));
        points.add(new StatisticPoint(target, tc, "weight_compression"));
        means.put(c.op().name(), tc);
      }
    }
    int done = new StatisticsCollector(engine).collect(model, points, dataset, subsetSize);
    Map<String, WeightCompressionStats> meanStats = new LinkedHashMap<>();
    means.forEach((op, tc) -> meanStats.put(op, WeightCompressionStats.of(tc)));
    Optional<ActivationSensitivity> sens = metric == null ? Optional.empty()
        : Optional.of(ActivationSensitivity.of(metric, sensitivity, lowRank, done));
    return new ActivationStatistics(sens, meanStats, done);
  }
}
