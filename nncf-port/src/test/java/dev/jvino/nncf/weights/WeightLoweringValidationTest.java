package dev.jvino.nncf.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.ElementType;
import dev.jvino.nncf.CompressWeightsMode;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Input validation, shape bookkeeping, hand-computed values and the two-thread split. */
class WeightLoweringValidationTest {

  @Test
  void rejectsBadInputWithClearMessages() {
    float[] w = new float[12];
    long[] shape = {3, 4};
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> WeightLowering.lower(w, shape, 2, CompressWeightsMode.INT8_ASYM, -1)).getMessage().contains("axis"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> WeightLowering.lower(w, shape, 1, CompressWeightsMode.INT4_SYM, 0)).getMessage().contains("group_size"));
    assertThrows(IllegalArgumentException.class, () -> WeightLowering.lower(w, shape, 1, CompressWeightsMode.INT4_SYM, -2));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> WeightLowering.lower(new float[11], shape, 1, CompressWeightsMode.INT4_SYM, -1)).getMessage().contains("11"));
    assertThrows(IllegalArgumentException.class,
        () -> WeightLowering.lower(new float[0], new long[] {0, 4}, 1, CompressWeightsMode.INT4_SYM, -1));
    assertThrows(InvalidGroupSizeException.class, () -> WeightLowering.lower(w, shape, 1, CompressWeightsMode.NF4, 3));
    assertThrows(IllegalArgumentException.class,
        () -> WeightLowering.lower(w, shape, 1, CompressWeightsMode.CODEBOOK, -1, null));
    assertThrows(IllegalArgumentException.class,
        () -> WeightLowering.lower(w, shape, 1, CompressWeightsMode.CODEBOOK, -1, new float[] {1f}));
    assertThrows(IllegalArgumentException.class,
        () -> WeightLowering.lower(w, shape, 1, CompressWeightsMode.CODEBOOK, -1, new float[] {0f, 0f, 1f}));
    assertThrows(IllegalArgumentException.class,
        () -> WeightLowering.lower(w, shape, 1, CompressWeightsMode.CODEBOOK, -1, new float[] {0f, Float.NaN}));
    assertThrows(UnsupportedOperationException.class,
        () -> WeightLowering.lower(w, shape, 1, CompressWeightsMode.ADAPTIVE_CODEBOOK, -1));
  }

  @Test
  void negativeAxisAndShapes() {
    float[] w = new float[2 * 64 * 3];
    CompressedWeight cw = WeightLowering.lower(w, new long[] {2, 64, 3}, -2, CompressWeightsMode.INT4_ASYM, 16);
    assertArrayEquals(new long[] {2, 4, 16, 3}, cw.grouping().groupedShape());
    assertArrayEquals(new long[] {2, 4, 1, 3}, cw.grouping().scaleShape());
    assertEquals(24, cw.scale().length);
    assertEquals(ElementType.U4, cw.codeType());
    assertEquals(WeightGrouping.of(new long[] {2, 64, 3}, 1, 16), cw.grouping());
    long[] shape = cw.grouping().weightShape();
    shape[0] = 99; // a copy: the grouping is unchanged
    assertArrayEquals(new long[] {2, 64, 3}, cw.grouping().weightShape());
    // packed u4 codes and zero points: two per byte
    assertEquals(2 * 64 * 3 / 2, cw.packedCodes().length);
    assertEquals(24 / 2, cw.packedZeroPoint().length);
  }

  @Test
  void handComputedInt4SymAndAsym() {
    // row 0: min -4, max 2 -> |min| >= max -> scale = 4/8 = 0.5; row 1: min -1, max 3 -> scale = -3/8 (negative)
    float[] w = {-4f, -1f, 0.25f, 2f, -1f, 0f, 1.5f, 3f};
    CompressedWeight sym = WeightLowering.lower(w, new long[] {2, 4}, 1, CompressWeightsMode.INT4_SYM, -1);
    assertArrayEquals(new float[] {0.5f, -0.375f}, sym.scale());
    // -4/0.5=-8; -1/0.5=-2; 0.25/0.5=0.5 -> 0 (even); 2/0.5=4 | -1/-0.375=2.67->3; 0; 1.5/-0.375=-4; 3/-0.375=-8
    assertArrayEquals(new byte[] {-8, -2, 0, 4, 3, 0, -4, -8}, sym.codes());
    assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(sym.dequantized()[2]));
    // code 0 with a negative scale: NNCF converts int8 0 to +0.0, so 0 * -0.375 = -0.0
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(sym.dequantized()[5]));
    assertNull(sym.zeroPoint());

    // asym: row 0 min -4 max 2 -> scale 6/15 = 0.4, zp = -round(-10) = 10
    CompressedWeight asym = WeightLowering.lower(w, new long[] {2, 4}, 1, CompressWeightsMode.INT4_ASYM, -1);
    assertEquals(6f / 15f, asym.scale()[0]);
    assertEquals(10, asym.zeroPoint()[0]);
    assertEquals(0, asym.code(0));
    assertEquals(15, asym.code(3));
  }

  @Test
  void zeroPointCastOverflowClipsToZeroLikeX86() {
    // constant row of 300: scale = eps, 300/eps = 2.5e9 > 2^31 -> int32 cast gives INT32_MIN -> clip 0
    float[] w = new float[8];
    Arrays.fill(w, -300f);
    CompressedWeight cw = WeightLowering.lower(w, new long[] {1, 8}, 1, CompressWeightsMode.INT8_ASYM, -1);
    assertEquals(0x1p-23f, cw.scale()[0]);
    assertEquals(0, cw.zeroPoint()[0]); // Java's saturating cast would give 255
    assertEquals(Integer.MIN_VALUE, IntegerLowering.x86FloatToInt(2.5e9f));
    assertEquals(Integer.MIN_VALUE, IntegerLowering.x86FloatToInt(Float.NaN));
    assertEquals(-7, IntegerLowering.x86FloatToInt(-7.9f));
    assertEquals(Integer.MIN_VALUE, IntegerLowering.x86FloatToInt(-0x1p31f));
  }

  @Test
  void mxScaleUsesCeilOfLog2AndE8m0() {
    float[] w = new float[32];
    w[0] = 6f * 0.25f; // max/6 = 2^-2 exactly -> scale 2^-2, byte 125
    CompressedWeight cw = WeightLowering.lower(w, new long[] {1, 32}, 1, CompressWeightsMode.MXFP4, 32);
    assertEquals(0.25f, cw.scale()[0]);
    assertEquals(125, cw.scaleE8m0()[0] & 0xFF);
    assertNull(cw.scaleF16());
    w[0] = Math.nextUp(6f * 0.25f); // just above: ceil goes to 2^-1
    cw = WeightLowering.lower(w, new long[] {1, 32}, 1, CompressWeightsMode.MXFP4, 32);
    assertEquals(0.5f, cw.scale()[0]);
    assertEquals(0f, Scales.log2(1f));
    assertEquals(-149f, Scales.log2(Float.MIN_VALUE));
    assertEquals(-127f, Scales.log2(0x1p-127f));
  }

  @Test
  void twoThreadSplitGivesTheSameBitsAsSeparateHalves() {
    int rows = 1024;
    int cols = 512; // 2^19 elements: above the parallel threshold
    assertTrue(rows * cols >= RowSplitter.PARALLEL_THRESHOLD);
    Random rnd = new Random(7);
    float[] w = new float[rows * cols];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (rnd.nextGaussian() * 0.02);
    }
    for (CompressWeightsMode mode : new CompressWeightsMode[] {
        CompressWeightsMode.INT4_SYM, CompressWeightsMode.INT8_ASYM, CompressWeightsMode.NF4, CompressWeightsMode.FP4}) {
      int gs = mode == CompressWeightsMode.INT8_ASYM ? -1 : 128;
      CompressedWeight whole = WeightLowering.lower(w, new long[] {rows, cols}, 1, mode, gs);
      float[] top = Arrays.copyOfRange(w, 0, w.length / 2);
      float[] bottom = Arrays.copyOfRange(w, w.length / 2, w.length);
      CompressedWeight a = WeightLowering.lower(top, new long[] {rows / 2, cols}, 1, mode, gs);
      CompressedWeight b = WeightLowering.lower(bottom, new long[] {rows / 2, cols}, 1, mode, gs);
      BitAssert.bytes(mode + " codes", concat(a.codes(), b.codes()), whole.codes());
      BitAssert.floats(mode + " dequant", concat(a.dequantized(), b.dequantized()), whole.dequantized());
      BitAssert.floats(mode + " scale", concat(a.scale(), b.scale()), whole.scale());
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
