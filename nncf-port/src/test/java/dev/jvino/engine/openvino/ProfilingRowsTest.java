package dev.jvino.engine.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.engine.LayerCounter;
import dev.jvino.openvino.ProfilingInfo;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenVINO's profiling records to jvino's counter rows: no runtime needed, the records are plain values. */
class ProfilingRowsTest {
  @Test
  void everyFieldIsCarriedOverInOrder() {
    List<ProfilingInfo> infos = List.of(
        new ProfilingInfo(ProfilingInfo.Status.EXECUTED, Duration.ofNanos(41_000), Duration.ofNanos(39_000),
            "model.layers.0.mlp.up_proj/MatMul", "brgemm_avx2_FP32", "FullyConnected"),
        new ProfilingInfo(ProfilingInfo.Status.OPTIMIZED_OUT, Duration.ZERO, Duration.ZERO,
            "Convert_12", "undef", "Convert"),
        new ProfilingInfo(ProfilingInfo.Status.NOT_RUN, Duration.ZERO, Duration.ZERO, "input_ids", "", "Parameter"),
        new ProfilingInfo(ProfilingInfo.Status.EXECUTED, Duration.ofNanos(7_000), Duration.ofNanos(6_000),
            "Sigmoid_3", "jit_avx2_FP32", "Eltwise"));
    List<LayerCounter> rows = ProfilingRows.of(infos);
    assertEquals(List.of(
        new LayerCounter("model.layers.0.mlp.up_proj/MatMul", "FullyConnected", "brgemm_avx2_FP32",
            LayerCounter.Status.EXECUTED, 41_000, 39_000),
        new LayerCounter("Convert_12", "Convert", "undef", LayerCounter.Status.OPTIMIZED_OUT, 0, 0),
        new LayerCounter("input_ids", "Parameter", "", LayerCounter.Status.NOT_RUN, 0, 0),
        new LayerCounter("Sigmoid_3", "Eltwise", "jit_avx2_FP32", LayerCounter.Status.EXECUTED, 7_000, 6_000)),
        rows);
  }

  @Test
  void statusesMapOneToOne() {
    for (ProfilingInfo.Status s : ProfilingInfo.Status.values()) {
      assertEquals(s.name(), ProfilingRows.status(s).name());
    }
    assertEquals(List.of(), ProfilingRows.of(List.of()));
  }

  @Test
  void aNegativeTimeIsRejectedNamingTheLayer() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProfilingRows.of(List.of(
        new ProfilingInfo(ProfilingInfo.Status.EXECUTED, Duration.ofNanos(-1000), Duration.ZERO, "mm", "x", "MatMul"))));
    assertEquals("layer 'mm' has a negative time: real -1000 ns, cpu 0 ns", e.getMessage());
  }
}
