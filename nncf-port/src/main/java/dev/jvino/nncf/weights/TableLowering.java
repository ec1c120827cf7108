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
  private static final ThresholdIndex NF4_CENTERS = new ThresholdIndex(Nf4.centers(), -1f, 1f);

  private TableLowering() {}

  static CompressedWeight lowerNf4(float[] w, WeightGrouping gr, float[] preScale) {
    float[] scale = preScale != null ? preScale.clone() : new float[gr.scaleCount()];
    byte[] q = new byte[gr.size()];
    float[] dq = new float[gr.size()];
    RowSplitter.run(gr, (o0, o1) -> {
      if (preScale == null) {
        GroupStats.absMax(w, gr, scale, o0, o1);
        Scales.floatScales(scale, 1f, false, false, o0 * gr.groups() * gr.inner(), o1 * gr.groups() * gr.inner());
      }
      quantize(w, gr, scale, NF4_CENTERS, NF4_VALUES, q, dq, o0, o1);
    });
    return new CompressedWeight(
        CompressWeightsMode.NF4, gr, ElementType.NF4, q, scale, Scales.toF16(scale), null, null, Float.NaN,
        null, null, dq);
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
    float[] dq = new float[gr.size()];
    float divisor = maxAbs;
    RowSplitter.run(gr, (o0, o1) -> {
      if (preScale == null) {
        GroupStats.absMax(w, gr, scale, o0, o1);
        Scales.floatScales(scale, divisor, true, false, o0 * gr.groups() * gr.inner(), o1 * gr.groups() * gr.inner());
      }
      quantize(w, gr, scale, index, codebook, q, dq, o0, o1);
    });
    ElementType type = k <= 16 ? ElementType.U4 : ElementType.U8;
    return new CompressedWeight(
        mode, gr, type, q, scale, Scales.toF16(scale), null, null, Float.NaN, null, codebook.clone(), dq);
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

  private static void quantize(
      float[] w, WeightGrouping gr, float[] scale, ThresholdIndex index, float[] table, byte[] q, float[] dq,
      int o0, int o1) {
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
            int c = index.count(w[e] / sc);
            q[e] = (byte) c;
            dq[e] = table[c] * sc;
          }
        } else {
          for (int kk = 0; kk < gs; kk++) {
            int row = base + kk * inner;
            for (int i = 0; i < inner; i++) {
              float sc = scale[s + i];
              int c = index.count(w[row + i] / sc);
              q[row + i] = (byte) c;
              dq[row + i] = table[c] * sc;
            }
          }
        }
      }
    }
  }
}
