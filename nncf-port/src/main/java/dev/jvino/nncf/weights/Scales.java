package dev.jvino.nncf.weights;

import dev.jvino.numeric.Float8E8M0;

/** Scale helpers shared by the lowering kernels. */
final class Scales {
  /** {@code finfo(float32).eps = 2^-23}: scales with a smaller magnitude are replaced by it. */
  static final float EPS = 0x1p-23f;

  private Scales() {}

  /** The f16 bits OpenVINO stores for each f32 scale (round to nearest even, no clamp). */
  static short[] toF16(float[] scale) {
    short[] out = new short[scale.length];
    for (int i = 0; i < scale.length; i++) {
      out[i] = Float.floatToFloat16(scale[i]);
    }
    return out;
  }

  /**
   * Float-mode scales from per-group max|w|, in place: divide by {@code maxValue} unless it is 1 (NF4
   * divides by nothing), then replace magnitudes below eps with eps; MX modes then round up to a power
   * of two, {@code 2^clip(ceil(log2 s), -127, 127)}.
   */
  static void floatScales(float[] amax, float maxValue, boolean divide, boolean mx, int s0, int s1) {
    for (int s = s0; s < s1; s++) {
      float sc = divide ? amax[s] / maxValue : amax[s];
      if (Math.abs(sc) < EPS) {
        sc = EPS;
      }
      if (mx) {
        float e = (float) Math.ceil(log2(sc));
        e = Math.min(Math.max(e, -127f), 127f);
        sc = Math.scalb(1f, (int) e);
      }
      amax[s] = sc;
    }
  }

  /** E8M0 bytes of power-of-two scales. */
  static byte[] toE8m0(float[] scale) {
    byte[] out = new byte[scale.length];
    for (int i = 0; i < scale.length; i++) {
      out[i] = Float8E8M0.fromPowerOfTwo(scale[i]);
    }
    return out;
  }

  /**
   * log2 of a positive float32, rounded to float32 (the value numpy's float32 {@code log2} gives). The
   * exponent is split off exactly, so exact powers of two give exact integers.
   */
  static float log2(float x) {
    if (!(x > 0f) || Float.isInfinite(x)) {
      return (float) (Math.log(x) / Math.log(2.0));
    }
    int e = Math.getExponent(x);
    double m;
    if (e < Float.MIN_EXPONENT) { // subnormal
      int bits = Float.floatToRawIntBits(x);
      int lead = Integer.numberOfLeadingZeros(bits & 0x7FFFFF) - 8; // zeros below the implicit-bit position
      e = Float.MIN_EXPONENT - 1 - lead;
      m = x / Math.scalb(1.0, e);
    } else {
      m = x / Math.scalb(1.0, e);
    }
    return (float) (e + Math.log(m) / Math.log(2.0));
  }
}
