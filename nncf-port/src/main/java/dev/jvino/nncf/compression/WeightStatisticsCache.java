package dev.jvino.nncf.compression;

import dev.jvino.engine.Engine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Output;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.SensitivityMetric;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.statistics.Collectors;
import dev.jvino.nncf.statistics.StatisticPoint;
import dev.jvino.nncf.statistics.StatisticValue;
import dev.jvino.nncf.statistics.StatisticsCollector;
import dev.jvino.nncf.statistics.TargetPoint;
import dev.jvino.nncf.statistics.TensorCollector;
import dev.jvino.nncf.statistics.WeightCompressionStats;
import dev.jvino.nncf.statistics.cache.StatisticsCacheDir;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * NNCF's {@code advanced_parameters.statistics_path} for weight compression with the OpenVINO backend:
 *
 * <ol>
 *   <li>if the directory does not exist, every statistic any weight-compression algorithm could need is
 *       collected in one pass ({@code cache_weight_compression_statistics}: for each distinct MatMul
 *       activation, the weight-compression means and shapes and the four mixed-precision statistics)
 *       and dumped there ({@link StatisticsCacheDir#dump}, atomically, {@code subset_size} recorded);
 *   <li>the directory is then loaded (also right after it was written, as NNCF does) and the statistics the
 *       current options need are taken from it; nothing is inferred.
 * </ol>
 *
 * <p>As NNCF, a cache is validated by backend, present files and present keys, not by {@code subset_size}
 * (a different one is only logged). A missing statistic, a tensor of the wrong dtype or shape, or a
 * corrupt file throws {@link dev.jvino.nncf.statistics.cache.StatisticsCacheException} naming the file or
 * key; a cache is never recollected over.
 */
public final class WeightStatisticsCache {
  private static final System.Logger LOG = System.getLogger(WeightStatisticsCache.class.getName());

  private WeightStatisticsCache() {}

  /**
   * One distinct MatMul activation: output {@code port} of {@code node}, feeding {@code matmuls}.
   *
   * @param rank the activation's static rank, or -1
   * @param channelAxis NNCF's activation channel axis (transpose-aware), or -1 if the rank is unknown
   * @param weight3d whether one of the MatMuls has a 3-D weight (the batch axis is kept in the means)
   */
  public record Site(String node, int port, int rank, int channelAxis, boolean weight3d, List<String> matmuls) {
    public Site {
      matmuls = List.copyOf(matmuls);
    }

    /** The cache key of {@code s} at this site. */
    public String key(CacheStatistic s) {
      return s.key(node, port);
    }
  }

  /** The MatMul activations of {@code model}, in NNCF's order (first MatMul using each, topologically). */
  public static List<Site> sites(Model model) {
    Map<Output, List<WeightFinder.Candidate>> byOutput = new LinkedHashMap<>();
    for (WeightFinder.Candidate c : WeightFinder.find(NncfGraphOrder.of(model))) {
      if (c.kind() != OpKind.MATMUL || c.weights().isEmpty()) {
        continue;
      }
      Output act = c.op().input(1 - c.weights().getFirst().port()).source();
      byOutput.computeIfAbsent(act, k -> new ArrayList<>()).add(c);
    }
    List<Site> out = new ArrayList<>();
    byOutput.forEach((act, cands) -> {
      WeightFinder.Candidate first = cands.getFirst();
      int actPort = 1 - first.weights().getFirst().port();
      int rank = act.shape().isRankStatic() ? act.shape().rank() : -1;
      boolean transpose = first.op().attributes().bool(actPort == 0 ? "transpose_a" : "transpose_b", false);
      int channel = rank < 0 ? -1 : rank == 1 ? 0 : actPort == 0 ? (transpose ? rank - 2 : rank - 1)
          : (transpose ? rank - 1 : rank - 2);
      boolean w3 = cands.stream().flatMap(c -> c.weights().stream()).anyMatch(w -> w.shape().length == 3);
      out.add(new Site(act.node().name(), act.index(), rank, channel, w3,
          cands.stream().map(c -> c.op().name()).toList()));
    });
    return out;
  }

  /**
   * Collects, in one pass over the first {@code subsetSize} items, every statistic NNCF caches, by key.
   *
   * @throws ValidationException if an activation's rank is unknown or below 2 (NNCF's mixed-precision
   *     criteria reject 1-D MatMul inputs), or the dataset is empty
   */
  public static Map<String, Map<String, NdArray>> collectAll(Model model, Dataset<?> dataset, int subsetSize,
      Engine engine) {
    if (subsetSize <= 0) {
      throw new ValidationException("subset_size must be positive, not " + subsetSize);
    }
    List<Site> sites = sites(model);
    List<StatisticPoint> points = new ArrayList<>();
    Map<String, TensorCollector> collectors = new LinkedHashMap<>();
    for (Site s : sites) {
      if (s.rank() < 2) {
        throw new ValidationException("Data-aware mixed precision criteria are not supported for MatMuls with 1D"
            + " inputs. Node: " + s.node() + ", number of dimensions: " + s.rank() + ".");
      }
      TargetPoint target = TargetPoint.postLayer(s.node(), s.port());
      List<Integer> axes = new ArrayList<>(IntStream.range(0, s.rank()).filter(i -> i != s.channelAxis()).boxed()
          .toList());
      if (s.weight3d()) {
        axes.removeFirst();
      }
      for (CacheStatistic st : CacheStatistic.values()) {
        TensorCollector tc = st == CacheStatistic.WEIGHT_COMPRESSION
            ? Collectors.weightCompressionMean(axes, OptionalInt.of(subsetSize))
            : ActivationSensitivity.collector(st.metric().orElseThrow(), s.rank(), subsetSize);
        points.add(new StatisticPoint(target, tc, "statistics_cache"));
        collectors.put(s.key(st), tc);
      }
    }
    new StatisticsCollector(engine).collect(model, points, dataset, subsetSize);
    Map<String, Map<String, NdArray>> out = new LinkedHashMap<>();
    collectors.forEach((key, tc) -> out.put(key, serialize(key, tc)));
    return out;
  }

  private static Map<String, NdArray> serialize(String key, TensorCollector tc) {
    if (key.startsWith(CacheStatistic.WEIGHT_COMPRESSION.className() + "_")) {
      WeightCompressionStats w = WeightCompressionStats.of(tc);
      int n = w.means().size();
      NdArray first = w.means().getFirst();
      long[] shape = new long[first.rank() + 1];
      shape[0] = n;
      System.arraycopy(first.shape(), 0, shape, 1, first.rank());
      NdArray means = NdArray.zeros(first.type(), shape);
      int rank = w.shapes().getFirst().length;
      long[] shapes = new long[n * rank];
      for (int i = 0; i < n; i++) {
        NdArray m = w.means().get(i);
        if (!java.util.Arrays.equals(m.shape(), first.shape()) || w.shapes().get(i).length != rank) {
          throw new ValidationException("statistic " + key + ": sample " + i + " has mean shape "
              + java.util.Arrays.toString(m.shape()) + ", sample 0 " + java.util.Arrays.toString(first.shape())
              + "; NNCF cannot stack them");
        }
        means.copyRange(m, 0, i * first.size(), first.size());
        System.arraycopy(w.shapes().get(i), 0, shapes, i * rank, rank);
      }
      Map<String, NdArray> out = new LinkedHashMap<>();
      out.put(CacheStatistic.WEIGHT_COMPRESSION.field(), means);
      out.put(CacheStatistic.SHAPE_FIELD, NdArray.ofLongs(ElementType.I32, new long[] {n, rank}, shapes));
      return out;
    }
    Map<String, StatisticValue> values = tc.statistics();
    NdArray v = values.values().iterator().next().tensor();
    String field = java.util.Arrays.stream(CacheStatistic.values()).filter(s -> key.startsWith(s.className() + "_"))
        .findFirst().orElseThrow().field();
    return Map.of(field, v);
  }

  /**
   * NNCF's flow for {@code statistics_path}: collects and dumps the cache if the directory does not exist,
   * then loads it and returns what {@code options} need: the sensitivity of {@code metric} (if not null)
   * and the weight-compression means (if {@code withMeans}).
   *
   * @throws ValidationException if the directory does not exist and there is no dataset to collect with
   * @throws dev.jvino.nncf.statistics.cache.StatisticsCacheException for an unusable cache
   */
  public static ActivationStatistics resolve(Model model, CompressWeightsOptions options,
      @Nullable SensitivityMetric metric, boolean withMeans, Supplier<Engine> engine) {
    Path dir = options.advancedParameters().statisticsPath().orElseThrow();
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      Dataset<?> dataset = options.dataset().orElseThrow(() -> new ValidationException("statistics_path " + dir
          + " does not exist and there is no dataset to collect the statistics with"));
      Map<String, Map<String, NdArray>> all = collectAll(model, dataset, options.subsetSize(), engine.get());
      StatisticsCacheDir.dump(all, dir, StatisticsCacheDir.OPENVINO, Map.of("subset_size", (long) options.subsetSize()));
      LOG.log(Level.INFO, "Statistics were successfully saved to a directory {0}", dir.toAbsolutePath());
    }
    StatisticsCacheDir.Loaded loaded = StatisticsCacheDir.load(dir, StatisticsCacheDir.OPENVINO);
    LOG.log(Level.INFO, "Statistics were successfully loaded from a directory {0}", dir.toAbsolutePath());
    if (loaded.subsetSize().isPresent() && loaded.subsetSize().getAsLong() != options.subsetSize()) {
      LOG.log(Level.WARNING, "statistics cache {0} was collected with subset_size {1}, not {2}; NNCF uses it"
          + " as it is", dir, loaded.subsetSize().getAsLong(), options.subsetSize());
    }
    return CachedStatistics.read(loaded, dir, sites(model), metric, withMeans);
  }

  /** The sensitivity scorer of {@code options} read from (or first written to) the cache. */
  static Optional<ActivationSensitivity> sensitivity(Model model, CompressWeightsOptions options, boolean dataAware,
      Supplier<Engine> engine) {
    return resolve(model, options, dataAware ? options.sensitivityMetric() : null, false, engine).sensitivity();
  }
}
