package dev.jvino.ir;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstantDataTest {
  private static byte[] raw(ConstantData c) {
    return c.bytes().toArray(ValueLayout.JAVA_BYTE);
  }

  @Test
  void nibbleTypesAreLowNibbleFirst() {
    ConstantData u4 = ConstantData.ofLongs(ElementType.U4, new long[] {3}, 1, 2, 15);
    assertArrayEquals(new byte[] {0x21, 0x0F}, raw(u4));
    assertArrayEquals(new long[] {1, 2, 15}, u4.toLongArray());
    ConstantData i4 = ConstantData.ofLongs(ElementType.I4, new long[] {2}, -1, 7);
    assertArrayEquals(new byte[] {0x7F}, raw(i4));
    assertArrayEquals(new long[] {-1, 7}, i4.toLongArray());
    ConstantData nf4 = ConstantData.ofBytes(ElementType.NF4, new long[] {2}, new byte[] {(byte) 0xF0});
    assertArrayEquals(new float[] {-1f, 1f}, nf4.toFloatArray());
    ConstantData f4 = ConstantData.ofBytes(ElementType.F4E2M1, new long[] {2}, new byte[] {(byte) 0xF7});
    assertArrayEquals(new float[] {6f, -6f}, f4.toFloatArray());
    assertArrayEquals(new byte[] {(byte) 0xB3},
        raw(ConstantData.ofFloats(ElementType.F4E2M1, new long[] {2}, 1.5f, -1.5f)));
  }

  @Test
  void u1IsMsbFirst() {
    ConstantData u1 = ConstantData.ofLongs(ElementType.U1, new long[] {9}, 1, 0, 0, 0, 0, 0, 0, 1, 1);
    assertArrayEquals(new byte[] {(byte) 0x81, (byte) 0x80}, raw(u1));
    assertEquals(1, u1.getLong(8));
  }

  @Test
  void u2u3u6FollowThePackingRule() {
    byte[] b = {(byte) 0b1110_0100};
    assertArrayEquals(new long[] {3, 2, 1, 0},
        ConstantData.lazy(ElementType.U2, new long[] {4}, WeightsFile.of(
            java.lang.foreign.MemorySegment.ofArray(b)), 0, 1, SubBytePacking.LEGACY).toLongArray());
    assertArrayEquals(new long[] {0, 1, 2, 3},
        ConstantData.lazy(ElementType.U2, new long[] {4}, WeightsFile.of(
            java.lang.foreign.MemorySegment.ofArray(b)), 0, 1, SubBytePacking.LSB_STREAM).toLongArray());
    // u3 LSB stream: values 5, 3, 7 -> bits 101 110 111 (LSB first) = 0b11_110_101, 0b0000000_1
    byte[] u3 = {(byte) 0b1111_0101, 0b0000_0001};
    assertArrayEquals(new long[] {5, 6, 7},
        ConstantData.lazy(ElementType.U3, new long[] {3}, WeightsFile.of(
            java.lang.foreign.MemorySegment.ofArray(u3)), 0, 2, SubBytePacking.LSB_STREAM).toLongArray());
    // legacy u3 group: value k: low 2 bits at word bits (15-2k, 14-2k), high bit at b2 bit 7-k
    // values 7,0,... -> word 0b11000000_00000000, b2 0b10000000
    byte[] g = {(byte) 0xC0, 0, (byte) 0x80};
    long[] v = ConstantData.lazy(ElementType.U3, new long[] {8}, WeightsFile.of(
        java.lang.foreign.MemorySegment.ofArray(g)), 0, 3, SubBytePacking.LEGACY).toLongArray();
    assertArrayEquals(new long[] {7, 0, 0, 0, 0, 0, 0, 0}, v);
    assertThrows(UnsupportedOperationException.class,
        () -> ConstantData.ofLongs(ElementType.U2, new long[] {1}, 1));
  }

  @Test
  void floatFormats() {
    assertEquals(448f, ElementCodec.f8e4m3ToFloat(0x7E));
    assertTrue(Float.isNaN(ElementCodec.f8e4m3ToFloat(0x7F)));
    assertEquals(0x7E, ElementCodec.floatToF8e4m3(1000f));
    assertEquals(57344f, ElementCodec.f8e5m2ToFloat(0x7B));
    assertEquals(1f, ElementCodec.f8e8m0ToFloat(127));
    assertEquals(0.25f, ElementCodec.f8e8m0ToFloat(125));
    float[] vals = {1.5f, -0.0625f, 3.140625f};
    ConstantData bf = ConstantData.ofFloats(ElementType.BF16, new long[] {3}, vals);
    assertArrayEquals(vals, bf.toFloatArray());
    ConstantData h = ConstantData.ofFloats(ElementType.F32, new long[] {2}, 1f / 3, 70000f).toF16();
    assertEquals(ElementType.F16, h.elementType());
    assertEquals(0.33325195f, h.toFloatArray()[0]);
    assertEquals(Float.POSITIVE_INFINITY, h.toFloatArray()[1]);
    for (int c = 0; c < 256; c++) {
      float f = ElementCodec.f8e4m3ToFloat(c);
      if (!Float.isNaN(f) && f != 0) {
        assertEquals(c, ElementCodec.floatToF8e4m3(f), "code " + c);
      }
    }
  }

  @Test
  void strings() {
    ConstantData s = ConstantData.ofStrings(new long[] {3}, List.of("a", "", "żółw"));
    assertEquals(List.of("a", "", "żółw"), s.strings());
    assertEquals(4 + 4 * 4 + 1 + 7, s.byteSize());
    ConstantData empty = ConstantData.ofStrings(new long[] {0}, List.of());
    assertEquals(4, empty.byteSize());
    assertEquals(List.of(), empty.strings());
  }

  @Test
  void segmentsAreSharedNotCopied() {
    java.lang.foreign.MemorySegment seg = java.lang.foreign.Arena.ofAuto().allocate(8);
    seg.set(ValueLayout.JAVA_FLOAT_UNALIGNED, 0, 1.5f);
    seg.set(ValueLayout.JAVA_FLOAT_UNALIGNED, 4, -3f);
    ConstantData c = ConstantData.ofSegment(ElementType.F32, new long[] {2}, seg);
    assertArrayEquals(new float[] {1.5f, -3f}, c.toFloatArray());
    assertEquals(seg.address(), c.bytes().address());
    assertThrows(IllegalArgumentException.class,
        () -> ConstantData.ofSegment(ElementType.F32, new long[] {3}, seg));
  }
}
