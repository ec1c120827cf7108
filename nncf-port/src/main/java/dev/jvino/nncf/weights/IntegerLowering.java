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
    int bits = mode.numBits();
    boolean asym = mode.isAsymmetric();
    int n = gr.size();
    int ns = gr.scaleCount();
    byte[] q = new byte[n];
    float[] dq = new float[n];
    float[] scale = new float[ns];
    int[] zp = asym ? new int[ns] : null;
    float[] mn = new float[ns];
    float[] mx = new float[ns];
    RowSplitter.run(gr, (o0, o1) -> {
      GroupStats.minMax(w, gr, mn, mx, o0, o1);
      int s0 = o0 * gr.groups() * gr.inner();
      int s1 = o1 * gr.groups() * gr.inner();
      if (asym) {
        asymParams(mn, mx, bits, scale, zp, s0, s1);
        quantizeAsym(w, gr, bits, scale, zp, q, dq, o0, o1);
      } else {
        symScale(mn, mx, bits, scale, s0, s1);
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

  private static void quantizeAsym(
      float[] w, WeightGrouping gr, int bits, float[] scale, int[] zp, byte[] q, float[] dq, int o0, int o1) {
    int groups = gr.groups();
    int gs = gr.groupSize();
    int inner = gr.inner();
    float hiF = (1 << bits) - 1;
    float[] sRow = new float[inner];
    float[] zRow = new float[inner];
    for (int o = o0; o < o1; o++) {
      for (int g = 0; g < groups; g++) {
        int s = (o * groups + g) * inner;
        int base = s * gs;
        if (inner == 1) {
          float sc = scale[s];
          float z = zp[s];
          for (int k = base; k < base + gs; k++) {
            float v = (float) Math.rint(w[k] / sc + z);
            v = Math.min(Math.max(v, 0f), hiF);
            int qi = (int) v;
            q[k] = (byte) qi;
            dq[k] = (qi - z) * sc;
          }
        } else {
          System.arraycopy(scale, s, sRow, 0, inner);
          for (int i = 0; i < inner; i++) {
            zRow[i] = zp[s + i];
          }
          for (int k = 0; k < gs; k++) {
            int row = base + k * inner;
            for (int i = 0; i < inner; i++) {
              float v = (float) Math.rint(w[row + i] / sRow[i] + zRow[i]);
              v = Math.min(Math.max(v, 0f), hiF);
              int qi = (int) v;
              q[row + i] = (byte) qi;
              dq[row + i] = (qi - zRow[i]) * sRow[i];
            }
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
    for (int o = o0; o < o1; o++) {
      for (int g = 0; g < groups; g++) {
        int s = (o * groups + g) * inner;
        int base = s * gs;
        if (inner == 1) {
          float sc = scale[s];
          for (int k = base; k < base + gs; k++) {
            float v = (float) Math.rint(w[k] / sc);
            v = Math.min(Math.max(v, loF), hiF);
            int qi = (int) v;
            q[k] = (byte) qi;
            dq[k] = qi * sc; // via int: a -0.0 code dequantizes to +0 * scale, as NNCF's int8 does
          }
        } else {
          System.arraycopy(scale, s, sRow, 0, inner);
          for (int k = 0; k < gs; k++) {
            int row = base + k * inner;
            for (int i = 0; i < inner; i++) {
              float v = (float) Math.rint(w[row + i] / sRow[i]);
              v = Math.min(Math.max(v, loF), hiF);
              int qi = (int) v;
              q[row + i] = (byte) qi;
              dq[row + i] = qi * sRow[i];
            }
          }
        }
      }
    }
  }
}
