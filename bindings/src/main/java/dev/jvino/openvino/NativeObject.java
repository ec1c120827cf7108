package dev.jvino.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Base of every wrapper that owns a native handle: the handle, an arena for memory that must live as
 * long as the object, the leases it holds, an idempotent {@link #close()} and
 * {@link IllegalStateException} on use after close.
 */
abstract sealed class NativeObject implements AutoCloseable
    permits Core, PortOwner, InferRequest, Tensor, RemoteContext, PrePostProcessor {
  final Native rt;
  private final MemorySegment handle;
  final Arena arena = Arena.ofShared();
  private final List<Lease> leases = new ArrayList<>();
  private boolean closed;

  NativeObject(Native rt, MemorySegment handle) {
    this.rt = rt;
    this.handle = handle;
  }

  /** The live handle; throws after close. */
  final synchronized MemorySegment handle() {
    if (closed) {
      throw new IllegalStateException(getClass().getSimpleName() + " is closed");
    }
    return handle;
  }

  /** Keeps {@code lease} alive until this object is closed. */
  final synchronized void hold(Lease lease) {
    leases.add(lease.retain());
  }

  final synchronized List<Lease> leases() {
    return List.copyOf(leases);
  }

  /** Whether {@link #close()} has run. */
  public final synchronized boolean isClosed() {
    return closed;
  }

  /** Frees the native handle with its own free function. */
  abstract void free(MemorySegment handle);

  @Override
  public void close() {
    MemorySegment h;
    List<Lease> held;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      h = handle;
      held = List.copyOf(leases);
      leases.clear();
    }
    beforeFree(h);
    free(h);
    arena.close();
    for (int i = held.size() - 1; i >= 0; i--) {
      held.get(i).release();
    }
  }

  /** Hook run once before the handle is freed. */
  void beforeFree(MemorySegment handle) {}
}
