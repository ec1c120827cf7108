package dev.jvino.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Inference through the ABI stub, whose fake request computes y = 2x + 1 (a test double, not a model). */
class InferStubTest {
  AbiStub stub;
  Core core;
  Model model;
  CompiledModel compiled;

  @BeforeEach
  void open() {
    stub = AbiStub.installCurrent();
    core = Core.create();
    model = core.readModel(Path.of("m.xml"));
    compiled = core.compileModel(model, "CPU");
  }

  @AfterEach
  void close() {
    stub.setAsyncDelayMillis(30);
    compiled.close();
    model.close();
    core.close();
  }

  @Test
  void syncInferenceByNameIndexAndPort() {
    try (InferRequest r = compiled.createInferRequest(); Tensor x = Tensor.of(Shape.of(1, 4), 1, 2, 3, 4)) {
      r.setTensor("x", x);
      r.infer();
      try (Tensor y = r.getTensor("y")) {
        assertArrayEquals(new float[] {3, 5, 7, 9}, TensorData.toFloatArray(y));
        assertEquals(Shape.of(1, 4), y.shape());
      }
      try (Tensor x2 = Tensor.of(Shape.of(1, 4), 0, 0, 0, 1)) {
        r.setInputTensor(0, x2);
        r.infer();
        try (Tensor y = r.getOutputTensor(0)) {
          assertArrayEquals(new float[] {1, 1, 1, 3}, TensorData.toFloatArray(y));
        }
      }
      try (Tensor x3 = Tensor.of(Shape.of(1, 4), -1, -1, -1, -1); Tensor out = Tensor.allocateHost(ElementType.F32, Shape.of(1, 4))) {
        r.setInputTensor(x3);
        r.setOutputTensor(out);
        r.infer();
        assertArrayEquals(new float[] {-1, -1, -1, -1}, TensorData.toFloatArray(out), "written into the caller's tensor");
        try (Tensor in = r.getInputTensor(); Tensor o = r.getOutputTensor()) {
          assertArrayEquals(new float[] {-1, -1, -1, -1}, TensorData.toFloatArray(in));
          assertEquals(out.data().address(), o.data().address(), "zero-copy: the request writes into our memory");
        }
      }
      Port in = compiled.input("x");
      Port modelIn = model.input();
      try (Tensor x4 = Tensor.of(Shape.of(1, 4), 1, 1, 1, 1); Tensor o = Tensor.allocateHost(ElementType.F32, Shape.of(1, 4))) {
        r.setTensor(in, x4);
        r.setOutputTensor(0, o);
        r.infer();
        try (Tensor t = r.getTensor(compiled.output(0))) {
          assertArrayEquals(new float[] {3, 3, 3, 3}, TensorData.toFloatArray(t));
        }
        r.setTensor(modelIn, x4);
        try (Tensor t = r.getTensor(model.input(0))) {
          assertArrayEquals(new float[] {1, 1, 1, 1}, TensorData.toFloatArray(t));
        }
      }
    }
  }

  @Test
  void tensorsGivenToARequestStayAliveUntilTheRequestCloses() {
    InferRequest r = compiled.createInferRequest();
    Tensor x = Tensor.of(Shape.of(1, 4), 1, 2, 3, 4);
    Lease lease = x.lent();
    r.setTensor("x", x);
    x.close();
    assertTrue(lease.alive());
    r.infer();
    r.close();
    assertFalse(lease.alive());
  }

  @Test
  void rebindingASlotReleasesTheTensorItReplaced() {
    try (InferRequest r = compiled.createInferRequest()) {
      Tensor a = Tensor.of(Shape.of(1, 4), 1, 1, 1, 1);
      Tensor b = Tensor.of(Shape.of(1, 4), 2, 2, 2, 2);
      Lease la = a.lent();
      Lease lb = b.lent();
      r.setTensor("x", a);
      a.close();
      assertTrue(la.alive(), "bound to x");
      r.setInputTensor(0, b); // the same slot, named by index
      b.close();
      assertFalse(la.alive(), "replaced, so released");
      assertTrue(lb.alive());
      r.infer();
      try (Tensor y = r.getOutputTensor()) {
        assertArrayEquals(new float[] {5, 5, 5, 5}, TensorData.toFloatArray(y));
      }
      r.close();
      assertFalse(lb.alive());
    }
  }

  @Test
  void asyncCompletesFromTheNativeCallbackThenWaitGivesTheStatus() throws Exception {
    int before = stub.calls("ov_infer_request_set_callback");
    try (InferRequest r = compiled.createInferRequest(); Tensor x = Tensor.of(Shape.of(1, 4), 4, 3, 2, 1)) {
      r.setTensor("x", x);
      for (int round = 0; round < 3; round++) {
        assertSame(r, r.startAsync().get(5, TimeUnit.SECONDS));
        try (Tensor y = r.getOutputTensor()) {
          assertArrayEquals(new float[] {9, 7, 5, 3}, TensorData.toFloatArray(y));
        }
      }
      assertEquals(1, stub.calls("ov_infer_request_set_callback") - before, "one callback struct per request");
    }
  }

  @Test
  void anAsyncFailureCompletesTheFutureExceptionally() {
    try (InferRequest r = compiled.createInferRequest(); Tensor bad = Tensor.allocate(ElementType.I32, Shape.of(1, 4))) {
      r.setTensor("x", bad);
      var e = assertThrows(ExecutionException.class, () -> r.startAsync().get(5, TimeUnit.SECONDS));
      OpenVinoException ov = assertInstanceOf(OpenVinoException.class, e.getCause());
      assertEquals("ov_infer_request_wait", ov.function());
      assertTrue(ov.lastError().startsWith("stub: input x must be f32"), ov.lastError());
    }
  }

  @Test
  void cancelAndWaitFor() {
    stub.setAsyncDelayMillis(400);
    try (InferRequest r = compiled.createInferRequest()) {
      var f = r.startAsync();
      assertFalse(r.waitFor(Duration.ofMillis(5)), "still running");
      var busy = assertThrows(OpenVinoException.class, r::infer);
      assertEquals("REQUEST_BUSY", busy.statusName());
      r.cancel();
      var e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
      assertEquals("INFER_CANCELLED", ((OpenVinoException) e.getCause()).statusName());
      stub.setAsyncDelayMillis(1);
      r.startAsync();
      assertTrue(r.waitFor(Duration.ofSeconds(5)));
    }
  }

  @Test
  void profilingInfoIsCopiedAndFreedWithItsOwnFunction() {
    int bad = stub.badFrees();
    try (InferRequest r = compiled.createInferRequest()) {
      List<ProfilingInfo> p = r.profilingInfo();
      assertEquals(List.of(
          new ProfilingInfo(ProfilingInfo.Status.EXECUTED, Duration.ofNanos(120_000), Duration.ofNanos(100_000), "x", "unknown_FP32", "Parameter"),
          new ProfilingInfo(ProfilingInfo.Status.OPTIMIZED_OUT, Duration.ZERO, Duration.ZERO, "y/add", "undef", "Add")), p);
    }
    assertEquals(bad, stub.badFrees());
  }

  @Test
  void portsAndCompiledModelMetadata() {
    assertEquals(1, compiled.inputCount());
    assertEquals(1, compiled.outputCount());
    Port in = compiled.input();
    assertEquals("x", in.name());
    assertEquals(ElementType.F32, in.elementType());
    assertEquals(PartialShape.of(1, 4), in.partialShape());
    assertEquals(Shape.of(1, 4), in.shape());
    assertEquals("y", compiled.output("y").name());
    assertTrue(compiled.output().isOutput());
    assertEquals(List.of("x"), compiled.inputs().stream().map(Port::name).toList());
    assertEquals(List.of("y"), compiled.outputs().stream().map(Port::name).toList());
    assertEquals(4, compiled.getProperty(Props.OPTIMAL_NUMBER_OF_INFER_REQUESTS));
    compiled.setProperty(Props.NUM_STREAMS, Props.AUTO_STREAMS);
    assertEquals(Props.AUTO_STREAMS, compiled.getProperty(Props.NUM_STREAMS));
    try (Model runtime = compiled.runtimeModel()) {
      assertEquals("stub_runtime_model", runtime.friendlyName());
    }
    var e = assertThrows(OpenVinoException.class, () -> compiled.input(3));
    assertEquals("OUT_OF_BOUNDS", e.statusName());
    assertThrows(IllegalArgumentException.class, () -> compiled.input(-1));
  }

  @Test
  void useAfterCloseThrowsAndCloseIsIdempotent() {
    InferRequest r = compiled.createInferRequest();
    r.close();
    r.close();
    assertEquals("InferRequest is closed", assertThrows(IllegalStateException.class, r::infer).getMessage());
    Tensor t = Tensor.allocate(ElementType.F32, Shape.of(2));
    t.close();
    assertThrows(IllegalStateException.class, t::shape);
  }
}
