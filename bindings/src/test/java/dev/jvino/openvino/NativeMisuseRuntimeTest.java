package dev.jvino.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ffm.loader.OpenVinoLibrary;
import dev.jvino.ffm.raw.OvApi;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The misuse scenarios of {@link NativeMisuseStubTest} against a real OpenVINO runtime (CPU plugin): use
 * after close, double close, close during an asynchronous inference, concurrent calls on one request,
 * tensors over released memory, and many create/infer/close cycles. Each must end in an exception or a
 * defined outcome, never a crash of the JVM. Skipped with the loader's reason when no runtime is found.
 */
@Tag("native")
@EnabledIfOpenVino
@Timeout(value = 120, unit = TimeUnit.SECONDS) // safety bound against a deadlock, not a benchmark
class NativeMisuseRuntimeTest {
  @TempDir static Path dir;
  static Path ir;
  static Core core;
  private static final float[] X = {1f, 2f, -3f, 0.5f};

  @BeforeAll
  static void open() throws Exception {
    Native.install(OvApi.of(OpenVinoLibrary.require())); // never the ABI stub other tests install
    ir = TinyIr.write(dir, false);
    core = Core.create();
  }

  @AfterAll
  static void close() {
    if (core != null) {
      core.close();
    }
  }

  @Test
  void useAfterCloseAndDoubleCloseThrowOrDoNothing() {
    Model m = core.readModel(ir);
    CompiledModel c = core.compileModel(m, "CPU");
    InferRequest r = c.createInferRequest();
    Tensor x = Tensor.of(Shape.of(1, 4), X);
    r.close();
    r.close();
    x.close();
    x.close();
    c.close();
    c.close();
    m.close();
    m.close();
    assertEquals("InferRequest is closed", assertThrows(IllegalStateException.class, r::infer).getMessage());
    assertEquals("Tensor is closed", assertThrows(IllegalStateException.class, x::shape).getMessage());
    assertEquals("CompiledModel is closed",
        assertThrows(IllegalStateException.class, c::createInferRequest).getMessage());
    assertEquals("Model is closed", assertThrows(IllegalStateException.class, m::input).getMessage());
  }

  @Test
  void closingARequestDuringAsynchronousInferenceIsSafe() throws Exception {
    try (CompiledModel c = core.compileModel(ir, "CPU", Properties.of()); Tensor x = Tensor.of(Shape.of(1, 4), X)) {
      for (int i = 0; i < 50; i++) {
        InferRequest r = c.createInferRequest();
        r.setInputTensor(x);
        CompletableFuture<?> f = r.startAsync();
        r.close(); // cancels or waits, then frees; the future ends either way
        try {
          f.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException expected) {
          // cancelled by the close: a defined outcome
        }
        assertTrue(f.isDone());
      }
    }
  }

  @Test
  void concurrentCallsOnOneRequestRunOrAreRejectedAsBusy() throws Exception {
    try (CompiledModel c = core.compileModel(ir, "CPU", Properties.of()); InferRequest r = c.createInferRequest();
        Tensor x = Tensor.of(Shape.of(1, 4), X)) {
      r.setInputTensor(x);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger busy = new AtomicInteger();
      AtomicInteger ran = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 200; i++) {
            try {
              r.infer();
              ran.incrementAndGet();
            } catch (IllegalStateException e) {
              assertTrue(e.getMessage().startsWith("InferRequest is busy"), e.getMessage());
              busy.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertEquals(800, ran.get() + busy.get());
      try (Tensor y = r.getOutputTensor()) {
        assertArrayEquals(TinyIr.expected(X), TensorData.toFloatArray(y), 1e-5f);
      }
    }
  }

  @Test
  void aTensorOverReleasedMemoryIsRefused() {
    try (CompiledModel c = core.compileModel(ir, "CPU", Properties.of()); InferRequest r = c.createInferRequest()) {
      Arena arena = Arena.ofShared();
      MemorySegment mem = arena.allocate(16, 64);
      try (Tensor x = Tensor.wrap(ElementType.F32, Shape.of(1, 4), mem)) {
        r.setTensor("x", x);
        r.infer();
        arena.close();
        assertThrows(IllegalStateException.class, r::infer);
        assertThrows(IllegalStateException.class, x::shape);
      }
    }
  }

  @Test
  void thousandsOfCreateInferCloseCyclesEndCleanly() {
    for (int i = 0; i < 2000; i++) {
      try (Model m = core.readModel(ir); CompiledModel c = core.compileModel(m, "CPU");
          InferRequest r = c.createInferRequest(); Tensor x = Tensor.of(Shape.of(1, 4), X)) {
        r.setTensor("x", x);
        r.infer();
        try (Tensor y = r.getTensor("y")) {
          assertEquals(Shape.of(1, 2), y.shape());
        }
      }
    }
  }
}
