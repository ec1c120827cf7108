package dev.jvino.nncf.weights;

/**
 * Per-group reductions (min, max, max of absolute values) with NNCF's grouping. Results are indexed like
 * scales: {@code (o * groups + g) * inner + i}.
 */
final class GroupStats {
  private GroupStats() {}

  /** Min and max of each group, for the rows {@code [o0, o1)} of the outer dimension. */
  static void minMax(float[] w, WeightGrouping gr, float[] mn, float[] mx, int o0, int o1) {
    minMax(w, gr, mn, mx, o0, o1, 0);
  }

  /** As above, storing the results of scale index {@code s} at {@code s - offset}. */
  static void minMax(float[] w, WeightGrouping gr, float[] mn, float[] mx, int o0, int o1, int offset) {
    int groups = gr.groups();
    int gs = gr.groupSize();
    int inner = gr.inner();
    for (int o = o0; o < o1; o++) {
      for (int g = 0; g < groups; g++) {
        int s0 = (o * groups + g) * inner;
        int base = s0 * gs; // == (o * channel + g * gs) * inner
        int s = s0 - offset;
        if (inner == 1 && VectorSupport.ENABLED) {
          VectorLowering.minMax(w, base, gs, mn, mx, s);
        } else if (inner == 1) {
          float lo = w[base];
          float hi = w[base];
          for (int k = 1; k < gs; k++) {
            float v = w[base + k];
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
          mn[s] = lo;
          mx[s] = hi;
        } else {
          System.arraycopy(w, base, mn, s, inner);
          System.arraycopy(w, base, mx, s, inner);
          for (int k = 1; k < gs; k++) {
            int row = base + k * inner;
            for (int i = 0; i < inner; i++) {
              float v = w[row + i];
              mn[s + i] = Math.min(mn[s + i], v);
              mx[s + i] = Math.max(mx[s + i], v);
            }
          }
        }
      }
    }
  }

  /** Max of |w| of each group, for the rows {@code [o0, o1)} of the outer dimension. */
  static void absMax(float[] w, WeightGrouping gr, float[] amax, int o0, int o1) {
    int groups = gr.groups();
    int gs = gr.groupSize();
    int inner = gr.inner();
    for (int o = o0; o < o1; o++) {
      for (int g = 0; g < groups; g++) {
        int s = (o * groups + g) * inner;
        int base = s * gs;
        if (inner == 1 && VectorSupport.ENABLED) {
          amax[s] = VectorLowering.absMax(w, base, gs);
        } else if (inner == 1) {
          float hi = Math.abs(w[base]);
          for (int k = 1; k < gs; k++) {
            hi = Math.max(hi, Math.abs(w[base + k]));
          }
          amax[s] = hi;
        } else {
          for (int i = 0; i < inner; i++) {
            amax[s + i] = Math.abs(w[base + i]);
          }
          for (int k = 1; k < gs; k++) {
            int row = base + k * inner;
            for (int i = 0; i < inner; i++) {
              amax[s + i] = Math.max(amax[s + i], Math.abs(w[row + i]));
            }
          }
        }
      }
    }
  }
}
