package dev.jvino.openvino;

import java.lang.foreign.Arena;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Memory lent to OpenVINO (host-pointer tensor data, weights given to {@code readModel}): an arena
 * closed only when its last user lets go. The creator holds one reference; every native object that
 * may read the memory retains another.
 */
final class Lease {
  private final Arena arena;
  private final AtomicInteger refs = new AtomicInteger(1);

  Lease(Arena arena) {
    this.arena = arena;
  }

  Arena arena() {
    return arena;
  }

  Lease retain() {
    if (refs.getAndIncrement() <= 0) {
      refs.decrementAndGet();
      throw new IllegalStateException("lent memory was already released");
    }
    return this;
  }

  void release() {
    if (refs.decrementAndGet() == 0) {
      arena.close();
    }
  }

  boolean alive() {
    return refs.get() > 0;
  }
}
