package dev.jvino.numeric;

/**
 * E8M0: an unsigned 8-bit biased exponent (bias 127) denoting {@code 2^(code-127)}; {@code 0xFF} is
 * NaN. MX formats store their per-block scales this way.
 */
public final class Float8E8M0 {
  /** The NaN code. */
  public static final int NAN_CODE = 0xFF;

  private Float8E8M0() {}

  /** {@code 2^(code-127)} as f32 (2^-127 is an f32 subnormal), or NaN for {@code 0xFF}. */
  public static float toFloat(byte code) {
    int c = code & 0xFF;
    if (c == NAN_CODE) {
      return Float.NaN;
    }
    return Math.scalb(1f, c - 127);
  }

  /**
   * The code of an exact power of two in {@code [2^-127, 2^127]}.
   *
   * @throws IllegalArgumentException if {@code value} is not such a power of two
   */
  public static byte fromPowerOfTwo(float value) {
    if (!(value > 0f) || Float.isInfinite(value)) {
      throw new IllegalArgumentException("E8M0 needs a positive finite power of two, got " + value);
    }
    int bits = Float.floatToRawIntBits(value);
    int exp;
    if ((bits & 0x7F800000) == 0) { // subnormal f32: a single mantissa bit
      int mant = bits & 0x7FFFFF;
      if (Integer.bitCount(mant) != 1) {
        throw new IllegalArgumentException("not a power of two: " + value);
      }
      exp = -149 + Integer.numberOfTrailingZeros(mant);
    } else {
      if ((bits & 0x7FFFFF) != 0) {
        throw new IllegalArgumentException("not a power of two: " + value);
      }
      exp = ((bits >>> 23) & 0xFF) - 127;
    }
    if (exp < -127 || exp > 127) {
      throw new IllegalArgumentException("power of two out of E8M0 range: 2^" + exp);
    }
    return (byte) (exp + 127);
  }
}
