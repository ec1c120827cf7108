package dev.jvino.nncf.weights;

import dev.jvino.ir.ElementType;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.numeric.Float4E2M1;
import dev.jvino.numeric.Float8E4M3;

/**
 * The float modes: FP4 and MXFP4 (E2M1 codes), FP8_E4M3 and MXFP8_E4M3 (E4M3 codes), and NVFP4.
 *
 * <p>Scale = max|w| over the group divided by the grid maximum (6 or 448), eps clamp; MX modes round
 * the scale up to a power of two. The normalised value {@code w / scale} is rounded to the grid (E2M1:
 * nearest, ties to the even code, zeros become -0.0; E4M3: f32 -> f16 -> e4m3, both nearest even) and
 * dequantized as {@code value * scale}.
 *
 * <p>NVFP4 is FP4 over groups of 16 whose f32 scales are themselves FP8-quantized with one global
 * scale ({@code max|s| / 448}, eps clamp) over the whole tensor; codes use the unquantized scales and
 * the dequantized value is {@code value * (scale8 * global)}.
 */
final class FloatLowering {
  /** E2M1 grid in ascending order, including -0.0 as its only zero. */
  private static final float[] E2M1_GRID = {
    -6f, -4f, -3f, -2f, -1.5f, -1f, -0.5f, -0f, 0.5f, 1f, 1.5f, 2f, 3f, 4f, 6f
  };
  private static final byte[] E2M1_GRID_CODE = {15, 14, 13, 12, 11, 10, 9, 8, 1, 2, 3, 4, 5, 6, 7};
  private static final ThresholdIndex E2M1_MIDPOINTS;

  static {
    float[] mids = new float[14];
    for (int i = 0; i < 14; i++) {
      mids[i] = (E2M1_GRID[i] + E2M1_GRID[i + 1]) / 2f;
    }
    E2M1_MIDPOINTS = new ThresholdIndex(mids, -6f, 6f);
  }

  private FloatLowering() {}

  static CompressedWeight lower(float[] w, WeightGrouping gr, CompressWeightsMode mode) {
    return lower(w, gr, mode, null);
  }

  /** With a precomputed scale (used as given; not for NVFP4), else computed per group. */
  static CompressedWeight lower(float[] w, WeightGrouping gr, CompressWeightsMode mode, float[] preScale) {
    if (preScale != null && mode == CompressWeightsMode.NVFP4) {
      throw new IllegalArgumentException("a precomputed scale is not supported for NVFP4");
    }
    return switch (mode) {
      case FP4, MXFP4 -> lowerSingle(w, gr, mode, true, preScale);
      case FP8_E4M3, MXFP8_E4M3 -> lowerSingle(w, gr, mode, false, preScale);
      case NVFP4 -> lowerNvfp4(w, gr);
      default -> throw new IllegalArgumentException("not a float mode: " + mode);
    };
  }

  private static CompressedWeight lowerSingle(
      float[] w, WeightGrouping gr, CompressWeightsMode mode, boolean e2m1, float[] preScale) {
    int n = gr.size();
    float[] scale = preScale != null ? preScale.clone() : new float[gr.scaleCount()];
    byte[] q = new byte[n];
    float[] dq = new float[n];
    boolean mx = mode.isMx();
    float maxValue = e2m1 ? 6f : Float8E4M3.MAX_VALUE;
    RowSplitter.run(gr, (o0, o1) -> {
      int s0 = o0 * gr.groups() * gr.inner();
      int s1 = o1 * gr.groups() * gr.inner();
      if (preScale == null) {
        GroupStats.absMax(w, gr, scale, o0, o1);
        Scales.floatScales(scale, maxValue, true, mx, s0, s1);
      }
      quantize(w, gr, scale, e2m1, q, dq, o0, o1);
    });
    return new CompressedWeight(
        mode,
        gr,
        e2m1 ? ElementType.F4E2M1 : ElementType.F8E4M3,
        q,
        scale,
        mx ? null : Scales.toF16(scale),
        mx ? Scales.toE8m0(scale) : null,
        null,
        Float.NaN,
        null,
        null,
        dq);
  }

  private static CompressedWeight lowerNvfp4(float[] w, WeightGrouping gr) {
    int n = gr.size();
    int ns = gr.scaleCount();
    float[] scale = new float[ns];
    byte[] q = new byte[n];
    float[] dq = new float[n];
    RowSplitter.run(gr, (o0, o1) -> {
      GroupStats.absMax(w, gr, scale, o0, o1);
      Scales.floatScales(scale, 6f, true, false, o0 * gr.groups() * gr.inner(), o1 * gr.groups() * gr.inner());
      quantize(w, gr, scale, true, q, dq, o0, o1); // codes from the unquantized scale
    });
    // Second level: FP8_E4M3 over the whole scale tensor with one scale.
    float amax = 0f;
    for (float s : scale) {
      amax = Math.max(amax, Math.abs(s));
    }
    float global = amax / Float8E4M3.MAX_VALUE;
    if (Math.abs(global) < Scales.EPS) {
      global = Scales.EPS;
    }
    byte[] scaleCodes = new byte[ns];
    float[] scale8 = new float[ns];
    for (int s = 0; s < ns; s++) {
      byte c = Float8E4M3.fromFloat(scale[s] / global);
      scaleCodes[s] = c;
      scale8[s] = Float8E4M3.toFloat(c);
    }
    // dequantize with scale8 * global
    float[] combined = new float[ns];
    for (int s = 0; s < ns; s++) {
      combined[s] = scale8[s] * global;
    }
    int groups = gr.groups();
    int gs = gr.groupSize();
    int inner = gr.inner();
    for (int o = 0; o < gr.outer(); o++) {
      for (int g = 0; g < groups; g++) {
        int s = (o * groups + g) * inner;
        int base = s * gs;
        for (int k = 0; k < gs; k++) {
          int row = base + k * inner;
          for (int i = 0; i < inner; i++) {
            dq[row + i] = Float4E2M1.toFloat(q[row + i]) * combined[s + i];
          }
        }
      }
    }
    return new CompressedWeight(
        CompressWeightsMode.NVFP4, gr, ElementType.F4E2M1, q, scale8, null, null, scaleCodes, global, null, null, dq);
  }

  /** Codes and dequantized values for the rows {@code [o0, o1)}. */
  private static void quantize(
      float[] w, WeightGrouping gr, float[] scale, boolean e2m1, byte[] q, float[] dq, int o0, int o1) {
    int groups = gr.groups();
    int gs = gr.groupSize();
    int inner = gr.inner();
    for (int o = o0; o < o1; o++) {
      for (int g = 0; g < groups; g++) {
        int s = (o * groups + g) * inner;
        int base = s * gs;
        if (inner == 1) {
          if (e2m1) {
            e2m1Run(w, base, gs, scale[s], q, dq);
          } else {
            e4m3Run(w, base, gs, scale[s], q, dq);
          }
        } else {
          for (int k = 0; k < gs; k++) {
            int row = base + k * inner;
            for (int i = 0; i < inner; i++) {
              if (e2m1) {
                e2m1Run(w, row + i, 1, scale[s + i], q, dq);
              } else {
                e4m3Run(w, row + i, 1, scale[s + i], q, dq);
              }
            }
          }
        }
      }
    }
  }

  private static void e2m1Run(float[] w, int off, int n, float sc, byte[] q, float[] dq) {
    for (int e = off; e < off + n; e++) {
      int gi = e2m1GridIndex(w[e] / sc);
      q[e] = E2M1_GRID_CODE[gi];
      dq[e] = E2M1_GRID[gi] * sc;
    }
  }

  private static void e4m3Run(float[] w, int off, int n, float sc, byte[] q, float[] dq) {
    for (int e = off; e < off + n; e++) {
      byte c = Float8E4M3.fromFloat(w[e] / sc);
      q[e] = c;
      dq[e] = Float8E4M3.toFloat(c) * sc;
    }
  }

  /**
   * Index into the ascending E2M1 grid: the nearest value, choosing the upper neighbour on an exact tie
   * when its index is odd (the even E2M1 code), with distances computed in float32.
   */
  static int e2m1GridIndex(float x) {
    int idx = E2M1_MIDPOINTS.count(x);
    int right = Math.min(idx + 1, 14);
    float dLeft = Math.abs(x - E2M1_GRID[idx]);
    float dRight = Math.abs(x - E2M1_GRID[right]);
    if (dRight < dLeft || (dLeft == dRight && ((right + 1) & 1) == 0)) {
      return right;
    }
    return idx;
  }
}
