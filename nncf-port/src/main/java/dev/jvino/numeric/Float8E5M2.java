package dev.jvino.numeric;

/**
 * OCP FP8 E5M2 (bias 15, IEEE-like: infinities and NaNs exist; largest finite value 57344). An E5M2 byte
 * is the upper byte of an f16, so the conversion from f32 rounds to f16 first and then rounds the f16
 * mantissa to two bits (nearest even); values past 57344 round to infinity.
 */
public final class Float8E5M2 {
  /** Largest finite value. */
  public static final float MAX_VALUE = 57344f;

  private Float8E5M2() {}

  /** The value of an E5M2 byte. */
  public static float toFloat(byte code) {
    return Float.float16ToFloat((short) ((code & 0xFF) << 8));
  }

  /** f32 to E5M2 byte via f16 (round to nearest even at both steps; NaN stays NaN). */
  public static byte fromFloat(float value) {
    return fromFloat16(Float.floatToFloat16(value));
  }

  /** f16 bits to E5M2 byte, round to nearest even; NaN stays a (quiet) NaN. */
  public static byte fromFloat16(short f16Bits) {
    int h = f16Bits & 0xFFFF;
    if ((h & 0x7C00) == 0x7C00 && (h & 0x03FF) != 0) {
      return (byte) ((h >>> 8) | 0x02);
    }
    int lsb = (h >>> 8) & 1;
    return (byte) ((h + 0x7F + lsb) >>> 8);
  }
}
