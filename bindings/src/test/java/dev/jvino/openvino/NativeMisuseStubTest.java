package dev.jvino.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Misuse of the bindings through the ABI stub (a TEST DOUBLE of the OpenVINO C API, whose ledger,
 * call counts and overlap counter show what reached "native" code): use after close, double close,
 * close during an inference, concurrent calls on one request, tensors over released memory. Each is
 * an exception or a defined outcome, never a native call on a freed object.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // safety bound against a deadlock, not a benchmark
class NativeMisuseStubTest {
  AbiStub stub;
  StubControls controls;
  Core core;
  Model model;
  CompiledModel compiled;

  @BeforeEach
  void open() {
    stub = AbiStub.installCurrent();
    controls = new StubControls(stub);
    core = Core.create();
    model = core.readModel(Path.of("m.xml"));
    compiled = core.compileModel(model, "CPU");
  }

  @AfterEach
  void close() {
    stub.setAsyncDelayMillis(30);
    controls.setInferDelayMillis(0);
    compiled.close();
    model.close();
    core.close();
  }

  private static void assertClosed(String type, Executable call) {
    IllegalStateException e = assertThrows(IllegalStateException.class, call);
    assertEquals(type + " is closed", e.getMessage());
  }

  @Test
  void everyTypeThrowsAfterCloseWithoutReachingNativeCode() {
    Core c = Core.create();
    Model m = c.readModel(Path.of("m.xml"));
    CompiledModel cm = c.compileModel(m, "CPU");
    InferRequest r = cm.createInferRequest();
    Tensor t = Tensor.of(Shape.of(1, 4), 1, 2, 3, 4);
    RemoteContext ctx = c.createContext("GPU", Map.of());
    PrePostProcessor ppp = PrePostProcessor.of(m);
    PrePostProcessor.InputInfo info = ppp.input();
    PrePostProcessor.InputTensorInfo tensorInfo = info.tensor();
    PrePostProcessor.Steps steps = info.preprocess();
    Port port = m.input();
    for (AutoCloseable o : List.of(ppp, r, cm, t, ctx, m, c)) {
      try {
        o.close();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    Map<String, Integer> before = counts();
    assertClosed("Core", () -> c.readModel(Path.of("m.xml")));
    assertClosed("Core", () -> c.compileModel(model, "CPU"));
    assertClosed("Core", () -> c.availableDevices());
    assertClosed("Model", () -> m.friendlyName());
    assertClosed("Model", () -> m.reshape(PartialShape.of(2, 4)));
    assertClosed("Model", port::shape); // a port asks its model
    assertClosed("Core", () -> c.compileModel(m, "CPU").close()); // both closed: the core is named first
    assertClosed("Model", () -> core.compileModel(m, "CPU")); // a live core with a closed model
    assertClosed("CompiledModel", cm::createInferRequest);
    assertClosed("CompiledModel", () -> cm.getProperty("NUM_STREAMS"));
    assertClosed("InferRequest", r::infer);
    assertClosed("InferRequest", r::startAsync);
    assertClosed("InferRequest", r::getOutputTensor);
    assertClosed("InferRequest", r::cancel);
    assertClosed("InferRequest", r::await);
    assertClosed("Tensor", t::shape);
    assertClosed("Tensor", t::data);
    assertClosed("Tensor", () -> TensorData.toFloatArray(t));
    assertClosed("RemoteContext", ctx::deviceName);
    assertClosed("PrePostProcessor", ppp::build);
    assertClosed("PrePostProcessor", info::tensor);
    assertClosed("PrePostProcessor", () -> tensorInfo.setElementType(ElementType.U8)); // its children too
    assertClosed("PrePostProcessor", () -> steps.scale(2f));
    assertEquals(before, counts(), "no call reached the runtime after close");
    try (InferRequest live = compiled.createInferRequest()) {
      int sets = stub.calls("ov_infer_request_set_input_tensor");
      assertClosed("Tensor", () -> live.setInputTensor(t)); // a closed argument is refused too
      assertEquals(sets, stub.calls("ov_infer_request_set_input_tensor"));
    }
    assertTrue(r.isClosed() && t.isClosed() && c.isClosed());
  }

  private Map<String, Integer> counts() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (String fn : List.of("ov_core_read_model", "ov_core_read_model_unicode", "ov_core_get_available_devices",
        "ov_model_get_friendly_name", "ov_model_reshape_single_input", "ov_model_const_input", "ov_model_input",
        "ov_compiled_model_create_infer_request", "ov_compiled_model_get_property", "ov_infer_request_infer",
        "ov_infer_request_start_async", "ov_infer_request_get_output_tensor", "ov_infer_request_cancel",
        "ov_infer_request_wait", "ov_tensor_get_shape", "ov_tensor_data", "ov_remote_context_get_device_name",
        "ov_preprocess_prepostprocessor_build", "ov_preprocess_input_info_get_tensor_info",
        "ov_preprocess_input_tensor_info_set_element_type", "ov_preprocess_preprocess_steps_scale",
        "ov_infer_request_set_input_tensor")) {
      m.put(fn, stub.calls(fn));
    }
    return m;
  }

  @Test
  void doubleCloseFreesEachHandleExactlyOnce() {
    String[] frees = {"ov_core_free", "ov_model_free", "ov_compiled_model_free", "ov_infer_request_free",
        "ov_tensor_free", "ov_remote_context_free", "ov_preprocess_prepostprocessor_free"};
    int bad = stub.badFrees();
    int live = stub.live();
    Core c = Core.create();
    Model m = c.readModel(Path.of("m.xml"));
    CompiledModel cm = c.compileModel(m, "CPU");
    InferRequest r = cm.createInferRequest();
    Tensor t = Tensor.of(Shape.of(1, 4), 1, 2, 3, 4);
    RemoteContext ctx = c.createContext("GPU", Map.of());
    PrePostProcessor ppp = PrePostProcessor.of(m);
    List<AutoCloseable> all = List.of(ppp, ctx, t, r, cm, m, c);
    int[] before = new int[frees.length]; // counted after creation (the element-type probe frees tensors)
    for (int i = 0; i < frees.length; i++) {
      before[i] = stub.calls(frees[i]);
    }
    for (int round = 0; round < 3; round++) {
      for (AutoCloseable o : all) {
        try {
          o.close();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
    }
    for (int i = 0; i < frees.length; i++) {
      assertEquals(1, stub.calls(frees[i]) - before[i], frees[i]);
    }
    assertEquals(bad, stub.badFrees(), "no free of an unknown or already freed pointer");
    assertEquals(live, stub.live(), "everything created here was released");
  }

  /** Starts {@code r.infer()} on a new thread and returns once the stub is inside the inference. */
  private Thread inferInBackground(InferRequest r, AtomicReference<Throwable> outcome) throws InterruptedException {
    stub.clearLog();
    Thread th = Thread.ofPlatform().name("inferring").start(() -> {
      try {
        r.infer();
        outcome.set(new Throwable("completed"));
      } catch (Throwable e) {
        outcome.set(e);
      }
    });
    while (!stub.log().contains("ov_infer_request_infer") && th.isAlive()) {
      Thread.sleep(1);
    }
    return th;
  }

  @Test
  void closingARequestDuringASynchronousInferenceCancelsItAndFreesAfterItReturns() throws Exception {
    controls.setInferDelayMillis(20_000); // far longer than the test: only the cancel can end it
    int frees = stub.calls("ov_infer_request_free");
    int overlaps = controls.overlaps();
    InferRequest r = compiled.createInferRequest();
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread th = inferInBackground(r, outcome);
    r.close(); // cancels, then waits for the running call (the stub counts a free under a call as an overlap)
    th.join(10_000);
    OpenVinoException e = assertInstanceOf(OpenVinoException.class, outcome.get());
    assertEquals("INFER_CANCELLED", e.statusName());
    assertEquals(1, stub.calls("ov_infer_request_free") - frees);
    assertEquals(overlaps, controls.overlaps(), "the stub saw no free under a running call");
    assertClosed("InferRequest", r::infer);
  }

  @Test
  void closingARequestDuringAnAsynchronousInferenceCancelsItAndTheFutureFails() throws Exception {
    stub.setAsyncDelayMillis(20_000);
    int frees = stub.calls("ov_infer_request_free");
    InferRequest r = compiled.createInferRequest();
    try (Tensor x = Tensor.of(Shape.of(1, 4), 1, 2, 3, 4)) {
      r.setTensor("x", x);
      CompletableFuture<InferRequest> f = r.startAsync();
      r.close();
      ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
      Throwable cause = e.getCause();
      assertTrue(cause instanceof CancellationException
          || (cause instanceof OpenVinoException ov && ov.statusName().equals("INFER_CANCELLED")), String.valueOf(cause));
      assertEquals(1, stub.calls("ov_infer_request_free") - frees);
    }
    assertTrue(stub.log().contains("async done status=-13"), "the native inference ended cancelled");
  }

  @Test
  void concurrentCallsOnOneRequestAreRejectedAsBusyAndNeverOverlapNatively() throws Exception {
    controls.setInferDelayMillis(20_000);
    int overlaps = controls.overlaps();
    try (InferRequest r = compiled.createInferRequest(); Tensor x = Tensor.of(Shape.of(1, 4), 1, 2, 3, 4)) {
      int infers = stub.calls("ov_infer_request_infer");
      AtomicReference<Throwable> outcome = new AtomicReference<>();
      Thread th = inferInBackground(r, outcome);
      for (Executable call : List.<Executable>of(r::infer, () -> r.setTensor("x", x), r::getOutputTensor,
          r::startAsync, r::profilingInfo)) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call);
        assertTrue(e.getMessage().startsWith("InferRequest is busy: infer() is running in thread 'inferring'"),
            e.getMessage());
      }
      assertEquals(1, stub.calls("ov_infer_request_infer") - infers, "rejected calls never reached the runtime");
      r.cancel(); // allowed alongside an inference
      th.join(10_000);
      assertEquals("INFER_CANCELLED", ((OpenVinoException) outcome.get()).statusName());
      controls.setInferDelayMillis(0);
      r.setTensor("x", x); // free again
      r.infer();
      try (Tensor y = r.getOutputTensor()) {
        assertArrayEquals(new float[] {3, 5, 7, 9}, TensorData.toFloatArray(y));
      }
    }
    assertEquals(overlaps, controls.overlaps());
  }

  @Test
  void manyThreadsHammeringOneRequestEitherRunOrAreRejected() throws Exception {
    int overlaps = controls.overlaps();
    controls.setInferDelayMillis(1); // an inference long enough for the threads to collide
    int threads = 4;
    int perThread = 250;
    try (InferRequest r = compiled.createInferRequest(); Tensor x = Tensor.of(Shape.of(1, 4), 1, 2, 3, 4)) {
      r.setTensor("x", x);
      int[] ran = new int[threads];
      int[] rejected = new int[threads];
      AtomicReference<Throwable> unexpected = new AtomicReference<>();
      List<Thread> all = new java.util.ArrayList<>();
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < threads; i++) {
        int id = i;
        all.add(Thread.ofPlatform().start(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            unexpected.set(e);
            return;
          }
          for (int k = 0; k < perThread; k++) {
            try {
              if (k % 2 == 0) {
                r.infer();
              } else {
                r.setTensor("x", x);
              }
              ran[id]++;
            } catch (IllegalStateException e) {
              if (!e.getMessage().startsWith("InferRequest is busy")) {
                unexpected.set(e);
              }
              rejected[id]++;
            } catch (Throwable e) {
              unexpected.set(e);
            }
          }
        }));
      }
      go.countDown();
      for (Thread t : all) {
        t.join();
      }
      assertEquals(null, unexpected.get());
      int total = 0;
      int through = 0;
      for (int i = 0; i < threads; i++) {
        total += ran[i] + rejected[i];
        through += ran[i];
      }
      assertEquals(threads * perThread, total, "every call either ran or was rejected as busy");
      assertTrue(through > 0);
      r.infer();
      try (Tensor y = r.getOutputTensor()) {
        assertArrayEquals(new float[] {3, 5, 7, 9}, TensorData.toFloatArray(y));
      }
    }
    assertEquals(overlaps, controls.overlaps(), "no two calls were ever inside the request together");
  }

  @Test
  void aTensorOverMemoryOfAClosedArenaIsRefusedInsteadOfRead() {
    int infers = stub.calls("ov_infer_request_infer");
    try (InferRequest r = compiled.createInferRequest()) {
      Arena arena = Arena.ofShared();
      MemorySegment mem = arena.allocate(16, 64);
      mem.setAtIndex(ValueLayout.JAVA_FLOAT, 0, 1f);
      try (Tensor x = Tensor.wrap(ElementType.F32, Shape.of(1, 4), mem)) {
        r.setTensor("x", x);
        r.infer(); // live memory: fine
        assertEquals(mem.address(), x.data().address());
        arena.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, r::infer);
        assertEquals("InferRequest.infer: the tensor bound to in:0 wraps memory that was released (its arena is"
            + " closed); bind a live tensor first", e.getMessage());
        assertThrows(IllegalStateException.class, r::startAsync);
        IllegalStateException t = assertThrows(IllegalStateException.class, x::shape);
        assertTrue(t.getMessage().startsWith("Tensor's memory was released"), t.getMessage());
        assertThrows(IllegalStateException.class, () -> r.setInputTensor(x));
      }
      assertEquals(1, stub.calls("ov_infer_request_infer") - infers, "the runtime never read the freed memory");
      try (Tensor fresh = Tensor.of(Shape.of(1, 4), 0, 0, 0, 0)) {
        r.setTensor("x", fresh); // rebinding clears the dead memory
        r.infer();
      }
    }
  }

  @Test
  void dataViewsDieWithTheirTensorAndRequestTensorsOutliveTheRequest() {
    Tensor host = Tensor.allocateHost(ElementType.F32, Shape.of(1, 4));
    MemorySegment view = host.data();
    FloatBuffer buffer = host.asFloatBuffer();
    view.setAtIndex(ValueLayout.JAVA_FLOAT, 0, 5f);
    assertEquals(5f, buffer.get(0));
    host.close();
    assertThrows(IllegalStateException.class, () -> view.getAtIndex(ValueLayout.JAVA_FLOAT, 0));
    assertThrows(IllegalStateException.class, () -> buffer.get(0));

    Tensor y;
    try (InferRequest r = compiled.createInferRequest(); Tensor x = Tensor.of(Shape.of(1, 4), 1, 2, 3, 4)) {
      r.setTensor("x", x);
      r.infer();
      y = r.getOutputTensor();
    }
    // the wrapper holds its own reference to the output: still valid after the request is gone
    assertArrayEquals(new float[] {3, 5, 7, 9}, TensorData.toFloatArray(y));
    MemorySegment out = y.data();
    y.close();
    assertThrows(IllegalStateException.class, () -> out.getAtIndex(ValueLayout.JAVA_FLOAT, 0));
  }
}
