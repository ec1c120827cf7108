package dev.jvino.nncf.quantization.bias;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.statistics.StatisticPoint;
import dev.jvino.nncf.statistics.StatisticsCollector;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BiasCorrection on NNCF's ConvTestModel as its {@code test_update_bias} runs it (MinMax with overflow fix
 * off, subset 1, the static dataset): NNCF asserts [0.11085186, 1.0017344] at atol 1e-4. Unlike the fast
 * variant it feeds the real activations (the input quantizer removed), not per-channel means.
 */
class BiasCorrectionTest {
  @Test
  void convTestModelMatchesNncf() throws IOException {
    Map<String, Object> f = FastBiasCorrectionTest.fixture("conv");
    float[] x = FastBiasCorrectionTest.floats(f, "input");
    Model fp = FastBiasCorrectionTest.convModel(FastBiasCorrectionTest.floats(f, "weights"));
    Model q = FastBiasCorrectionTest.quantize(fp, "conv", 1, new long[] {2, 1, 1, 1}, new float[] {2f, 2f},
        FastBiasCorrectionTest.max(x));
    BiasCorrection bc = new BiasCorrection(1, BiasCorrection.DEFAULT_THRESHOLD, true);
    List<StatisticPoint> points = bc.statisticPoints(fp);
    ReferenceEngine engine = new ReferenceEngine();
    new StatisticsCollector(engine).collect(fp, points,
        Dataset.of(List.of(List.of(NdArray.f32(new long[] {1, 1, 4, 4}, x)))));
    List<BiasCorrection.Correction> c = bc.apply(q, points, engine);
    assertEquals(1, c.size());
    assertTrue(c.get(0).applied());
    assertArrayEquals(new float[] {0.11085186f, 1.0017344f}, q.node("conv.bias").orElseThrow().constantData().toFloatArray(),
        1e-4f);
    // the quantizers of the quantized model stay
    assertEquals("FakeQuantize", q.node("conv").orElseThrow().inputNode(0).type());
  }
}
