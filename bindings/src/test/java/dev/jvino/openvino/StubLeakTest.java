package dev.jvino.openvino;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 full create/infer/close cycles against the ABI stub (a TEST DOUBLE of the OpenVINO C API):
 * afterwards the stub's own ledger shows that every handle, string and struct array it handed out came
 * back through its own free function, and that its internal tensor storage and model objects were
 * all destroyed (their reference counts reached zero).
 */
class StubLeakTest {
  static final int CYCLES = 10_000;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS) // safety bound, not a benchmark
  void tenThousandCreateInferCloseCyclesReleaseEverything() {
    AbiStub stub = AbiStub.installCurrent();
    StubControls controls = new StubControls(stub);
    try (Tensor warm = Tensor.of(Shape.of(1, 4), 0, 0, 0, 0)) {
      warm.elementType(); // the one-time element-type probe runs before the first count
    }
    StubControls.Ledger before = controls.ledger();
    int infers = stub.calls("ov_infer_request_infer");
    double checksum = 0;
    for (int i = 0; i < CYCLES; i++) {
      try (Core core = Core.create();
          Model model = core.readModel(Path.of("m.xml"));
          CompiledModel compiled = core.compileModel(model, "CPU");
          InferRequest request = compiled.createInferRequest();
          Tensor x = Tensor.of(Shape.of(1, 4), i, 1, 2, 3)) {
        request.setTensor("x", x);
        request.infer();
        try (Tensor y = request.getOutputTensor()) {
          float[] out = TensorData.toFloatArray(y);
          assertEquals(2f * i + 1f, out[0]);
          checksum += out[3];
        }
      }
    }
    StubControls.Ledger after = controls.ledger();
    assertEquals(CYCLES, stub.calls("ov_infer_request_infer") - infers);
    assertEquals(CYCLES * 7.0, checksum, "y = 2x + 1 on the last element, every cycle");
    long handedOut = after.allocations() - before.allocations();
    // per cycle at least: core, model, compiled model, request, input tensor, output tensor, two ports,
    // plus names and shapes read by the bindings
    assertTrue(handedOut >= 8L * CYCLES, "the stub handed out " + handedOut);
    assertEquals(handedOut, after.releases() - before.releases(), "every allocation was released");
    assertEquals(before.live(), after.live(), "nothing left in the ledger");
    assertEquals(before.implsLive(), after.implsLive(), "tensor storage and models destroyed");
    assertEquals(before.badFrees(), after.badFrees(), "no wrong-function or double free");
    assertEquals(0, after.overflow(), "the ledger recorded every allocation");
  }
}
