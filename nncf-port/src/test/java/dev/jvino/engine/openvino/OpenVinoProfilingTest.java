package dev.jvino.engine.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.LayerCounter;
import dev.jvino.engine.ProfilingSession;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.openvino.Properties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * OpenVINO's per-layer counters through the engine seam. Runs only where an OpenVINO runtime is
 * installed (tag {@code native}); elsewhere JUnit reports it skipped.
 */
@Tag("native")
@EnabledIf("dev.jvino.openvino.OpenVino#isAvailable")
class OpenVinoProfilingTest {
  private static Model mlp() {
    float[] w = new float[16 * 16];
    for (int i = 0; i < w.length; i++) {
      w[i] = ((i * 7) % 11 - 5) / 10f;
    }
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(2, 16));
    Output c = Ops.constant("w", ConstantData.ofFloats(ElementType.F32, new long[] {16, 16}, w)).output();
    Node mm = Ops.matMul(x.output(), c, false, true);
    mm.setName("mlp/MatMul");
    Output y = Ops.unary("Relu", mm.output()).output();
    y.names().add("y");
    return new Model("profiled", List.of(x), List.of(Ops.result(y)));
  }

  private static Map<String, NdArray> input() {
    float[] v = new float[32];
    for (int i = 0; i < v.length; i++) {
      v[i] = i % 5 - 2f;
    }
    return Map.of("x", NdArray.f32(new long[] {2, 16}, v));
  }

  @Test
  void profiledSessionsReportTheLastInferencesLayers() {
    try (OpenVinoEngine engine = OpenVinoEngine.create("CPU", Properties.of(), true)) {
      assertTrue(engine.profiling());
      ProfilingSession s = (ProfilingSession) engine.compile(mlp()).createSession();
      assertThrows(IllegalStateException.class, s::layerCounters);
      s.infer(input());
      List<LayerCounter> rows = s.layerCounters();
      assertFalse(rows.isEmpty());
      assertTrue(rows.stream().anyMatch(r -> r.status() == LayerCounter.Status.EXECUTED && r.realNanos() > 0), rows
          .toString());
      assertTrue(rows.stream().anyMatch(r -> r.layerName().contains("mlp/MatMul")), rows.toString());
      s.resetState();
      assertThrows(IllegalStateException.class, s::layerCounters);
    }
  }

  @Test
  void withoutProfilingTheCountersAreRefused() {
    try (OpenVinoEngine engine = OpenVinoEngine.cpu()) {
      ProfilingSession s = (ProfilingSession) engine.compile(mlp()).createSession();
      s.infer(input());
      IllegalStateException e = assertThrows(IllegalStateException.class, s::layerCounters);
      assertTrue(e.getMessage().contains("compiled without profiling"), e.getMessage());
      assertEquals(false, engine.profiling());
    }
  }
}
