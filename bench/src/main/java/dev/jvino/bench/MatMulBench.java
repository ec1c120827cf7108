package dev.jvino.bench;

import dev.jvino.engine.ref.MatMul;
import dev.jvino.engine.ref.MatMul.MatMulAttrs;
import dev.jvino.engine.tensor.NdArray;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The reference engine's f32 MatMul ({@code A[m,k] x B[n,k]^T}, the layout of transformer weights)
 * against a plain triple loop over the same arrays, in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MatMulBench {

  /** {@code m x n x k}: a decoder step (m=1) and a short prompt (m=64). */
  @Param({"1x2048x2048", "64x1024x1024"})
  public String shape;

  private NdArray a;
  private NdArray b;
  private int m;
  private int n;
  private int k;

  @Setup
  public void setUp() {
    String[] p = shape.split("x");
    m = Integer.parseInt(p[0]);
    n = Integer.parseInt(p[1]);
    k = Integer.parseInt(p[2]);
    SplittableRandom r = new SplittableRandom(11);
    float[] av = new float[m * k];
    float[] bv = new float[n * k];
    for (int i = 0; i < av.length; i++) {
      av[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < bv.length; i++) {
      bv[i] = (float) r.nextGaussian();
    }
    a = NdArray.f32(new long[] {m, k}, av);
    b = NdArray.f32(new long[] {n, k}, bv);
  }

  @Benchmark
  public NdArray engine() {
    return MatMul.matMul(a, b, new MatMulAttrs(false, true));
  }

  @Benchmark
  public float[] naive() {
    float[] x = a.floats();
    float[] y = b.floats();
    float[] c = new float[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float s = 0;
        for (int kk = 0; kk < k; kk++) {
          s += x[i * k + kk] * y[j * k + kk];
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }
}
