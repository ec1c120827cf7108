package dev.jvino.engine.ref;

import java.util.stream.IntStream;

/**
 * Single-precision matrix product {@code C[m,n] = A[m,k] x B[k,n]} (optionally with A or B stored
 * transposed), blocked for cache and split over the common fork-join pool when the problem is large.
 *
 * <p>Inner loops are plain saxpy/dot loops that HotSpot's C2 compiles to straight-line code (the saxpy
 * loops vectorise). In every path each output element is one float accumulator summed from zero in
 * ascending {@code k}, regardless of blocking or threading: results equal a serial
 * {@code for k: c += a*b} loop bit for bit and do not depend on the number of threads.
 */
public final class FastGemm {
  private FastGemm() {}

  /** Multiply-adds above which the product is split over threads. */
  static final long PARALLEL_THRESHOLD = 1L << 18;
  private static final int K_BLOCK = 256;
  private static final int N_BLOCK = 512;

  /**
   * Computes one product and writes it to {@code c[cOff ...]} (overwriting).
   *
   * @param transA whether {@code a} holds A transposed, i.e. as a row-major [k, m] matrix
   * @param transB whether {@code b} holds B transposed, i.e. as a row-major [n, k] matrix
   */
  public static void gemm(float[] a, int aOff, boolean transA, float[] b, int bOff, boolean transB,
      float[] c, int cOff, int m, int n, int k) {
    float[] ar = a;
    int ao = aOff;
    if (transA && m > 1) {
      ar = transpose(a, aOff, k, m);
      ao = 0;
    }
    boolean parallel = (long) m * n * k >= PARALLEL_THRESHOLD;
    if (transB && m <= 4) {
      dotPath(ar, ao, b, bOff, c, cOff, m, n, k, parallel);
      return;
    }
    float[] br = b;
    int bo = bOff;
    if (transB) {
      br = transpose(b, bOff, n, k);
      bo = 0;
    }
    final float[] fa = ar;
    final int fao = ao;
    final float[] fb = br;
    final int fbo = bo;
    java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
    if (!parallel) {
      saxpyBlock(fa, fao, fb, fbo, c, cOff, 0, m, 0, n, n, k);
    } else if (m >= 8) {
      int chunks = Math.min(m, 4 * Runtime.getRuntime().availableProcessors());
      IntStream.range(0, chunks).parallel().forEach(t -> {
        int r0 = (int) ((long) m * t / chunks);
        int r1 = (int) ((long) m * (t + 1) / chunks);
        saxpyBlock(fa, fao, fb, fbo, c, cOff, r0, r1, 0, n, n, k);
      });
    } else {
      int chunks = Math.max(1, Math.min(n / 64, 4 * Runtime.getRuntime().availableProcessors()));
      IntStream.range(0, chunks).parallel().forEach(t -> {
        int j0 = (int) ((long) n * t / chunks);
        int j1 = (int) ((long) n * (t + 1) / chunks);
        saxpyBlock(fa, fao, fb, fbo, c, cOff, 0, m, j0, j1, n, k);
      });
    }
  }

  /** Rows [r0, r1) and columns [j0, j1) of C, blocked over k and n. */
  private static void saxpyBlock(float[] a, int ao, float[] b, int bo, float[] c, int co,
      int r0, int r1, int j0, int j1, int n, int k) {
    for (int jb = j0; jb < j1; jb += N_BLOCK) {
      int je = Math.min(jb + N_BLOCK, j1);
      for (int kb = 0; kb < k; kb += K_BLOCK) {
        int ke = Math.min(kb + K_BLOCK, k);
        int i = r0;
        // four rows at a time: each loaded element of B feeds four accumulating rows of C
        for (; i + 3 < r1; i += 4) {
          int c0 = co + i * n;
          int c1 = c0 + n;
          int c2 = c1 + n;
          int c3 = c2 + n;
          int a0 = ao + i * k;
          for (int kk = kb; kk < ke; kk++) {
            float x0 = a[a0 + kk];
            float x1 = a[a0 + k + kk];
            float x2 = a[a0 + 2 * k + kk];
            float x3 = a[a0 + 3 * k + kk];
            int bi = bo + kk * n;
            for (int j = jb; j < je; j++) {
              float bj = b[bi + j];
              c[c0 + j] += x0 * bj;
              c[c1 + j] += x1 * bj;
              c[c2 + j] += x2 * bj;
              c[c3 + j] += x3 * bj;
            }
          }
        }
        for (; i < r1; i++) {
          int ci = co + i * n;
          int ai = ao + i * k;
          for (int kk = kb; kk < ke; kk++) {
            float aik = a[ai + kk];
            int bi = bo + kk * n;
            for (int j = jb; j < je; j++) {
              c[ci + j] += aik * b[bi + j];
            }
          }
        }
      }
    }
  }

  /** Few rows of A against B stored as [n, k]: one dot product per output. */
  private static void dotPath(float[] a, int ao, float[] b, int bo, float[] c, int co,
      int m, int n, int k, boolean parallel) {
    if (!parallel) {
      dotRange(a, ao, b, bo, c, co, m, n, 0, n, k);
      return;
    }
    int chunks = Math.max(1, Math.min(n / 16, 4 * Runtime.getRuntime().availableProcessors()));
    IntStream.range(0, chunks).parallel().forEach(t -> {
      int j0 = (int) ((long) n * t / chunks);
      int j1 = (int) ((long) n * (t + 1) / chunks);
      dotRange(a, ao, b, bo, c, co, m, n, j0, j1, k);
    });
  }

  private static void dotRange(float[] a, int ao, float[] b, int bo, float[] c, int co,
      int m, int n, int j0, int j1, int k) {
    // eight columns at a time, each with a single accumulator summed in ascending k: independent
    // dependency chains for the CPU, and the same per-element order as the saxpy path
    for (int i = 0; i < m; i++) {
      int ai = ao + i * k;
      int j = j0;
      for (; j + 7 < j1; j += 8) {
        int b0 = bo + j * k;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        for (int kk = 0; kk < k; kk++) {
          float x = a[ai + kk];
          s0 += x * b[b0 + kk];
          s1 += x * b[b0 + k + kk];
          s2 += x * b[b0 + 2 * k + kk];
          s3 += x * b[b0 + 3 * k + kk];
          s4 += x * b[b0 + 4 * k + kk];
          s5 += x * b[b0 + 5 * k + kk];
          s6 += x * b[b0 + 6 * k + kk];
          s7 += x * b[b0 + 7 * k + kk];
        }
        int ci = co + i * n + j;
        c[ci] = s0;
        c[ci + 1] = s1;
        c[ci + 2] = s2;
        c[ci + 3] = s3;
        c[ci + 4] = s4;
        c[ci + 5] = s5;
        c[ci + 6] = s6;
        c[ci + 7] = s7;
      }
      for (; j < j1; j++) {
        int bj = bo + j * k;
        float s = 0;
        for (int kk = 0; kk < k; kk++) {
          s += a[ai + kk] * b[bj + kk];
        }
        c[co + i * n + j] = s;
      }
    }
  }

  /** Row-major transpose of a [rows, cols] block starting at {@code off}. */
  static float[] transpose(float[] x, int off, int rows, int cols) {
    float[] t = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      int base = off + r * cols;
      for (int col = 0; col < cols; col++) {
        t[col * rows + r] = x[base + col];
      }
    }
    return t;
  }
}
