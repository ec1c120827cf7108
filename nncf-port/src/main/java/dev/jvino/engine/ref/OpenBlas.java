package dev.jvino.engine.ref;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;

/**
 * OpenBLAS's {@code cblas_sgemm}, from the {@code org.bytedeco:openblas} natives: JavaCPP extracts and
 * loads the library, and the call goes through an FFM downcall marked critical with heap access, so the
 * engine's {@code float[]} arrays are passed in place (no copies; the call is short and never calls
 * back). {@link #available()} is empty when the natives are missing for this platform, fail to load, or
 * {@code -Djvino.gemm=java} asks for the pure-Java product; callers then use {@link FastGemm}.
 */
final class OpenBlas {
  private static final System.Logger LOG = System.getLogger(OpenBlas.class.getName());

  // CBLAS enumerations (cblas.h)
  private static final int ROW_MAJOR = 101;
  private static final int NO_TRANS = 111;
  private static final int TRANS = 112;

  private final MethodHandle sgemm;
  private final String library;

  private OpenBlas(MethodHandle sgemm, String library) {
    this.sgemm = sgemm;
    this.library = library;
  }

  private static final class Holder {
    static final Optional<OpenBlas> INSTANCE = load();
  }

  /** The loaded library, or empty when the pure-Java product is used. */
  static Optional<OpenBlas> available() {
    return Holder.INSTANCE;
  }

  /** The path of the OpenBLAS library in use. */
  String library() {
    return library;
  }

  private static Optional<OpenBlas> load() {
    if ("java".equalsIgnoreCase(System.getProperty("jvino.gemm", "").strip())) {
      LOG.log(System.Logger.Level.DEBUG, "jvino.gemm=java: matrix products use the pure-Java FastGemm");
      return Optional.empty();
    }
    try {
      String path = Loader.load(org.bytedeco.openblas.global.openblas.class);
      org.bytedeco.openblas.global.openblas.blas_set_num_threads(Runtime.getRuntime().availableProcessors());
      SymbolLookup lookup = SymbolLookup.libraryLookup(java.nio.file.Path.of(path), java.lang.foreign.Arena.global());
      MemorySegment symbol = lookup.find("cblas_sgemm").orElseThrow(
          () -> new UnsatisfiedLinkError("cblas_sgemm not found in " + path));
      ValueLayout.OfInt i = ValueLayout.JAVA_INT;
      FunctionDescriptor fd = FunctionDescriptor.ofVoid(i, i, i, i, i, i, ValueLayout.JAVA_FLOAT,
          ValueLayout.ADDRESS, i, ValueLayout.ADDRESS, i, ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, i);
      MethodHandle h = Linker.nativeLinker().downcallHandle(symbol, fd, Linker.Option.critical(true));
      LOG.log(System.Logger.Level.DEBUG, "matrix products use OpenBLAS from {0}", path);
      return Optional.of(new OpenBlas(h, path));
    } catch (RuntimeException | LinkageError e) {
      LOG.log(System.Logger.Level.INFO,
          "OpenBLAS could not be loaded ({0}); matrix products use the pure-Java FastGemm", e.toString());
      return Optional.empty();
    }
  }

  /**
   * {@code C[m,n] = A[m,k] x B[k,n]} row-major, A stored as [k, m] when {@code transA} and B as [n, k]
   * when {@code transB}, overwriting C (beta 0, so C is not read).
   */
  void gemm(float[] a, int aOff, boolean transA, float[] b, int bOff, boolean transB,
      float[] c, int cOff, int m, int n, int k) {
    MemorySegment as = MemorySegment.ofArray(a).asSlice(4L * aOff);
    MemorySegment bs = MemorySegment.ofArray(b).asSlice(4L * bOff);
    MemorySegment cs = MemorySegment.ofArray(c).asSlice(4L * cOff);
    try {
      sgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, 1f,
          as, transA ? m : k, bs, transB ? k : n, 0f, cs, n);
    } catch (Throwable t) {
      throw new IllegalStateException("cblas_sgemm failed", t);
    }
  }
}
