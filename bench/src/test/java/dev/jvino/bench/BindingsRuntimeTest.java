package dev.jvino.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.openvino.OpenVino;
import dev.jvino.openvino.ProfilingInfo;
import dev.jvino.openvino.ProfilingInfo.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BindingsRuntimeTest {
  @Test
  void skipsWithTheLocatorsReasonWhenNoRuntimeLoads() {
    BindingsRuntime.Skipped s = assertThrows(BindingsRuntime.Skipped.class,
        () -> BindingsRuntime.require(false, "no OpenVINO runtime (tried /opt/intel/openvino*: not found)"));
    assertEquals("BindingsBench skipped: it needs an OpenVINO runtime and none could be loaded: "
        + "no OpenVINO runtime (tried /opt/intel/openvino*: not found)", s.getMessage());
    assertEquals(0, s.getStackTrace().length, "JMH prints the message alone");
    assertDoesNotThrow(() -> BindingsRuntime.require(true, ""));
  }

  @Test
  void thisMachinesOutcomeFollowsTheLoader() {
    if (OpenVino.isAvailable()) {
      assertDoesNotThrow(() -> BindingsRuntime.require());
    } else {
      BindingsRuntime.Skipped s = assertThrows(BindingsRuntime.Skipped.class, BindingsRuntime::require);
      assertTrue(s.getMessage().endsWith(OpenVino.unavailableReason()), s.getMessage());
      assertTrue(!OpenVino.unavailableReason().isBlank());
    }
  }

  @Test
  void tinyModelComputesReluOfTheAffineMap() {
    Model m = BindingsRuntime.tinyModel();
    float[] x = new float[BindingsRuntime.WIDTH];
    x[0] = 1f;
    NdArray y = new ReferenceEngine().compile(m).createSession()
        .infer(Map.of("x", NdArray.f32(new long[] {1, BindingsRuntime.WIDTH}, x))).get("y");
    assertArrayEquals(new long[] {1, BindingsRuntime.WIDTH}, y.shape());
    // x = e0 picks column 0 of W (W is [out, in], transposed in the MatMul): y = relu(W[:, 0] + b)
    float[] w = m.nodesOfType("Constant").stream().filter(n -> n.name().equals("w")).findFirst().orElseThrow()
        .constantData().toFloatArray();
    float[] b = m.nodesOfType("Constant").stream().filter(n -> n.name().equals("b")).findFirst().orElseThrow()
        .constantData().toFloatArray();
    float[] out = y.toFloatArray();
    int positive = 0;
    for (int o = 0; o < BindingsRuntime.WIDTH; o++) {
      assertEquals(Math.max(0f, w[o * BindingsRuntime.WIDTH] + b[o]), out[o], 1e-6f);
      positive += out[o] > 0 ? 1 : 0;
    }
    assertTrue(positive > 0 && positive < BindingsRuntime.WIDTH, "the Relu clips some outputs: " + positive);
  }

  @Test
  void profiledTimeSumsOnlyExecutedNodes() {
    List<ProfilingInfo> counters = List.of(
        new ProfilingInfo(Status.EXECUTED, Duration.ofNanos(12_000), Duration.ofNanos(11_000), "mm", "brgemm_avx2", "MatMul"),
        new ProfilingInfo(Status.OPTIMIZED_OUT, Duration.ofNanos(5_000), Duration.ZERO, "add", "undef", "Add"),
        new ProfilingInfo(Status.EXECUTED, Duration.ofNanos(3_000), Duration.ofNanos(3_000), "relu", "jit_avx2", "Relu"),
        new ProfilingInfo(Status.NOT_RUN, Duration.ZERO, Duration.ZERO, "x", "unknown", "Parameter"));
    assertEquals(15_000, BindingsRuntime.executedNanos(counters));
    assertEquals(0, BindingsRuntime.executedNanos(List.of()));
  }
}
