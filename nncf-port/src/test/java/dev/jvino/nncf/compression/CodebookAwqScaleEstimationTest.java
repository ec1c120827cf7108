package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.nncf.AdvancedCompressionParameters;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CODEBOOK mode with AWQ and scale estimation on {@link AwqEndToEndTest#model()}, as NNCF gates them on the
 * config's bit width: an 8-entry codebook (4-bit indices) is rescaled and estimated (the AWQ Multiply is
 * inserted, scales differ from the data-free compression, the f16-stored codebook keeps its type and the output
 * error drops below half the data-free one); a 32-entry codebook (8-bit indices) is skipped by both, giving a
 * model identical to the data-free compression.
 */
class CodebookAwqScaleEstimationTest {
  private static final float[] CB8 = {-4f, -2f, -1f, -0.25f, 0f, 0.5f, 1.5f, 3f};

  private static Model compress(float[] codebook, boolean dataAware) {
    Model m = AwqEndToEndTest.model();
    CompressWeightsOptions.Builder b = CompressWeightsOptions.builder().mode(CompressWeightsMode.CODEBOOK)
        .groupSize(32).allLayers(true)
        .advancedParameters(AdvancedCompressionParameters.builder().codebook(ElementType.F16, codebook).build());
    if (dataAware) {
      b.dataset(AwqEndToEndTest.data(8, 1)).awq(true).scaleEstimation(true);
    }
    new WeightCompressor(b.build(), CompressionListener.NONE, ReferenceEngine::new).compress(m);
    return m;
  }

  @Test
  void fourBitCodebookIsRescaledAndEstimated() {
    Model free = compress(CB8, false);
    Model aware = compress(CB8, true);
    assertTrue(aware.node("relu/awq_mul").isPresent());
    assertEquals(ElementType.F16, aware.node("down.weight").orElseThrow().constantData().elementType());
    assertEquals("Gather", aware.node("down.weight_nncf_codebook").orElseThrow().type());
    assertEquals(ElementType.U4, aware.node("down.weight_nncf_codebook_idxs").orElseThrow().constantData()
        .elementType());
    assertFalse(java.util.Arrays.equals(scale(free, "down.weight"), scale(aware, "down.weight")));
    var heldOut = ScaleEstimationEndToEndTest.samples(4, 2);
    double eFree = ScaleEstimationEndToEndTest.outputError(free, AwqEndToEndTest.model(), heldOut);
    double eAware = ScaleEstimationEndToEndTest.outputError(aware, AwqEndToEndTest.model(), heldOut);
    assertTrue(eAware < 0.5 * eFree, "AWQ + SE " + eAware + " vs data-free " + eFree);
  }

  @Test
  void eightBitCodebookIsSkipped() {
    float[] cb32 = new float[32];
    for (int i = 0; i < 32; i++) {
      cb32[i] = i - 16;
    }
    Model free = compress(cb32, false);
    Model aware = compress(cb32, true);
    assertFalse(aware.node("relu/awq_mul").isPresent());
    assertEquals(ElementType.U8, aware.node("down.weight_nncf_codebook_idxs").orElseThrow().constantData()
        .elementType());
    for (String w : List.of("up.weight", "gate.weight", "down.weight", "out.weight")) {
      assertArrayEquals(scale(free, w), scale(aware, w), w);
      assertArrayEquals(idx(free, w), idx(aware, w), w);
    }
  }

  private static float[] scale(Model m, String w) {
    return m.node(w + "/scale").orElseThrow().constantData().toFloatArray();
  }

  private static float[] idx(Model m, String w) {
    Node n = m.node(w + "_nncf_codebook_idxs").orElseThrow();
    return n.constantData().toFloatArray();
  }
}
