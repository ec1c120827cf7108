package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.nncf.AdvancedCompressionParameters.LoraCorrectionParameters;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.weights.WeightLowering;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link LoraCorrection} against an independent numpy/scipy implementation of NNCF's algorithm
 * (tools/fixtures/gen_lora_fixture.py, numpy 2.4.6, scipy 1.17.1): INT4_ASYM grouped with a transposed weight,
 * NF4 per channel with an [in, out] weight, INT4_SYM without regularisation on fewer samples than inputs
 * (minimum-norm solutions), and a rank capped at min(H, O).
 *
 * <p>The SVD's singular vectors are only defined up to sign, so the adapters are compared through their
 * product {@code Aᵀ·Bᵀ}: it agrees within 1e-5 of its largest magnitude (measured: at most 9.7e-7; LAPACK and EJML use different
 * float32 factorizations). jvino's own dequantization equals numpy's exactly, and the mean noises after each
 * step agree within 1e-3 relative (or 1e-6 absolute for the exact-rank case, where they are rounding noise).
 */
class LoraCorrectionFixtureTest {

  @Test
  void adaptersMatchNumpy() throws IOException {
    int cases = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        getClass().getResourceAsStream("/fixtures/lora/cases.txt"), StandardCharsets.US_ASCII))) {
      String line;
      String[] head = null;
      Map<String, String[]> rows = new HashMap<>();
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(" ");
        if (f[0].equals("case")) {
          if (head != null) {
            check(head, rows);
            cases++;
          }
          head = f;
          rows.clear();
        } else {
          rows.put(f[0], f);
        }
      }
      check(head, rows);
      cases++;
    }
    assertEquals(4, cases);
  }

  private static void check(String[] head, Map<String, String[]> rows) {
    String name = head[1];
    CompressWeightsMode mode = switch (head[2]) {
      case "int4_asym" -> CompressWeightsMode.INT4_ASYM;
      case "int4_sym" -> CompressWeightsMode.INT4_SYM;
      default -> CompressWeightsMode.NF4;
    };
    int gs = Integer.parseInt(head[3]);
    int axis = Integer.parseInt(head[4]);
    int rank = Integer.parseInt(head[5]);
    int iters = Integer.parseInt(head[6]);
    boolean reg = Boolean.parseBoolean(head[7]);
    int n = Integer.parseInt(head[8]);
    long[] shape = {Long.parseLong(head[9]), Long.parseLong(head[10])};
    float[] w = floats(rows.get("w"));
    float[] dq = floats(rows.get("dq"));
    float[] s = floats(rows.get("s"));
    float[] x = floats(rows.get("x"));
    float[] a = floats(rows.get("a"));
    float[] b = floats(rows.get("b"));
    double[] noise = Arrays.stream(rows.get("noise"), 1, rows.get("noise").length).mapToDouble(Double::parseDouble)
        .toArray();

    float[] jdq = WeightLowering.lower(w, shape, axis, mode, gs).dequantized();
    assertArrayEquals(dq, jdq, 0f, name + ": dequantized weight");

    LoraCorrection.Adapters ad = LoraCorrection.compute(w, dq, shape, axis, gs, s, x, n,
        new LoraCorrectionParameters(rank, iters, reg, 128, true), true);
    int hidden = (int) shape[axis];
    int out = (int) shape[1 - axis];
    int expRank = Math.min(rank, Math.min(hidden, out));
    assertEquals(expRank, ad.rank(), name);
    assertEquals(expRank * hidden, a.length, name);
    assertEquals(out * expRank, b.length, name);
    float[] ref = new LoraCorrection.Adapters(a, b, expRank, hidden, out, java.util.List.of()).product();
    float[] got = ad.product();
    double max = 0;
    double diff = 0;
    for (int i = 0; i < ref.length; i++) {
      max = Math.max(max, Math.abs(ref[i]));
      diff = Math.max(diff, Math.abs(ref[i] - got[i]));
    }
    assertTrue(diff <= 1e-5 * max, name + ": max |AB - AB_numpy| = " + diff + " vs max " + max);
    assertEquals(noise.length, ad.meanNoises().size(), name);
    for (int i = 0; i < noise.length; i++) {
      double tol = Math.max(1e-3 * noise[i], 1e-6);
      assertEquals(noise[i], ad.meanNoises().get(i), tol, name + ": noise " + i);
    }
  }

  private static float[] floats(String[] f) {
    float[] v = new float[f.length - 1];
    for (int i = 1; i < f.length; i++) {
      v[i - 1] = Float.intBitsToFloat(Integer.parseUnsignedInt(f[i], 16));
    }
    return v;
  }
}
