package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.SensitivityMetric;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.weights.QuantizationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.jvino.nncf.testing.MiniJson;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Data-aware mixed precision on a chain of three MatMuls (A, B, C; C is the last layer and not
 * ratio-defining). A's input is the dataset sample; B's input is {@code x @ W1^T}, whose variance is
 * much larger because W1 is large. The expected activation scores are computed here from NNCF's formulas
 * in double precision, independently of the statistics machinery.
 */
class DataAwareMixedPrecisionTest {
  private static final int T = 4;
  private static final int H = 3;

  private static final float[] W1 = {4f, -3f, 2.5f, -6f, 1f, 5f, 3f, 7f, -2f};
  private static final float[] W2 = {0.3f, -0.2f, 0.1f, 0.05f, 0.4f, -0.3f, 0.2f, 0.1f, -0.25f};
  private static final float[] W3 = {0.5f, 0.1f, -0.2f, 0.3f, -0.4f, 0.2f};

  static Model chain() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, T, H));
    Node a = TestModels.named(Ops.matMul(x.output(), Ops.constant("w1", dev.jvino.ir.ConstantData.ofFloats(
        ElementType.F32, new long[] {H, H}, W1)).output(), false, true), "A");
    Node b = TestModels.named(Ops.matMul(a.output(), Ops.constant("w2", dev.jvino.ir.ConstantData.ofFloats(
        ElementType.F32, new long[] {H, H}, W2)).output(), false, true), "B");
    Node c = TestModels.named(Ops.matMul(b.output(), Ops.constant("w3", dev.jvino.ir.ConstantData.ofFloats(
        ElementType.F32, new long[] {2, H}, W3)).output(), false, true), "C");
    return new Model("chain", List.of(x), List.of(TestModels.named(Ops.result(c.output()), "out")));
  }

  static List<float[]> samples(int n) {
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(TestModels.values(T * H, 100 + i, 1f));
    }
    return out;
  }

  static Dataset<NdArray> dataset(List<float[]> s, AtomicInteger transforms) {
    return Dataset.of(s, v -> {
      transforms.incrementAndGet();
      return NdArray.f32(new long[] {1, T, H}, v);
    });
  }

  /** y = x @ W^T for x [T, H] and W [H, H], in double. */
  static double[] project(float[] x, float[] w) {
    double[] y = new double[T * H];
    for (int t = 0; t < T; t++) {
      for (int o = 0; o < H; o++) {
        double acc = 0;
        for (int i = 0; i < H; i++) {
          acc += (double) x[t * H + i] * w[o * H + i];
        }
        y[t * H + o] = acc;
      }
    }
    return y;
  }

  static double[] toDouble(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }

  /** One sample's reduced value for a [T, H] activation, by NNCF's formulas. */
  static double perSample(SensitivityMetric m, double[] x) {
    double[] red = new double[H];
    for (int h = 0; h < H; h++) {
      double mean = 0;
      for (int t = 0; t < T; t++) {
        mean += x[t * H + h];
      }
      mean /= T;
      double var = 0;
      double absMax = 0;
      for (int t = 0; t < T; t++) {
        double d = x[t * H + h] - mean;
        var += d * d;
        absMax = Math.max(absMax, Math.abs(x[t * H + h]));
      }
      red[h] = m == SensitivityMetric.MEAN_ACTIVATION_MAGNITUDE ? absMax : var / T;
    }
    return switch (m) {
      case MAX_ACTIVATION_VARIANCE -> Math.max(red[0], Math.max(red[1], red[2]));
      default -> (red[0] + red[1] + red[2]) / H;
    };
  }

  /** The aggregated activation score over the given activations. */
  static double expectedActivation(SensitivityMetric m, List<double[]> acts) {
    if (m == SensitivityMetric.HESSIAN_INPUT_ACTIVATION) {
      double c = 0;
      for (double[] x : acts) {
        double sum = 0;
        for (double v : x) {
          sum += v * v;
        }
        c = (c + sum) / x.length;
      }
      return c * 2 / acts.size();
    }
    double s = 0;
    for (double[] x : acts) {
      s += perSample(m, x);
    }
    return s / acts.size();
  }

  static CompressWeightsOptions options(SensitivityMetric m, Dataset<?> data, int subsetSize) {
    return CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(-1).ratio(0.6f)
        .dataset(data).sensitivityMetric(m).subsetSize(subsetSize).build();
  }

  @ParameterizedTest
  @EnumSource(value = SensitivityMetric.class, names = "WEIGHT_QUANTIZATION_ERROR", mode = EnumSource.Mode.EXCLUDE)
  void scoresAndPrimaryChoiceFollowNncfFormulas(SensitivityMetric metric) {
    List<float[]> s = samples(3);
    Model model = chain();
    ActivationSensitivity sens = ActivationSensitivity.collect(model, dataset(s, new AtomicInteger()), metric, 128,
        new ReferenceEngine());
    assertEquals(3, sens.samples());
    List<double[]> actA = s.stream().map(DataAwareMixedPrecisionTest::toDouble).toList();
    List<double[]> actB = s.stream().map(v -> project(v, W1)).toList();
    double expA = expectedActivation(metric, actA);
    double expB = expectedActivation(metric, actB);
    assertEquals(expA, sens.activationScore("A"), 1e-5 * Math.abs(expA));
    assertEquals(expB, sens.activationScore("B"), 1e-5 * Math.abs(expB));

    CompressionPlan plan = new WeightCompressor(options(metric, dataset(s, new AtomicInteger()), 128),
        CompressionListener.NONE, ReferenceEngine::new).plan(chain());
    WeightSite siteA = plan.forWeight("w1").orElseThrow().site();
    WeightSite siteB = plan.forWeight("w2").orElseThrow().site();
    double weightA = weightScore(metric, siteA);
    double weightB = weightScore(metric, siteB);
    double scoreA = weightA * expA;
    double scoreB = weightB * expB;
    assertEquals(scoreA, sens.score(siteA), 1e-5 * Math.abs(scoreA));
    assertEquals(scoreB, sens.score(siteB), 1e-5 * Math.abs(scoreB));
    // ratio 0.6 of two 9-element weights: the lower score goes to int4, the other to the int8 backup
    String primary = scoreA < scoreB ? "w1" : "w2";
    String backup = primary.equals("w1") ? "w2" : "w1";
    assertEquals(CompressWeightsMode.INT4_ASYM, plan.forWeight(primary).orElseThrow().config().mode());
    assertEquals(CompressWeightsMode.INT8_ASYM, plan.forWeight(backup).orElseThrow().config().mode());
  }

  static double weightScore(SensitivityMetric m, WeightSite site) {
    float[] w = site.constant().constantData().toFloatArray();
    if (m == SensitivityMetric.HESSIAN_INPUT_ACTIVATION) {
      return QuantizationError.frobenius(w, site.shape(), 1, CompressWeightsMode.INT8_ASYM, -1);
    }
    return 1 / (QuantizationError.maxMean(w, site.shape(), 1, CompressWeightsMode.INT8_ASYM, -1) + 0x1p-23);
  }

  @Test
  void varianceMetricPutsTheHighVarianceLayerInTheBackup() {
    // B sees x @ W1^T (variance ~25x A's) and its weight error is ~10x smaller, so B scores higher: A is 4-bit.
    CompressionPlan plan = new WeightCompressor(options(SensitivityMetric.MAX_ACTIVATION_VARIANCE,
        dataset(samples(3), new AtomicInteger()), 128), CompressionListener.NONE, ReferenceEngine::new).plan(chain());
    assertEquals(CompressWeightsMode.INT4_ASYM, plan.forWeight("w1").orElseThrow().config().mode());
    assertEquals(CompressWeightsMode.INT8_ASYM, plan.forWeight("w2").orElseThrow().config().mode());
  }

  @Test
  void subsetSizeBoundsTheInferences() {
    AtomicInteger transforms = new AtomicInteger();
    List<float[]> s = samples(5);
    ActivationSensitivity sens = ActivationSensitivity.collect(chain(), dataset(s, transforms),
        SensitivityMetric.MEAN_ACTIVATION_VARIANCE, 2, new ReferenceEngine());
    assertEquals(2, sens.samples());
    assertEquals(2, transforms.get());
    double expA = expectedActivation(SensitivityMetric.MEAN_ACTIVATION_VARIANCE,
        s.subList(0, 2).stream().map(DataAwareMixedPrecisionTest::toDouble).toList());
    assertEquals(expA, sens.activationScore("A"), 1e-5 * expA);
  }

  @Test
  void emptyDatasetIsRejected() {
    WeightCompressor wc = new WeightCompressor(options(SensitivityMetric.MAX_ACTIVATION_VARIANCE,
        Dataset.of(List.<NdArray>of()), 128), CompressionListener.NONE, ReferenceEngine::new);
    ValidationException e = assertThrows(ValidationException.class, () -> wc.plan(chain()));
    assertEquals(true, e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void onePassGivesTheSensitivityAndTheWeightCompressionMeans() {
    AtomicInteger transforms = new AtomicInteger();
    List<float[]> s = samples(3);
    ActivationStatistics stats = ActivationStatistics.collect(chain(), dataset(s, transforms),
        SensitivityMetric.MEAN_ACTIVATION_MAGNITUDE, true, 128, new ReferenceEngine());
    assertEquals(3, transforms.get(), "one pass over the dataset");
    assertEquals(3, stats.samples());
    assertEquals(java.util.Set.of("A", "B", "C"), stats.means().keySet());
    double expA = expectedActivation(SensitivityMetric.MEAN_ACTIVATION_MAGNITUDE,
        s.stream().map(DataAwareMixedPrecisionTest::toDouble).toList());
    assertEquals(expA, stats.sensitivity().orElseThrow().activationScore("A"), 1e-5 * expA);
    var b = stats.means().get("B");
    assertEquals(3, b.means().size());
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(new long[] {1, T, H}, b.shapes().get(k));
      double[] act = project(s.get(k), W1);
      double[] got = b.means().get(k).toDoubleArray();
      assertEquals(H, got.length);
      for (int h = 0; h < H; h++) {
        double m = 0;
        for (int t = 0; t < T; t++) {
          m += act[t * H + h];
        }
        assertEquals(m / T, got[h], 1e-5);
      }
    }
  }

  @Test
  void meansAloneNeedNoMetric() {
    ActivationStatistics stats = ActivationStatistics.collect(chain(), dataset(samples(5), new AtomicInteger()), null,
        true, 4, new ReferenceEngine());
    assertEquals(4, stats.samples());
    assertTrue(stats.sensitivity().isEmpty());
    // 4 kept samples, processed with a subset of 2: every 2nd of the token-count order (all equal: sample order)
    var processed = stats.means().get("A").process(2);
    assertArrayEquals(new long[] {H, 2}, processed.x().shape());
    assertEquals(stats.means().get("A").means().get(2).toDoubleArray()[1], processed.x().toDoubleArray()[1 * 2 + 1],
        0.0);
  }

  @ParameterizedTest
  @EnumSource(value = SensitivityMetric.class, names = "WEIGHT_QUANTIZATION_ERROR", mode = EnumSource.Mode.EXCLUDE)
  void activationScoresMatchNumpy(SensitivityMetric metric) throws java.io.IOException {
    Map<String, Object> fx;
    try (java.io.InputStream in = getClass().getResourceAsStream("/fixtures/statistics/mixed_precision_activation.json")) {
      fx = MiniJson.obj(MiniJson.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)));
    }
    List<float[]> s = new ArrayList<>();
    for (Object sample : MiniJson.list(fx.get("samples"))) {
      List<Object> v = MiniJson.list(sample);
      float[] f = new float[v.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = ((Number) v.get(i)).floatValue();
      }
      s.add(f);
    }
    ActivationSensitivity sens = ActivationSensitivity.collect(chain(), dataset(s, new AtomicInteger()), metric, 128,
        new ReferenceEngine());
    for (String op : List.of("A", "B")) {
      double expected = ((Number) MiniJson.obj(fx.get(op)).get(metric.value())).doubleValue();
      assertEquals(expected, sens.activationScore(op), 1e-6 * Math.abs(expected), op + " " + metric);
    }
  }

  @Test
  void withoutMixedPrecisionTheDatasetIsNotRun() {
    AtomicInteger transforms = new AtomicInteger();
    CompressWeightsOptions o = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(-1)
        .dataset(dataset(samples(3), transforms)).build(); // ratio 1: no sensitivity needed
    CompressionPlan plan = new WeightCompressor(o, CompressionListener.NONE, ReferenceEngine::new).plan(chain());
    assertEquals(0, transforms.get());
    assertEquals(CompressWeightsMode.INT4_ASYM, plan.forWeight("w1").orElseThrow().config().mode());
    assertEquals(CompressWeightsMode.INT4_ASYM, plan.forWeight("w2").orElseThrow().config().mode());
  }

  @Test
  void oneDimensionalActivationsAreRejectedByName() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(H));
    Node a = TestModels.named(Ops.matMul(x.output(), Ops.constant("w1", dev.jvino.ir.ConstantData.ofFloats(
        ElementType.F32, new long[] {H, H}, W1)).output(), false, true), "A");
    Node b = TestModels.named(Ops.matMul(a.output(), Ops.constant("w2", dev.jvino.ir.ConstantData.ofFloats(
        ElementType.F32, new long[] {H, H}, W2)).output(), false, true), "B");
    Model m = new Model("flat", List.of(x), List.of(TestModels.named(Ops.result(b.output()), "out")));
    Dataset<NdArray> data = Dataset.of(List.of(NdArray.f32(new long[] {H}, 1f, 2f, 3f)));
    CompressWeightsOptions o = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(-1)
        .ratio(0.5f).allLayers(true).dataset(data).build();
    ValidationException e = assertThrows(ValidationException.class,
        () -> new WeightCompressor(o, CompressionListener.NONE, ReferenceEngine::new).plan(m));
    assertTrue(e.getMessage().contains("1-D") && e.getMessage().matches(".*\\b[AB]\\b.*"), e.getMessage());
  }
}
