package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import org.junit.jupiter.api.Test;

class ConvertTest {
  private static long[] s(long... d) {
    return d;
  }

  @Test
  void floatToIntegerTruncatesAndSaturates() {
    NdArray x = NdArray.f32(s(7), 2.7f, -2.7f, 300f, -300f, Float.NaN, Float.POSITIVE_INFINITY, -0.5f);
    assertArrayEquals(new long[] {2, -2, 127, -128, 0, 127, 0}, Convert.convert(x, ElementType.I8).longs());
    assertArrayEquals(new long[] {2, 0, 255, 0, 0, 255, 0}, Convert.convert(x, ElementType.U8).longs());
    assertArrayEquals(new long[] {2, -2, 300, -300, 0, Integer.MAX_VALUE, 0},
        Convert.convert(x, ElementType.I32).longs());
  }

  @Test
  void integerToIntegerWraps() {
    NdArray x = NdArray.i32(s(3), -1, 256, 200);
    assertArrayEquals(new long[] {255, 0, 200}, Convert.convert(x, ElementType.U8).longs());
    assertArrayEquals(new long[] {-1, 0, -56}, Convert.convert(x, ElementType.I8).longs());
    assertArrayEquals(new long[] {4294967295L, 256, 200}, Convert.convert(x, ElementType.U32).longs());
    assertArrayEquals(new long[] {15, 0, 8}, Convert.convert(x, ElementType.U4).longs());
  }

  @Test
  void floatRoundingAndBooleans() {
    NdArray x = NdArray.f32(s(4), 0.1f, 70000f, 0f, -0f);
    NdArray h = Convert.convert(x, ElementType.F16);
    assertArrayEquals(new float[] {0.0999755859375f, Float.POSITIVE_INFINITY, 0f, -0f}, h.floats());
    assertArrayEquals(new boolean[] {true, true, false, false}, Convert.convert(x, ElementType.BOOLEAN).booleans());
    NdArray b = NdArray.bools(s(2), true, false);
    assertArrayEquals(new float[] {1, 0}, Convert.convert(b, ElementType.F32).floats());
    assertArrayEquals(new long[] {1, 0}, Convert.convert(b, ElementType.I64).longs());
    NdArray u = NdArray.ofLongs(ElementType.U64, s(1), new long[] {-1L});
    assertEquals(1.8446744073709552E19, Convert.convert(u, ElementType.F64).doubles()[0]);
    NdArray big = NdArray.ofDoubles(s(2), new double[] {1e30, 1.5e19});
    assertArrayEquals(new long[] {-1L, -3446744073709551616L}, Convert.convert(big, ElementType.U64).longs());
    assertArrayEquals(new float[] {16777216f}, Convert.convert(NdArray.i64(s(1), 16777217), ElementType.F32).floats());
    assertThrows(OpAttributeException.class, () -> Convert.convert(x, ElementType.NF4));
  }
}
