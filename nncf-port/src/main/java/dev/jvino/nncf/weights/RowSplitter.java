package dev.jvino.nncf.weights;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a kernel over the outer rows of a weight, split over all cores for large weights: the caller
 * runs the first share, daemon workers of a dedicated pool (one per further core) run the others. The
 * common fork-join pool is not used, as its parallelism is cores - 1 (one worker on two cores) and it
 * may be busy with unrelated work. Every element and every scale depends only on its own group, so the
 * split gives bit-identical results.
 */
final class RowSplitter {
  /** Weights with at least this many elements are split. */
  static final int PARALLEL_THRESHOLD = 1 << 18;

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  /** A kernel over the outer rows {@code [o0, o1)}. */
  @FunctionalInterface
  interface RowKernel {
    void run(int o0, int o1);
  }

  /** Created on first use; its threads are daemons, so it never keeps the JVM alive. */
  private static final class Pool {
    static final ExecutorService WORKERS = Executors.newFixedThreadPool(Math.max(1, CORES - 1), r -> {
      Thread t = new Thread(r, "jvino-weight-lowering");
      t.setDaemon(true);
      return t;
    });
  }

  private RowSplitter() {}

  static void run(WeightGrouping gr, RowKernel kernel) {
    int outer = gr.outer();
    int parts = Math.min(CORES, outer);
    if (gr.size() < PARALLEL_THRESHOLD || parts < 2) {
      kernel.run(0, outer);
      return;
    }
    @SuppressWarnings("unchecked")
    Future<?>[] others = new Future<?>[parts - 1];
    for (int p = 1; p < parts; p++) {
      int o0 = (int) ((long) outer * p / parts);
      int o1 = (int) ((long) outer * (p + 1) / parts);
      others[p - 1] = Pool.WORKERS.submit(() -> kernel.run(o0, o1));
    }
    kernel.run(0, (int) ((long) outer / parts));
    for (Future<?> f : others) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException("weight lowering worker failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while lowering a weight", e);
      }
    }
  }
}
