package dev.jvino.nncf.compression;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import dev.jvino.nncf.SensitivityMetric;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.statistics.WeightCompressionStats;
import dev.jvino.nncf.statistics.cache.StatisticsCacheDir;
import dev.jvino.nncf.statistics.cache.StatisticsCacheException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns a loaded statistics cache into jvino's {@link ActivationStatistics}: NNCF's
 * {@code _load_statistics} (every statistic the current algorithms register must be in the cache, else
 * "Not found statistics for KEY") plus the checks NNCF leaves to later failures: the field tensors must
 * exist, be floating point (shapes: integer), a mixed-precision statistic must hold one value, and the
 * weight-compression means and shapes must agree on the number of samples, the activation rank and the
 * channel size.
 */
final class CachedStatistics {
  private CachedStatistics() {}

  static ActivationStatistics read(StatisticsCacheDir.Loaded loaded, Path dir, List<WeightStatisticsCache.Site> sites,
      @Nullable SensitivityMetric metric, boolean withMeans) {
    Map<String, Map<String, NdArray>> stats = loaded.statistics();
    int samples = (int) Math.min(Integer.MAX_VALUE, loaded.subsetSize().orElse(0));
    Optional<ActivationSensitivity> sensitivity = Optional.empty();
    if (metric != null) {
      CacheStatistic st = CacheStatistic.of(metric);
      Map<String, Double> scores = new HashMap<>();
      for (WeightStatisticsCache.Site s : sites) {
        if (s.rank() < 2) {
          throw new ValidationException("Data-aware mixed precision criteria are not supported for MatMuls with 1D"
              + " inputs. Node: " + s.node() + ", number of dimensions: " + s.rank() + ".");
        }
        NdArray v = field(stats, dir, s.key(st), st.field());
        requireFloat(v, dir, s.key(st), st.field());
        if (v.size() != 1) {
          throw new StatisticsCacheException("statistics cache " + dir + ": " + s.key(st) + "." + st.field()
              + " has shape " + Arrays.toString(v.shape()) + ", expected a single value");
        }
        for (String op : s.matmuls()) {
          scores.put(op, v.getDouble(0));
        }
      }
      sensitivity = Optional.of(ActivationSensitivity.ofScores(metric, scores, samples));
    }
    Map<String, WeightCompressionStats> means = new LinkedHashMap<>();
    if (withMeans) {
      for (WeightStatisticsCache.Site s : sites) {
        WeightCompressionStats w = means(stats, dir, s);
        for (String op : s.matmuls()) {
          means.put(op, w);
        }
        samples = w.means().size();
      }
    }
    return new ActivationStatistics(sensitivity, means, samples);
  }

  /** The weight-compression statistic of one site, split back into per-sample means and shapes. */
  static WeightCompressionStats means(Map<String, Map<String, NdArray>> stats, Path dir, WeightStatisticsCache.Site s) {
    String key = s.key(CacheStatistic.WEIGHT_COMPRESSION);
    NdArray m = field(stats, dir, key, CacheStatistic.WEIGHT_COMPRESSION.field());
    NdArray sh = field(stats, dir, key, CacheStatistic.SHAPE_FIELD);
    requireFloat(m, dir, key, CacheStatistic.WEIGHT_COMPRESSION.field());
    if (sh.type().kind() != ElementType.Kind.SIGNED && sh.type().kind() != ElementType.Kind.UNSIGNED) {
      throw new StatisticsCacheException("statistics cache " + dir + ": " + key + "." + CacheStatistic.SHAPE_FIELD
          + " has dtype " + sh.type() + ", expected integers");
    }
    if (m.rank() < 1 || sh.rank() != 2 || m.dim(0) != sh.dim(0) || m.dim(0) < 1) {
      throw new StatisticsCacheException("statistics cache " + dir + ": " + key + " has mean_values "
          + Arrays.toString(m.shape()) + " and shape_values " + Arrays.toString(sh.shape())
          + ", expected [N, ...] and [N, rank] with the same N >= 1");
    }
    int n = (int) m.dim(0);
    int rank = (int) sh.dim(1);
    if (s.rank() >= 0 && rank != s.rank()) {
      throw new StatisticsCacheException("statistics cache " + dir + ": " + key + " records activations of rank "
          + rank + " but " + s.node() + ":" + s.port() + " has rank " + s.rank());
    }
    long[] row = Arrays.copyOfRange(m.shape(), 1, m.rank());
    int per = m.size() / n;
    long[] allShapes = sh.toLongArray();
    List<NdArray> ms = new ArrayList<>();
    List<long[]> shapes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long[] shape = Arrays.copyOfRange(allShapes, i * rank, (i + 1) * rank);
      if (s.channelAxis() >= 0 && shape[s.channelAxis()] != (row.length == 0 ? 1 : row[row.length - 1])) {
        throw new StatisticsCacheException("statistics cache " + dir + ": " + key + " sample " + i + " has shape "
            + Arrays.toString(shape) + " but means of shape " + Arrays.toString(row)
            + " (the channel sizes differ)");
      }
      NdArray one = NdArray.zeros(m.type(), row);
      one.copyRange(m, i * per, 0, per);
      ms.add(one);
      shapes.add(shape);
    }
    return new WeightCompressionStats(ms, shapes);
  }

  private static NdArray field(Map<String, Map<String, NdArray>> stats, Path dir, String key, String field) {
    Map<String, NdArray> st = stats.get(key);
    if (st == null) {
      throw new StatisticsCacheException("statistics cache " + dir + ": Not found statistics for " + key);
    }
    NdArray v = st.get(field);
    if (v == null) {
      throw new StatisticsCacheException("statistics cache " + dir + ": statistic " + key + " has no tensor '"
          + field + "' (it has " + st.keySet() + ")");
    }
    return v;
  }

  private static void requireFloat(NdArray v, Path dir, String key, String field) {
    if (!v.type().isFloatingPoint()) {
      throw new StatisticsCacheException("statistics cache " + dir + ": " + key + "." + field + " has dtype "
          + v.type() + ", expected floating point");
    }
  }
}
