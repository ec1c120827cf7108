package dev.jvino.engine.tensor;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.ir.ElementType;
import org.junit.jupiter.api.Test;

class NdArrayTest {
  @Test
  void f16AndBf16ValuesAreStoredRounded() {
    NdArray h = NdArray.f16(new long[] {3}, 1.0009765625f + 0.0001f, 65520f, 0.1f);
    // 1 + 2^-10 is an f16 value; the tiny excess rounds away; 65520 rounds to infinity; 0.1 -> 0.0999755859375
    assertArrayEquals(new float[] {1.0009765625f, Float.POSITIVE_INFINITY, 0.0999755859375f}, h.floats());
    NdArray b = NdArray.ofFloats(ElementType.BF16, new long[] {3}, new float[] {1.00390625f, 1.01171875f, 3.14159f});
    // ties to even: 1 + 2^-8 -> 1.0 ; 1 + 3*2^-8 -> 1 + 4*2^-8 ; pi -> 3.140625
    assertArrayEquals(new float[] {1.0f, 1.015625f, 3.140625f}, b.floats());
  }

  @Test
  void integersAreWrappedToTheirWidth() {
    NdArray a = NdArray.ofLongs(ElementType.I8, new long[] {3}, new long[] {127, 128, -129});
    assertArrayEquals(new long[] {127, -128, 127}, a.longs());
    NdArray u = NdArray.ofLongs(ElementType.U8, new long[] {2}, new long[] {-1, 256});
    assertArrayEquals(new long[] {255, 0}, u.longs());
    NdArray u4 = NdArray.ofLongs(ElementType.U4, new long[] {2}, new long[] {17, -1});
    assertArrayEquals(new long[] {1, 15}, u4.longs());
  }

  @Test
  void shapeChecksAndAccessors() {
    assertThrows(IllegalArgumentException.class, () -> NdArray.f32(new long[] {2, 2}, 1, 2, 3));
    NdArray a = NdArray.f32(new long[] {2, 3}, 1, 2, 3, 4, 5, 6);
    assertEquals(2, a.rank());
    assertEquals(3, a.dim(-1));
    assertEquals(6, a.size());
    assertEquals(5.0, a.getDouble(4));
    NdArray r = a.reshape(3, 2);
    assertArrayEquals(new long[] {3, 2}, r.shape());
    assertSame(a.floats(), r.floats());
    assertThrows(UnsupportedElementTypeException.class, a::longs);
    assertThrows(UnsupportedElementTypeException.class, () -> NdArray.zeros(ElementType.NF4, new long[] {1}));
    assertEquals(NdArray.f32(new long[] {2, 3}, 1, 2, 3, 4, 5, 6), a.copy());
    NdArray s = NdArray.scalar(ElementType.I32, -7.9);
    assertEquals(0, s.rank());
    assertEquals(-7, s.getLong(0));
    NdArray u64 = NdArray.i64(new long[] {1}, -1).reshape(1);
    assertEquals(-1, u64.getLong(0));
    assertEquals(18446744073709551615.0, Values.integerToDouble(ElementType.U64, -1L));
  }
}
