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
    NdArray h = Reductions.reduceMean(NdArray.f16(s(3), 0.1f, 0.2f, 0.3f), NdArray.vector(0), false);
    assertEquals(Float.float16ToFloat(Float.floatToFloat16(0.2f)), h.floats()[0]);
  }
}
