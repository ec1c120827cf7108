package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.engine.ref.MatMul.MatMulAttrs;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MatMulTest {
  private static long[] s(long... d) {
    return d;
  }

  @Test
  void plainAndTransposed2d() {
    NdArray a = NdArray.f32(s(2, 3), 1, 2, 3, 4, 5, 6);
    NdArray b = NdArray.f32(s(3, 2), 7, 8, 9, 10, 11, 12);
    NdArray c = MatMul.matMul(a, b);
    assertArrayEquals(s(2, 2), c.shape());
    assertArrayEquals(new float[] {58, 64, 139, 154}, c.floats());
    // A^T with A stored [3,2]; B^T with B stored [2,3]
    NdArray at = NdArray.f32(s(3, 2), 1, 4, 2, 5, 3, 6);
    NdArray bt = NdArray.f32(s(2, 3), 7, 9, 11, 8, 10, 12);
    assertArrayEquals(new float[] {58, 64, 139, 154},
        MatMul.matMul(at, bt, new MatMulAttrs(true, true)).floats());
    assertArrayEquals(new float[] {58, 64, 139, 154},
        MatMul.matMul(a, bt, new MatMulAttrs(false, true)).floats());
    assertThrows(OpInputException.class, () -> MatMul.matMul(a, a));
  }

  @Test
  void oneDimensionalOperands() {
    NdArray v = NdArray.f32(s(3), 1, 2, 3);
    NdArray m = NdArray.f32(s(3, 2), 1, 0, 0, 1, 1, 1);
    NdArray r = MatMul.matMul(v, m);
    assertArrayEquals(s(2), r.shape());
    assertArrayEquals(new float[] {4, 5}, r.floats());
    NdArray dot = MatMul.matMul(v, v, new MatMulAttrs(true, true)); // transposes ignored for 1-D
    assertArrayEquals(s(), dot.shape());
    assertEquals(14f, dot.floats()[0]);
    NdArray mv = MatMul.matMul(NdArray.f32(s(2, 3), 1, 1, 1, 0, 1, 0), v);
    assertArrayEquals(s(2), mv.shape());
    assertArrayEquals(new float[] {6, 2}, mv.floats());
  }

  @Test
  void batchDimensionsBroadcast() {
    // A [2,1,1,2] x B [3,2,1] -> [2,3,1,1]
    NdArray a = NdArray.f32(s(2, 1, 1, 2), 1, 2, 3, 4);
    NdArray b = NdArray.f32(s(3, 2, 1), 1, 1, 2, 0, 0, 3);
    NdArray c = MatMul.matMul(a, b);
    assertArrayEquals(s(2, 3, 1, 1), c.shape());
    assertArrayEquals(new float[] {3, 2, 6, 7, 6, 12}, c.floats());
  }

  @Test
  void integersWrapAndF16Rounds() {
    NdArray a = NdArray.ofLongs(ElementType.I8, s(1, 2), new long[] {100, 100});
    NdArray b = NdArray.ofLongs(ElementType.I8, s(2, 1), new long[] {1, 1});
    assertArrayEquals(new long[] {-56}, MatMul.matMul(a, b).longs());
    NdArray h = MatMul.matMul(NdArray.f16(s(1, 2), 2048, 1), NdArray.f16(s(2, 1), 1, 1));
    assertEquals(ElementType.F16, h.type());
    assertEquals(2048f, h.floats()[0]);
    // products are rounded to f16 before the f32 sum (OpenVINO's reference for half types); with these
    // values (found with numpy) that gives -0.833984375, exact f32 products would give -0.83447265625
    NdArray p = MatMul.matMul(NdArray.f16(s(1, 3), 0.047271728515625f, 1.8017578125f, -1.423828125f),
        NdArray.f16(s(3, 1), 1.794921875f, -0.75244140625f, -0.306640625f));
    assertEquals(-0.833984375f, p.floats()[0]);
    NdArray pt = MatMul.matMul(NdArray.f16(s(3, 1), 0.047271728515625f, 1.8017578125f, -1.423828125f),
        NdArray.f16(s(1, 3), 1.794921875f, -0.75244140625f, -0.306640625f), new MatMulAttrs(true, true));
    assertEquals(-0.833984375f, pt.floats()[0]);
    NdArray d = MatMul.matMul(NdArray.ofDoubles(s(1, 2), new double[] {0.5, 2}),
        NdArray.ofDoubles(s(2, 1), new double[] {4, 0.25}));
    assertEquals(2.5, d.doubles()[0]);
  }

  @Test
  void fastPathsAgreeWithANaiveProduct() {
    Random rnd = new Random(7);
    int[][] cases = {{1, 300, 257}, {3, 1000, 129}, {70, 90, 600}, {13, 17, 19}, {256, 64, 64}};
    for (int[] mnk : cases) {
      int m = mnk[0];
      int n = mnk[1];
      int k = mnk[2];
      for (boolean tb : new boolean[] {false, true}) {
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
          a[i] = rnd.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
          b[i] = rnd.nextFloat() - 0.5f;
        }
        NdArray c = MatMul.matMul(NdArray.f32(s(m, k), a), NdArray.f32(tb ? s(n, k) : s(k, n), b),
            new MatMulAttrs(false, tb));
        float[] got = c.floats();
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            double ref = 0;
            for (int kk = 0; kk < k; kk++) {
              ref += (double) a[i * k + kk] * b[tb ? j * k + kk : kk * n + j];
            }
            assertEquals(ref, got[i * n + j], 1e-4, "m=" + m + " n=" + n + " k=" + k + " tb=" + tb);
          }
        }
      }
    }
  }

  @Test
  void dotPathIsBitIdenticalToASerialKOrderedLoop() {
    Random rnd = new Random(12);
    for (int[] mnk : new int[][] {{1, 203, 3001}, {3, 1000, 301}, {2, 7, 5}}) {
      int m = mnk[0];
      int n = mnk[1];
      int k = mnk[2];
      float[] a = new float[m * k];
      float[] bt = new float[n * k];
      for (int i = 0; i < a.length; i++) {
        a[i] = rnd.nextFloat() - 0.5f;
      }
      for (int i = 0; i < bt.length; i++) {
        bt[i] = rnd.nextFloat() - 0.5f;
      }
      float[] c = new float[m * n];
      FastGemm.gemm(a, 0, false, bt, 0, true, c, 0, m, n, k);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          float s = 0;
          for (int kk = 0; kk < k; kk++) {
            s += a[i * k + kk] * bt[j * k + kk];
          }
          assertEquals(s, c[i * n + j], "m=" + m + " element " + i + "," + j);
        }
      }
    }
  }

  @Test
  void blockedParallelPathIsBitIdenticalToASerialKOrderedLoop() {
    Random rnd = new Random(11);
    int m = 70;
    int n = 600; // more than one column block
    int k = 700; // more than one k block
    float[] a = new float[m * k];
    float[] b = new float[k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = rnd.nextFloat() - 0.5f;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = rnd.nextFloat() - 0.5f;
    }
    assertTrue((long) m * n * k >= FastGemm.PARALLEL_THRESHOLD);
    float[] c = new float[m * n];
    FastGemm.gemm(a, 0, false, b, 0, false, c, 0, m, n, k);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = 0;
        for (int kk = 0; kk < k; kk++) {
          s += a[i * k + kk] * b[kk * n + j];
        }
        assertEquals(s, c[i * n + j], "element " + i + "," + j); // exact, not approximately
      }
    }
  }
}
