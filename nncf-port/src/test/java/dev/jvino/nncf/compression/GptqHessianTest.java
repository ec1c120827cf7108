package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.nncf.CompressWeightsMode;
import org.junit.jupiter.api.Test;

/** {@link Gptq.Hessian}'s running average against {@code 2/N sum X^T X}, and {@link Gptq#quantize}'s checks. */
class GptqHessianTest {
  @Test
  void runningAverageEqualsTwoOverNTimesTheSumOfProducts() {
    // a 3-D sample with batch 2 counts twice, a 2-D sample once: N = 3
    float[] a = TestModels.values(2 * 3 * 4, 1, 1f);
    float[] b = TestModels.values(5 * 4, 2, 1f);
    Gptq.Hessian h = new Gptq.Hessian(4);
    h.add(NdArray.f32(new long[] {2, 3, 4}, a));
    h.add(NdArray.f32(new long[] {5, 4}, b));
    assertEquals(3, h.samples());
    float[] m = h.matrix();
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        double sum = 0;
        for (int r = 0; r < 6; r++) {
          sum += (double) a[r * 4 + i] * a[r * 4 + j];
        }
        for (int r = 0; r < 5; r++) {
          sum += (double) b[r * 4 + i] * b[r * 4 + j];
        }
        assertEquals(2.0 / 3 * sum, m[i * 4 + j], 1e-5, "H[" + i + "," + j + "]");
      }
    }
  }

  @Test
  void badInputsAreRejected() {
    Gptq.Hessian h = new Gptq.Hessian(4);
    var rank = assertThrows(IllegalArgumentException.class, () -> h.add(NdArray.f32(new long[] {1, 1, 2, 4},
        new float[8])));
    assertTrue(rank.getMessage().contains("[1, 1, 2, 4]"), rank.getMessage());
    assertThrows(IllegalArgumentException.class, () -> h.add(NdArray.f32(new long[] {2, 3}, new float[6])));
    float[] w = new float[8 * 4];
    float[] eye = new float[16];
    for (int i = 0; i < 4; i++) {
      eye[i * 5] = 1f;
    }
    var mode = assertThrows(IllegalArgumentException.class, () -> Gptq.quantize("fc", w, 8, 4, eye,
        CompressWeightsMode.INT8_ASYM, null, -1, 0.1, 128, null));
    assertTrue(mode.getMessage().contains("not int8_asym"), mode.getMessage());
    var group = assertThrows(IllegalArgumentException.class, () -> Gptq.quantize("fc", w, 8, 4, eye,
        CompressWeightsMode.INT4_SYM, null, 3, 0.1, 128, null));
    assertEquals("GPTQ fc: group size 3 does not divide 4", group.getMessage());
    float[] negative = eye.clone();
    negative[0] = -5f;
    var pd = assertThrows(UnsupportedModelException.class, () -> Gptq.quantize("fc", w, 8, 4, negative,
        CompressWeightsMode.INT4_SYM, null, -1, 0.1, 128, null));
    assertEquals("GPTQ: the damped Hessian of fc is not positive definite", pd.getMessage());
  }
}
