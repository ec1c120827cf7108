package dev.jvino.engine;

import dev.jvino.ir.Model;

/**
 * The pure-Java engine: executes a {@link Model} node by node with the kernels of
 * {@code dev.jvino.engine.ref}, dispatched through a {@link KernelTable}.
 *
 * <p>Compiling checks that every op has a kernel (else {@link dev.jvino.engine.ref.UnsupportedOpException}
 * naming the op), fixes the topological order, decodes every Constant once and folds the subgraphs that
 * depend only on constants (such as NNCF's weight decompression {@code Constant(u4) -> Convert -> Subtract
 * -> Multiply}). Inference evaluates shapes from the actual values (the IR's shapes are only used to
 * validate inputs) and frees each intermediate tensor as soon as its last consumer has run.
 */
public final class ReferenceEngine implements Engine {
  private final KernelTable kernels;
  private final boolean javaProducts;

  /** An engine with every standard kernel. */
  public ReferenceEngine() {
    this(KernelTable.standard());
  }

  /** An engine dispatching through {@code kernels} (e.g. with extra kernels registered). */
  public ReferenceEngine(KernelTable kernels) {
    this(kernels, false);
  }

  private ReferenceEngine(KernelTable kernels, boolean javaProducts) {
    this.kernels = kernels;
    this.javaProducts = javaProducts;
  }

  /**
   * An engine whose matrix products all run in Java ({@link dev.jvino.engine.ref.Gemm#withJavaProducts}):
   * slower on large layers than the default (which uses OpenBLAS there), but bit-reproducible, with every
   * output summed in the order of OpenVINO's reference loops. For use as a test oracle, and for models
   * whose values are so large that a BLAS's blocked sums visibly differ between equal outputs.
   */
  public static ReferenceEngine reproducible() {
    return new ReferenceEngine(KernelTable.standard(), true);
  }

  /** Whether every product runs in Java (see {@link #reproducible()}). */
  public boolean javaProducts() {
    return javaProducts;
  }

  @Override
  public String name() {
    return "reference";
  }

  /** The dispatch table this engine uses. */
  public KernelTable kernels() {
    return kernels;
  }

  @Override
  public CompiledModel compile(Model model) {
    if (javaProducts) {
      return dev.jvino.engine.ref.Gemm.withJavaProducts(() -> new ExecutionPlan(model, kernels, true));
    }
    return new ExecutionPlan(model, kernels);
  }
}
