package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.engine.InferSession;
import dev.jvino.engine.LayerCounter;
import dev.jvino.engine.LayerCounter.Status;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The -pc table of runtime-reported counters, fed the rows an OpenVINO CPU run reports. */
class LayerCounterTableTest {
  private static List<LayerCounter> inference(long mmMicros, long reluMicros) {
    return List.of(
        new LayerCounter("x", "Parameter", "unknown_FP32", Status.NOT_RUN, 0, 0),
        new LayerCounter("mm", "FullyConnected", "brgemm_avx2_FP32", Status.EXECUTED, mmMicros * 1000,
            mmMicros * 900),
        new LayerCounter("add", "Eltwise", "undef", Status.OPTIMIZED_OUT, 0, 0),
        new LayerCounter("relu", "Eltwise", "jit_avx2_FP32", Status.EXECUTED, reluMicros * 1000, reluMicros * 1000));
  }

  @Test
  void averagesEachLayerOverTheInferencesSlowestFirst() {
    LayerCounterTable t = new LayerCounterTable();
    t.add(inference(30, 10));
    t.add(inference(50, 10));
    assertEquals(2, t.inferences());
    assertEquals(List.of(
        new LayerCounterTable.Row("mm", "FullyConnected", "brgemm_avx2_FP32", Status.EXECUTED, 80_000, 72_000),
        new LayerCounterTable.Row("relu", "Eltwise", "jit_avx2_FP32", Status.EXECUTED, 20_000, 20_000),
        new LayerCounterTable.Row("add", "Eltwise", "undef", Status.OPTIMIZED_OUT, 0, 0),
        new LayerCounterTable.Row("x", "Parameter", "unknown_FP32", Status.NOT_RUN, 0, 0)), t.rows());

    StringWriter s = new StringWriter();
    t.print(new PrintWriter(s, true), "OpenVINO profiling on CPU");
    String expected = String.join("\n",
        "Performance counters (OpenVINO profiling on CPU: real and CPU time per layer, average of 2 inferences,"
            + " slowest first):",
        "layerName   execStatus     layerType                 execType           realTime (ms)   cpuTime (ms)  "
            + "proportion",
        "mm          EXECUTED       FullyConnected            brgemm_avx2_FP32           0.040          0.036"
            + "      80.00%",
        "relu        EXECUTED       Eltwise                   jit_avx2_FP32              0.010          0.010"
            + "      20.00%",
        "add         OPTIMIZED_OUT  Eltwise                   undef                      0.000          0.000"
            + "       0.00%",
        "x           NOT_RUN        Parameter                 unknown_FP32               0.000          0.000"
            + "       0.00%",
        "Total time: 0.050 ms real, 0.046 ms CPU per inference", "");
    assertEquals(expected, s.toString().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void aLayerThatRanOnceCountsAsExecuted() {
    LayerCounterTable t = new LayerCounterTable();
    t.add(List.of(new LayerCounter("gather", "Gather", "ref_any", Status.NOT_RUN, 0, 0)));
    t.add(List.of(new LayerCounter("gather", "Gather", "ref_any", Status.EXECUTED, 4000, 3000)));
    assertEquals(List.of(new LayerCounterTable.Row("gather", "Gather", "ref_any", Status.EXECUTED, 4000, 3000)),
        t.rows());
  }

  @Test
  void noInferenceSaysSo() {
    StringWriter s = new StringWriter();
    new LayerCounterTable().print(new PrintWriter(s, true), "OpenVINO profiling on CPU");
    assertEquals("Performance counters: no inference was measured, nothing to report",
        s.toString().strip());
  }

  @Test
  void theRunnerHandsEverySessionToTheHookAfterEachInference() throws Exception {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 2));
    Model m = new Model("id", List.of(x), List.of(Ops.result(Ops.relu(x.output()).output())));
    var compiled = new ReferenceEngine().compile(m);
    List<InferSession> sessions = List.of(compiled.createSession(), compiled.createSession());
    List<InferSession> seen = new ArrayList<>();
    BenchmarkRunner.Result r = BenchmarkRunner.run(sessions, List.of(Map.of("x", NdArray.f32(new long[] {1, 2},
        1f, -1f))), 7, Double.POSITIVE_INFINITY, s -> {
          synchronized (seen) {
            seen.add(s);
          }
        });
    assertEquals(7, r.latenciesMs().length);
    assertEquals(7, seen.size());
    assertEquals(true, sessions.containsAll(seen));
  }
}
