package dev.jvino.numeric;

/**
 * IEEE 754 binary16 ("f16") conversions. The conversion from float32 rounds to nearest, ties to even,
 * and overflows to infinity without clamping - the rounding OpenVINO applies when it stores an f32
 * value in an f16 constant.
 */
public final class Float16 {
  /** Largest finite f16 value, 65504. */
  public static final float MAX_VALUE = 65504f;

  private Float16() {}

  /** f32 to f16 bits, round to nearest even; NaN stays NaN, overflow gives infinity. */
  public static short fromFloat(float value) {
    return Float.floatToFloat16(value);
  }

  /** f16 bits to the exactly equal f32 value. */
  public static float toFloat(short bits) {
    return Float.float16ToFloat(bits);
  }

  /** Rounds every element of {@code src} to f16 bits. */
  public static short[] fromFloats(float[] src) {
    short[] out = new short[src.length];
    for (int i = 0; i < src.length; i++) {
      out[i] = Float.floatToFloat16(src[i]);
    }
    return out;
  }

  /** The f32 value nearest to {@code value} that f16 can represent (f32 -> f16 -> f32). */
  public static float round(float value) {
    return Float.float16ToFloat(Float.floatToFloat16(value));
  }
}
