package dev.jvino.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ffm.loader.OpenVinoLibrary;
import dev.jvino.ffm.raw.OvApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real OpenVINO runtime (CPU plugin); skipped with the loader's reason when there is none. */
@Tag("native")
@EnabledIfOpenVino
class OpenVinoRuntimeTest {
  @TempDir static Path dir;
  static Path ir;
  static Core core;

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

  private static final float[] X = {1f, 2f, -3f, 0.5f};

  @Test
  void readCompileInfer() {
    assertTrue(Core.version().buildNumber().matches("20\\d\\d\\..*"), Core.version().toString());
    assertTrue(core.availableDevices().contains("CPU"));
    try (Model m = core.readModel(ir); CompiledModel c = core.compileModel(m, "CPU"); InferRequest r = c.createInferRequest();
        Tensor x = Tensor.of(Shape.of(1, 4), X)) {
      assertEquals("x", m.input().name());
      assertEquals(PartialShape.of(1, 4), m.input().partialShape());
      assertEquals(ElementType.F32, c.output().elementType());
      r.setTensor("x", x);
      r.infer();
      try (Tensor y = r.getTensor("y")) {
        assertEquals(Shape.of(1, 2), y.shape());
        assertArrayEquals(TinyIr.expected(X), TensorData.toFloatArray(y), 1e-5f);
      }
    }
  }

  @Test
  void asyncInference() throws Exception {
    try (CompiledModel c = core.compileModel(ir, "CPU", Properties.of()); InferRequest r = c.createInferRequest();
        Tensor x = Tensor.of(Shape.of(1, 4), X)) {
      r.setInputTensor(x);
      for (int i = 0; i < 3; i++) {
        r.startAsync().get(30, TimeUnit.SECONDS);
        try (Tensor y = r.getOutputTensor()) {
          assertArrayEquals(TinyIr.expected(X), TensorData.toFloatArray(y), 1e-5f);
        }
      }
    }
  }

  @Test
  void properties() {
    core.setProperty("CPU", Props.ENABLE_PROFILING, true);
    assertTrue(core.getProperty("CPU", Props.ENABLE_PROFILING));
    core.setProperty("CPU", Props.ENABLE_PROFILING, false);
    assertFalse(core.getProperty("CPU", Props.SUPPORTED_PROPERTIES).isEmpty());
    assertFalse(core.getProperty("CPU", Props.DEVICE_FULL_NAME).isBlank());
    Properties p = Properties.of().set(Hint.PERFORMANCE_MODE, Hint.PerformanceMode.LATENCY)
        .set(Props.INFERENCE_PRECISION, ElementType.F32).set(Props.ENABLE_PROFILING, true);
    try (Model m = core.readModel(ir); CompiledModel c = core.compileModel(m, "CPU", p); InferRequest r = c.createInferRequest();
        Tensor x = Tensor.of(Shape.of(1, 4), X)) {
      assertEquals(Hint.PerformanceMode.LATENCY, c.getProperty(Hint.PERFORMANCE_MODE));
      assertEquals(ElementType.F32, c.getProperty(Props.INFERENCE_PRECISION));
      assertTrue(c.getProperty(Props.OPTIMAL_NUMBER_OF_INFER_REQUESTS) >= 1);
      r.setTensor("x", x);
      r.infer();
      assertFalse(r.profilingInfo().isEmpty());
    }
  }

  @Test
  void preprocessingConvertsU8AndScales() {
    try (Model m = core.readModel(ir)) {
      Model processed;
      try (PrePostProcessor ppp = PrePostProcessor.of(m)) {
        ppp.input().tensor().setElementType(ElementType.U8);
        ppp.input().preprocess().convertElementType(ElementType.F32).scale(2f);
        processed = ppp.build();
      }
      try (processed; CompiledModel c = core.compileModel(processed, "CPU"); InferRequest r = c.createInferRequest();
          Tensor x = Tensor.allocate(ElementType.U8, Shape.of(1, 4))) {
        assertEquals(ElementType.U8, processed.input().elementType());
        TensorData.copyFrom(x, 2, 4, 6, 8);
        r.setTensor("x", x);
        r.infer();
        try (Tensor y = r.getTensor("y")) {
          assertArrayEquals(TinyIr.expected(new float[] {1, 2, 3, 4}), TensorData.toFloatArray(y), 1e-5f);
        }
      }
    }
  }

  @Test
  void reshapeToABatchOfThree() {
    float[] x3 = {1, 2, 3, 4, -1, 0, 1, 0, 0.5f, 0.5f, 0.5f, 0.5f};
    try (Model m = core.readModel(ir)) {
      m.reshape(PartialShape.of(3, 4));
      try (CompiledModel c = core.compileModel(m, "CPU"); InferRequest r = c.createInferRequest();
          Tensor x = Tensor.of(Shape.of(3, 4), x3)) {
        r.setTensor("x", x);
        r.infer();
        try (Tensor y = r.getTensor("y")) {
          assertEquals(Shape.of(3, 2), y.shape());
          assertArrayEquals(TinyIr.expected(x3), TensorData.toFloatArray(y), 1e-5f);
        }
      }
    }
  }

  @Test
  void readFromMemoryExportAndImport() throws Exception {
    try (Tensor w = Tensor.allocateHost(ElementType.U8, Shape.of(40))) {
      TensorData.copyBytes(w, TinyIr.weights());
      try (Model m = core.readModel(TinyIr.xml(false), w); CompiledModel c = core.compileModel(m, "CPU")) {
        byte[] blob = c.exportModel();
        assertTrue(blob.length > 0);
        try (CompiledModel imported = core.importModel(blob, "CPU"); InferRequest r = imported.createInferRequest();
            Tensor x = Tensor.of(Shape.of(1, 4), X)) {
          r.setTensor("x", x);
          r.infer();
          try (Tensor y = r.getTensor("y")) {
            assertArrayEquals(TinyIr.expected(X), TensorData.toFloatArray(y), 1e-5f);
          }
        }
      }
    }
  }

  @Test
  void badModelsRaiseOpenVinoException() throws Exception {
    Path broken = TinyIr.write(dir, true);
    var e = assertThrows(OpenVinoException.class, () -> core.readModel(broken));
    assertEquals("ov_core_read_model", e.function());
    assertEquals("GENERAL_ERROR", e.statusName());
    assertTrue(e.getMessage().contains("ReLUUU"), e.getMessage());
    Path garbage = Files.writeString(dir.resolve("garbage.xml"), "<net");
    assertThrows(OpenVinoException.class, () -> core.readModel(garbage));
    try (Model m = core.readModel(ir)) {
      assertThrows(OpenVinoException.class, () -> core.compileModel(m, "NO_SUCH_DEVICE"));
    }
  }
}
