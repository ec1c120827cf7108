package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The engine's GEMM dispatch: OpenBLAS for large products on this platform, FastGemm otherwise. */
class GemmTest {
  private static boolean linuxX64() {
    return System.getProperty("os.name").toLowerCase().contains("linux")
        && System.getProperty("os.arch").matches("amd64|x86_64");
  }

  @Test
  void openBlasLoadsFromTheBytedecoNativesOnLinuxX64() {
    assumeTrue(linuxX64(), "org.bytedeco:openblas natives are declared for linux-x86_64 only");
    assertTrue(Gemm.blasAvailable());
    assertTrue(OpenBlas.available().get().library().contains("openblas"));
  }

  @Test
  void onlyLargeMatrixMatrixProductsGoToBlas() {
    assumeTrue(Gemm.blasAvailable());
    assertTrue(Gemm.usesBlas(64, 64, 64)); // 2^18 multiply-adds
    assertFalse(Gemm.usesBlas(64, 64, 63));
    assertFalse(Gemm.usesBlas(1, 4096, 4096)); // matrix-vector: FastGemm's dot path
    assertFalse(Gemm.usesBlas(7, 4096, 4096));
    assertTrue(Gemm.usesBlas(8, 4096, 4096));
  }

  @Test
  void withJavaProductsEqualInputsGiveBitEqualOutputs() throws Exception {
    assertFalse(Gemm.withJavaProducts(() -> Gemm.usesBlas(512, 512, 512)));
    assertTrue(dev.jvino.engine.ReferenceEngine.reproducible().javaProducts());
    assertFalse(new dev.jvino.engine.ReferenceEngine().javaProducts());
    // B with 97 identical columns of large values: every row's outputs must be bit-equal in Java
    int m = 64;
    int n = 97;
    int k = 300;
    SplittableRandom r = new SplittableRandom(3);
    float[] a = new float[m * k];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (r.nextGaussian() * 1e6);
    }
    float[] b = new float[k * n];
    for (int p = 0; p < k; p++) {
      float v = (float) (r.nextGaussian() * 1e3);
      for (int j = 0; j < n; j++) {
        b[p * n + j] = v;
      }
    }
    float[] c = new float[m * n];
    Gemm.withJavaProducts(() -> {
      Gemm.gemm(a, 0, false, b, 0, false, c, 0, m, n, k);
      return null;
    });
    for (int i = 0; i < m; i++) {
      for (int j = 1; j < n; j++) {
        assertEquals(Float.floatToIntBits(c[i * n]), Float.floatToIntBits(c[i * n + j]), "row " + i + " column " + j);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
    "64,64,64,false,false", "64,64,64,true,false", "64,64,64,false,true", "64,64,64,true,true",
    "100,70,53,false,true", "9,300,129,true,false", "257,129,33,false,false"})
  void blasProductsMatchTheSerialSumWithOffsets(int m, int n, int k, boolean ta, boolean tb) {
    assumeTrue(Gemm.usesBlas(m, n, k));
    SplittableRandom r = new SplittableRandom(m * 131L + n * 7L + k);
    int aOff = 5;
    int bOff = 3;
    int cOff = 11;
    float[] a = new float[aOff + m * k];
    float[] b = new float[bOff + k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) r.nextGaussian();
    }
    float[] c = new float[cOff + m * n + 4];
    java.util.Arrays.fill(c, 42f); // sgemm must overwrite C (beta 0) and nothing around it
    Gemm.gemm(a, aOff, ta, b, bOff, tb, c, cOff, m, n, k);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double expect = 0;
        for (int p = 0; p < k; p++) {
          double av = ta ? a[aOff + p * m + i] : a[aOff + i * k + p];
          double bv = tb ? b[bOff + j * k + p] : b[bOff + p * n + j];
          expect += av * bv;
        }
        assertEquals(expect, c[cOff + i * n + j], 1e-4 * Math.sqrt(k) * 4, "C[" + i + "," + j + "]");
      }
    }
    for (int i = 0; i < cOff; i++) {
      assertEquals(42f, c[i]);
    }
    for (int i = cOff + m * n; i < c.length; i++) {
      assertEquals(42f, c[i]);
    }
  }
}
