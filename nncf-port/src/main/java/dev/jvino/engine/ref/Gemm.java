package dev.jvino.engine.ref;

/**
 * The reference engine's single-precision matrix product {@code C[m,n] = A[m,k] x B[k,n]} (A or B
 * optionally stored transposed). Products with at least {@link #BLAS_MIN_ROWS} rows and
 * {@link #BLAS_MIN_WORK} multiply-adds go to OpenBLAS's {@code sgemm} on every core when its natives load
 * (see {@link OpenBlas}); smaller ones, matrix-vector products (token-by-token decoding) and every
 * product when OpenBLAS is unavailable or {@code -Djvino.gemm=java} use {@link FastGemm}.
 *
 * <p>Numerics: FastGemm sums each output in ascending {@code k} with one f32 accumulator; OpenBLAS
 * blocks the sum and uses fused multiply-adds, so its results differ in the last bits (as OpenVINO's
 * CPU plugin and numpy's BLAS do from a serial loop) but do not depend on the call site.
 */
public final class Gemm {
  /** Rows of C from which OpenBLAS is used (below it, FastGemm's dot path is faster). */
  static final int BLAS_MIN_ROWS = 8;
  /** Multiply-adds from which OpenBLAS is used. */
  static final long BLAS_MIN_WORK = 1L << 18;

  /** Bound to true while products must stay in Java ({@link #withJavaProducts}). */
  private static final ScopedValue<Boolean> JAVA_PRODUCTS = ScopedValue.newInstance();

  private Gemm() {}

  /**
   * Runs {@code op} with every product on {@link FastGemm} in the current thread: each output is then
   * summed in ascending k by itself, so equal inputs give bit-equal outputs whatever their position, and
   * results do not depend on the thread count (what a test oracle wants).
   */
  public static <R, X extends Throwable> R withJavaProducts(ScopedValue.CallableOp<? extends R, X> op) throws X {
    return ScopedValue.where(JAVA_PRODUCTS, Boolean.TRUE).call(op);
  }

  /**
   * Computes one product into {@code c[cOff ...]} (overwriting).
   *
   * @param transA whether {@code a} holds A transposed, i.e. as a row-major [k, m] matrix
   * @param transB whether {@code b} holds B transposed, i.e. as a row-major [n, k] matrix
   */
  public static void gemm(float[] a, int aOff, boolean transA, float[] b, int bOff, boolean transB,
      float[] c, int cOff, int m, int n, int k) {
    if (usesBlas(m, n, k)) {
      OpenBlas.available().get().gemm(a, aOff, transA, b, bOff, transB, c, cOff, m, n, k);
    } else {
      FastGemm.gemm(a, aOff, transA, b, bOff, transB, c, cOff, m, n, k);
    }
  }

  /** Whether a product of this size goes to OpenBLAS. */
  public static boolean usesBlas(int m, int n, int k) {
    return m >= BLAS_MIN_ROWS && n > 0 && k > 0 && (long) m * n * k >= BLAS_MIN_WORK
        && !JAVA_PRODUCTS.orElse(Boolean.FALSE) && OpenBlas.available().isPresent();
  }

  /** Whether OpenBLAS was loaded (false on platforms without its natives or with {@code -Djvino.gemm=java}). */
  public static boolean blasAvailable() {
    return OpenBlas.available().isPresent();
  }
}
