package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Dataset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NNCF's {@code test_call_max_var_criterion_with_dataset_*_awq*} and {@code ..._scale_estimation*} calls for
 * INT4_SYM, INT4_ASYM and NF4 (tests/openvino/native/quantization/test_weights_compression.py): AWQMatmulModel,
 * ratio 1, group size 2 and -1, a ones [2, 8, 8] (AWQ) or [1, 8, 8] (scale estimation) item. Every call completes;
 * the five ratio-defining weights get the mode's codes (the last MatMul stays INT8_ASYM), AWQ merges its scales
 * into the MatMul-Multiply-MatMul weights (no inserted Multiply), and the compressed model still runs.
 */
class NncfNf4AlgorithmCallsTest {

  @Test
  void awqAndScaleEstimationRunForInt4AndNf4() {
    for (CompressWeightsMode mode : List.of(CompressWeightsMode.INT4_SYM, CompressWeightsMode.INT4_ASYM,
        CompressWeightsMode.NF4)) {
      for (int gs : new int[] {2, -1}) {
        for (boolean awq : new boolean[] {true, false}) {
          Model model = NncfAwqReferenceTest.awqMatmulModel(false);
          NdArray ones = NdArray.full(ElementType.F32, new long[] {awq ? 2 : 1, 8, 8}, 1.0);
          CompressWeightsOptions.Builder b = CompressWeightsOptions.builder().mode(mode).ratio(1f).groupSize(gs)
              .dataset(Dataset.of(List.of(ones), t -> Map.of("Input_1", t)));
          b = awq ? b.awq(true) : b.scaleEstimation(true);
          CompressionResult r = new WeightCompressor(b.build(), CompressionListener.NONE, ReferenceEngine::new)
              .compress(model);
          String what = mode + " gs " + gs + (awq ? " awq" : " scale estimation");
          long primary = r.compressed().stream().filter(c -> c.config().mode() == mode).count();
          assertEquals(5, primary, what);
          ElementType codes = switch (mode) {
            case NF4 -> ElementType.NF4;
            case INT4_SYM -> ElementType.I4;
            default -> ElementType.U4;
          };
          assertEquals(codes, model.node("weights_3").orElseThrow().constantData().elementType(), what);
          assertTrue(model.ops().stream().noneMatch(n -> n.name().endsWith("/awq_mul")), what);
          float[] y = new ReferenceEngine().compile(model).createSession().infer(List.of(ones)).get(0)
              .toFloatArray();
          for (float v : y) {
            assertTrue(Float.isFinite(v), what);
          }
        }
      }
    }
  }
}
