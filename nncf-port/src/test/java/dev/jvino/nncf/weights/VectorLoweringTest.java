package dev.jvino.nncf.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels against the scalar loops they replace: codes, scales and zero points must be
 * bit-identical for every group size (whole vectors, tails, groups shorter than a vector) and for the
 * values where float semantics matter (NaN, infinities, signed zeros, subnormals, exact rounding ties).
 */
class VectorLoweringTest {
  private static final int[] GROUP_SIZES = {1, 3, 7, 15, 16, 17, 31, 32, 33, 64, 100, 128, 4096};

  @Test
  void testJvmRunsTheVectorKernels() {
    // the build's test JVM is started with --add-modules jdk.incubator.vector, so the vector path is
    // the one every other weight test exercises
    assertTrue(VectorSupport.ENABLED);
  }

  @Test
  void propertyFalseOrMissingModuleSelectsTheScalarLoops() {
    assertTrue(VectorSupport.enabled(null, true));
    assertTrue(VectorSupport.enabled("true", true));
    assertFalse(VectorSupport.enabled("false", true));
    assertFalse(VectorSupport.enabled(" FALSE ", true));
    assertFalse(VectorSupport.enabled(null, false));
    assertFalse(VectorSupport.enabled("true", false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"4:sym", "4:asym", "8:sym", "8:asym"})
  void integerCodesScalesAndZeroPointsMatchTheScalarLoops(String config) {
    int bits = Integer.parseInt(config.split(":")[0]);
    boolean asym = config.endsWith("asym");
    for (int gs : GROUP_SIZES) {
      for (float[] w : samples(gs, 40)) {
        int ns = w.length / gs;
        float[] sv = new float[ns];
        float[] ss = new float[ns];
        int[] zv = asym ? new int[ns] : null;
        int[] zs = asym ? new int[ns] : null;
        byte[] qv = new byte[w.length];
        byte[] qs = new byte[w.length];
        VectorLowering.integerGroups(w, gs, bits, asym, sv, zv, qv, 0, ns);
        IntegerLowering.fusedContiguousScalar(w, gs, bits, asym, ss, zs, qs, 0, ns);
        String where = config + " group size " + gs;
        assertArrayEquals(bits(ss), bits(sv), where);
        assertArrayEquals(qs, qv, where);
        if (asym) {
          assertArrayEquals(zs, zv, where);
        }
      }
    }
  }

  @Test
  void exactTiesRoundHalfToEvenInBothPaths() {
    // max |w| = 8 gives the symmetric INT4 scale 1, so w / scale are the ties themselves
    float[] w = new float[32];
    for (int i = 0; i < 31; i++) {
      w[i] = -7.5f + 0.5f * i;
    }
    w[31] = -8f;
    byte[] q = new byte[32];
    float[] scale = new float[1];
    VectorLowering.integerGroups(w, 32, 4, false, scale, null, q, 0, 1);
    assertEquals(1f, scale[0]);
    for (int i = 0; i < 31; i++) {
      assertEquals(Math.clamp((long) Math.rint(w[i]), -8, 7), q[i], "w = " + w[i]);
    }
    assertEquals(-8, q[31]);
  }

  @Test
  void nf4CodesAndScalesMatchTheScalarLoops() {
    for (int gs : GROUP_SIZES) {
      for (float[] w : samples(gs, 40)) {
        int ns = w.length / gs;
        float[] sv = new float[ns];
        float[] ss = new float[ns];
        byte[] qv = new byte[w.length];
        byte[] qs = new byte[w.length];
        TableLowering.nf4Contiguous(w, gs, sv, qv, 0, ns, true);
        TableLowering.nf4Contiguous(w, gs, ss, qs, 0, ns, false);
        assertArrayEquals(bits(ss), bits(sv), "group size " + gs);
        assertArrayEquals(qs, qv, "group size " + gs);
      }
    }
  }

  @Test
  void nf4CodesAtTheCentresThemselves() {
    // a value equal to a centre is not above it: the code counts centres strictly below
    float[] centres = dev.jvino.numeric.Nf4.centers();
    float[] w = new float[64];
    for (int i = 0; i < centres.length; i++) {
      w[i] = centres[i];
      w[16 + i] = Math.nextUp(centres[i]);
    }
    w[63] = 1f; // the group's max |w|, so the scale is 1 and w / scale == w
    byte[] q = new byte[64];
    TableLowering.nf4Contiguous(w, 64, new float[1], q, 0, 1, true);
    for (int i = 0; i < centres.length; i++) {
      assertEquals(i, q[i], "at centre " + i);
      assertEquals(i + 1, q[16 + i], "just above centre " + i);
    }
    assertEquals(15, q[63]);
  }

  @Test
  void minMaxAndAbsMaxKeepMathMinMaxSemantics() {
    float[][] cases = {
      {0f, -0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f},
      fill(40, 1f, Float.NaN, 7),
      fill(40, 1f, -Float.NaN, 33),
      fill(40, -2f, Float.NEGATIVE_INFINITY, 20),
      fill(40, 3f, Float.POSITIVE_INFINITY, 39),
      fill(40, Float.MIN_VALUE, -Float.MIN_VALUE, 5),
    };
    for (float[] w : cases) {
      for (int n = 1; n <= w.length; n++) {
        float lo = w[0];
        float hi = w[0];
        float amax = Math.abs(w[0]);
        for (int i = 1; i < n; i++) {
          lo = Math.min(lo, w[i]);
          hi = Math.max(hi, w[i]);
          amax = Math.max(amax, Math.abs(w[i]));
        }
        float[] mn = new float[2];
        float[] mx = new float[2];
        VectorLowering.minMax(w, 0, n, mn, mx, 1);
        String where = Arrays.toString(w) + " first " + n;
        assertEquals(Float.floatToRawIntBits(lo), Float.floatToRawIntBits(mn[1]), where);
        assertEquals(Float.floatToRawIntBits(hi), Float.floatToRawIntBits(mx[1]), where);
        assertEquals(Float.floatToRawIntBits(amax), Float.floatToRawIntBits(VectorLowering.absMax(w, 0, n)), where);
      }
    }
  }

  private static float[] fill(int n, float value, float special, int at) {
    float[] w = new float[n];
    Arrays.fill(w, value);
    w[at] = special;
    return w;
  }

  /** Gaussian groups, then groups seeded with the values where float semantics matter. */
  private static float[][] samples(int gs, int groups) {
    SplittableRandom random = new SplittableRandom(gs * 31L + 7);
    float[] normal = new float[gs * groups];
    for (int i = 0; i < normal.length; i++) {
      normal[i] = (float) (random.nextGaussian() * 0.02);
    }
    float[] special = normal.clone();
    float[] values = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, Float.MIN_VALUE,
        -Float.MIN_NORMAL, 1e30f, -3e38f, 0.5f, -2.5f};
    for (int g = 0; g < groups; g++) {
      int base = g * gs;
      switch (g % 6) {
        case 0 -> special[base + random.nextInt(gs)] = values[random.nextInt(values.length)];
        case 1 -> Arrays.fill(special, base, base + gs, 0f);
        case 2 -> Arrays.fill(special, base, base + gs, -0f);
        case 3 -> { // multiples of 0.5 with max |w| = 8: ties under every scale of 1
          for (int i = 0; i < gs; i++) {
            special[base + i] = 0.5f * (random.nextInt(33) - 16);
          }
        }
        case 4 -> special[base + random.nextInt(gs)] = 1e-42f;
        default -> { }
      }
    }
    return new float[][] {normal, special};
  }

  private static int[] bits(float[] f) {
    int[] out = new int[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = Float.floatToRawIntBits(f[i]);
    }
    return out;
  }
}
