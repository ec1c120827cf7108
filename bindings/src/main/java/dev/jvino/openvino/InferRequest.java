package dev.jvino.openvino;

import dev.jvino.ffm.raw.CTypes;
import dev.jvino.ffm.raw.OvStatus;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One inference request ({@code ov_infer_request_t}): tensors by name, index and port, synchronous
 * and asynchronous inference, cancellation and profiling.
 *
 * <p>Misuse is an exception, never a crash: a call after {@link #close()} throws
 * {@link IllegalStateException}; a call made while another thread is inside a call of this request
 * (an {@link #infer()}, a {@code setTensor}, ...) is rejected with {@link IllegalStateException}
 * ("busy") before it reaches OpenVINO, except {@link #cancel()}, {@link #await()} and
 * {@link #waitFor}, which are meant to run alongside an inference. {@link #close()} while an
 * inference runs (synchronous in another thread, or asynchronous) cancels it, waits until OpenVINO has
 * returned from every call on the request, and only then frees it; the pending future then completes
 * exceptionally. Running inference on a tensor that wraps memory of a closed arena
 * ({@link Tensor#wrap}) throws {@link IllegalStateException} instead of reading freed memory.
 *
 * <p>The completion callback ({@code ov_callback_t} and its upcall stub) lives in the request's own
 * arena, so it outlives every inference the request starts.
 */
public final class InferRequest extends NativeObject {
  private static final System.Logger LOG = System.getLogger(InferRequest.class.getName());

  private final CompiledModel compiledModel;
  private MemorySegment callback; // ov_callback_t, allocated once
  private volatile CompletableFuture<Void> pending;
  private volatile boolean started;
  private volatile CompletableFuture<InferRequest> inFlight; // its continuation calls wait
  private String running; // the call in progress (guarded by this), for the busy message
  private Thread runner;
  private final java.util.Map<String, MemorySegment> borrowed = new java.util.HashMap<>(); // Tensor.wrap memory per slot

  InferRequest(Native rt, MemorySegment handle, CompiledModel compiledModel) {
    super(rt, handle);
    this.compiledModel = compiledModel;
  }

  /** The compiled model this request belongs to. */
  public CompiledModel compiledModel() {
    return compiledModel;
  }

  private final java.util.Map<String, Lease> slots = new java.util.HashMap<>();
  private java.util.Map<String, String> nameToSlot;

  /**
   * Keeps the memory {@code t} lends alive while it is bound to {@code slot}; binding another tensor
   * to the same slot releases the previous one, so a loop that binds fresh tensors does not pile up.
   */
  private void lend(String slot, Tensor t) {
    Lease next = t.lent() == null ? null : t.lent().retain();
    Lease previous;
    synchronized (this) {
      if (isClosed()) { // closed by another thread right after the bind: free() already let go
        if (next != null) {
          next.release();
        }
        return;
      }
      previous = next == null ? slots.remove(slot) : slots.put(slot, next);
      MemorySegment w = t.wrapped();
      if (w == null) {
        borrowed.remove(slot);
      } else {
        borrowed.put(slot, w);
      }
    }
    if (previous != null) {
      previous.release();
    }
  }

  /** "in:i" / "out:i" for a tensor name of the compiled model, else "name:..." */
  private synchronized String slotOf(String name) {
    if (nameToSlot == null) {
      if (compiledModel.isClosed()) {
        return "name:" + name; // cannot map names any more: keep the lease until close
      }
      java.util.Map<String, String> m = new java.util.HashMap<>();
      for (int i = 0, n = compiledModel.inputCount(); i < n; i++) {
        m.putIfAbsent(compiledModel.input(i).name(), "in:" + i);
      }
      for (int i = 0, n = compiledModel.outputCount(); i < n; i++) {
        m.putIfAbsent(compiledModel.output(i).name(), "out:" + i);
      }
      nameToSlot = m;
    }
    return nameToSlot.getOrDefault(name, "name:" + name);
  }

  /**
   * Starts a call that must not overlap another one: takes the handle (close waits for it) and marks
   * the request busy; a second thread gets a "busy" {@link IllegalStateException}.
   */
  private MemorySegment begin(String op) {
    synchronized (this) {
      MemorySegment h = acquire();
      if (running != null) {
        release();
        throw new IllegalStateException("InferRequest is busy: " + running + " is running in thread '"
            + runner.getName() + "'; " + op + " was rejected (an infer request serves one call at a time)");
      }
      running = op;
      runner = Thread.currentThread();
      return h;
    }
  }

  private void end() {
    synchronized (this) {
      running = null;
      runner = null;
    }
    release();
  }

  /** Refuses to run inference over {@link Tensor#wrap} memory whose arena was closed. */
  private synchronized void checkBorrowedMemory(String op) {
    for (var e : borrowed.entrySet()) {
      if (!e.getValue().scope().isAlive()) {
        throw new IllegalStateException("InferRequest." + op + ": the tensor bound to " + e.getKey()
            + " wraps memory that was released (its arena is closed); bind a live tensor first");
      }
    }
  }

  /** Binds {@code tensor} to the input or output named {@code name} (no copy). */
  public void setTensor(String name, Tensor tensor) {
    MemorySegment h = begin("setTensor");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment t = tensor.acquire();
      try {
        rt.check("ov_infer_request_set_tensor", h, arena.allocateFrom(name), t);
      } finally {
        tensor.release();
      }
    } finally {
      end();
    }
    lend(slotOf(name), tensor);
  }

  /** Binds {@code tensor} to a port of the model or compiled model. */
  public void setTensor(Port port, Tensor tensor) {
    boolean constant = port.ofCompiledModel();
    MemorySegment h = begin("setTensor");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment t = tensor.acquire(); // before the port is opened: a closed tensor leaks no port
      try {
        MemorySegment p = port.open(arena, constant);
        try {
          rt.check(constant ? "ov_infer_request_set_tensor_by_const_port" : "ov_infer_request_set_tensor_by_port",
              h, p, t);
        } finally {
          port.close(p, constant);
        }
      } finally {
        tensor.release();
      }
    } finally {
      end();
    }
    lend(slotOf(port.name()), tensor);
  }

  /** Binds input {@code index}. */
  public void setInputTensor(int index, Tensor tensor) {
    setSlot("ov_infer_request_set_input_tensor_by_index", "in:" + index, tensor, (long) PortOwner.checkIndex(index));
  }

  /** Binds the only input. */
  public void setInputTensor(Tensor tensor) {
    setSlot("ov_infer_request_set_input_tensor", "in:0", tensor);
  }

  /** Binds output {@code index}. */
  public void setOutputTensor(int index, Tensor tensor) {
    setSlot("ov_infer_request_set_output_tensor_by_index", "out:" + index, tensor, (long) PortOwner.checkIndex(index));
  }

  /** Binds the only output. */
  public void setOutputTensor(Tensor tensor) {
    setSlot("ov_infer_request_set_output_tensor", "out:0", tensor);
  }

  private void setSlot(String fn, String slot, Tensor tensor, Object... index) {
    MemorySegment h = begin("setTensor");
    try {
      Object[] all = new Object[index.length + 2];
      all[0] = h;
      System.arraycopy(index, 0, all, 1, index.length);
      all[all.length - 1] = tensor.acquire();
      try {
        rt.check(fn, all);
      } finally {
        tensor.release();
      }
    } finally {
      end();
    }
    lend(slot, tensor);
  }

  private Tensor out(String fn, Object... args) {
    MemorySegment h = begin("getTensor");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment slot = arena.allocate(ValueLayout.ADDRESS);
      Object[] all = new Object[args.length + 2];
      all[0] = h;
      System.arraycopy(args, 0, all, 1, args.length);
      all[all.length - 1] = slot;
      rt.check(fn, all);
      return Tensor.adopt(rt, slot.get(ValueLayout.ADDRESS, 0));
    } finally {
      end();
    }
  }

  /** The tensor of the input or output named {@code name} (a new wrapper; close it when done). */
  public Tensor getTensor(String name) {
    try (Arena arena = Arena.ofConfined()) {
      return out("ov_infer_request_get_tensor", arena.allocateFrom(name));
    }
  }

  /** The tensor of a port. */
  public Tensor getTensor(Port port) {
    boolean constant = port.ofCompiledModel();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment p = port.open(arena, constant);
      try {
        return out(constant ? "ov_infer_request_get_tensor_by_const_port" : "ov_infer_request_get_tensor_by_port", p);
      } finally {
        port.close(p, constant);
      }
    }
  }

  /** Input {@code index}'s tensor. */
  public Tensor getInputTensor(int index) {
    return out("ov_infer_request_get_input_tensor_by_index", (long) PortOwner.checkIndex(index));
  }

  /** The only input's tensor. */
  public Tensor getInputTensor() {
    return out("ov_infer_request_get_input_tensor");
  }

  /** Output {@code index}'s tensor. */
  public Tensor getOutputTensor(int index) {
    return out("ov_infer_request_get_output_tensor_by_index", (long) PortOwner.checkIndex(index));
  }

  /** The only output's tensor. */
  public Tensor getOutputTensor() {
    return out("ov_infer_request_get_output_tensor");
  }

  /** Runs inference and blocks until it is done. */
  public void infer() {
    MemorySegment h = begin("infer()");
    try {
      checkBorrowedMemory("infer");
      rt.check("ov_infer_request_infer", h);
    } finally {
      end();
    }
  }

  /**
   * Starts inference and returns at once. The future completes after OpenVINO's completion callback
   * (fired on a native thread) and a following {@code ov_infer_request_wait}, which supplies the
   * status: an inference error completes it exceptionally with {@link OpenVinoException}.
   */
  public CompletableFuture<InferRequest> startAsync() {
    MemorySegment h = begin("startAsync()");
    try {
      checkBorrowedMemory("startAsync");
      ensureCallback();
      CompletableFuture<Void> signal = new CompletableFuture<>();
      pending = signal;
      started = true; // before the start: the callback may fire before start_async returns
      try {
        rt.check("ov_infer_request_start_async", h);
      } catch (RuntimeException e) {
        started = false;
        throw e;
      }
      CompletableFuture<InferRequest> result = signal.thenApplyAsync(v -> {
        if (isClosed()) {
          throw new java.util.concurrent.CancellationException(
              "InferRequest was closed while its asynchronous inference was in flight");
        }
        await();
        return this;
      });
      inFlight = result;
      return result;
    } finally {
      end();
    }
  }

  private synchronized void ensureCallback() {
    if (callback != null) {
      return;
    }
    try {
      var target = MethodHandles.lookup()
          .findVirtual(InferRequest.class, "completed", MethodType.methodType(void.class, MemorySegment.class))
          .bindTo(this);
      MemorySegment stub = Linker.nativeLinker().upcallStub(target, FunctionDescriptor.ofVoid(ValueLayout.ADDRESS), arena());
      MemorySegment cb = arena().allocate(CTypes.CALLBACK);
      cb.set(ValueLayout.ADDRESS, 0, stub);
      cb.set(ValueLayout.ADDRESS, 8, MemorySegment.NULL);
      rt.check("ov_infer_request_set_callback", handle(), cb);
      callback = cb;
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The upcall: runs on an OpenVINO thread, must not throw or block. */
  private void completed(MemorySegment args) {
    try {
      CompletableFuture<Void> p = pending;
      if (p != null) {
        p.complete(null);
      }
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.ERROR, "infer request callback failed", t);
    }
  }

  /** Blocks until the running inference ends; throws its error as {@link OpenVinoException}. */
  public void await() {
    MemorySegment h = acquire();
    try {
      rt.check("ov_infer_request_wait", h);
      started = false;
    } finally {
      release();
    }
  }

  /**
   * Waits up to {@code timeout}; false if the inference is still running (RESULT_NOT_READY), true
   * when it finished successfully.
   */
  public boolean waitFor(Duration timeout) {
    MemorySegment h = acquire();
    try {
      int status = (int) rt.invoke("ov_infer_request_wait_for", h, timeout.toMillis());
      if (status == OvStatus.RESULT_NOT_READY.code()) {
        return false;
      }
      started = false;
      rt.checkStatus("ov_infer_request_wait_for", status);
      return true;
    } finally {
      release();
    }
  }

  /** Asks the running inference to stop; its wait then reports INFER_CANCELLED. */
  public void cancel() {
    MemorySegment h = acquire();
    try {
      rt.check("ov_infer_request_cancel", h);
    } finally {
      release();
    }
  }

  /** Per-node counters of the last inference. */
  public List<ProfilingInfo> profilingInfo() {
    MemorySegment h = begin("profilingInfo()");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment list = arena.allocate(CTypes.PROFILING_INFO_LIST);
      rt.check("ov_infer_request_get_profiling_info", h, list);
      try {
        long n = list.get(ValueLayout.JAVA_LONG, 8);
        MemorySegment items = list.get(ValueLayout.ADDRESS, 0).reinterpret(n * CTypes.PROFILING_INFO.byteSize());
        List<ProfilingInfo> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
          MemorySegment e = items.asSlice(i * 48, 48);
          out.add(new ProfilingInfo(
              ProfilingInfo.Status.values()[e.get(ValueLayout.JAVA_INT, 0)],
              Duration.ofNanos(e.get(ValueLayout.JAVA_LONG, 8) * 1000),
              Duration.ofNanos(e.get(ValueLayout.JAVA_LONG, 16) * 1000),
              string(e, 24), string(e, 32), string(e, 40)));
        }
        return out;
      } finally {
        rt.invoke("ov_profiling_info_list_free", list);
      }
    } finally {
      end();
    }
  }

  private static String string(MemorySegment s, long offset) {
    MemorySegment p = s.get(ValueLayout.ADDRESS, offset);
    return p.equals(MemorySegment.NULL) ? "" : p.reinterpret(Long.MAX_VALUE).getString(0);
  }

  @Override
  void beforeFree(MemorySegment h) {
    boolean busy;
    synchronized (this) {
      busy = running != null || started;
    }
    if (busy) {
      try {
        rt.invoke("ov_infer_request_cancel", h); // a running inference ends early; close then waits for it
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "cancel before free failed", e);
      }
    }
    CompletableFuture<InferRequest> f = inFlight;
    if (f != null) {
      try {
        f.join(); // its continuation calls ov_infer_request_wait: never free the request under it
      } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
        LOG.log(System.Logger.Level.DEBUG, "async inference ended with an error before close", e);
      }
    }
    if (started) {
      try {
        rt.invoke("ov_infer_request_wait", h);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "wait before free failed", e);
      }
    }
  }

  @Override
  void free(MemorySegment h) {
    rt.invoke("ov_infer_request_free", h);
    List<Lease> bound;
    synchronized (this) {
      bound = List.copyOf(slots.values());
      slots.clear();
    }
    bound.forEach(Lease::release); // after the free: OpenVINO no longer reads the memory
  }
}
