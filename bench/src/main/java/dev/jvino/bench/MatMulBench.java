package dev.jvino.bench;

import dev.jvino.engine.ref.FastGemm;
import dev.jvino.engine.ref.MatMul;
import dev.jvino.engine.ref.MatMul.MatMulAttrs;
import dev.jvino.engine.tensor.NdArray;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reference engine's f32 MatMul ({@code A[m,k] x B[n,k]^T}, the layout of transformer weights; it
 * calls OpenBLAS on the heap arrays for large products) and its pure-Java FastGemm, against OpenBLAS
 * sgemm called directly on off-heap copies and a plain triple loop, in the same run. GFLOP/s = 2·m·n·k / (ms/op · 1e6); the ratio engine/openblas is what counts.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.bytedeco.javacpp.cachedir=target/javacpp-cache",
    "-Dorg.bytedeco.javacpp.logger=slf4j"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class MatMulBench {

  /** {@code m x n x k}: a decoder step (m=1) and a short prompt (m=64). */
  @Param({"1x2048x2048", "64x1024x1024", "512x512x512"})
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
    blasA = new FloatPointer(av);
    blasB = new FloatPointer(bv);
    blasC = new FloatPointer((long) m * n);
    openblas.blas_set_num_threads(Runtime.getRuntime().availableProcessors());
  }

  private FloatPointer blasA;
  private FloatPointer blasB;
  private FloatPointer blasC;

  @TearDown
  public void tearDown() {
    blasA.close();
    blasB.close();
    blasC.close();
  }

  /** OpenBLAS {@code C = A · Bᵀ}, row-major, on every core. */
  @Benchmark
  public FloatPointer openblasSgemm() {
    openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasTrans, m, n, k,
        1f, blasA, k, blasB, k, 0f, blasC, n);
    return blasC;
  }

  /** The engine's MatMul kernel as models run it (OpenBLAS from 8 rows and 2^18 multiply-adds). */
  @Benchmark
  public NdArray engine() {
    return MatMul.matMul(a, b, new MatMulAttrs(false, true));
  }

  /** The engine's pure-Java product (what runs without OpenBLAS natives or with -Djvino.gemm=java). */
  @Benchmark
  public float[] engineJavaGemm() {
    float[] c = new float[m * n];
    FastGemm.gemm(a.floats(), 0, false, b.floats(), 0, true, c, 0, m, n, k);
    return c;
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
