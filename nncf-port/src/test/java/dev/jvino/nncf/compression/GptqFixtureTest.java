package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.nncf.AdvancedCompressionParameters;
import dev.jvino.nncf.AdvancedCompressionParameters.GptqParameters;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Dataset;
import dev.jvino.ir.Ops;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jvino's GPTQ (layer-wise engine + {@link Gptq}) against the independent numpy/scipy implementation of
 * {@code tools/fixtures/gen_gptq_fixture.py} on its two-MatMul model (32 -> 64 -> Relu -> 32, six samples,
 * salient input channels 3 and 20, dead input channel 7), for INT4_ASYM, INT4_SYM, NF4, CB4 and CODEBOOK (CB4's
 * values as an f32 user codebook, checked against the CB4 case), group 16 and
 * per channel, one block and blocks of 8 (error propagated across blocks), two damping values, and with scale
 * estimation inside GPTQ. Layer 2's inputs come from the engine running layer 1 with its GPTQ weight.
 *
 * <p>Tolerances (the two sides sum in different orders in float32): the fake-quantized weights within
 * {@code 1e-5} absolute (measured: at most 1.2e-7); the float32 scales within {@code 1e-5} relative
 * (measured: at most 4.3e-7); zero points and integer codes exactly; the decompressed IR weight (run on the
 * engine: {@code (codes - zp) * f16(scale)} or {@code table[code] * f16(scale)}) within {@code 2e-3 |w| + 1e-7}
 * (the f16 roundings of the scale and, for NF4, of the level and the product; measured up to 1.05e-3 |w|).
 */
class GptqFixtureTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("asym_g16", CompressWeightsMode.INT4_ASYM, 16, 128, 0.1, false),
        Arguments.of("sym_g16_block8", CompressWeightsMode.INT4_SYM, 16, 8, 0.1, false),
        Arguments.of("asym_g16_se", CompressWeightsMode.INT4_ASYM, 16, 128, 0.1, true),
        Arguments.of("sym_perchannel_damp05", CompressWeightsMode.INT4_SYM, -1, 128, 0.05, false),
        Arguments.of("nf4_g16_block8", CompressWeightsMode.NF4, 16, 8, 0.1, false),
        Arguments.of("cb4_g16", CompressWeightsMode.CB4, 16, 128, 0.1, false),
        // CODEBOOK with CB4's values as an f32 user codebook gives CB4's result
        Arguments.of("cb4_g16", CompressWeightsMode.CODEBOOK, 16, 128, 0.1, false));
  }

  static CompressWeightsOptions options(CompressWeightsMode mode, int group, int block, double damp, boolean se) {
    return CompressWeightsOptions.builder().mode(mode).groupSize(group).allLayers(true)
        .dataset(Dataset.of(GptqFixtures.samples())).gptq(true).scaleEstimation(se ? Boolean.TRUE : null)
        .advancedParameters(mode == CompressWeightsMode.CODEBOOK ? AdvancedCompressionParameters.builder()
            .gptq(new GptqParameters(damp, block, 128))
            .codebook(dev.jvino.ir.ElementType.F32, dev.jvino.nncf.weights.WeightLowering.cb4Codebook()).build()
            : AdvancedCompressionParameters.builder().gptq(new GptqParameters(damp, block, 128)).build())
        .build();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void gptqMatchesTheNumpyImplementation(String name, CompressWeightsMode mode, int group, int block, double damp,
      boolean se) {
    CompressWeightsOptions o = options(mode, group, block, damp, se);
    Model model = GptqFixtures.model();
    CompressionPlan plan = new CompressionPlanner(o).plan(model, MixedPrecision::dataFreeScore);
    GptqStep step = GptqStep.apply(model, plan, o, new ReferenceEngine());
    double maxW = 0;
    double maxS = 0;
    for (String w : new String[] {"w1", "w2"}) {
      String layer = w.substring(1);
      float[] expected = GptqFixtures.npy(name + "_" + w + "q.npy").toFloatArray();
      float[] actual = model.node(w).orElseThrow().constantData().toFloatArray();
      maxW = Math.max(maxW, maxAbsDiff(expected, actual));
      if (w.equals("w1")) {
        // input channel 7 is always zero: a dead Hessian column, whose weights GPTQ zeroes
        for (int row = 0; row < 64; row++) {
          assertEquals(0f, Math.abs(actual[row * 32 + 7]), name + " dead column, row " + row); // either zero
        }
      }
      assertClose(expected, actual, 1e-5, 0, name + " " + w + " fake-quantized weight");
      // the compression step turns the GPTQ weight into codes with the precomputed scale and zero point
      WeightAssignment a = plan.forWeight(w).orElseThrow();
      DecompressionSubgraph.Built built = step.compressOne(model, a);
      float[] scale = GptqFixtures.npy(name + "_s" + layer + ".npy").toFloatArray();
      float[] scaleF32 = step.precomputed(w).orElseThrow().scale();
      for (int i = 0; i < scale.length; i++) {
        maxS = Math.max(maxS, Math.abs(scale[i] - scaleF32[i]) / Math.abs(scale[i]));
      }
      assertClose(scale, scaleF32, 0, 1e-5, name + " " + w + " float32 scale");
      float[] scaleIr = model.node(w + "/scale").orElseThrow().constantData().toFloatArray();
      assertEquals(scale.length, scaleIr.length, name + " " + w + " scale count");
      for (int i = 0; i < scale.length; i++) {
        assertEquals(Float.float16ToFloat(Float.floatToFloat16(scale[i])), scaleIr[i],
            Math.abs(scale[i]) * 1e-3, name + " " + w + " f16 scale " + i);
      }
      int in = (int) a.site().shape()[1];
      int groups = scale.length / (expected.length / in);
      int gs = in / groups;
      // the IR's decompressed weight, (codes - zp) * f16 scale or table[codes] * f16 scale, run on the engine
      float[] decompressed = new ReferenceEngine().compile(new Model("dq", List.of(),
          List.of(Ops.result(built.output())))).createSession().infer(List.of()).get(0).toFloatArray();
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], decompressed[i], Math.abs(expected[i]) * 2e-3 + 1e-7,
            name + " " + w + " decompressed " + i);
      }
      if (mode == CompressWeightsMode.NF4 || mode == CompressWeightsMode.CB4 || mode == CompressWeightsMode.CODEBOOK) {
        continue;
      }
      float[] codes = built.codes().constantData().toFloatArray();
      float[] zp = new float[scale.length];
      if (mode == CompressWeightsMode.INT4_ASYM) {
        float[] zpExpected = toFloat(GptqFixtures.npy(name + "_z" + layer + ".npy"));
        zp = model.node(w + "/zero_point").orElseThrow().constantData().toFloatArray();
        assertArrayEquals(zpExpected, zp, name + " " + w + " zero points");
      }
      for (int i = 0; i < expected.length; i++) {
        int si = (i / in) * groups + (i % in) / gs;
        // the expected code from the numpy weight and scale
        float target = expected[i] / scale[si] + zp[si];
        assertEquals(Math.rint(target), codes[i], 1e-3, name + " " + w + " code " + i);
      }
    }
    System.getLogger(getClass().getName()).log(System.Logger.Level.INFO, name + ": max |w diff| " + maxW + ", max relative scale diff " + maxS);
  }

  private static float[] toFloat(NdArray a) {
    long[] l = a.toLongArray();
    float[] f = new float[l.length];
    for (int i = 0; i < l.length; i++) {
      f[i] = l[i];
    }
    return f;
  }

  static double maxAbsDiff(float[] e, float[] a) {
    double m = 0;
    for (int i = 0; i < e.length; i++) {
      m = Math.max(m, Math.abs((double) e[i] - a[i]));
    }
    return m;
  }

  static void assertClose(float[] e, float[] a, double atol, double rtol, String what) {
    assertEquals(e.length, a.length, what + ": length");
    for (int i = 0; i < e.length; i++) {
      double tol = atol + rtol * Math.abs(e[i]);
      int idx = i;
      assertTrue(Math.abs((double) e[i] - a[i]) <= tol,
          () -> what + " [" + idx + "]: expected " + e[idx] + ", got " + a[idx]);
    }
  }
}
