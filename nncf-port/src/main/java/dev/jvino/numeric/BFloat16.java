package dev.jvino.numeric;

/**
 * bfloat16 conversions: the upper 16 bits of an f32. The conversion from f32 rounds to nearest, ties to
 * even; NaN inputs give a quiet NaN with the input's sign; overflow rounds to infinity.
 */
public final class BFloat16 {
  private BFloat16() {}

  /** f32 to bf16 bits, round to nearest even. */
  public static short fromFloat(float value) {
    int bits = Float.floatToRawIntBits(value);
    if (Float.isNaN(value)) {
      return (short) ((bits >>> 16) | 0x0040);
    }
    int lsb = (bits >>> 16) & 1;
    return (short) ((bits + 0x7FFF + lsb) >>> 16);
  }

  /** bf16 bits to the exactly equal f32 value. */
  public static float toFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }
}
