package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.nncf.AdvancedCompressionParameters.ScaleEstimationParameters;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.weights.CompressedWeight;
import dev.jvino.nncf.weights.WeightLowering;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link ScaleEstimation} against an independent numpy implementation of NNCF's algorithm
 * (tools/fixtures/gen_scale_estimation_fixture.py, numpy 2.4.6): sym/asym, grouped/per-channel, both weight
 * layouts, and a weight penalty. Scales agree within rtol 1e-5 (numpy sums pairwise in float32 and multiplies
 * with BLAS; jvino accumulates in double), zero points exactly.
 */
class ScaleEstimationFixtureTest {

  @Test
  void scalesMatchNumpy() throws IOException {
    int cases = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        getClass().getResourceAsStream("/fixtures/scale_estimation/cases.txt"), StandardCharsets.US_ASCII))) {
      String line;
      String[] head = null;
      float[] w = null;
      float[] s = null;
      float[] x = null;
      float[] scale = null;
      int[] zp = null;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(" ");
        switch (f[0]) {
          case "case" -> {
            if (head != null) {
              check(head, w, s, x, scale, zp);
              cases++;
            }
            head = f;
            zp = null;
          }
          case "w" -> w = floats(f);
          case "s" -> s = floats(f);
          case "x" -> x = floats(f);
          case "scale" -> scale = floats(f);
          case "zp" -> zp = Arrays.stream(f, 1, f.length).mapToInt(Integer::parseInt).toArray();
          default -> throw new IllegalStateException(line);
        }
      }
      check(head, w, s, x, scale, zp);
      cases++;
    }
    assertEquals(4, cases);
  }

  private static void check(String[] h, float[] w, float[] s, float[] x, float[] expected, int[] zp) {
    String name = h[1];
    CompressWeightsMode mode = CompressWeightsMode.valueOf(h[2]);
    int axis = Integer.parseInt(h[3]);
    int gs = Integer.parseInt(h[4]);
    long[] shape = Arrays.stream(h[5].split("x")).mapToLong(Long::parseLong).toArray();
    int n = Integer.parseInt(h[6]);
    var params = new ScaleEstimationParameters(64, Integer.parseInt(h[7]), Integer.parseInt(h[8]),
        Double.parseDouble(h[9]));
    ScaleEstimation.Result r = ScaleEstimation.estimate(w, shape, axis, mode, gs, s, x, n, params);
    assertEquals(expected.length, r.scale().length, name);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], r.scale()[i], Math.abs(expected[i]) * 1e-5f, name + " scale " + i);
    }
    if (zp == null) {
      assertNull(r.zeroPoint(), name);
    } else {
      assertArrayEquals(zp, r.zeroPoint(), name);
    }
    // the estimation changed something: some scales differ from the plain min/max ones
    CompressedWeight plain = WeightLowering.lower(w, shape, axis, mode, gs);
    assertTrue(!Arrays.equals(plain.scale(), r.scale()), name + ": no scale was changed");
  }

  private static float[] floats(String[] f) {
    float[] v = new float[f.length - 1];
    for (int i = 1; i < f.length; i++) {
      v[i - 1] = Float.intBitsToFloat(Integer.parseUnsignedInt(f[i], 16));
    }
    return v;
  }

  @Test
  void rejectsOtherModesAndShapes() {
    var p = ScaleEstimationParameters.DEFAULT;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScaleEstimation.estimate(
        new float[4], new long[] {2, 2}, 1, CompressWeightsMode.FP4, -1, new float[2], new float[2], 1, p));
    assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("fp4"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ScaleEstimation.estimate(
        new float[8], new long[] {2, 2, 2}, 2, CompressWeightsMode.INT4_SYM, -1, new float[2], new float[2], 1, p));
    assertThrows(IllegalArgumentException.class, () -> ScaleEstimation.estimate(
        new float[4], new long[] {2, 2}, 1, CompressWeightsMode.INT4_SYM, -1, new float[3], new float[3], 1, p));
  }
}
