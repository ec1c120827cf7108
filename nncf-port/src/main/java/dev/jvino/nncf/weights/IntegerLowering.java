package dev.jvino.nncf.weights;

import dev.jvino.ir.ElementType;
import dev.jvino.nncf.CompressWeightsMode;

/**
 * INT8/INT4, symmetric and asymmetric, as NNCF's reference lowering computes them (all in float32,
 * round half to even, true division):
 *
 * <ul>
 *   <li>asymmetric: {@code scale = (max - min) / (2^b - 1)} (eps clamp),
 *       {@code zp = clip(int32(0 - round(min / scale)), 0, 2^b - 1)},
 *       {@code q = clip(round(w / scale + zp), 0, 2^b - 1)}, {@code dq = (q - zp) * scale};
 *   <li>symmetric: {@code scale = (|min| >= max ? |min| : -max) / 2^(b-1)} (signed; eps clamp),
 *       {@code q = clip(round(w / scale), -2^(b-1), 2^(b-1) - 1)}, {@code dq = q * scale}.
 * </ul>
 *
 * <p>The int32 cast of the zero point follows x86 ({@code cvttss2si}): out-of-range values and NaN give
 * {@code INT32_MIN}, which the clip then turns into 0.
 */
final class IntegerLowering {
  private IntegerLowering() {}

  static CompressedWeight lower(float[] w, WeightGrouping gr, CompressWeightsMode mode) {
    return lower(w, gr, mode, null, null);
  }

  /** With precomputed parameters (both, for asymmetric modes), used as given; else computed per group. */
  static CompressedWeight lower(
      float[] w, WeightGrouping gr, CompressWeightsMode mode, float[] preScale, int[] preZeroPoint) {
    int bits = mode.numBits();
    boolean asym = mode.isAsymmetric();
    int n = gr.size();
    int ns = gr.scaleCount();
    byte[] q = new byte[n];
    float[] dq = new float[n];
    boolean pre = preScale != null;
    float[] scale = pre ? preScale.clone() : new float[ns];
    int[] zp = asym ? (pre ? preZeroPoint.clone() : new int[ns]) : null;
    float[] mn = pre ? null : new float[ns];
    float[] mx = pre ? null : new float[ns];
    RowSplitter.run(gr, (o0, o1) -> {
      int s0 = o0 * gr.groups() * gr.inner();
      int s1 = o1 * gr.groups() * gr.inner();
      if (!pre) {
        GroupStats.minMax(w, gr, mn, mx, o0, o1);
      }
      if (asym) {
        if (!pre) {
          asymParams(mn, mx, bits, scale, zp, s0, s1);
        }
        quantizeAsym(w, gr, bits, scale, zp, q, dq, o0, o1);
      } else {
        if (!pre) {
          symScale(mn, mx, bits, scale, s0, s1);
        }
        quantizeSym(w, gr, bits, scale, q, dq, o0, o1);
      }
    });
    ElementType type = switch (mode) {
      case INT8_SYM -> ElementType.I8;
      case INT8_ASYM -> ElementType.U8;
      case INT4_SYM -> ElementType.I4;
      default -> ElementType.U4;
    };
    return new CompressedWeight(
        mode, gr, type, q, scale, Scales.toF16(scale), null, null, Float.NaN, zp, null, dq);
  }

  /** NNCF's asymmetric scale and zero point for each group. */
  static void asymParams(float[] mn, float[] mx, int bits, float[] scale, int[] zp, int s0, int s1) {
    int levels = (1 << bits) - 1;
    float levelsF = levels;
    for (int s = s0; s < s1; s++) {
      float sc = (mx[s] - mn[s]) / levelsF;
      if (Math.abs(sc) < Scales.EPS) {
        sc = Scales.EPS;
      }
      scale[s] = sc;
      float z = 0f - (float) Math.rint(mn[s] / sc);
      zp[s] = Math.clamp(x86FloatToInt(z), 0, levels);
    }
  }

  /** NNCF's signed symmetric scale for each group. */
  static void symScale(float[] mn, float[] mx, int bits, float[] scale, int s0, int s1) {
    float factor = 1 << (bits - 1);
    for (int s = s0; s < s1; s++) {
      float absMin = Math.abs(mn[s]);
      float sc = (absMin >= mx[s] ? absMin : -mx[s]) / factor;
      if (Math.abs(sc) < Scales.EPS) {
        sc = Scales.EPS;
      }
      scale[s] = sc;
    }
  }

  /** 1.5 * 2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer (ties to even). */
  private static final float ROUNDER = 0x1.8p23f;

  /**
   * {@code clip(round_half_even(x), lo, hi)} for integer bounds of magnitude below 2^22. Clamping first
   * gives the same result (rounding is monotonic and the bounds are integers) and keeps the value small
   * enough for the add-and-subtract rounding, which C2 vectorizes. A zero result is always +0.0 (as
   * after NNCF's cast of the code to an integer type).
   */
  static float roundClamped(float x, float lo, float hi) {
    float t = Math.min(Math.max(x, lo), hi);
    return (t + ROUNDER) - ROUNDER;
  }

  /**
   * float32 to int32 as x86's truncating conversion does: in-range values truncate toward zero; NaN and
   * values outside {@code [-2^31, 2^31)} give {@code Integer.MIN_VALUE} (Java's cast would saturate).
   */
  static int x86FloatToInt(float f) {
    if (f >= -0x1p31f && f < 0x1p31f) {
      return (int) f;
    }
    return Integer.MIN_VALUE;
  }

  // The element loops are split in two so that C2 vectorizes both: the first rounds and dequantizes,
  // keeping the codes in a small int scratch row (an int[] cannot alias the float[] output, a float
  // scratch could, which blocks vectorization), the second narrows them to bytes. A loop mixing byte
  // and float stores is not vectorized either.

  private static void quantizeAsym(
      float[] w, WeightGrouping gr, int bits, float[] scale, int[] zp, byte[] q, float[] dq, int o0, int o1) {
    int groups = gr.groups();
    int gs = gr.groupSize();
    int inner = gr.inner();
    float hiF = (1 << bits) - 1;
    float[] sRow = new float[inner];
    float[] zRow = new float[inner];
    int[] codes = new int[Math.max(gs, inner)];
    for (int o = o0; o < o1; o++) {
      for (int g = 0; g < groups; g++) {
        int s = (o * groups + g) * inner;
        int base = s * gs;
        if (inner == 1) {
          float sc = scale[s];
          float z = zp[s];
          for (int k = 0; k < gs; k++) {
            float v = roundClamped(w[base + k] / sc + z, 0f, hiF);
            codes[k] = (int) v;
            dq[base + k] = (v - z) * sc;
          }
          narrow(codes, q, base, gs);
        } else {
          System.arraycopy(scale, s, sRow, 0, inner);
          for (int i = 0; i < inner; i++) {
            zRow[i] = zp[s + i];
          }
          for (int k = 0; k < gs; k++) {
            int row = base + k * inner;
            for (int i = 0; i < inner; i++) {
              float v = roundClamped(w[row + i] / sRow[i] + zRow[i], 0f, hiF);
              codes[i] = (int) v;
              dq[row + i] = (v - zRow[i]) * sRow[i];
            }
            narrow(codes, q, row, inner);
          }
        }
      }
    }
  }

  private static void quantizeSym(
      float[] w, WeightGrouping gr, int bits, float[] scale, byte[] q, float[] dq, int o0, int o1) {
    int groups = gr.groups();
    int gs = gr.groupSize();
    int inner = gr.inner();
    float loF = -(1 << (bits - 1));
    float hiF = (1 << (bits - 1)) - 1;
    float[] sRow = new float[inner];
    int[] codes = new int[Math.max(gs, inner)];
    for (int o = o0; o < o1; o++) {
      for (int g = 0; g < groups; g++) {
        int s = (o * groups + g) * inner;
        int base = s * gs;
        if (inner == 1) {
          float sc = scale[s];
          for (int k = 0; k < gs; k++) {
            // roundClamped gives +0.0 for a zero code, so 0 * scale has the scale's sign, as in NNCF
            float v = roundClamped(w[base + k] / sc, loF, hiF);
            codes[k] = (int) v;
            dq[base + k] = v * sc;
          }
          narrow(codes, q, base, gs);
        } else {
          System.arraycopy(scale, s, sRow, 0, inner);
          for (int k = 0; k < gs; k++) {
            int row = base + k * inner;
            for (int i = 0; i < inner; i++) {
              float v = roundClamped(w[row + i] / sRow[i], loF, hiF);
              codes[i] = (int) v;
              dq[row + i] = v * sRow[i];
            }
            narrow(codes, q, row, inner);
          }
        }
      }
    }
  }

  /** Stores {@code n} int codes as bytes at {@code q[off..]}. */
  private static void narrow(int[] codes, byte[] q, int off, int n) {
    for (int k = 0; k < n; k++) {
      q[off + k] = (byte) codes[k];
    }
  }
}
