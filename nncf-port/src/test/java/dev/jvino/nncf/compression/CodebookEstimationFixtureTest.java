package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.ir.ElementType;
import dev.jvino.nncf.AdvancedCompressionParameters.AdaptiveCodebookParameters;
import dev.jvino.nncf.weights.WeightLowering;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CodebookEstimation} against an independent numpy implementation of NNCF's adaptive codebook
 * estimation (tools/fixtures/gen_adaptive_codebook_fixture.py, numpy 2.4.6): one weight with an f8e4m3
 * codebook, a grouped weight with an f16 codebook (where two candidates tie and the first wins), and two
 * weights sharing a codebook across blocks. The chosen codebook and candidate index agree exactly, and every
 * candidate's error within 1e-5 relative (numpy sums with pairwise float32 additions, jvino in double).
 */
class CodebookEstimationFixtureTest {

  @Test
  void codebooksMatchNumpy() throws IOException {
    List<String[]> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        getClass().getResourceAsStream("/fixtures/adaptive_codebook/cases.txt"), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.startsWith("#")) {
          lines.add(line.split(" "));
        }
      }
    }
    int cases = 0;
    int i = 0;
    while (i < lines.size()) {
      String[] head = lines.get(i++);
      assertEquals("case", head[0]);
      ElementType type = head[2].equals("f16") ? ElementType.F16 : ElementType.F8E4M3;
      int gs = Integer.parseInt(head[3]);
      int k = Integer.parseInt(head[4]);
      boolean across = Boolean.parseBoolean(head[5]);
      int count = Integer.parseInt(head[6]);
      List<CodebookEstimation.Layer> layers = new ArrayList<>();
      for (int l = 0; l < count; l++) {
        String[] dims = lines.get(i++);
        int out = Integer.parseInt(dims[1]);
        int hidden = Integer.parseInt(dims[2]);
        int n = Integer.parseInt(dims[3]);
        float[] w = floats(lines.get(i++));
        float[] s = floats(lines.get(i++));
        float[] x = floats(lines.get(i++));
        layers.add(new CodebookEstimation.Layer(w, out, hidden, s, x, n));
      }
      float[] codebook = floats(lines.get(i++));
      int chosen = Integer.parseInt(lines.get(i++)[1]);
      String[] errs = lines.get(i++);
      double[] errors = Arrays.stream(errs, 1, errs.length).mapToDouble(Double::parseDouble).toArray();

      CodebookEstimation.Result r = CodebookEstimation.estimate(layers, gs, WeightLowering.cb4Codebook(),
          new AdaptiveCodebookParameters(type, across, k));
      String name = head[1];
      assertEquals(errors.length, r.errors().length, name + ": candidates");
      for (int e = 0; e < errors.length; e++) {
        assertEquals(errors[e], r.errors()[e], 1e-5 * errors[e], name + ": error of candidate " + e);
      }
      assertEquals(chosen, r.chosen(), name + ": chosen candidate");
      assertArrayEquals(codebook, r.codebook(), 0f, name + ": codebook");
      cases++;
    }
    assertEquals(3, cases);
  }

  private static float[] floats(String[] f) {
    float[] v = new float[f.length - 1];
    for (int i = 1; i < f.length; i++) {
      v[i - 1] = Float.intBitsToFloat(Integer.parseUnsignedInt(f[i], 16));
    }
    return v;
  }
}
