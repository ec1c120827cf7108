package dev.jvino.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Base of every wrapper that owns a native handle: the handle, an arena for memory that must live as
 * long as the object, the leases it holds, an idempotent {@link #close()} and
 * {@link IllegalStateException} on use after close.
 *
 * <p>Calls that may run while another thread closes the object take the handle with
 * {@link #acquire()} and give it back with {@link #release()}: {@link #close()} frees the handle only
 * after every such call has returned, so the native object is never freed under a running call.
 */
abstract sealed class NativeObject implements AutoCloseable
    permits Core, PortOwner, InferRequest, Tensor, RemoteContext, PrePostProcessor {
  final Native rt;
  private final MemorySegment handle;
  private Arena ownArena; // created on first use: closing a shared arena costs a handshake with every thread
  private final List<Lease> leases = new ArrayList<>();
  private boolean closed;
  private int users; // calls between acquire() and release()

  NativeObject(Native rt, MemorySegment handle) {
    this.rt = rt;
    this.handle = handle;
  }

  /** The object's own arena, for memory that must live as long as the object; made on first use. */
  final synchronized Arena arena() {
    if (closed) {
      throw closedError();
    }
    if (ownArena == null) {
      ownArena = Arena.ofShared();
    }
    return ownArena;
  }

  /** The live handle; throws after close. */
  final synchronized MemorySegment handle() {
    if (closed) {
      throw closedError();
    }
    checkUsable();
    return handle;
  }

  /** The use-after-close error, naming the object. */
  final IllegalStateException closedError() {
    return new IllegalStateException(getClass().getSimpleName() + " is closed");
  }

  /** Checks, under the object's lock, that the object can be used; a hook for memory it depends on. */
  void checkUsable() {}

  /** The live handle, counted as in use until {@link #release()}: close waits for it. */
  final synchronized MemorySegment acquire() {
    MemorySegment h = handle();
    users++;
    return h;
  }

  /** Ends a use started by {@link #acquire()}. */
  final synchronized void release() {
    if (--users == 0) {
      notifyAll();
    }
  }

  private synchronized void awaitIdle() {
    boolean interrupted = false;
    while (users > 0) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true; // closing must finish: keep waiting, restore the flag after
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
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
    awaitIdle();
    free(h);
    Arena own;
    synchronized (this) {
      own = ownArena;
    }
    if (own != null) {
      own.close();
    }
    for (int i = held.size() - 1; i >= 0; i--) {
      held.get(i).release();
    }
  }

  /** Hook run once before the handle is freed (after the object is marked closed, before waiting for calls). */
  void beforeFree(MemorySegment handle) {}
}
