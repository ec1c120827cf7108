package dev.jvino.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Low-precision formats: hand-checked values and NNCF's own edge-case tables. */
class NumericFormatsTest {

  private static int bits(float f) {
    return Float.floatToRawIntBits(f);
  }

  @Test
  void float16RoundsToNearestEvenWithoutClamp() {
    assertEquals(0x3C00, Float16.fromFloat(1f));
    assertEquals(0x3C00, Float16.fromFloat(1f + 0x1p-11f)); // tie -> even (1.0)
    assertEquals(0x3C02, Float16.fromFloat(1f + 3 * 0x1p-11f)); // tie -> even (1 + 2^-9)
    assertEquals(0x7BFF, Float16.fromFloat(65504f));
    assertEquals(0x7C00, Float16.fromFloat(1e5f)); // overflow -> inf, no clamp
    assertEquals((short) 0x8000, Float16.fromFloat(-0f));
    assertEquals(0x0001, Float16.fromFloat(0x1p-24f)); // smallest subnormal
    assertEquals(0, Float16.fromFloat(0x1p-25f)); // tie with 0 -> even (0)
    assertEquals(1f + 0x1p-10f, Float16.toFloat((short) 0x3C01));
    assertEquals(2f, Float16.round(2.0004f));
  }

  @Test
  void bfloat16() {
    assertEquals(0x3F80, BFloat16.fromFloat(1f));
    assertEquals(0x3F80, BFloat16.fromFloat(Float.intBitsToFloat(0x3F808000))); // tie -> even
    assertEquals(0x3F82, BFloat16.fromFloat(Float.intBitsToFloat(0x3F818000))); // tie -> even (up)
    assertEquals(0x3F81, BFloat16.fromFloat(Float.intBitsToFloat(0x3F808001)));
    assertEquals(0x7F80, BFloat16.fromFloat(Float.MAX_VALUE)); // rounds to inf
    assertTrue(Float.isNaN(BFloat16.toFloat(BFloat16.fromFloat(Float.NaN))));
    assertEquals(-2.5f, BFloat16.toFloat(BFloat16.fromFloat(-2.5f)));
  }

  @Test
  void e4m3MatchesNnccfsEdgeCaseTable() {
    float[][] cases = {
      {0f, 0f}, {0.0005f, 0f}, {0.001f, 0.001953125f}, {-0.001f, -0.001953125f},
      {0.003f, 0.00390625f}, {0.006f, 0.005859375f}, {-0.006f, -0.005859375f}, {0.03125f, 0.03125f},
      {0.030f, 0.029296875f}, {-0.030f, -0.029296875f}, {0.0625f, 0.0625f}, {0.0703125f, 0.0703125f},
      {0.078125f, 0.078125f}, {0.109375f, 0.109375f}, {0.125f, 0.125f}, {0.25f, 0.25f}, {0.26f, 0.25f},
      {0.28f, 0.28125f}, {0.5f, 0.5f}, {-0.5f, -0.5f}, {1f, 1f}, {-1f, -1f}, {1.75f, 1.75f}, {-1.75f, -1.75f},
      {2f, 2f}, {3f, 3f}, {4f, 4f}, {5f, 5f}, {6f, 6f}, {7f, 7f}, {8f, 8f}, {-8f, -8f}, {16f, 16f}, {32f, 32f},
      {64f, 64f}, {128f, 128f}, {256f, 256f}, {448f, 448f}, {400f, 384f}, {460f, 448f},
    };
    for (float[] c : cases) {
      assertEquals(c[1], Float8E4M3.round(c[0]), "e4m3(" + c[0] + ")");
    }
    for (float nan : new float[] {500f, 1e4f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN}) {
      assertTrue(Float.isNaN(Float8E4M3.round(nan)), "e4m3(" + nan + ") should be NaN");
    }
    assertEquals(0x80, Float8E4M3.fromFloat(-0f) & 0xFF);
    assertEquals(0x7E, Float8E4M3.fromFloat(448f) & 0xFF);
    assertEquals(0x7F, Float8E4M3.fromFloat(480f) & 0xFF); // rounds past 448: NaN
    assertEquals(0x01, Float8E4M3.fromFloat(0x1p-9f));
    assertEquals(0x00, Float8E4M3.fromFloat(0x1p-10f)); // exact tie between 0 and 2^-9 -> even
    assertEquals(0x02, Float8E4M3.fromFloat(3 * 0x1p-10f)); // tie between 1 and 2 subnormal units -> even 2
    // double rounding: 1 + 2^-4 + 2^-12 is above the e4m3 midpoint 1.0625 but f16 rounds it onto it
    assertEquals(1f, Float8E4M3.round(1f + 0x1p-4f + 0x1p-12f));
  }

  @Test
  void e4m3FromEveryF16MatchesAnIndependentNearestEvenImplementation() throws Exception {
    // tools/fixtures/gen_lowering_fixtures.py: nearest E4M3 magnitude by table search, ties to the even
    // code, >= 464 and non-finite -> NaN
    java.nio.file.Path p = java.nio.file.Path.of(
        NumericFormatsTest.class.getResource("/fixtures/lowering/f16_to_e4m3.bin.gz").toURI());
    byte[] expected = dev.jvino.nncf.testing.NncfOrcReader.read(p).get("e4m3").bytes();
    assertEquals(65536, expected.length);
    for (int h = 0; h < 65536; h++) {
      assertEquals(expected[h], Float8E4M3.fromFloat16((short) h), "f16 bits " + Integer.toHexString(h));
    }
  }

  @Test
  void e4m3DecodeTable() {
    assertEquals(0.001953125f, Float8E4M3.toFloat((byte) 1));
    assertEquals(448f, Float8E4M3.toFloat((byte) 0x7E));
    assertEquals(-448f, Float8E4M3.toFloat((byte) 0xFE));
    assertTrue(Float.isNaN(Float8E4M3.toFloat((byte) 0x7F)));
    assertTrue(Float.isNaN(Float8E4M3.toFloat((byte) 0xFF)));
    assertEquals(bits(-0f), bits(Float8E4M3.toFloat((byte) 0x80)));
    // every finite code round-trips
    for (int c = 0; c < 256; c++) {
      float v = Float8E4M3.toFloat((byte) c);
      if (!Float.isNaN(v)) {
        assertEquals(c, Float8E4M3.fromFloat(v) & 0xFF, "code " + c);
      }
    }
  }

  @Test
  void e5m2() {
    assertEquals(0x3C, Float8E5M2.fromFloat(1f) & 0xFF);
    assertEquals(57344f, Float8E5M2.toFloat(Float8E5M2.fromFloat(57344f)));
    // OpenVINO saturates: overflow and infinities give the largest finite value
    assertEquals(57344f, Float8E5M2.toFloat(Float8E5M2.fromFloat(65504f)));
    assertEquals(-57344f, Float8E5M2.toFloat(Float8E5M2.fromFloat(Float.NEGATIVE_INFINITY)));
    assertEquals(57344f, Float8E5M2.toFloat(Float8E5M2.fromFloat(61440f))); // tie 57344/65536 -> even 57344
    assertEquals(Float.POSITIVE_INFINITY, Float8E5M2.toFloat((byte) 0x7C));
    assertEquals(1f, Float8E5M2.toFloat(Float8E5M2.fromFloat(1.125f))); // tie 1.0/1.25 -> even 1.0
    assertEquals(1.5f, Float8E5M2.toFloat(Float8E5M2.fromFloat(1.375f))); // tie 1.25/1.5 -> even 1.5
    assertTrue(Float.isNaN(Float8E5M2.toFloat(Float8E5M2.fromFloat(Float.NaN))));
    assertEquals(0x1p-16f, Float8E5M2.toFloat((byte) 0x01));
  }

  @Test
  void e8m0() {
    assertEquals(127, Float8E8M0.fromPowerOfTwo(1f) & 0xFF);
    assertEquals(125, Float8E8M0.fromPowerOfTwo(0.25f) & 0xFF);
    assertEquals(0, Float8E8M0.fromPowerOfTwo(0x1p-127f) & 0xFF);
    assertEquals(254, Float8E8M0.fromPowerOfTwo(0x1p127f) & 0xFF);
    assertEquals(0x1p-127f, Float8E8M0.toFloat((byte) 0));
    assertEquals(8f, Float8E8M0.toFloat((byte) 130));
    assertTrue(Float.isNaN(Float8E8M0.toFloat((byte) 0xFF)));
    assertThrows(IllegalArgumentException.class, () -> Float8E8M0.fromPowerOfTwo(3f));
    assertThrows(IllegalArgumentException.class, () -> Float8E8M0.fromPowerOfTwo(0x1p-128f));
    assertThrows(IllegalArgumentException.class, () -> Float8E8M0.fromPowerOfTwo(-2f));
  }

  @Test
  void e2m1MatchesNncfsEdgeCaseTable() {
    float[][] cases = {
      {-7f, -6f}, {7f, 6f}, {-5f, -4f}, {-3.5f, -4f}, {1.75f, 2f}, {2.5f, 2f}, {-4f, -4f}, {0f, 0f},
      {-0f, 0f}, {-0.25f, 0f}, {0.25f, 0f}, {-0.49f, -0.5f}, {-0.51f, -0.5f},
    };
    for (float[] c : cases) {
      float v = Float4E2M1.toFloat(Float4E2M1.quantize(c[0]));
      assertTrue(c[1] == v, "e2m1(" + c[0] + ") = " + v + ", expected " + c[1]); // NNCF compares with ==
    }
    // every zero result is -0.0 (code 8)
    for (float z : new float[] {0f, -0f, 0.25f, -0.25f, 0.1f}) {
      assertEquals(8, Float4E2M1.quantize(z));
    }
    assertEquals(7, Float4E2M1.quantize(6f));
    assertEquals(15, Float4E2M1.quantize(-6f));
    assertEquals(6, Float4E2M1.quantize(3.5f)); // tie 3/4 -> 4: code 6 has the even mantissa
    assertArrayEquals(new float[] {0f, .5f, 1f, 1.5f, 2f, 3f, 4f, 6f, -0f, -.5f, -1f, -1.5f, -2f, -3f, -4f, -6f},
        Float4E2M1.valuesByCode());
  }

  @Test
  void nf4CentresAndNncfsMidQuantCase() {
    assertEquals(16, Nf4.values().length);
    assertEquals(15, Nf4.centers().length);
    for (int i = 0; i < 15; i++) {
      assertEquals(i, Nf4.quantize(Nf4.centers()[i]), "a value on a centre takes the lower level");
      assertEquals(i + 1, Nf4.quantize(Math.nextUp(Nf4.centers()[i])));
    }
    // NNCF's test_nf4_quantization_mid_quant: f16 weight -0.07263 over scale 0.08564102 lands one ulp
    // above the first centre
    float norm = Float16.round(-0.07263f) / 0.08564102f;
    assertEquals(1, Nf4.quantize(norm));
    assertEquals(0, Nf4.quantize(-1f));
    assertEquals(15, Nf4.quantize(1f));
    assertEquals(7, Nf4.quantize(0f));
    assertEquals(15, Nf4.quantize(Float.NaN));
  }

  @Test
  void subBytePacking() {
    byte[] u4 = {1, 2, 15, 0, 7};
    byte[] packed = SubBytePacking.pack4(u4);
    assertArrayEquals(new byte[] {0x21, 0x0F, 0x07}, packed);
    assertArrayEquals(u4, SubBytePacking.unpackU4(packed, 5));
    byte[] i4 = {-8, 7, -1, 0};
    byte[] p4 = SubBytePacking.pack4(i4);
    assertArrayEquals(new byte[] {0x78, 0x0F}, p4);
    assertArrayEquals(i4, SubBytePacking.unpackI4(p4, 4));
    boolean[] u1 = {true, false, false, false, false, false, false, true, true};
    byte[] p1 = SubBytePacking.packU1(u1);
    assertArrayEquals(new byte[] {(byte) 0x81, (byte) 0x80}, p1);
    assertArrayEquals(u1, SubBytePacking.unpackU1(p1, 9));
    assertThrows(IllegalArgumentException.class, () -> SubBytePacking.unpackU4(new byte[1], 3));
  }
}
