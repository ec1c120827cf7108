package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import org.junit.jupiter.api.Test;

class ReductionsTest {
  private static long[] s(long... d) {
    return d;
  }

  @Test
  void reduceOverAxesWithAndWithoutKeepDims() {
    NdArray x = NdArray.f32(s(2, 3), 1, 2, 3, 4, 5, 6);
    NdArray sum = Reductions.reduceSum(x, NdArray.vector(-1), false);
    assertArrayEquals(s(2), sum.shape());
    assertArrayEquals(new float[] {6, 15}, sum.floats());
    NdArray mean = Reductions.reduceMean(x, NdArray.vector(0), true);
    assertArrayEquals(s(1, 3), mean.shape());
    assertArrayEquals(new float[] {2.5f, 3.5f, 4.5f}, mean.floats());
    NdArray all = Reductions.reduceMax(x, NdArray.vector(0, 1), false);
    assertArrayEquals(s(), all.shape());
    assertEquals(6f, all.floats()[0]);
    assertArrayEquals(new float[] {1, 4}, Reductions.reduceMin(x, NdArray.vector(1), false).floats());
    assertEquals(x, Reductions.reduceSum(x, NdArray.vector(), false));
    assertThrows(OpInputException.class, () -> Reductions.reduceSum(x, NdArray.vector(0, -2), false));
    assertThrows(OpInputException.class, () -> Reductions.reduceSum(x, NdArray.vector(2), false));
  }

  @Test
  void maxSkipsNanAndEmptyExtentsGiveTheTypeLimits() {
    NdArray x = NdArray.f32(s(2, 2), Float.NaN, 1, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY);
    // as OpenVINO: start at lowest(), replace only on a strictly greater element
    assertArrayEquals(new float[] {1, -Float.MAX_VALUE}, Reductions.reduceMax(x, NdArray.vector(1), false).floats());
    NdArray empty = NdArray.f32(s(2, 0), new float[0]);
    assertArrayEquals(new float[] {-Float.MAX_VALUE, -Float.MAX_VALUE},
        Reductions.reduceMax(empty, NdArray.vector(1), false).floats());
    assertArrayEquals(new float[] {Float.MAX_VALUE, Float.MAX_VALUE},
        Reductions.reduceMin(empty, NdArray.vector(1), false).floats());
    assertArrayEquals(new float[] {0, 0}, Reductions.reduceSum(empty, NdArray.vector(1), false).floats());
  }

  @Test
  void f32SumIsCompensated() {
    // 1 + 8 * 1e-8: plain float summation loses every small term (each is below half an ulp of 1) and
    // returns 1; the compensated sum carries them and rounds 1.00000008 to the next float, 1 + 2^-23
    float[] v = new float[9];
    java.util.Arrays.fill(v, 1e-8f);
    v[0] = 1f;
    float naive = 0;
    for (float f : v) {
      naive += f;
    }
    assertEquals(1f, naive);
    float sum = Reductions.reduceSum(NdArray.f32(s(9), v), NdArray.vector(0), false).floats()[0];
    assertEquals(1f + 0x1p-23f, sum);
  }

  @Test
  void middleAxisOfA3dTensor() {
    NdArray x = NdArray.f32(s(2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8);
    NdArray r = Reductions.reduceSum(x, NdArray.vector(1), true);
    assertArrayEquals(s(2, 1, 2), r.shape());
    assertArrayEquals(new float[] {4, 6, 12, 14}, r.floats());
  }

  @Test
  void integerAndF16Reductions() {
    NdArray i = NdArray.ofLongs(ElementType.I8, s(3), new long[] {100, 100, -7});
    assertArrayEquals(new long[] {-63}, Reductions.reduceSum(i, NdArray.vector(0), false).longs());
    assertArrayEquals(new long[] {2}, Reductions.reduceMean(NdArray.i32(s(3), 1, 2, 4), NdArray.vector(0), false).longs());
    assertArrayEquals(new long[] {100}, Reductions.reduceMax(i, NdArray.vector(0), false).longs());
    // f16 Kahan steps as OpenVINO: 0.0999755859375 + 0.199951171875 -> 0.2998046875 (tie to even), compensation
    // -0.0001220703125; + 0.300048828125 -> y = 0.30029296875, sum 0.60009765625; / 3 -> f16 0.2000732421875
    NdArray h = Reductions.reduceMean(NdArray.f16(s(3), 0.1f, 0.2f, 0.3f), NdArray.vector(0), false);
    assertEquals(0.2000732421875f, h.floats()[0]);
  }
}
