package dev.jvino.bench;

import dev.jvino.engine.ref.AutoPad;
import dev.jvino.engine.ref.Convolution;
import dev.jvino.engine.ref.Convolution.ConvolutionAttrs;
import dev.jvino.engine.tensor.NdArray;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The reference engine's f32 Convolution on a ResNet stage-1 layer (N=1, C=K=64, 56x56, 3x3, pad 1)
 * beside OpenBLAS sgemm on the GEMM an im2col lowering of that layer performs ({@code W[64, 576] x
 * cols[576, 3136]}), in the same run. The sgemm time leaves out building the im2col matrix, so it is a
 * lower bound for an im2col + BLAS convolution; both do 2·64·576·3136 = 231 MFLOP per call.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.bytedeco.javacpp.cachedir=target/javacpp-cache",
    "-Dorg.bytedeco.javacpp.logger=slf4j"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class ConvBench {
  private static final int C = 64;
  private static final int K = 64;
  private static final int HW = 56;
  private static final int GEMM_K = C * 9;
  private static final int GEMM_N = HW * HW;

  private NdArray data;
  private NdArray filters;
  private ConvolutionAttrs attrs;
  private FloatPointer blasW;
  private FloatPointer blasCols;
  private FloatPointer blasOut;

  @Setup
  public void setUp() {
    SplittableRandom r = new SplittableRandom(7);
    float[] x = gaussian(r, C * HW * HW);
    float[] w = gaussian(r, K * GEMM_K);
    data = NdArray.f32(new long[] {1, C, HW, HW}, x);
    filters = NdArray.f32(new long[] {K, C, 3, 3}, w);
    attrs = new ConvolutionAttrs(new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1},
        AutoPad.EXPLICIT);
    blasW = new FloatPointer(w);
    blasCols = new FloatPointer(gaussian(r, GEMM_K * GEMM_N));
    blasOut = new FloatPointer((long) K * GEMM_N);
    openblas.blas_set_num_threads(Runtime.getRuntime().availableProcessors());
  }

  private static float[] gaussian(SplittableRandom r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  @TearDown
  public void tearDown() {
    blasW.close();
    blasCols.close();
    blasOut.close();
  }

  @Benchmark
  public NdArray engineConvolution() {
    return Convolution.convolution(data, filters, attrs);
  }

  /** OpenBLAS {@code out[64, 3136] = W[64, 576] · cols[576, 3136]}, row-major, on every core. */
  @Benchmark
  public FloatPointer openblasIm2colSgemm() {
    openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, K, GEMM_N,
        GEMM_K, 1f, blasW, GEMM_K, blasCols, GEMM_N, 0f, blasOut, GEMM_N);
    return blasOut;
  }
}
