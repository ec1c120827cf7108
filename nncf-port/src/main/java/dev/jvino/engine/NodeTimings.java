package dev.jvino.engine;

import dev.jvino.ir.Node;

/**
 * Receives the wall time of each node a {@link ReferenceSession} executes, for per-layer performance
 * counters ({@code jvino benchmark -pc}). Called on the inferring thread, once per executed op, in
 * execution order.
 */
@FunctionalInterface
public interface NodeTimings {
  /** {@code node} ran for {@code nanos} nanoseconds of wall time. */
  void record(Node node, long nanos);

  /**
   * Sets {@code timings} on {@code session} when the session can time its nodes.
   *
   * @return whether per-node timing is supported by {@code session} (only reference-engine sessions)
   */
  static boolean attach(InferSession session, @org.jspecify.annotations.Nullable NodeTimings timings) {
    if (session instanceof ReferenceSession r) {
      r.timings(timings);
      return true;
    }
    return false;
  }
}
