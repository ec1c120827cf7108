package dev.jvino.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** Element packing and float formats, on plain Java memory. */
class ElementCodecTest {
  private static MemorySegment mem(int bytes) {
    return Arena.ofAuto().allocate(bytes);
  }

  @Test
  void fourBitTypesPackLowNibbleFirst() {
    MemorySegment m = mem(2);
    ElementCodec.setLong(m, ElementType.U4, 0, 0x3);
    ElementCodec.setLong(m, ElementType.U4, 1, 0xA);
    ElementCodec.setLong(m, ElementType.I4, 2, -1);
    ElementCodec.setLong(m, ElementType.I4, 3, 7);
    assertEquals((byte) 0xA3, m.get(ValueLayout.JAVA_BYTE, 0));
    assertEquals((byte) 0x7F, m.get(ValueLayout.JAVA_BYTE, 1));
    assertEquals(10, ElementCodec.getLong(m, ElementType.U4, 1));
    assertEquals(-1, ElementCodec.getLong(m, ElementType.I4, 2));
    assertEquals(7, ElementCodec.getLong(m, ElementType.I4, 3));
    var e = assertThrows(IllegalArgumentException.class, () -> ElementCodec.setLong(m, ElementType.I4, 0, 8));
    assertEquals("8 is outside the range of i4 [-8, 7]", e.getMessage());
  }

  @Test
  void u1PacksMostSignificantBitFirst() {
    MemorySegment m = mem(1);
    ElementCodec.setLong(m, ElementType.U1, 0, 1);
    ElementCodec.setLong(m, ElementType.U1, 7, 1);
    assertEquals((byte) 0x81, m.get(ValueLayout.JAVA_BYTE, 0));
    assertEquals(1, ElementCodec.getLong(m, ElementType.U1, 7));
    assertEquals(0, ElementCodec.getLong(m, ElementType.U1, 6));
  }

  @Test
  void halfAndBfloatRoundToNearestEven() {
    MemorySegment m = mem(4);
    ElementCodec.set(m, ElementType.F16, 0, 1.0009765625); // 1 + 2^-10: exactly representable
    assertEquals((short) 0x3C01, m.get(ValueLayout.JAVA_SHORT_UNALIGNED, 0));
    ElementCodec.set(m, ElementType.BF16, 1, 1.00390625); // 1 + 2^-8: halfway between two bf16 values
    assertEquals((short) 0x3F80, m.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, 1), "tie rounds to even");
    ElementCodec.set(m, ElementType.BF16, 1, 1.01171875); // 1 + 3*2^-8: tie, rounds up to even 0x3F82
    assertEquals((short) 0x3F82, m.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, 1));
    assertEquals(1.015625, ElementCodec.get(m, ElementType.BF16, 1));
    assertTrue(Float.isNaN(ElementCodec.bf16ToFloat(ElementCodec.floatToBf16(Float.NaN))));
  }

  @Test
  void eightBitFloatFormats() {
    assertEquals(448f, ElementCodec.F8E4M3[0x7E]);
    assertTrue(Float.isNaN(ElementCodec.F8E4M3[0x7F]));
    assertEquals(0.001953125f, ElementCodec.F8E4M3[0x01], "smallest subnormal 2^-9");
    assertEquals(57344f, ElementCodec.F8E5M2[0x7B]);
    assertEquals(Float.POSITIVE_INFINITY, ElementCodec.F8E5M2[0x7C]);
    assertEquals(-2f, ElementCodec.F8E5M2[0xC0]);
    MemorySegment m = mem(4);
    ElementCodec.set(m, ElementType.F8E4M3, 0, 1000);
    assertEquals(448.0, ElementCodec.get(m, ElementType.F8E4M3, 0), "saturates");
    ElementCodec.set(m, ElementType.F8E4M3, 1, 1.0625); // halfway between 1.0 (0x38) and 1.125 (0x39)
    assertEquals((byte) 0x38, m.get(ValueLayout.JAVA_BYTE, 1), "tie to the even code");
    ElementCodec.set(m, ElementType.F8E5M2, 2, -0.0);
    assertEquals((byte) 0x80, m.get(ValueLayout.JAVA_BYTE, 2), "keeps the sign of zero");
  }

  @Test
  void fourBitFloatFormats() {
    MemorySegment m = mem(2);
    ElementCodec.set(m, ElementType.F4E2M1, 0, -3);
    ElementCodec.set(m, ElementType.F4E2M1, 1, 5.5);
    assertEquals(-3.0, ElementCodec.get(m, ElementType.F4E2M1, 0));
    assertEquals(6.0, ElementCodec.get(m, ElementType.F4E2M1, 1));
    assertEquals((byte) 0x7D, m.get(ValueLayout.JAVA_BYTE, 0));
    ElementCodec.set(m, ElementType.NF4, 2, 0.7);
    assertEquals(0.7229568362236023, ElementCodec.get(m, ElementType.NF4, 2), 1e-7);
    assertEquals(14, m.get(ValueLayout.JAVA_BYTE, 1) & 0xF);
  }

  @Test
  void integersAreRangeCheckedAndExact() {
    MemorySegment m = mem(16);
    ElementCodec.setLong(m, ElementType.U32, 0, 0xFFFFFFFFL);
    assertEquals(0xFFFFFFFFL, ElementCodec.getLong(m, ElementType.U32, 0));
    ElementCodec.setLong(m, ElementType.I64, 1, Long.MIN_VALUE);
    assertEquals(Long.MIN_VALUE, ElementCodec.getLong(m, ElementType.I64, 1));
    assertThrows(IllegalArgumentException.class, () -> ElementCodec.setLong(m, ElementType.U8, 0, 256));
    assertThrows(IllegalArgumentException.class, () -> ElementCodec.set(m, ElementType.I16, 0, 1.5));
    ElementCodec.setLong(m, ElementType.BOOLEAN, 0, 5);
    assertEquals(1, ElementCodec.getLong(m, ElementType.BOOLEAN, 0));
  }

  @Test
  void packedByteSizes() {
    assertEquals(4, ElementType.U4.byteSize(8));
    assertEquals(2, ElementType.U1.byteSize(9));
    assertEquals(3, ElementType.U3.byteSize(8));
    assertEquals(32, ElementType.F32.byteSize(8));
    assertThrows(UnsupportedOperationException.class, () -> ElementType.STRING.byteSize(1));
    assertEquals(ElementType.F8E5M2, ElementType.ofName("F8E5M2"));
    assertThrows(IllegalArgumentException.class, () -> ElementType.ofName("f128"));
  }
}
