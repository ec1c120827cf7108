package dev.jvino.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core through jvino's ABI stub (a test double of the C API that records what arrives). */
class CoreStubTest {
  AbiStub stub;

  @BeforeEach
  void install() {
    stub = AbiStub.installCurrent();
    stub.clearLog();
  }

  @Test
  void versionAndDevicesAreCopiedAndFreedWithTheirOwnFunctions() {
    int live = stub.live();
    int bad = stub.badFrees();
    assertEquals(new Version("2026.4.0-stub", "jvino ABI stub (test double, not OpenVINO)"), Core.version());
    try (Core core = Core.create()) {
      assertEquals(List.of("CPU", "GPU.0"), core.availableDevices());
      assertEquals(Map.of("CPU", new Version("2026.4.0-stub", "stub plugin")), core.versions("CPU"));
    }
    assertEquals(live, stub.live(), "every allocation released");
    assertEquals(bad, stub.badFrees(), "no free went to the wrong function");
  }

  @Test
  void pluginsXmlPathsUseTheUnicodeEntryPointOnlyWhenNeeded() {
    try (Core a = Core.create(Path.of("/opt/ov/plugins.xml"));
        Core b = Core.create(Path.of("/opt/\u00fcber/plugins.xml"))) {
      String log = stub.log();
      assertTrue(log.contains("ov_core_create_with_config /opt/ov/plugins.xml"), log);
      assertTrue(log.contains("ov_core_create_with_config_unicode /opt/#ber/plugins.xml"), log);
    }
    var e = assertThrows(OpenVinoException.class, () -> Core.create(Path.of("/missing/plugins.xml")));
    assertEquals("ov_core_create_with_config", e.function());
    assertEquals("GENERAL_ERROR", e.statusName());
    assertEquals("stub: cannot open plugins file /missing/plugins.xml", e.lastError());
  }

  @Test
  void readModelReportsBadModelsAsOpenVinoException() {
    try (Core core = Core.create()) {
      try (Model m = core.readModel(Path.of("/m/net.xml"), Path.of("/m/net.bin"))) {
        assertEquals("stub_model", m.friendlyName());
      }
      var e = assertThrows(OpenVinoException.class, () -> core.readModel(Path.of("/m/bad.xml")));
      assertEquals(-1, e.status());
      assertEquals("ov_core_read_model failed with GENERAL_ERROR (-1): stub: cannot parse model /m/bad.xml", e.getMessage());
      try (Model m = core.readModel(Path.of("/m/\u00e9t\u00e9.xml"))) {
        assertEquals(1, m.inputCount());
      }
      String log = stub.log();
      assertTrue(log.contains("ov_core_read_model /m/net.xml /m/net.bin"), log);
      assertTrue(log.contains("ov_core_read_model_unicode /m/#t#.xml"), log);
    }
  }

  @Test
  void readModelFromMemorySharesTheWeightsAndKeepsThemAlive() {
    try (Core core = Core.create()) {
      Tensor weights = Tensor.allocateHost(ElementType.U8, Shape.of(40));
      weights.data().set(java.lang.foreign.ValueLayout.JAVA_BYTE, 0, (byte) 42);
      Lease lease = weights.lent();
      Model model = core.readModel("<net name='tiny'/>", weights);
      weights.close();
      assertTrue(lease.alive(), "the model still holds the weights");
      CompiledModel compiled = core.compileModel(model, "CPU");
      Model processed;
      try (PrePostProcessor ppp = PrePostProcessor.of(model)) {
        processed = ppp.build();
      }
      model.close();
      assertTrue(lease.alive(), "the compiled model still holds the weights");
      compiled.close();
      assertTrue(lease.alive(), "the model built by pre/post-processing shares them too");
      processed.close();
      assertTrue(!lease.alive(), "released with the last user");
      assertTrue(stub.log().contains("ov_core_read_model_from_memory_buffer len=18 weights=40 first=42"), stub.log());
      var e = assertThrows(OpenVinoException.class, () -> core.readModel("not xml", null));
      assertEquals("stub: model text of 7 bytes is not XML", e.lastError());
    }
  }

  @Test
  void compileUsesThePropsApiWhenTheRuntimeHasIt() {
    try (Core core = Core.create(); Model model = core.readModel(Path.of("m.xml"))) {
      Properties props = Properties.of()
          .set(Hint.PERFORMANCE_MODE, Hint.PerformanceMode.LATENCY)
          .set(Props.NUM_STREAMS, 2)
          .setRaw("CUSTOM_KEY", "v");
      try (CompiledModel c = core.compileModel(model, "CPU", props)) {
        assertEquals(2, c.getProperty(Props.NUM_STREAMS));
        assertEquals(Hint.PerformanceMode.LATENCY, c.getProperty(Hint.PERFORMANCE_MODE));
        assertEquals("v", c.getProperty("CUSTOM_KEY"));
      }
      assertTrue(stub.log().contains(
          "ov_core_compile_model_props CPU n=3 PERFORMANCE_HINT=LATENCY NUM_STREAMS=2 CUSTOM_KEY=v"), stub.log());
    }
  }

  @Test
  void olderRuntimesGetTheVariadicFormsWithOneHandlePerArity() {
    AbiStub old = AbiStub.get(AbiStub.OLD).install();
    old.clearLog();
    try (Core core = Core.create(); Model model = core.readModel(Path.of("m.xml"))) {
      core.compileModel(model, "CPU").close();
      core.compileModel(model, "CPU", Properties.of().set(Props.CACHE_DIR, Path.of("/tmp/c")).set(Props.ENABLE_PROFILING, true))
          .close();
      core.setProperties("CPU", Properties.of().set(Props.INFERENCE_NUM_THREADS, 4).set(Props.ENABLE_MMAP, false));
      core.compileModel(Path.of("/m/\u00e4.xml"), "CPU", Properties.of().set(Hint.NUM_REQUESTS, 1)).close();
      assertEquals(4, core.getProperty("CPU", Props.INFERENCE_NUM_THREADS));
      assertEquals(false, core.getProperty("CPU", Props.ENABLE_MMAP));
      String log = old.log();
      assertTrue(log.contains("ov_core_compile_model CPU n=0\n"), log);
      assertTrue(log.contains("ov_core_compile_model CPU n=4 CACHE_DIR=/tmp/c PERF_COUNT=YES"), log);
      assertTrue(log.contains("ov_core_set_property CPU INFERENCE_NUM_THREADS=4"), log);
      assertTrue(log.contains("ov_core_set_property CPU ENABLE_MMAP=NO"), log);
      assertTrue(log.contains("ov_core_compile_model_from_file_unicode /m/#.xml\n  device=CPU n=2 PERFORMANCE_HINT_NUM_REQUESTS=1"), log);
      assertTrue(old.api().cachedVariadicArities("ov_core_compile_model").containsAll(java.util.Set.of(0, 4)));
    } finally {
      stub.install();
    }
  }

  @Test
  void typedAndRawDevicePropertiesRoundTrip() {
    try (Core core = Core.create()) {
      core.setProperty("CPU", Props.INFERENCE_PRECISION, ElementType.BF16);
      core.setProperty("CPU", Props.DEVICE_PRIORITIES, List.of("GPU", "CPU"));
      core.setProperty("CPU", "VENDOR_KNOB", "7");
      assertEquals(ElementType.BF16, core.getProperty("CPU", Props.INFERENCE_PRECISION));
      assertEquals(List.of("GPU", "CPU"), core.getProperty("CPU", Props.DEVICE_PRIORITIES));
      assertEquals("7", core.getProperty("CPU", "VENDOR_KNOB"));
      assertEquals("Stub CPU (test double)", core.getProperty("CPU", Props.DEVICE_FULL_NAME));
      var e = assertThrows(OpenVinoException.class, () -> core.getProperty("CPU", "NOPE"));
      assertEquals("NOT_FOUND", e.statusName());
      assertTrue(stub.log().contains("ov_core_set_properties CPU n=1 INFERENCE_PRECISION_HINT=bf16"), stub.log());
    }
  }

  @Test
  void exportAndImportRoundTripTheBlobBytes(@TempDir Path dir) throws Exception {
    try (Core core = Core.create(); Model model = core.readModel(Path.of("m.xml"));
        CompiledModel c = core.compileModel(model, "CPU")) {
      byte[] blob = c.exportModel();
      assertArrayEquals("JVINO-STUB-BLOB:stub_model\0end".getBytes(), blob);
      Path file = dir.resolve("model.blob");
      c.exportModel(file);
      try (CompiledModel imported = core.importModel(file, "CPU")) {
        assertEquals("imported_model", imported.getProperty(Props.MODEL_NAME));
      }
      var e = assertThrows(OpenVinoException.class, () -> core.importModel(new byte[] {1, 2, 3}, "CPU"));
      assertEquals("stub: not an exported blob (3 bytes)", e.lastError());
      var ex = assertThrows(OpenVinoException.class, () -> c.exportModel(dir.resolve("no/such/dir/x.blob")));
      assertEquals("ov_compiled_model_export_model", ex.function());
      assertTrue(Files.size(file) > 16);
    }
  }

  @Test
  void compileFromFileAndExtensions() {
    try (Core core = Core.create()) {
      core.compileModel(Path.of("/m/a.xml"), "CPU", Properties.of().set(Hint.NUM_REQUESTS, 3)).close();
      core.compileModel(Path.of("/m/\u00e4.xml"), "CPU", Properties.of().set(Hint.NUM_REQUESTS, 1)).close();
      core.addExtension(Path.of("/ext/libtok.so"));
      var e = assertThrows(OpenVinoException.class, () -> core.addExtension(Path.of("/ext/missing.so")));
      assertEquals("stub: cannot load extension /ext/missing.so", e.lastError());
      String log = stub.log();
      assertTrue(log.contains("ov_core_compile_model_from_file_props /m/a.xml CPU n=1 PERFORMANCE_HINT_NUM_REQUESTS=3"), log);
      assertTrue(log.contains("ov_core_compile_model_from_file_unicode_props /m/#.xml\n  device=CPU n=1 PERFORMANCE_HINT_NUM_REQUESTS=1"), log);
    }
  }

  @Test
  void closeIsIdempotentAndUseAfterCloseThrows() {
    int frees = stub.calls("ov_core_free");
    Core core = Core.create();
    core.close();
    core.close();
    assertEquals(frees + 1, stub.calls("ov_core_free"), "freed exactly once");
    assertTrue(core.isClosed());
    var e = assertThrows(IllegalStateException.class, core::availableDevices);
    assertEquals("Core is closed", e.getMessage());
  }

  @Test
  void plantedFailuresMapEveryStatusAndAMissingMessage() {
    try (Core core = Core.create()) {
      stub.failNext("ov_core_get_available_devices", -14, null);
      var e = assertThrows(OpenVinoException.class, core::availableDevices);
      assertEquals("INVALID_C_PARAM", e.statusName());
      assertEquals("invalid c input parameters", e.statusDescription());
      assertEquals(null, e.lastError());
      assertEquals("ov_core_get_available_devices failed with INVALID_C_PARAM (-14)", e.getMessage());
      stub.failNext("ov_core_get_available_devices", -99, "odd");
      assertEquals("STATUS(-99)", assertThrows(OpenVinoException.class, core::availableDevices).statusName());
    }
  }
}
