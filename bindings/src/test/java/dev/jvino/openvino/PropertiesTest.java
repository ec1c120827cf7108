package dev.jvino.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PropertiesTest {
  @BeforeEach
  void install() {
    AbiStub.installCurrent();
  }

  @Test
  void typedValuesEncodeAndDecode() {
    assertEquals("THROUGHPUT", Hint.PERFORMANCE_MODE.encode(Hint.PerformanceMode.THROUGHPUT));
    assertEquals("AUTO", Props.NUM_STREAMS.encode(Props.AUTO_STREAMS));
    assertEquals(8, Props.NUM_STREAMS.decode("8"));
    assertEquals("bf16", Props.INFERENCE_PRECISION.encode(ElementType.BF16));
    assertEquals(ElementType.F16, Props.INFERENCE_PRECISION.decode("f16"));
    assertEquals("GPU.1,CPU", Props.DEVICE_PRIORITIES.encode(List.of("GPU.1", "CPU")));
    assertEquals(true, Props.ENABLE_PROFILING.decode("YES"));
    assertEquals(false, Props.ENABLE_PROFILING.decode("false"));
    assertEquals(Path.of("/c"), Props.CACHE_DIR.decode("/c"));
    assertEquals(List.of("A", "B"), Props.SUPPORTED_PROPERTIES.decode("A B"));
    var e = assertThrows(IllegalArgumentException.class, () -> Props.ENABLE_PROFILING.decode("maybe"));
    assertEquals("cannot read property PERF_COUNT value 'maybe'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Property.raw(" "));
  }

  @Test
  void keysComeFromExportedVariablesWithTheDocumentedFallback() {
    // the stub exports ov_property_key_cache_dir but not ov_property_key_enable_mmap
    assertEquals("CACHE_DIR", Props.CACHE_DIR.key());
    assertEquals("ENABLE_MMAP", Props.ENABLE_MMAP.key());
    Properties p = Properties.of().set(Props.CACHE_DIR, Path.of("/x")).setRaw("K", "V").set(Props.CACHE_DIR, Path.of("/y"));
    assertEquals(Map.of("CACHE_DIR", "/y", "K", "V"), p.asStrings());
    assertEquals(2, p.size());
  }
}
