package dev.jvino.bench;

import dev.jvino.engine.ref.Attention;
import dev.jvino.engine.tensor.NdArray;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reference engine's f32 ScaledDotProductAttention-13 (a prompt of L = S tokens, 8 heads of 64)
 * beside the two OpenBLAS sgemm calls per head that any implementation needs ({@code Q·Kᵀ} and
 * {@code P·V}, off-heap, no softmax), in the same run: the ratio bounds what the engine's softmax,
 * scaling and bookkeeping cost on top of the products. Both do 4·heads·L·S·64 FLOP of products.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.bytedeco.javacpp.cachedir=target/javacpp-cache",
    "-Dorg.bytedeco.javacpp.logger=slf4j"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(time = 2)
@Measurement(time = 2)
public class AttentionBench {
  private static final int HEADS = 8;
  private static final int E = 64;

  /** Tokens of the prompt (L = S). */
  @Param({"256", "1024"})
  public int tokens;

  private NdArray q;
  private NdArray k;
  private NdArray v;
  private FloatPointer blasQ;
  private FloatPointer blasK;
  private FloatPointer blasV;
  private FloatPointer blasScores;
  private FloatPointer blasOut;

  @Setup
  public void setUp() {
    SplittableRandom r = new SplittableRandom(5);
    long[] shape = {1, HEADS, tokens, E};
    float[] qv = gaussian(r, HEADS * tokens * E);
    float[] kv = gaussian(r, HEADS * tokens * E);
    float[] vv = gaussian(r, HEADS * tokens * E);
    q = NdArray.f32(shape, qv);
    k = NdArray.f32(shape, kv);
    v = NdArray.f32(shape, vv);
    blasQ = new FloatPointer(qv);
    blasK = new FloatPointer(kv);
    blasV = new FloatPointer(vv);
    blasScores = new FloatPointer((long) tokens * tokens);
    blasOut = new FloatPointer((long) HEADS * tokens * E);
    openblas.blas_set_num_threads(Runtime.getRuntime().availableProcessors());
  }

  private static float[] gaussian(SplittableRandom r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextGaussian() * 0.5);
    }
    return x;
  }

  @TearDown
  public void tearDown() {
    for (FloatPointer p : new FloatPointer[] {blasQ, blasK, blasV, blasScores, blasOut}) {
      p.close();
    }
  }

  @Benchmark
  public NdArray engineSdpa() {
    return Attention.scaledDotProductAttention(q, k, v, null, null, false);
  }

  /** Per head: scores = Q·Kᵀ, then out = scores·V, with OpenBLAS on every core. */
  @Benchmark
  public FloatPointer openblasTwoSgemmPerHead() {
    long headSize = (long) tokens * E;
    for (int h = 0; h < HEADS; h++) {
      openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasTrans, tokens, tokens, E,
          1f, blasQ.position(h * headSize), E, blasK.position(h * headSize), E, 0f, blasScores, tokens);
      openblas.cblas_sgemm(openblas.CblasRowMajor, openblas.CblasNoTrans, openblas.CblasNoTrans, tokens, E, tokens,
          1f, blasScores, tokens, blasV.position(h * headSize), E, 0f, blasOut.position(h * headSize), E);
    }
    blasQ.position(0);
    blasK.position(0);
    blasV.position(0);
    blasOut.position(0);
    return blasOut;
  }
}
