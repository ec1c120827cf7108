package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.ElementType;
import dev.jvino.nncf.AdvancedCompressionParameters.AwqParameters;
import dev.jvino.nncf.AdvancedCompressionParameters.ScaleEstimationParameters;
import dev.jvino.nncf.CompressWeightsMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scale estimation and AWQ with the float-table 4-bit modes (NF4, CB4, CODEBOOK) against an independent numpy
 * implementation (tools/fixtures/gen_float_awq_se_fixture.py, numpy 2.4.6), and against the values NNCF's own
 * {@code test_scale_estimation_calculate_quantization_params} asserts for NF4 and CODEBOOK(CB4 values)
 * (tests/cross_fw/test_templates/template_test_weights_compression.py; its default_rng(42) inputs are stored in
 * the fixture). numpy agreement: rtol 1e-5; NNCF's values: atol 1e-3, as NNCF's test.
 */
class FloatModeAwqScaleEstimationTest {
  /** NNCF's references by "mode_axis_samples_initialSteps_scaleSteps" (axis 0 = its transpose_a case). */
  static final Map<String, float[]> NNCF = new HashMap<>();

  static {
    NNCF.put("NF4_1_2_2_3", new float[] {1.9025f, 1.7071f, 2.2651f, 1.87f, 1.4803f, 1.303f, 1.9232f, 1.5414f});
    NNCF.put("NF4_1_4_2_3", new float[] {1.9025f, 1.7071f, 2.003f, 1.7805f, 1.3565f, 1.233f, 1.8641f, 1.5419f});
    NNCF.put("NF4_0_2_2_3", new float[] {1.5068f, 1.7447f, 1.3778f, 1.7747f, 1.5003f, 1.8098f, 1.8123f, 1.87f});
    NNCF.put("NF4_0_4_2_3", new float[] {1.4461f, 1.9862f, 1.3536f, 1.9706f, 1.6912f, 1.7877f, 1.8678f, 1.6293f});
    NNCF.put("NF4_1_2_0_0", new float[] {1.9025f, 1.7071f, 1.8828f, 1.87f, 1.4803f, 1.3307f, 1.9706f, 1.5419f});
    NNCF.put("NF4_1_4_0_0", new float[] {1.9025f, 1.7071f, 1.8828f, 1.87f, 1.4803f, 1.3307f, 1.9706f, 1.5419f});
    NNCF.put("NF4_0_2_0_0", new float[] {1.4875f, 1.7447f, 1.4408f, 1.9706f, 1.6233f, 1.9025f, 1.8828f, 1.87f});
    NNCF.put("NF4_0_4_0_0", new float[] {1.4875f, 1.7447f, 1.4408f, 1.9706f, 1.6233f, 1.9025f, 1.8828f, 1.87f});
    NNCF.put("NF4_1_2_10_0", new float[] {1.9025f, 1.7071f, 2.3383f, 1.87f, 1.4803f, 1.3307f, 1.9706f, 1.5414f});
    NNCF.put("NF4_1_4_10_0", new float[] {1.9025f, 1.7071f, 2.003f, 1.7805f, 1.4803f, 1.3307f, 1.9706f, 1.5419f});
    NNCF.put("NF4_0_2_10_0", new float[] {1.5068f, 1.7447f, 1.4309f, 1.9706f, 1.6149f, 1.8098f, 1.8728f, 1.87f});
    NNCF.put("NF4_0_4_10_0", new float[] {1.4956f, 1.9862f, 1.4408f, 1.9706f, 1.6912f, 1.7877f, 1.8828f, 1.87f});
    NNCF.put("CODEBOOK_1_2_2_3", new float[] {0.5436f, 0.4893f, 0.4954f, 0.5343f, 0.4229f, 0.3714f, 0.5391f, 0.4405f});
    NNCF.put("CODEBOOK_1_4_2_3", new float[] {0.6051f, 0.4974f, 0.5021f, 0.5343f, 0.4229f, 0.3527f, 0.5357f, 0.4405f});
    NNCF.put("CODEBOOK_0_2_2_3", new float[] {0.4521f, 0.4989f, 0.395f, 0.5094f, 0.4638f, 0.5003f, 0.5173f, 0.5032f});
    NNCF.put("CODEBOOK_0_4_2_3", new float[] {0.4153f, 0.53f, 0.3881f, 0.563f, 0.4174f, 0.5436f, 0.5351f, 0.5073f});
    NNCF.put("CODEBOOK_1_2_0_0", new float[] {0.5436f, 0.4877f, 0.5379f, 0.5343f, 0.4229f, 0.3802f, 0.563f, 0.4405f});
    NNCF.put("CODEBOOK_1_4_0_0", new float[] {0.5436f, 0.4877f, 0.5379f, 0.5343f, 0.4229f, 0.3802f, 0.563f, 0.4405f});
    NNCF.put("CODEBOOK_0_2_0_0", new float[] {0.425f, 0.4985f, 0.4117f, 0.563f, 0.4638f, 0.5436f, 0.5379f, 0.5343f});
    NNCF.put("CODEBOOK_0_4_0_0", new float[] {0.425f, 0.4985f, 0.4117f, 0.563f, 0.4638f, 0.5436f, 0.5379f, 0.5343f});
  }

  @Test
  void matchesNumpyAndNncfReferences() throws IOException {
    int cases = 0;
    int nncf = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        getClass().getResourceAsStream("/fixtures/float_awq_se/cases.txt"), StandardCharsets.US_ASCII))) {
      String line;
      String[] head = null;
      Map<String, float[]> v = new HashMap<>();
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(" ");
        if (f[0].equals("case")) {
          head = f;
          v.clear();
          continue;
        }
        if (!f[0].equals("zp")) {
          v.put(f[0], floats(f));
        }
        if (f[0].equals("scale") && !head[2].startsWith("moe")) {
          nncf += check(head, v) ? 1 : 0;
          cases++;
        }
      }
    }
    assertEquals(26, cases);
    assertEquals(20, nncf);
  }

  /** Returns whether the case was also checked against NNCF's own values. */
  private static boolean check(String[] h, Map<String, float[]> v) {
    String name = h[1];
    CompressWeightsMode mode = CompressWeightsMode.valueOf(h[3]);
    int axis = Integer.parseInt(h[4]);
    int gs = Integer.parseInt(h[5]);
    long[] shape = Arrays.stream(h[6].split("x")).mapToLong(Long::parseLong).toArray();
    int n = Integer.parseInt(h[7]);
    ModeQuantizer q = new ModeQuantizer(mode, v.get("cb"), ElementType.F32);
    float[] w = v.get("w"); // NNCF's cases: its [8, 8] data, read as [in, out] for axis 0
    float[] expected = v.get("scale");
    float[] got;
    if (h[2].equals("se")) {
      var params = new ScaleEstimationParameters(64, Integer.parseInt(h[8]), Integer.parseInt(h[9]), -1.0);
      ScaleEstimation.Result res = ScaleEstimation.estimate(w, shape, axis, q, gs, v.get("s"), v.get("x"), n,
          params);
      assertNull(res.zeroPoint(), name);
      got = res.scale();
    } else {
      got = Awq.dataAwareScale(w, shape, axis, q, gs, v.get("s"), v.get("x"), n, AwqParameters.DEFAULT, null);
      int changed = 0;
      for (float g : got) {
        changed += g != 1f ? 1 : 0;
      }
      // grouped: only the salient channels' groups are searched; per channel: the whole row is one group
      assertTrue(changed > 0 && (gs == -1 || changed < got.length), name + ": " + changed + " scales changed");
    }
    assertEquals(expected.length, got.length, name);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], got[i], Math.abs(expected[i]) * 1e-5f, name + " scale " + i);
    }
    if (!name.startsWith("nncf_")) {
      return false;
    }
    float[] ref = NNCF.get(name.substring(5));
    if (ref == null) {
      return false;
    }
    for (int i = 0; i < ref.length; i++) {
      assertEquals(ref[i], got[i], 1e-3, name + " vs NNCF, scale " + i);
    }
    return true;
  }

  static float[] floats(String[] f) {
    float[] v = new float[f.length - 1];
    for (int i = 1; i < f.length; i++) {
      v[i - 1] = Float.intBitsToFloat(Integer.parseUnsignedInt(f[i], 16));
    }
    return v;
  }
}
