package dev.jvino.nncf.weights;

import dev.jvino.ir.ElementType;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.numeric.Nf4;

/**
 * Table modes: NF4 and the codebooks (CB4, CODEBOOK).
 *
 * <p>NF4: scale = max|w| (eps clamp), code = number of NF4 centres below {@code w / scale}.
 * Codebooks: scale = max|w| / max|codebook| (eps clamp), index = number of codebook midpoints
 * {@code 0.5 * (cb[i] + cb[i+1])} below {@code w / scale}. Both dequantize as {@code table[code] * scale}.
 */
final class TableLowering {
  /** NNCF's CB4 codebook. */
  static final float[] CB4 = {
    -3.5f, -2.5f, -1.875f, -1.375f, -1.0f, -0.625f, -0.3125f, 0.0f,
    0.28125f, 0.5625f, 0.875f, 1.125f, 1.5f, 2.0f, 2.5f, 3.5f
  };

  private static final float[] NF4_VALUES = Nf4.values();
  private static final float[] NF4_CENTER_VALUES = Nf4.centers();
  private static final ThresholdIndex NF4_CENTERS = new ThresholdIndex(NF4_CENTER_VALUES, -1f, 1f);

  private TableLowering() {}

  static CompressedWeight lowerNf4(float[] w, WeightGrouping gr, float[] preScale) {
    float[] scale = preScale != null ? preScale.clone() : new float[gr.scaleCount()];
    byte[] q = new byte[gr.size()];
    RowSplitter.run(gr, (o0, o1) -> {
      if (preScale == null && gr.inner() == 1) {
        nf4Contiguous(w, gr.groupSize(), scale, q, o0 * gr.groups(), o1 * gr.groups());
        return;
      }
      if (preScale == null) {
        GroupStats.absMax(w, gr, scale, o0, o1);
        Scales.floatScales(scale, 1f, false, false, o0 * gr.groups() * gr.inner(), o1 * gr.groups() * gr.inner());
      }
      quantize(w, gr, scale, NF4_CENTERS, q, o0, o1);
    });
    return new CompressedWeight(
        CompressWeightsMode.NF4, gr, ElementType.NF4, q, scale, Scales.toF16(scale), null, null, Float.NaN,
        null, null, (dq, o0, o1) -> dequantize(q, gr, scale, NF4_VALUES, dq, o0, o1));
  }

  static CompressedWeight lowerCodebook(
      float[] w, WeightGrouping gr, CompressWeightsMode mode, float[] codebook, ElementType precision,
      float[] preScale) {
    int k = codebook.length;
    float maxAbs = 0f;
    for (float c : codebook) {
      maxAbs = Math.max(maxAbs, Math.abs(c));
    }
    float[] mids = new float[k - 1];
    for (int i = 0; i < k - 1; i++) {
      mids[i] = roundTo(0.5f * (codebook[i + 1] + codebook[i]), precision);
    }
    ThresholdIndex index = new ThresholdIndex(mids, -maxAbs, maxAbs);
    float[] scale = preScale != null ? preScale.clone() : new float[gr.scaleCount()];
    byte[] q = new byte[gr.size()];
    float divisor = maxAbs;
    RowSplitter.run(gr, (o0, o1) -> {
      if (preScale == null) {
        GroupStats.absMax(w, gr, scale, o0, o1);
        Scales.floatScales(scale, divisor, true, false, o0 * gr.groups() * gr.inner(), o1 * gr.groups() * gr.inner());
      }
      quantize(w, gr, scale, index, q, o0, o1);
    });
    ElementType type = k <= 16 ? ElementType.U4 : ElementType.U8;
    float[] table = codebook.clone();
    return new CompressedWeight(
        mode, gr, type, q, scale, Scales.toF16(scale), null, null, Float.NaN, null, codebook.clone(),
        (dq, o0, o1) -> dequantize(q, gr, scale, table, dq, o0, o1));
  }

  /**
   * NNCF computes the midpoints in the codebook's own dtype: an f16 (bf16) codebook gets f16 (bf16)
   * midpoints. Halving commutes with that rounding for normal values, so rounding the f32 midpoint is
   * the same.
   */
  private static float roundTo(float v, ElementType precision) {
    return switch (precision) {
      case F16 -> Float.float16ToFloat(Float.floatToFloat16(v));
      case BF16 -> dev.jvino.numeric.BFloat16.toFloat(dev.jvino.numeric.BFloat16.fromFloat(v));
      default -> v;
    };
  }

  /**
   * NF4 codes of contiguous groups with scales computed: per group, max|w| (the scale, eps clamped), then
   * the codes while the group is in L1.
   */
  private static void nf4Contiguous(float[] w, int gs, float[] scale, byte[] q, int s0, int s1) {
    nf4Contiguous(w, gs, scale, q, s0, s1, VectorSupport.ENABLED);
  }

  /** As above, with the vector kernels or the scalar loops. */
  static void nf4Contiguous(float[] w, int gs, float[] scale, byte[] q, int s0, int s1, boolean vector) {
    for (int s = s0; s < s1; s++) {
      int base = s * gs;
      float hi;
      if (vector) {
        hi = VectorLowering.absMax(w, base, gs);
      } else {
        hi = Math.abs(w[base]);
        for (int k = 1; k < gs; k++) {
          hi = Math.max(hi, Math.abs(w[base + k]));
        }
      }
      scale[s] = hi;
      Scales.floatScales(scale, 1f, false, false, s, s + 1);
      float sc = scale[s];
      if (sc < Float.POSITIVE_INFINITY && vector) {
        VectorLowering.nf4Codes(w, base, gs, sc, q);
      } else if (sc < Float.POSITIVE_INFINITY) {
        // |w| <= max|w| <= sc, so w / sc lies in [-1, 1] (division is monotonic): no range check
        byte[] below = NF4_BELOW;
        float[] near = NF4_NEAR;
        for (int e = base; e < base + gs; e++) {
          float x = w[e] / sc;
          int b = (int) ((x + 1f) * (NF4_BUCKETS / 2));
          q[e] = (byte) (below[b] + (near[b] < x ? 1 : 0));
        }
      } else { // an infinite or NaN value in the group
        for (int e = base; e < base + gs; e++) {
          q[e] = (byte) nf4Code(w[e] / sc);
        }
      }
    }
  }

  /** Buckets over [-1, 1] for the NF4 code search. */
  private static final int NF4_BUCKETS = 2048;
  /** Per bucket: the centres certainly below it, and the one centre that may lie near it (or +inf). */
  private static final byte[] NF4_BELOW = new byte[NF4_BUCKETS + 1];
  private static final float[] NF4_NEAR = new float[NF4_BUCKETS + 1];

  static {
    // A value is looked up in bucket floor((x + 1) * NF4_BUCKETS / 2), computed in float32, which may be
    // off by one bucket; so each bucket covers its neighbours too. The centres are ~0.08 apart, far
    // more than three buckets, so at most one centre falls in that range (checked here).
    double width = 2.0 / NF4_BUCKETS;
    for (int b = 0; b <= NF4_BUCKETS; b++) {
      double from = -1 + (b - 1) * width;
      double to = -1 + (b + 2) * width;
      int below = 0;
      int inside = 0;
      float near = Float.POSITIVE_INFINITY;
      for (float c : NF4_CENTER_VALUES) {
        if (c < from) {
          below++;
        } else if (c <= to) {
          inside++;
          near = c;
        }
      }
      if (inside > 1) {
        throw new AssertionError("NF4 bucket " + b + " holds " + inside + " centres");
      }
      NF4_BELOW[b] = (byte) below;
      NF4_NEAR[b] = near;
    }
  }

  /**
   * The number of NF4 centres strictly below {@code x} (numpy's {@code searchsorted(centres, x)}; NaN sorts
   * last and gives 15). Values in [-1, 1] (all of them when the scale is the group's max|w|) take one
   * bucket lookup and at most one comparison with a centre; others a fixed four-step binary search. Every
   * comparison is the float32 comparison of the same value NNCF compares, so ties fall on the same side.
   */
  static int nf4Code(float x) {
    if (x >= -1f && x <= 1f) {
      int b = (int) ((x + 1f) * (NF4_BUCKETS / 2));
      return NF4_BELOW[b] + (NF4_NEAR[b] < x ? 1 : 0);
    }
    return nf4CodeSearch(x);
  }

  /** {@link #nf4Code} by a fixed four-step binary search over the 15 sorted centres. */
  static int nf4CodeSearch(float x) {
    if (x != x) {
      return 15;
    }
    float[] c = NF4_CENTER_VALUES;
    int i = c[7] < x ? 8 : 0;
    i += c[i + 3] < x ? 4 : 0;
    i += c[i + 1] < x ? 2 : 0;
    i += c[i] < x ? 1 : 0;
    return i;
  }

  private static void quantize(
      float[] w, WeightGrouping gr, float[] scale, ThresholdIndex index, byte[] q, int o0, int o1) {
    boolean nf4 = index == NF4_CENTERS;
    int groups = gr.groups();
    int gs = gr.groupSize();
    int inner = gr.inner();
    for (int o = o0; o < o1; o++) {
      for (int g = 0; g < groups; g++) {
        int s = (o * groups + g) * inner;
        int base = s * gs;
        if (inner == 1) {
          float sc = scale[s];
          for (int e = base; e < base + gs; e++) {
            float x = w[e] / sc;
            q[e] = (byte) (nf4 ? nf4Code(x) : index.count(x));
          }
        } else {
          for (int kk = 0; kk < gs; kk++) {
            int row = base + kk * inner;
            for (int i = 0; i < inner; i++) {
              float x = w[row + i] / scale[s + i];
              q[row + i] = (byte) (nf4 ? nf4Code(x) : index.count(x));
            }
          }
        }
      }
    }
  }

  /** NNCF's {@code table[code] * scale}. */
  private static void dequantize(
      byte[] q, WeightGrouping gr, float[] scale, float[] table, float[] dq, int o0, int o1) {
    int groups = gr.groups();
    int gs = gr.groupSize();
    int inner = gr.inner();
    for (int o = o0; o < o1; o++) {
      for (int g = 0; g < groups; g++) {
        int s = (o * groups + g) * inner;
        int base = s * gs;
        for (int kk = 0; kk < gs; kk++) {
          int row = base + kk * inner;
          for (int i = 0; i < inner; i++) {
            dq[row + i] = table[q[row + i] & 0xFF] * scale[s + i];
          }
        }
      }
    }
  }
}
