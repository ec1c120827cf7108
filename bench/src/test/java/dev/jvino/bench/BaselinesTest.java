package dev.jvino.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BaselinesTest {
  @Test
  void maxAbsFindsTheLargestMagnitude() {
    assertEquals(0f, Baselines.maxAbs(new float[0]));
    assertEquals(7.5f, Baselines.maxAbs(new float[] {1f, -7.5f, 3f}));
    assertTrue(Float.isNaN(Baselines.maxAbs(new float[] {1f, Float.NaN})));
  }

  @Test
  void jmhAnnotationProcessorGeneratedTheBenchmarkList() throws Exception {
    // Without annotationProcessorPaths, JDK 23+ skips JMH's processor and no benchmark exists.
    try (var in = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
      assertTrue(in != null, "META-INF/BenchmarkList missing: JMH's annotation processor did not run");
      String list = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(list.contains("dev.jvino.bench.BaselineBench"), list);
    }
  }
}
