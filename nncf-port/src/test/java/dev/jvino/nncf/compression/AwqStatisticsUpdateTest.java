package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.nncf.AdvancedCompressionParameters.AwqParameters;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.statistics.WeightCompressionStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NNCF's {@code AWQ.update_statistics} runs whenever statistics exist: with a dataset and
 * {@code prefer_data_aware_scaling=False} the scale is the data-free one, and the target's activation means
 * (which scale estimation then reads) are still multiplied by {@code 1/scale}; other MatMuls' means are unchanged.
 */
class AwqStatisticsUpdateTest {

  @Test
  void dataFreeScalesStillRescaleTheMeans() {
    Model model = NncfAwqReferenceTest.awqMatmulModel(true);
    float[] in = new float[32];
    for (int k = 0; k < 32; k++) {
      in[k] = k * 0.01f + 0.02f;
    }
    NdArray x = NdArray.f32(new long[] {1, 4, 8}, in);
    Dataset<Map<String, NdArray>> data = Dataset.of(List.of(x, x), t -> Map.of("Input_1", t));
    CompressWeightsOptions o = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).groupSize(-1)
        .ratio(1f).dataset(data).awq(true).build();
    CompressionPlan plan = new CompressionPlanner(o).plan(model, MixedPrecision::dataFreeScore);
    ActivationStatistics stats = ActivationStatistics.collect(model, data, null, true, 128, new ReferenceEngine());
    float[] w2 = model.node("weights_2").orElseThrow().constantData().toFloatArray();
    float[] scale = Awq.dataFreeScale(w2, new long[] {8, 8}, 1);
    Map<String, WeightCompressionStats> updated = AwqStep.apply(model, plan,
        new AwqParameters(32, 0.002, 0.0, 1.0, 100, false), stats.means());
    float[] before = stats.means().get("MatMul_2").means().getFirst().toFloatArray();
    float[] after = updated.get("MatMul_2").means().getFirst().toFloatArray();
    for (int c = 0; c < 8; c++) {
      assertEquals(before[c] * (1f / scale[c]), after[c], 0f, "channel " + c);
    }
    assertArrayEquals(stats.means().get("MatMul_1").means().getFirst().toFloatArray(),
        updated.get("MatMul_1").means().getFirst().toFloatArray());
  }
}
