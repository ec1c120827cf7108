package dev.jvino.cli;

import dev.jvino.engine.InferSession;
import dev.jvino.engine.tensor.NdArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs inferences on one thread per session until {@code maxCount} inferences have started or the time
 * limit has passed, recording each inference's latency. Samples are used round-robin.
 */
final class BenchmarkRunner {
  /** Every measured latency in milliseconds, and the wall time of the whole run. */
  record Result(double[] latenciesMs, long durationNanos) {}

  private BenchmarkRunner() {}

  static Result run(List<InferSession> sessions, List<Map<String, NdArray>> samples, long maxCount, double seconds)
      throws InterruptedException {
    return run(sessions, samples, maxCount, seconds, s -> {});
  }

  /**
   * As {@link #run(List, List, long, double)}, calling {@code afterEach} with the session on its thread
   * after each inference, outside the measured latency (for reading per-layer counters).
   */
  static Result run(List<InferSession> sessions, List<Map<String, NdArray>> samples, long maxCount, double seconds,
      Consumer<InferSession> afterEach) throws InterruptedException {
    AtomicLong next = new AtomicLong();
    long start = System.nanoTime();
    long deadline = Double.isInfinite(seconds) ? Long.MAX_VALUE : start + (long) (seconds * 1e9);
    List<List<Double>> perThread = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    RuntimeException[] failure = new RuntimeException[1];
    for (InferSession s : sessions) {
      List<Double> mine = new ArrayList<>();
      perThread.add(mine);
      threads.add(Thread.ofPlatform().name("jvino-benchmark-" + threads.size()).start(() -> {
        try {
          while (System.nanoTime() < deadline) {
            long i = next.getAndIncrement();
            if (i >= maxCount) {
              break;
            }
            Map<String, NdArray> sample = samples.get((int) (i % samples.size()));
            s.resetState();
            long t0 = System.nanoTime();
            s.infer(sample);
            mine.add((System.nanoTime() - t0) / 1e6);
            afterEach.accept(s);
          }
        } catch (RuntimeException e) {
          synchronized (failure) {
            failure[0] = e;
          }
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    long duration = System.nanoTime() - start;
    synchronized (failure) {
      if (failure[0] != null) {
        throw failure[0];
      }
    }
    double[] all = perThread.stream().flatMap(List::stream).mapToDouble(Double::doubleValue).toArray();
    return new Result(all, duration);
  }
}
