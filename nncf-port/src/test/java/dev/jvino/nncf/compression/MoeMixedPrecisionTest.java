package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.SensitivityMetric;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Data-aware mixed precision on 3-D (MoE) weights against numpy (tools/fixtures/gen_moe_mixed_precision_fixture.py,
 * numpy 2.4.6): a chain of three batched MatMuls with weights [2, 16, 8], [2, 8, 16], [2, 8, 8], three samples
 * [2, 4, 8], MAX_ACTIVATION_VARIANCE, ratio 0.5, all layers. jvino's scores (int8 weight error over the input
 * axis times the max token variance of the [E, 4, H] activation) match numpy's within 1e-4 relative, and the
 * weights that become INT4 are numpy's choice (only A); the others keep the INT8_ASYM backup.
 */
class MoeMixedPrecisionTest {

  @Test
  void scoresAndSelectionMatchNumpy() throws IOException {
    Map<String, float[]> weights = new LinkedHashMap<>();
    List<NdArray> samples = new ArrayList<>();
    Map<String, Double> scores = new LinkedHashMap<>();
    TreeSet<String> primary = new TreeSet<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        getClass().getResourceAsStream("/fixtures/moe/mixed_precision.txt"), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(" ");
        switch (f[0]) {
          case "w" -> weights.put(f[1], FloatModeAwqScaleEstimationTest.floats(java.util.Arrays.copyOfRange(f, 1,
              f.length)));
          case "x" -> samples.add(NdArray.f32(new long[] {2, 4, 8}, FloatModeAwqScaleEstimationTest.floats(f)));
          case "score" -> scores.put(f[1], Double.parseDouble(f[2]));
          case "primary" -> primary.addAll(List.of(f).subList(1, f.length));
          default -> { }
        }
      }
    }
    Model model = model(weights);
    CompressWeightsOptions o = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(8)
        .ratio(0.5f).allLayers(true).sensitivityMetric(SensitivityMetric.MAX_ACTIVATION_VARIANCE)
        .dataset(Dataset.of(samples)).build();
    ActivationStatistics stats = ActivationStatistics.collect(model, Dataset.of(samples),
        SensitivityMetric.MAX_ACTIVATION_VARIANCE, false, 128, new ReferenceEngine());
    CompressionPlan plan = new CompressionPlanner(o).plan(model, stats.sensitivity().orElseThrow());
    for (String name : weights.keySet()) {
      WeightSite site = plan.forWeight(name + ".weight").orElseThrow().site();
      double expected = scores.get(name);
      assertEquals(expected, stats.sensitivity().orElseThrow().score(site), 1e-4 * expected, name);
    }
    CompressionResult result = new WeightCompressor(o, CompressionListener.NONE, ReferenceEngine::new)
        .compress(model(weights));
    TreeSet<String> int4 = new TreeSet<>();
    for (CompressedWeightInfo info : result.compressed()) {
      if (info.config().mode() == CompressWeightsMode.INT4_ASYM) {
        int4.add(info.weightName().replace(".weight", ""));
      } else {
        assertEquals(CompressWeightsMode.INT8_ASYM, info.config().mode(), info.weightName());
      }
    }
    assertEquals(primary, int4);
    assertEquals(3, result.compressed().size());
  }

  private static Model model(Map<String, float[]> weights) {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(2, 4, 8));
    Output cur = x.output();
    for (Map.Entry<String, float[]> e : weights.entrySet()) {
      long[] shape = switch (e.getKey()) {
        case "A" -> new long[] {2, 16, 8};
        case "B" -> new long[] {2, 8, 16};
        default -> new long[] {2, 8, 8};
      };
      Node w = Ops.constant(e.getKey() + ".weight", ConstantData.ofFloats(ElementType.F32, shape, e.getValue()));
      cur = TestModels.named(Ops.matMul(cur, w.output(), false, true), e.getKey()).output();
    }
    return new Model("moe_chain", List.of(x), List.of(Ops.result(cur)));
  }
}
