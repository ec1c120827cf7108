package dev.jvino.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RemoteContextStubTest {
  AbiStub stub;

  @BeforeEach
  void install() {
    stub = AbiStub.installCurrent();
    stub.clearLog();
  }

  @Test
  void olderRuntimesCreateContextsThroughTheVariadicForm() {
    AbiStub old = AbiStub.get(AbiStub.OLD).install();
    old.clearLog();
    try (Core core = Core.create(); Arena arena = Arena.ofConfined()) {
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("CONTEXT_TYPE", "VA_SHARED");
      params.put("VA_DEVICE", arena.allocate(8));
      core.createContext("GPU", params).close();
      assertTrue(old.log().contains("ov_core_create_context GPU n=4 CONTEXT_TYPE=VA_SHARED VA_DEVICE=<ptr:set>"), old.log());
    } finally {
      stub.install();
    }
  }

  @Test
  void contextsTensorsAndCompileWithContext() {
    try (Core core = Core.create(); Arena arena = Arena.ofConfined(); Model model = core.readModel(Path.of("m.xml"))) {
      MemorySegment oclContext = arena.allocate(8);
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("CONTEXT_TYPE", "OCL");
      params.put("OCL_CONTEXT", oclContext);
      try (RemoteContext ctx = core.createContext("GPU", params)) {
        assertEquals("GPU", ctx.deviceName());
        assertEquals(new RemoteContext.Params(2, "CONTEXT_TYPE OCL OCL_CONTEXT 0x1 "), ctx.params());
        Map<String, Object> tp = new LinkedHashMap<>();
        tp.put("SHARED_MEM_TYPE", "OCL_BUFFER");
        tp.put("MEM_HANDLE", MemorySegment.NULL);
        try (Tensor remote = ctx.createTensor(ElementType.F32, Shape.of(1, 4), tp)) {
          assertEquals("GPU.0", remote.remoteDeviceName());
          assertEquals("SHARED_MEM_TYPE OCL_BUFFER ", remote.remoteParams());
        }
        try (Tensor host = ctx.createHostTensor(ElementType.F16, Shape.of(2))) {
          assertEquals(4, host.byteSize());
          assertThrows(OpenVinoException.class, host::remoteDeviceName);
        }
        try (CompiledModel c = core.compileModel(model, ctx, Properties.of().set(Hint.NUM_REQUESTS, 2));
            RemoteContext back = c.context()) {
          assertEquals("CPU", back.deviceName());
        }
      }
      try (RemoteContext def = core.defaultContext("GPU.1")) {
        assertEquals("GPU.1", def.deviceName());
      }
      assertEquals("NOT_IMPLEMENTED", assertThrows(OpenVinoException.class, () -> core.defaultContext("CPU")).statusName());
      assertThrows(IllegalArgumentException.class, () -> core.createContext("GPU", Map.of("K", 3)));
    }
    String log = stub.log();
    assertTrue(log.contains("ov_core_create_context_props GPU n=2 CONTEXT_TYPE=OCL OCL_CONTEXT=<ptr:set>"), log);
    assertTrue(log.contains("ov_remote_context_create_tensor n=4 SHARED_MEM_TYPE=OCL_BUFFER MEM_HANDLE=<ptr:null>"), log);
    assertTrue(log.contains("ov_core_compile_model_with_context GPU n=2 PERFORMANCE_HINT_NUM_REQUESTS=2"), log);
  }
}
