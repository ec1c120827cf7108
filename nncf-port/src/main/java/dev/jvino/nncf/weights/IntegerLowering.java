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

  /**
   * With precomputed parameters (both, for asymmetric modes), used as given; else computed per group.
   * Dequantized values are formed from codes and scales only when asked for.
   */
  static CompressedWeight lower(
      float[] w, WeightGrouping gr, CompressWeightsMode mode, float[] preScale, int[] preZeroPoint) {
    int bits = mode.numBits();
    boolean asym = mode.isAsymmetric();
    int n = gr.size();
    int ns = gr.scaleCount();
    byte[] q = new byte[n];
    boolean pre = preScale != null;
    float[] scale = pre ? preScale.clone() : new float[ns];
    int[] zp = asym ? (pre ? preZeroPoint.clone() : new int[ns]) : null;
    RowSplitter.run(gr, (o0, o1) -> {
      int s0 = o0 * gr.groups() * gr.inner();
      int s1 = o1 * gr.groups() * gr.inner();
      if (!pre && gr.inner() == 1) {
        fusedContiguous(w, gr.groupSize(), bits, asym, scale, zp, q, s0, s1);
        return;
      }
      if (!pre) {
        float[] mn = new float[s1 - s0];
        float[] mx = new float[s1 - s0];
        GroupStats.minMax(w, gr, mn, mx, o0, o1, s0);
        if (asym) {
          asymParams(mn, mx, bits, scale, zp, s0, s1, s0);
        } else {
          symScale(mn, mx, bits, scale, s0, s1, s0);
        }
      }
      if (asym) {
        quantizeAsym(w, gr, bits, scale, zp, q, o0, o1);
      } else {
        quantizeSym(w, gr, bits, scale, q, o0, o1);
      }
    });
    ElementType type = switch (mode) {
      case INT8_SYM -> ElementType.I8;
      case INT8_ASYM -> ElementType.U8;
      case INT4_SYM -> ElementType.I4;
      default -> ElementType.U4;
    };
    CompressedWeight.Dequantizer deq = asym
        ? (dq, o0, o1) -> dequantizeAsym(q, gr, scale, zp, dq, o0, o1)
        : (dq, o0, o1) -> dequantizeSym(q, gr, scale, dq, o0, o1);
    return new CompressedWeight(
        mode, gr, type, q, scale, Scales.toF16(scale), null, null, Float.NaN, zp, null, deq);
  }

  /**
   * Contiguous groups ({@code inner == 1}), scales computed: one pass per group, which finds its min and
   * max, forms the scale (and zero point) and codes it while the group is still in L1.
   */
  private static void fusedContiguous(
      float[] w, int gs, int bits, boolean asym, float[] scale, int[] zp, byte[] q, int s0, int s1) {
    if (VectorSupport.ENABLED) {
      VectorLowering.integerGroups(w, gs, bits, asym, scale, zp, q, s0, s1);
    } else {
      fusedContiguousScalar(w, gs, bits, asym, scale, zp, q, s0, s1);
    }
  }

  /** The scalar loops of {@link #fusedContiguous}. */
  static void fusedContiguousScalar(
      float[] w, int gs, int bits, boolean asym, float[] scale, int[] zp, byte[] q, int s0, int s1) {
    float[] mn = new float[1];
    float[] mx = new float[1];
    for (int s = s0; s < s1; s++) {
      int base = s * gs;
      float lo = w[base];
      float hi = w[base];
      for (int k = 1; k < gs; k++) {
        float v = w[base + k];
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      mn[0] = lo;
      mx[0] = hi;
      if (asym) {
        asymParams(mn, mx, bits, scale, zp, s, s + 1, s);
        codeAsymRun(w, base, gs, scale[s], zp[s], (1 << bits) - 1, q);
      } else {
        symScale(mn, mx, bits, scale, s, s + 1, s);
        codeSymRun(w, base, gs, scale[s], -(1 << (bits - 1)), (1 << (bits - 1)) - 1, q);
      }
    }
  }

  /** NNCF's asymmetric scale and zero point for each group. */
  static void asymParams(float[] mn, float[] mx, int bits, float[] scale, int[] zp, int s0, int s1) {
    asymParams(mn, mx, bits, scale, zp, s0, s1, 0);
  }

  /** As above, with the statistics of scale {@code s} at {@code mn[s - statsOffset]}. */
  static void asymParams(
      float[] mn, float[] mx, int bits, float[] scale, int[] zp, int s0, int s1, int statsOffset) {
    int levels = (1 << bits) - 1;
    float levelsF = levels;
    for (int s = s0; s < s1; s++) {
      float sc = (mx[s - statsOffset] - mn[s - statsOffset]) / levelsF;
      if (Math.abs(sc) < Scales.EPS) {
        sc = Scales.EPS;
      }
      scale[s] = sc;
      float z = 0f - (float) Math.rint(mn[s - statsOffset] / sc);
      zp[s] = Math.clamp(x86FloatToInt(z), 0, levels);
    }
  }

  /** NNCF's signed symmetric scale for each group. */
  static void symScale(float[] mn, float[] mx, int bits, float[] scale, int s0, int s1) {
    symScale(mn, mx, bits, scale, s0, s1, 0);
  }

  /** As above, with the statistics of scale {@code s} at {@code mn[s - statsOffset]}. */
  static void symScale(float[] mn, float[] mx, int bits, float[] scale, int s0, int s1, int statsOffset) {
    float factor = 1 << (bits - 1);
    for (int s = s0; s < s1; s++) {
      float absMin = Math.abs(mn[s - statsOffset]);
      float hi = mx[s - statsOffset];
      float sc = (absMin >= hi ? absMin : -hi) / factor;
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

  // The code loops round and store bytes directly, which C2 vectorizes (float -> int -> byte casts).

  private static void codeAsymRun(float[] w, int off, int n, float sc, int zp, int hi, byte[] q) {
    float z = zp;
    float hiF = hi;
    for (int k = 0; k < n; k++) {
      q[off + k] = (byte) (int) roundClamped(w[off + k] / sc + z, 0f, hiF);
    }
  }

  private static void codeSymRun(float[] w, int off, int n, float sc, int lo, int hi, byte[] q) {
    float loF = lo;
    float hiF = hi;
    for (int k = 0; k < n; k++) {
      q[off + k] = (byte) (int) roundClamped(w[off + k] / sc, loF, hiF);
    }
  }

  private static void quantizeAsym(
      float[] w, WeightGrouping gr, int bits, float[] scale, int[] zp, byte[] q, int o0, int o1) {
    int groups = gr.groups();
    int gs = gr.groupSize();
    int inner = gr.inner();
    int hi = (1 << bits) - 1;
    float hiF = hi;
    float[] sRow = new float[inner];
    float[] zRow = new float[inner];
    for (int o = o0; o < o1; o++) {
      for (int g = 0; g < groups; g++) {
        int s = (o * groups + g) * inner;
        int base = s * gs;
        if (inner == 1) {
          codeAsymRun(w, base, gs, scale[s], zp[s], hi, q);
        } else {
          System.arraycopy(scale, s, sRow, 0, inner);
          for (int i = 0; i < inner; i++) {
            zRow[i] = zp[s + i];
          }
          for (int k = 0; k < gs; k++) {
            int row = base + k * inner;
            for (int i = 0; i < inner; i++) {
              q[row + i] = (byte) (int) roundClamped(w[row + i] / sRow[i] + zRow[i], 0f, hiF);
            }
          }
        }
      }
    }
  }

  private static void quantizeSym(float[] w, WeightGrouping gr, int bits, float[] scale, byte[] q, int o0, int o1) {
    int groups = gr.groups();
    int gs = gr.groupSize();
    int inner = gr.inner();
    int lo = -(1 << (bits - 1));
    int hi = (1 << (bits - 1)) - 1;
    float loF = lo;
    float hiF = hi;
    float[] sRow = new float[inner];
    for (int o = o0; o < o1; o++) {
      for (int g = 0; g < groups; g++) {
        int s = (o * groups + g) * inner;
        int base = s * gs;
        if (inner == 1) {
          codeSymRun(w, base, gs, scale[s], lo, hi, q);
        } else {
          System.arraycopy(scale, s, sRow, 0, inner);
          for (int k = 0; k < gs; k++) {
            int row = base + k * inner;
            for (int i = 0; i < inner; i++) {
              q[row + i] = (byte) (int) roundClamped(w[row + i] / sRow[i], loF, hiF);
            }
          }
        }
      }
    }
  }

  /**
   * NNCF's {@code (q - zp) * scale}: the code and zero point as float32 (the code is exact; the zero point
   * is converted as the kernel converts it), subtracted, times the scale.
   */
  private static void dequantizeAsym(
      byte[] q, WeightGrouping gr, float[] scale, int[] zp, float[] dq, int o0, int o1) {
    int groups = gr.groups();
    int gs = gr.groupSize();
    int inner = gr.inner();
    for (int o = o0; o < o1; o++) {
      for (int g = 0; g < groups; g++) {
        int s = (o * groups + g) * inner;
        int base = s * gs;
        for (int k = 0; k < gs; k++) {
          int row = base + k * inner;
          for (int i = 0; i < inner; i++) {
            dq[row + i] = ((float) (q[row + i] & 0xFF) - (float) zp[s + i]) * scale[s + i];
          }
        }
      }
    }
  }

  /** NNCF's {@code q * scale}; a zero code is +0.0, so the product has the scale's sign, as in NNCF. */
  private static void dequantizeSym(byte[] q, WeightGrouping gr, float[] scale, float[] dq, int o0, int o1) {
    int groups = gr.groups();
    int gs = gr.groupSize();
    int inner = gr.inner();
    for (int o = o0; o < o1; o++) {
      for (int g = 0; g < groups; g++) {
        int s = (o * groups + g) * inner;
        int base = s * gs;
        for (int k = 0; k < gs; k++) {
          int row = base + k * inner;
          for (int i = 0; i < inner; i++) {
            dq[row + i] = (float) q[row + i] * scale[s + i];
          }
        }
      }
    }
  }
}
