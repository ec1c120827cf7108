package dev.jvino.nncf.weights;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Runs a kernel over the outer rows of a weight, on two threads for large weights. Every element and
 * every scale depends only on its own group, so the split gives bit-identical results.
 */
final class RowSplitter {
  /** Weights with at least this many elements are split. */
  static final int PARALLEL_THRESHOLD = 1 << 18;

  /** A kernel over the outer rows {@code [o0, o1)}. */
  @FunctionalInterface
  interface RowKernel {
    void run(int o0, int o1);
  }

  private RowSplitter() {}

  static void run(WeightGrouping gr, RowKernel kernel) {
    int outer = gr.outer();
    if (gr.size() < PARALLEL_THRESHOLD || outer < 2 || Runtime.getRuntime().availableProcessors() < 2) {
      kernel.run(0, outer);
      return;
    }
    int mid = outer / 2;
    ForkJoinTask<?> other = ForkJoinPool.commonPool().submit(() -> kernel.run(mid, outer));
    kernel.run(0, mid);
    other.join();
  }
}
