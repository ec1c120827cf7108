package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jvino.nncf.AdvancedCompressionParameters.AwqParameters;
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
 * {@link Awq} scales against an independent numpy implementation of NNCF's AWQ
 * (tools/fixtures/gen_awq_fixture.py, numpy 2.4.6): data-free, and the data-aware grid search (sym/asym,
 * grouped/per-channel, both weight layouts, two salient channels in different groups, the FP16 guard).
 * Scales agree within rtol 1e-5 (numpy's float32 pow and BLAS products vs jvino's double accumulation).
 */
class AwqFixtureTest {

  @Test
  void scalesMatchNumpy() throws IOException {
    int cases = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        getClass().getResourceAsStream("/fixtures/awq/cases.txt"), StandardCharsets.US_ASCII))) {
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
        v.put(f[0], floats(f));
        if (f[0].equals("scale")) {
          check(head, v);
          cases++;
        }
      }
    }
    assertEquals(6, cases);
  }

  private static void check(String[] h, Map<String, float[]> v) {
    String name = h[1];
    boolean free = h[2].equals("free");
    CompressWeightsMode mode = CompressWeightsMode.valueOf(h[3]);
    int axis = Integer.parseInt(h[4]);
    int gs = Integer.parseInt(h[5]);
    long[] shape = Arrays.stream(h[6].split("x")).mapToLong(Long::parseLong).toArray();
    int n = Integer.parseInt(h[7]);
    float[] expected = v.get("scale");
    float[] got;
    if (free) {
      got = Awq.dataFreeScale(v.get("w"), shape, axis);
    } else {
      Awq.Previous prev = null;
      float[] p = v.get("prev");
      if (p != null) {
        prev = new Awq.Previous(Arrays.copyOf(p, p.length - 2), p[p.length - 2], (int) p[p.length - 1]);
      }
      got = Awq.dataAwareScale(v.get("w"), shape, axis, mode, gs, v.get("s"), v.get("x"), n, AwqParameters.DEFAULT,
          prev);
      if (prev != null) {
        float[] unguarded = Awq.dataAwareScale(v.get("w"), shape, axis, mode, gs, v.get("s"), v.get("x"), n,
            AwqParameters.DEFAULT, null);
        assertFalse(Arrays.equals(unguarded, got), name + ": the FP16 guard changed nothing");
      }
    }
    assertEquals(expected.length, got.length, name);
    int changed = 0;
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], got[i], Math.abs(expected[i]) * 1e-5f, name + " scale " + i);
      changed += got[i] != 1f ? 1 : 0;
    }
    assertEquals(true, changed > 0, name + ": every scale is 1");
  }

  private static float[] floats(String[] f) {
    float[] v = new float[f.length - 1];
    for (int i = 1; i < f.length; i++) {
      v[i - 1] = Float.intBitsToFloat(Integer.parseUnsignedInt(f[i], 16));
    }
    return v;
  }
}
