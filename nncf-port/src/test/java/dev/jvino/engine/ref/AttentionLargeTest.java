package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.engine.tensor.NdArray;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * SDPA on score matrices large enough for the row-parallel softmax and OpenBLAS products (L = S = 300),
 * against a direct double-precision computation, with a boolean mask and causally.
 */
class AttentionLargeTest {
  private static final int H = 2;
  private static final int L = 300;
  private static final int E = 16;

  @Test
  void maskedAndCausalMatchADirectComputation() {
    SplittableRandom r = new SplittableRandom(17);
    float[] q = gaussian(r, H * L * E);
    float[] k = gaussian(r, H * L * E);
    float[] v = gaussian(r, H * L * E);
    boolean[] mask = new boolean[L * L];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = r.nextInt(4) != 0 || i % (L + 1) == 0; // keep the diagonal so no row is fully masked
    }
    long[] shape = {1, H, L, E};
    NdArray masked = Attention.scaledDotProductAttention(NdArray.f32(shape, q), NdArray.f32(shape, k),
        NdArray.f32(shape, v), NdArray.bools(new long[] {L, L}, mask), null, false);
    NdArray causal = Attention.scaledDotProductAttention(NdArray.f32(shape, q), NdArray.f32(shape, k),
        NdArray.f32(shape, v), null, null, true);
    check(q, k, v, mask, false, masked.floats());
    check(q, k, v, null, true, causal.floats());
  }

  private static void check(float[] q, float[] k, float[] v, boolean[] mask, boolean causal, float[] got) {
    double scale = 1 / Math.sqrt(E);
    for (int h = 0; h < H; h++) {
      for (int i = 0; i < L; i += 7) {
        double[] w = new double[L];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < L; j++) {
          boolean keep = causal ? j <= i : mask[i * L + j];
          if (!keep) {
            w[j] = Double.NEGATIVE_INFINITY;
            continue;
          }
          double dot = 0;
          for (int d = 0; d < E; d++) {
            dot += q[(h * L + i) * E + d] * scale * k[(h * L + j) * E + d];
          }
          w[j] = dot;
          max = Math.max(max, dot);
        }
        double sum = 0;
        for (int j = 0; j < L; j++) {
          w[j] = Math.exp(w[j] - max);
          sum += w[j];
        }
        for (int d = 0; d < E; d++) {
          double o = 0;
          for (int j = 0; j < L; j++) {
            o += w[j] / sum * v[(h * L + j) * E + d];
          }
          assertEquals(o, got[(h * L + i) * E + d], 2e-5, "head " + h + " row " + i + " dim " + d);
        }
      }
    }
  }

  private static float[] gaussian(SplittableRandom r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }
}
