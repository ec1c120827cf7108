package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.data.TokenSamples;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.SensitivityMetric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Data-aware mixed precision end to end on a small decoder with token prompts. */
class DataAwareDecoderTest {
  private static final DecoderConfig SMALL = new DecoderConfig(64, 32, 2, 2, 48, 10000.0, 7);

  static Dataset<Map<String, NdArray>> prompts(Model m) {
    Set<String> inputs = m.parameters().stream().map(Node::name).collect(Collectors.toSet());
    List<long[]> ids = List.of(new long[] {1, 5, 9, 12, 40}, new long[] {3, 7, 63, 2}, new long[] {11, 22, 33, 44, 55, 6});
    return Dataset.of(ids, t -> TokenSamples.forTokens(t, inputs));
  }

  @Test
  void tokenPromptsDriveTheMixedPrecisionChoice() {
    Model model = DecoderModel.build(SMALL);
    ActivationSensitivity sens = ActivationSensitivity.collect(model, prompts(model),
        SensitivityMetric.MAX_ACTIVATION_VARIANCE, 128, new ReferenceEngine());
    assertEquals(3, sens.samples());
    // q, k and v read the same normalised hidden state: one statistic, one activation score
    double q = sens.activationScore(opOf(model, "model.layers.0.self_attn.q_proj.weight"));
    double k = sens.activationScore(opOf(model, "model.layers.0.self_attn.k_proj.weight"));
    assertEquals(q, k, 0.0);
    assertTrue(q > 0 && Double.isFinite(q), "activation score " + q);

    CompressWeightsOptions options = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM)
        .groupSize(16).ratio(0.5f).dataset(prompts(model)).build();
    assertEquals(SensitivityMetric.MAX_ACTIVATION_VARIANCE, options.sensitivityMetric());
    Model target = DecoderModel.build(SMALL);
    CompressionPlan plan = new WeightCompressor(options, CompressionListener.NONE, ReferenceEngine::new).plan(target);
    List<WeightAssignment> rd = plan.assignments().stream().filter(WeightAssignment::ratioDefining).toList();
    // the expected primary set: ascending score, greedy while the int4 share stays below 0.5
    double[] scores = rd.stream().mapToDouble(a -> sens.score(a.site())).toArray();
    long total = rd.stream().mapToLong(a -> a.site().numWeights()).sum();
    List<Integer> order = new ArrayList<>(IntStream.range(0, rd.size()).boxed().toList());
    order.sort(Comparator.comparingDouble(i -> scores[i]));
    Set<String> expected = new HashSet<>();
    long acc = 0;
    for (int i : order) {
      long n = rd.get(i).site().numWeights();
      if ((double) (acc + n) / total >= 0.5) {
        break;
      }
      expected.add(rd.get(i).site().weightName());
      acc += n;
    }
    Set<String> actual = rd.stream().filter(a -> a.config() != null && a.config().mode() == CompressWeightsMode.INT4_ASYM)
        .map(a -> a.site().weightName()).collect(Collectors.toSet());
    assertEquals(expected, actual);
    assertTrue(!actual.isEmpty() && actual.size() < rd.size(), actual.toString());

    CompressionResult result = new WeightCompressor(options, CompressionListener.NONE, ReferenceEngine::new)
        .compress(target);
    assertEquals(actual.size(), result.compressed().stream().filter(i -> i.config().mode() == CompressWeightsMode.INT4_ASYM)
        .count());
  }

  static String opOf(Model m, String weight) {
    return m.node(weight).orElseThrow().output().consumers().stream()
        .map(in -> in.node())
        .flatMap(n -> n.type().equals("MatMul") ? java.util.stream.Stream.of(n)
            : n.output().consumers().stream().map(in -> in.node()))
        .filter(n -> n.type().equals("MatMul")).findFirst().orElseThrow().name();
  }
}
