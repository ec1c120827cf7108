package dev.jvino.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ffm.raw.OvApi;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class LogAndVersionStubTest {
  @Test
  void openVinoLogMessagesFromANativeThreadReachTheConsumer() {
    AbiStub stub = AbiStub.installCurrent();
    List<String> got = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    OpenVinoLog.route(m -> {
      got.add(m);
      threads.add(Thread.currentThread().getName());
    });
    assertEquals(1, stub.emitLog("[ WARNING ] plugin said hi"));
    assertEquals(List.of("[ WARNING ] plugin said hi"), got);
    assertTrue(!threads.get(0).equals(Thread.currentThread().getName()), "delivered on the foreign thread");
    OpenVinoLog.routeToSystemLogger();
    assertEquals(1, stub.emitLog("to the system logger"));
    OpenVinoLog.reset();
    assertEquals(0, stub.emitLog("dropped"));
    assertEquals(1, got.size());
  }

  @Test
  void elementTypeCodesFollowTheRuntimeRelease() {
    AbiStub stub = AbiStub.current();
    try {
      stub.setVersion("2024.6.0-stub");
      Native.install(OvApi.of(stub.library()));
      stub.clearLog();
      try (Tensor t = Tensor.allocate(ElementType.F32, Shape.of(2)); Tensor u = Tensor.allocate(ElementType.U8, Shape.of(2))) {
        assertEquals(ElementType.F32, t.elementType());
        assertEquals(ElementType.U8, u.elementType());
      }
      assertTrue(stub.log().contains("ov_tensor_create type=5 shape=[2]"), stub.log());
      assertTrue(stub.log().contains("ov_tensor_create type=17 shape=[2]"), stub.log());
      stub.setVersion("2024.0.0-stub");
      Native.install(OvApi.of(stub.library()));
      var e = org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
          () -> Tensor.allocate(ElementType.STRING, Shape.of(1)));
      assertEquals("element type string does not exist in OpenVINO 2024.0.0-stub", e.getMessage());
    } finally {
      stub.setVersion("2026.4.0-stub");
      Native.install(OvApi.of(stub.library()));
    }
  }

  @Test
  void nothingRunsAfterShutdown() {
    AbiStub stub = AbiStub.installCurrent();
    int calls = stub.calls("ov_shutdown");
    Core.shutdown();
    assertEquals(calls + 1, stub.calls("ov_shutdown"));
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, Core::create);
    assertEquals("cannot call ov_core_create: OpenVINO was shut down (ov_shutdown)", e.getMessage());
    AbiStub.installCurrent(); // a fresh runtime object for the other tests
  }

  @Test
  void statusTextsComeFromTheStaticTable() {
    AbiStub.installCurrent();
    assertEquals("general error", Native.get().statusText(-1));
    assertEquals("unknown exception", Native.get().statusText(-99));
  }
}
