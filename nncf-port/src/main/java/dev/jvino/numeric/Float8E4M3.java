package dev.jvino.numeric;

/**
 * OCP FP8 E4M3 "fn" (bias 7, no infinities, {@code 0x7F}/{@code 0xFF} are NaN, largest finite value 448).
 *
 * <p>{@link #fromFloat(float)} follows OpenVINO's conversion: the f32 value is first rounded to f16, and
 * the f16 value is then rounded to E4M3 (round to nearest even at both steps). Values that round above
 * 448, and infinities, become NaN. This double rounding is deliberate: NNCF and OpenVINO produce the same
 * bytes only this way.
 */
public final class Float8E4M3 {
  /** Largest finite value. */
  public static final float MAX_VALUE = 448f;

  private static final float[] DECODE = new float[256];
  /** E4M3 byte for each of the 65536 f16 bit patterns. */
  private static final byte[] FROM_F16 = new byte[65536];

  static {
    for (int code = 0; code < 256; code++) {
      DECODE[code] = decodeSlow(code);
    }
    for (int h = 0; h < 65536; h++) {
      FROM_F16[h] = (byte) convertF16(h);
    }
  }

  private Float8E4M3() {}

  /** The value of an E4M3 byte (NaN for {@code 0x7F} and {@code 0xFF}). */
  public static float toFloat(byte code) {
    return DECODE[code & 0xFF];
  }

  /** f32 to E4M3 byte via f16, as OpenVINO does. */
  public static byte fromFloat(float value) {
    return FROM_F16[Float.floatToFloat16(value) & 0xFFFF];
  }

  /** f16 bits to E4M3 byte (round to nearest even; overflow, inf and NaN give NaN). */
  public static byte fromFloat16(short f16Bits) {
    return FROM_F16[f16Bits & 0xFFFF];
  }

  /** f32 -> f16 -> E4M3 -> f32: the value NNCF's FP8 quantizer produces. */
  public static float round(float value) {
    return DECODE[FROM_F16[Float.floatToFloat16(value) & 0xFFFF] & 0xFF];
  }

  private static float decodeSlow(int code) {
    int sign = code & 0x80;
    int exp = (code >>> 3) & 0xF;
    int mant = code & 0x7;
    float magnitude;
    if (exp == 0xF && mant == 0x7) {
      magnitude = Float.NaN;
    } else if (exp == 0) {
      magnitude = mant * 0x1p-9f;
    } else {
      magnitude = Math.scalb(1f + mant / 8f, exp - 7);
    }
    return sign != 0 ? -magnitude : magnitude;
  }

  /**
   * Rounds an f16 bit pattern to E4M3. Normal results keep the top three mantissa bits, adding half an
   * ulp unless the dropped bits are an exact tie with an even kept mantissa; results below the normal
   * range are denormalised with the same tie rule; f16 zeros and subnormals give a signed zero.
   */
  private static int convertF16(int h) {
    int sign = (h & 0x8000) >>> 8;
    int expField = h & 0x7C00;
    if (expField == 0x7C00) {
      return sign | 0x7F;
    }
    if (expField == 0) {
      return sign;
    }
    int exp = (expField >>> 10) - 8; // re-biased from 15 to 7
    int mantissa = h & 0x03FF;
    if (exp >= 0) {
      int frac = mantissa << 1; // kept bits at 8..10, dropped bits at 1..7
      if ((frac & 0x1FF) == 0x180 || (frac & 0x7F) != 0) {
        frac += 0x80;
      }
      if ((frac & 0x0800) != 0) {
        exp++;
      }
      if (exp > 15) {
        return sign | 0x7F;
      }
      if (exp > 0) {
        return sign | (exp << 3) | ((frac & 0x0700) >>> 8);
      }
    }
    // Subnormal E4M3 (exp <= 0): shift the significand (with its hidden one) right.
    if (exp < -3) {
      return sign;
    }
    int significand = 0x0800 | (mantissa << 1);
    int shift = 1 - exp;
    int dropped = significand & ((1 << shift) - 1);
    int frac = significand >>> shift;
    boolean belowHalfBits = (frac & 0x7F) != 0 || dropped != 0;
    boolean oddTie = (frac & 0x1FF) == 0x180;
    if (oddTie || belowHalfBits) {
      frac += 0x80;
    }
    return sign | (frac >>> 8);
  }
}
