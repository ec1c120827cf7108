package dev.jvino.nncf.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.numeric.Nf4;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast NF4 code search (bucket lookup, and the binary search behind it) against the plain count of
 * centres below a value ({@link Nf4#quantize}), on the values where a search can go wrong: the centres
 * and their float neighbours, the bucket edges, the ends of [-1, 1], non-finite values, and random ones.
 */
class Nf4CodeSearchTest {

  private static List<Float> hardValues() {
    List<Float> xs = new ArrayList<>();
    for (float c : Nf4.centers()) {
      float v = c;
      for (int i = 0; i < 4; i++) {
        v = Math.nextDown(v);
      }
      for (int i = 0; i < 9; i++) {
        xs.add(v);
        v = Math.nextUp(v);
      }
    }
    for (int b = 0; b <= 2048; b++) {
      float edge = -1f + b / 1024f;
      xs.add(Math.nextDown(edge));
      xs.add(edge);
      xs.add(Math.nextUp(edge));
    }
    for (float v : new float[] {
        -1f, 1f, 0f, -0f, Math.nextUp(1f), Math.nextDown(-1f), 2f, -2f, 1e30f, -1e30f, Float.MIN_VALUE,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0xFFC00001)}) {
      xs.add(v);
    }
    return xs;
  }

  @Test
  void bucketLookupAndBinarySearchMatchThePlainCount() {
    for (float x : hardValues()) {
      assertEquals(Nf4.quantize(x), TableLowering.nf4Code(x), "nf4Code(" + x + ")");
      assertEquals(Nf4.quantize(x), TableLowering.nf4CodeSearch(x), "nf4CodeSearch(" + x + ")");
    }
    SplittableRandom rnd = new SplittableRandom(11);
    for (int i = 0; i < 1_000_000; i++) {
      float x = (float) (rnd.nextDouble() * 2.2 - 1.1);
      assertEquals(Nf4.quantize(x), TableLowering.nf4Code(x), "nf4Code(" + x + ")");
    }
  }

  @Test
  void knownCodes() {
    assertEquals(0, TableLowering.nf4Code(-1f));
    assertEquals(15, TableLowering.nf4Code(1f));
    assertEquals(7, TableLowering.nf4Code(0f));
    assertEquals(15, TableLowering.nf4Code(Float.NaN));
    float c7 = Nf4.centers()[7]; // exactly on a centre: the lower level
    assertEquals(7, TableLowering.nf4Code(c7));
    assertEquals(8, TableLowering.nf4Code(Math.nextUp(c7)));
  }

  @Test
  void groupKernelMatchesThePlainCountIncludingNonFiniteGroups() {
    SplittableRandom rnd = new SplittableRandom(5);
    int gs = 64;
    float[] w = new float[8 * gs];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (rnd.nextGaussian() * 0.02);
    }
    w[3] = Float.NaN; // group 0
    w[gs + 5] = Float.POSITIVE_INFINITY; // group 1
    w[2 * gs + 7] = Float.NEGATIVE_INFINITY; // group 2
    for (int i = 3 * gs; i < 4 * gs; i++) {
      w[i] = 0f; // group 3: eps scale
    }
    w[4 * gs + 9] = -0.5f; // group 4: exact -1 and +1 after scaling
    w[4 * gs + 10] = 0.5f;
    CompressedWeight cw = WeightLowering.lower(w, new long[] {1, w.length}, 1, CompressWeightsMode.NF4, gs);
    for (int e = 0; e < w.length; e++) {
      float x = w[e] / cw.scale()[e / gs];
      assertEquals(Nf4.quantize(x), cw.codes()[e], "element " + e + " (w=" + w[e] + ")");
    }
    assertEquals(0, cw.codes()[4 * gs + 9]);
    assertEquals(15, cw.codes()[4 * gs + 10]);
  }

  @Test
  void dequantizedValuesAreFormedOnceOnDemand() {
    float[] w = {0.5f, -0.25f, 0.125f, 1f, -1f, 0.75f, 0f, 0.3f};
    for (CompressWeightsMode mode : new CompressWeightsMode[] {
        CompressWeightsMode.INT4_ASYM, CompressWeightsMode.INT4_SYM, CompressWeightsMode.NF4}) {
      CompressedWeight cw = WeightLowering.lower(w, new long[] {2, 4}, 1, mode, -1);
      float[] dq = cw.dequantized();
      assertSame(dq, cw.dequantized(), mode + ": computed once");
      for (int e = 0; e < w.length; e++) {
        float sc = cw.scale()[e / 4];
        float expected = switch (mode) {
          case INT4_ASYM -> ((float) cw.code(e) - (float) cw.zeroPoint()[e / 4]) * sc;
          case INT4_SYM -> (float) cw.code(e) * sc;
          default -> Nf4.toFloat(cw.code(e)) * sc;
        };
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(dq[e]), mode + " element " + e);
      }
    }
    // hand values: INT4_SYM row 0 has max|w| 1 at w[3]... row [0.5,-0.25,0.125,1]: scale = -1/8
    CompressedWeight sym = WeightLowering.lower(w, new long[] {2, 4}, 1, CompressWeightsMode.INT4_SYM, -1);
    assertEquals(-0.125f, sym.scale()[0]);
    assertEquals(-4, sym.code(0));
    assertEquals(0.5f, sym.dequantized()[0]);
  }
}
