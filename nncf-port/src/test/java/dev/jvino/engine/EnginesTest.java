package dev.jvino.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.tensor.NdArray;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnginesTest {
  private static void withProperty(String key, String value, Runnable r) {
    String old = System.getProperty(key);
    try {
      if (value == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, value);
      }
      r.run();
    } finally {
      if (old == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, old);
      }
    }
  }

  @Test
  void namesAndTheOpenVinoEngineWithoutARuntime() {
    org.junit.jupiter.api.Assumptions.assumeFalse(dev.jvino.openvino.OpenVino.isAvailable(),
        "an OpenVINO runtime is installed: openvino is available (see OpenVinoEngineTest)");
    assertInstanceOf(ReferenceEngine.class, Engines.byName("reference"));
    assertInstanceOf(ReferenceEngine.class, Engines.byName(" Ref "));
    EngineUnavailableException e = assertThrows(EngineUnavailableException.class, () -> Engines.byName("openvino"));
    assertEquals("openvino", e.engine());
    assertTrue(e.getMessage().contains("no OpenVINO runtime (tried "), e.getMessage());
    assertThrows(EngineUnavailableException.class, () -> Engines.byName("OV"));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Engines.byName("tensorrt"));
    assertTrue(unknown.getMessage().contains("recording"), unknown.getMessage());
  }

  @Test
  void systemPropertySelectsTheEngine() {
    org.junit.jupiter.api.Assumptions.assumeFalse(dev.jvino.openvino.OpenVino.isAvailable(),
        "an OpenVINO runtime is installed: auto picks it (see OpenVinoEngineTest)");
    withProperty(Engines.PROPERTY, "openvino", () -> assertThrows(EngineUnavailableException.class, Engines::auto));
    withProperty(Engines.PROPERTY, "reference", () -> assertEquals("reference", Engines.auto().name()));
    withProperty(Engines.PROPERTY, null, () -> assertEquals("reference", Engines.auto().name()));
  }

  @Test
  void providersArePluggedThroughServiceLoader() {
    assertTrue(Engines.providers().stream().anyMatch(p -> p.name().equals("recording")));
    EngineUnavailableException off = assertThrows(EngineUnavailableException.class,
        () -> Engines.byName("recording"));
    assertTrue(off.getMessage().contains(RecordingEngineProvider.SWITCH), off.getMessage());
    withProperty(RecordingEngineProvider.SWITCH, "on", () -> {
      Engine auto = Engines.auto();
      assertEquals("recording", auto.name(), "an available provider outranks the reference engine");
      int before = RecordingEngineProvider.COMPILES.get();
      NdArray y = auto.compile(ReferenceEngineTest.mlp()).createSession()
          .infer(List.of(NdArray.f32(new long[] {1, 3}, 1, 2, 3))).get(0);
      assertEquals(NdArray.f32(new long[] {1, 1}, 6), y);
      assertEquals(before + 1, RecordingEngineProvider.COMPILES.get());
      withProperty(Engines.PROPERTY, "reference", () -> assertEquals("reference", Engines.auto().name()));
    });
  }
}
