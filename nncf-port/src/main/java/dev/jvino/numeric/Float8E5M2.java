package dev.jvino.numeric;

/**
 * OCP FP8 E5M2 (bias 15, IEEE-like: infinities and NaNs exist; largest finite value 57344). An E5M2 byte
 * is the upper byte of an f16. The conversion follows OpenVINO's {@code f8e5m2} constructor: the f32
 * value is rounded to f16, the f16 mantissa is rounded to two bits (nearest even), and results that
 * would be infinite - including infinite inputs - saturate to +/-57344. NaN stays NaN.
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

  /** f16 bits to E5M2 byte: round to nearest even, saturate at +/-57344; NaN stays a (quiet) NaN. */
  public static byte fromFloat16(short f16Bits) {
    int h = f16Bits & 0xFFFF;
    if ((h & 0x7C00) == 0x7C00) {
      if ((h & 0x03FF) != 0) {
        return (byte) ((h >>> 8) | 0x02); // NaN
      }
      return (byte) ((h >>> 8) - 1); // infinity saturates to the largest finite value
    }
    int lsb = (h >>> 8) & 1;
    int r = (h + 0x7F + lsb) >>> 8;
    if ((r & 0x7F) == 0x7C) { // rounded up to infinity
      r -= 1;
    }
    return (byte) r;
  }
}
