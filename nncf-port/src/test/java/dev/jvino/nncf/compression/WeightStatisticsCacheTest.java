package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.CompiledModel;
import dev.jvino.engine.Engine;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.ir.io.IrWriter;
import dev.jvino.nncf.AdvancedCompressionParameters;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.SensitivityMetric;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.statistics.WeightCompressionStats;
import dev.jvino.nncf.statistics.cache.StatisticsCacheDir;
import dev.jvino.nncf.statistics.cache.StatisticsCacheDirTest;
import dev.jvino.nncf.statistics.cache.StatisticsCacheException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code statistics_path} end to end on {@link DataAwareMixedPrecisionTest#chain()} (MatMuls A, B, C fed by
 * x, A and B): the first run collects and writes the cache, the second runs no inference and yields the
 * same model; a cache written by the Python generator is used as is; stale caches fail.
 */
class WeightStatisticsCacheTest {
  @TempDir
  Path tmp;

  /** Counts the engines asked for and the models compiled. */
  static final class CountingEngines implements Supplier<Engine> {
    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger compiles = new AtomicInteger();

    @Override
    public Engine get() {
      created.incrementAndGet();
      ReferenceEngine ref = new ReferenceEngine();
      return new Engine() {
        @Override
        public String name() {
          return "counting";
        }

        @Override
        public CompiledModel compile(Model model) {
          compiles.incrementAndGet();
          return ref.compile(model);
        }
      };
    }
  }

  static CompressWeightsOptions options(SensitivityMetric m, Dataset<?> data, int subsetSize, Path cache) {
    return CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(-1).ratio(0.6f)
        .dataset(data).sensitivityMetric(m).subsetSize(subsetSize)
        .advancedParameters(AdvancedCompressionParameters.builder().statisticsPath(cache).build()).build();
  }

  static IrWriter.Serialized serialize(Model m) {
    return IrWriter.serialize(m, IrWriter.Options.DEFAULT);
  }

  static String autoNamesHidden(byte[] xml) {
    return new String(xml, java.nio.charset.StandardCharsets.UTF_8).replaceAll("name=\"([A-Za-z]+)_\\d+\"", "name=\"$1_#\"");
  }

  @Test
  void secondRunLoadsTheCacheRunsNoInferenceAndGivesTheSameModel() throws IOException {
    Path cache = tmp.resolve("stats");
    List<float[]> s = DataAwareMixedPrecisionTest.samples(3);
    AtomicInteger transforms = new AtomicInteger();
    CompressWeightsOptions o = options(SensitivityMetric.MAX_ACTIVATION_VARIANCE,
        DataAwareMixedPrecisionTest.dataset(s, transforms), 128, cache);

    CountingEngines first = new CountingEngines();
    Model m1 = DataAwareMixedPrecisionTest.chain();
    CompressionResult r1 = new WeightCompressor(o, CompressionListener.NONE, first).compress(m1);
    assertEquals(1, first.created.get());
    assertTrue(first.compiles.get() >= 1);
    assertEquals(3, transforms.get());
    List<String> files = StatisticsCacheDirTest.list(cache);
    assertEquals(16, files.size(), files.toString());
    assertTrue(files.contains("WCTensorStatistic_x_4_0_1.safetensors"));
    assertTrue(files.contains("MaxVarianceTensorStatistic_A_4_0_1.safetensors"));
    assertTrue(files.contains("HessianTensorStatistic_B_4_0_1.safetensors"));
    assertTrue(Files.readString(cache.resolve(StatisticsCacheDir.METADATA_FILE)).endsWith("\"subset_size\": 128\n}"));

    CountingEngines second = new CountingEngines();
    Model m2 = DataAwareMixedPrecisionTest.chain();
    CompressionResult r2 = new WeightCompressor(o, CompressionListener.NONE, second).compress(m2);
    assertEquals(0, second.created.get(), "the second run must not ask for an engine");
    assertEquals(0, second.compiles.get());
    assertEquals(3, transforms.get(), "the second run must not read the dataset");
    assertEquals(r1.distribution().toTable(), r2.distribution().toTable());
    IrWriter.Serialized a = serialize(m1);
    IrWriter.Serialized b = serialize(m2);
    // node names generated for new ops carry a JVM-wide counter (as OpenVINO's); apart from them, identical
    assertEquals(autoNamesHidden(a.xml()), autoNamesHidden(b.xml()));
    assertArrayEquals(a.weights().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
        b.weights().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));

    // the same precisions and constants as without a cache (only rt_info's statistics_path differs)
    Model plain = DataAwareMixedPrecisionTest.chain();
    new WeightCompressor(DataAwareMixedPrecisionTest.options(SensitivityMetric.MAX_ACTIVATION_VARIANCE,
        DataAwareMixedPrecisionTest.dataset(s, new AtomicInteger()), 128), CompressionListener.NONE,
        ReferenceEngine::new).compress(plain);
    assertArrayEquals(serialize(plain).weights().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
        b.weights().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
  }

  @Test
  void scaleEstimationReadsItsMeansFromTheCache() throws IOException {
    Path cache = tmp.resolve("se-stats");
    List<float[]> s = DataAwareMixedPrecisionTest.samples(3);
    AtomicInteger transforms = new AtomicInteger();
    CompressWeightsOptions o = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(-1)
        .ratio(0.6f).dataset(DataAwareMixedPrecisionTest.dataset(s, transforms))
        .sensitivityMetric(SensitivityMetric.MAX_ACTIVATION_VARIANCE).subsetSize(128).scaleEstimation(true)
        .advancedParameters(AdvancedCompressionParameters.builder().statisticsPath(cache).build()).build();
    Model m1 = DataAwareMixedPrecisionTest.chain();
    new WeightCompressor(o, CompressionListener.NONE, new CountingEngines()).compress(m1);
    assertEquals(3, transforms.get());

    CountingEngines second = new CountingEngines();
    Model m2 = DataAwareMixedPrecisionTest.chain();
    new WeightCompressor(o, CompressionListener.NONE, second).compress(m2);
    assertEquals(0, second.created.get(), "scale estimation must take its means from the cache");
    assertEquals(3, transforms.get());
    byte[] cached = serialize(m2).weights().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    assertArrayEquals(serialize(m1).weights().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), cached);

    // and the same constants as scale estimation on freshly collected statistics
    Model plain = DataAwareMixedPrecisionTest.chain();
    CompressWeightsOptions noCache = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(-1)
        .ratio(0.6f).dataset(DataAwareMixedPrecisionTest.dataset(s, new AtomicInteger()))
        .sensitivityMetric(SensitivityMetric.MAX_ACTIVATION_VARIANCE).subsetSize(128).scaleEstimation(true).build();
    new WeightCompressor(noCache, CompressionListener.NONE, ReferenceEngine::new).compress(plain);
    assertArrayEquals(serialize(plain).weights().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), cached);
    // (scale estimation did change the constants: without it they differ)
    Model noSe = DataAwareMixedPrecisionTest.chain();
    new WeightCompressor(options(SensitivityMetric.MAX_ACTIVATION_VARIANCE,
        DataAwareMixedPrecisionTest.dataset(s, new AtomicInteger()), 128, cache), CompressionListener.NONE,
        new CountingEngines()).compress(noSe);
    assertFalse(java.util.Arrays.equals(serialize(noSe).weights().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
        cached));
  }

  @Test
  void theStatisticsPassTakesNoNamesFromTheModelCounter() {
    long a = autoNumber();
    DataAwareMixedPrecisionTest.chain();
    long chainCost = autoNumber() - a - 1; // names taken by building the model itself
    long c = autoNumber();
    ActivationSensitivity.collect(DataAwareMixedPrecisionTest.chain(), DataAwareMixedPrecisionTest.dataset(
        DataAwareMixedPrecisionTest.samples(2), new AtomicInteger()), SensitivityMetric.MAX_ACTIVATION_VARIANCE, 8,
        new ReferenceEngine());
    long d = autoNumber();
    assertTrue(chainCost > 0);
    // the statistic outputs (several nodes per MatMul) are temporary: they must take none of the names
    assertEquals(chainCost, d - c - 1, "the statistics pass advanced the process-wide node counter");
  }

  /** The number of the next auto-generated node name (consumes one). */
  private static long autoNumber() {
    String name = dev.jvino.ir.Ops.node("Abs", "opset1", List.of()).name();
    return Long.parseLong(name.substring(name.lastIndexOf('_') + 1));
  }

  @Test
  void cachedValuesEqualTheDirectlyCollectedStatistics() {
    Path cache = tmp.resolve("stats");
    List<float[]> s = DataAwareMixedPrecisionTest.samples(4);
    Model model = DataAwareMixedPrecisionTest.chain();
    for (SensitivityMetric metric : List.of(SensitivityMetric.HESSIAN_INPUT_ACTIVATION,
        SensitivityMetric.MEAN_ACTIVATION_VARIANCE, SensitivityMetric.MAX_ACTIVATION_VARIANCE,
        SensitivityMetric.MEAN_ACTIVATION_MAGNITUDE)) {
      CompressWeightsOptions o = options(metric, DataAwareMixedPrecisionTest.dataset(s, new AtomicInteger()), 3, cache);
      ActivationStatistics cached = WeightStatisticsCache.resolve(model, o, metric, true, ReferenceEngine::new);
      ActivationStatistics direct = ActivationStatistics.collect(model,
          DataAwareMixedPrecisionTest.dataset(s, new AtomicInteger()), metric, true, 3, new ReferenceEngine());
      for (String op : List.of("A", "B", "C")) {
        assertEquals(direct.sensitivity().orElseThrow().activationScore(op),
            cached.sensitivity().orElseThrow().activationScore(op), metric + " " + op);
        WeightCompressionStats want = direct.means().get(op);
        WeightCompressionStats got = cached.means().get(op);
        assertEquals(3, got.means().size());
        for (int i = 0; i < 3; i++) {
          assertArrayEquals(want.means().get(i).toFloatArray(), got.means().get(i).toFloatArray(), op);
          assertArrayEquals(want.shapes().get(i), got.shapes().get(i), op);
        }
      }
    }
  }

  @Test
  void aCacheWrittenByPythonIsUsedAsIs() {
    AtomicInteger transforms = new AtomicInteger();
    CountingEngines engines = new CountingEngines();
    Path cache = StatisticsCacheDirTest.PYTHON_CACHE;
    CompressWeightsOptions o = options(SensitivityMetric.MAX_ACTIVATION_VARIANCE,
        DataAwareMixedPrecisionTest.dataset(DataAwareMixedPrecisionTest.samples(3), transforms), 128, cache);
    Model model = DataAwareMixedPrecisionTest.chain();
    ActivationStatistics st = WeightStatisticsCache.resolve(model, o, SensitivityMetric.MAX_ACTIVATION_VARIANCE, true,
        engines);
    // A reads x's statistic, B reads A's, C reads B's (generator: max_variance 100, 0.5, 1)
    ActivationSensitivity sens = st.sensitivity().orElseThrow();
    assertEquals(100.0, sens.activationScore("A"));
    assertEquals(0.5, sens.activationScore("B"));
    assertEquals(1.0, sens.activationScore("C"));
    WeightCompressionStats b = st.means().get("B");
    assertArrayEquals(new float[] {1.0f, 0.875f, 0.75f}, b.means().get(0).toFloatArray());
    assertArrayEquals(new float[] {1.5f, 1.375f, 1.25f}, b.means().get(2).toFloatArray());
    assertArrayEquals(new long[] {1, 4, 3}, b.shapes().get(1));

    CompressionPlan plan = new WeightCompressor(o, CompressionListener.NONE, engines).plan(model);
    WeightSite siteA = plan.forWeight("w1").orElseThrow().site();
    WeightSite siteB = plan.forWeight("w2").orElseThrow().site();
    double scoreA = DataAwareMixedPrecisionTest.weightScore(SensitivityMetric.MAX_ACTIVATION_VARIANCE, siteA) * 100.0;
    double scoreB = DataAwareMixedPrecisionTest.weightScore(SensitivityMetric.MAX_ACTIVATION_VARIANCE, siteB) * 0.5;
    String primary = scoreA < scoreB ? "w1" : "w2";
    assertEquals(CompressWeightsMode.INT4_ASYM, plan.forWeight(primary).orElseThrow().config().mode());
    assertEquals(CompressWeightsMode.INT8_ASYM, plan.forWeight(primary.equals("w1") ? "w2" : "w1").orElseThrow()
        .config().mode());
    // with the real data A is the 4-bit one; the Python cache's statistics say otherwise and are followed
    assertEquals("w2", primary);
    assertEquals(0, engines.created.get());
    assertEquals(0, transforms.get());
  }

  private Path writeCache(Map<String, Map<String, NdArray>> stats) {
    Path dir = tmp.resolve("c" + System.nanoTime());
    StatisticsCacheDir.dump(stats, dir, StatisticsCacheDir.OPENVINO, Map.of("subset_size", 3L));
    return dir;
  }

  private String fails(Path cache, SensitivityMetric metric, boolean withMeans) {
    CompressWeightsOptions o = options(metric, DataAwareMixedPrecisionTest.dataset(List.of(), new AtomicInteger()),
        3, cache);
    return assertThrows(StatisticsCacheException.class, () -> WeightStatisticsCache.resolve(
        DataAwareMixedPrecisionTest.chain(), o, metric, withMeans, ReferenceEngine::new)).getMessage();
  }

  static void assertContains(String message, String part) {
    assertTrue(message.contains(part), message);
  }

  @Test
  void staleCachesAreRejectedNamingTheKey() {
    Map<String, Map<String, NdArray>> stats = new LinkedHashMap<>(StatisticsCacheDirTest.chainStatistics());
    stats.remove("MaxVarianceTensorStatistic_A_4_0");
    Path noB = writeCache(stats);
    assertContains(fails(noB, SensitivityMetric.MAX_ACTIVATION_VARIANCE, false),
        "Not found statistics for MaxVarianceTensorStatistic_A_4_0");
    // as NNCF, only what the current options register is required
    CompressWeightsOptions hawq = options(SensitivityMetric.HESSIAN_INPUT_ACTIVATION,
        DataAwareMixedPrecisionTest.dataset(List.of(), new AtomicInteger()), 3, noB);
    assertEquals(3.0, WeightStatisticsCache.resolve(DataAwareMixedPrecisionTest.chain(), hawq,
        SensitivityMetric.HESSIAN_INPUT_ACTIVATION, true, ReferenceEngine::new).sensitivity().orElseThrow()
        .activationScore("B"));

    stats = new LinkedHashMap<>(StatisticsCacheDirTest.chainStatistics());
    stats.put("MaxVarianceTensorStatistic_A_4_0", Map.of("max_variance", NdArray.f32(new long[] {2}, 1f, 2f)));
    assertContains(fails(writeCache(stats), SensitivityMetric.MAX_ACTIVATION_VARIANCE, false),
        "MaxVarianceTensorStatistic_A_4_0.max_variance has shape [2], expected a single value");

    stats = new LinkedHashMap<>(StatisticsCacheDirTest.chainStatistics());
    stats.put("MaxVarianceTensorStatistic_A_4_0", Map.of("variance", NdArray.f32(new long[0], 1f)));
    assertContains(fails(writeCache(stats), SensitivityMetric.MAX_ACTIVATION_VARIANCE, false),
        "has no tensor 'max_variance'");

    stats = new LinkedHashMap<>(StatisticsCacheDirTest.chainStatistics());
    stats.put("MaxVarianceTensorStatistic_A_4_0", Map.of("max_variance", NdArray.i64(new long[0], 1)));
    assertContains(fails(writeCache(stats), SensitivityMetric.MAX_ACTIVATION_VARIANCE, false),
        "max_variance has dtype i64, expected floating point");

    stats = new LinkedHashMap<>(StatisticsCacheDirTest.chainStatistics());
    stats.put("WCTensorStatistic_A_4_0", Map.of("mean_values", NdArray.f32(new long[] {3, 2}, new float[6]),
        "shape_values", NdArray.i32(new long[] {3, 3}, 1, 4, 3, 1, 4, 3, 1, 4, 3)));
    assertContains(fails(writeCache(stats), SensitivityMetric.MAX_ACTIVATION_VARIANCE, true),
        "WCTensorStatistic_A_4_0 sample 0 has shape [1, 4, 3] but means of shape [2]");

    stats = new LinkedHashMap<>(StatisticsCacheDirTest.chainStatistics());
    stats.put("WCTensorStatistic_A_4_0", Map.of("mean_values", NdArray.f32(new long[] {2, 3}, new float[6]),
        "shape_values", NdArray.i32(new long[] {3, 3}, 1, 4, 3, 1, 4, 3, 1, 4, 3)));
    assertContains(fails(writeCache(stats), SensitivityMetric.MAX_ACTIVATION_VARIANCE, true),
        "expected [N, ...] and [N, rank] with the same N");

    stats = new LinkedHashMap<>(StatisticsCacheDirTest.chainStatistics());
    stats.put("WCTensorStatistic_A_4_0", Map.of("mean_values", NdArray.f32(new long[] {1, 3}, new float[3]),
        "shape_values", NdArray.i32(new long[] {1, 2}, 4, 3)));
    assertContains(fails(writeCache(stats), SensitivityMetric.MAX_ACTIVATION_VARIANCE, true),
        "records activations of rank 2 but A:0 has rank 3");

    stats = new LinkedHashMap<>(StatisticsCacheDirTest.chainStatistics());
    stats.put("WCTensorStatistic_A_4_0", Map.of("mean_values", NdArray.f32(new long[] {1, 3}, new float[3]),
        "shape_values", NdArray.f32(new long[] {1, 3}, 1, 4, 3)));
    assertContains(fails(writeCache(stats), SensitivityMetric.MAX_ACTIVATION_VARIANCE, true),
        "shape_values has dtype f32, expected integers");
  }

  @Test
  void aMissingCacheNeedsADataset() {
    Path cache = tmp.resolve("none");
    CompressWeightsOptions o = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(-1)
        .advancedParameters(AdvancedCompressionParameters.builder().statisticsPath(cache).build()).build();
    ValidationException e = assertThrows(ValidationException.class,
        () -> new WeightCompressor(o, CompressionListener.NONE, ReferenceEngine::new).plan(
            DataAwareMixedPrecisionTest.chain()));
    assertTrue(e.getMessage().contains("does not exist and there is no dataset"), e.getMessage());
    assertFalse(Files.exists(cache));
  }

  @Test
  void dataFreeRunsStillValidateAnExistingCache() throws IOException {
    // NNCF loads (and validates) the cache even when no statistic is used
    CountingEngines engines = new CountingEngines();
    CompressWeightsOptions ok = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(-1)
        .advancedParameters(AdvancedCompressionParameters.builder()
            .statisticsPath(StatisticsCacheDirTest.PYTHON_CACHE).build()).build();
    new WeightCompressor(ok, CompressionListener.NONE, engines).plan(DataAwareMixedPrecisionTest.chain());
    assertEquals(0, engines.created.get());
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    CompressWeightsOptions bad = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(-1)
        .advancedParameters(AdvancedCompressionParameters.builder().statisticsPath(empty).build()).build();
    assertThrows(StatisticsCacheException.class,
        () -> new WeightCompressor(bad, CompressionListener.NONE, engines).plan(DataAwareMixedPrecisionTest.chain()));
  }
}
