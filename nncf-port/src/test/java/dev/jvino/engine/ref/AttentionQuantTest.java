package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.engine.ref.Quantization.FakeQuantizeAttrs;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import org.junit.jupiter.api.Test;

class AttentionQuantTest {
  private static long[] s(long... d) {
    return d;
  }

  @Test
  void sdpaByHand() {
    // one query, two keys: scores q.k = [0, 2] * scale 0.5 -> [0, 1]; softmax -> [1/(1+e), e/(1+e)]
    NdArray q = NdArray.f32(s(1, 1, 2), 1, 1);
    NdArray k = NdArray.f32(s(1, 2, 2), 0, 0, 1, 1);
    NdArray v = NdArray.f32(s(1, 2, 1), 10, 20);
    double p = Math.E / (1 + Math.E);
    NdArray y = Attention.scaledDotProductAttention(q, k, v, null, NdArray.f32(s(), 0.5f), false);
    assertArrayEquals(s(1, 1, 1), y.shape());
    assertEquals(10 * (1 - p) + 20 * p, y.floats()[0], 1e-5);
    // default scale 1/sqrt(2)
    double p2 = Math.exp(2 / Math.sqrt(2)) / (1 + Math.exp(2 / Math.sqrt(2)));
    assertEquals(10 * (1 - p2) + 20 * p2, Attention.scaledDotProductAttention(q, k, v, null, null, false).floats()[0], 1e-5);
    // boolean mask hides the second key; scalar zero float mask means no mask
    NdArray hide = NdArray.bools(s(1, 1, 2), true, false);
    assertEquals(10f, Attention.scaledDotProductAttention(q, k, v, hide, null, false).floats()[0], 1e-6);
    assertEquals(10 * (1 - p2) + 20 * p2,
        Attention.scaledDotProductAttention(q, k, v, NdArray.f32(s(), 0f), null, false).floats()[0], 1e-5);
    // additive mask of -2 on the second key with scale 1: scores [0, 2-2] -> equal weights
    NdArray add = NdArray.f32(s(1, 1, 2), 0, -2);
    assertEquals(15f, Attention.scaledDotProductAttention(q, k, v, add, NdArray.f32(s(), 1f), false).floats()[0], 1e-5);
    // causal: the first query sees only the first key (mask ignored)
    NdArray q2 = NdArray.f32(s(1, 2, 2), 1, 1, 1, 1);
    NdArray c = Attention.scaledDotProductAttention(q2, k, v, hide, NdArray.f32(s(), 0.5f), true);
    assertEquals(10f, c.floats()[0], 1e-6);
    assertEquals(10 * (1 - p) + 20 * p, c.floats()[1], 1e-5);
    assertThrows(OpInputException.class,
        () -> Attention.scaledDotProductAttention(q, k, NdArray.f32(s(1, 3, 1), 1, 2, 3), null, null, false));
    NdArray h = Attention.scaledDotProductAttention(NdArray.f16(s(1, 1, 2), 1, 1), NdArray.f16(s(1, 2, 2), 0, 0, 1, 1),
        NdArray.f16(s(1, 2, 1), 10, 20), hide, null, false);
    assertEquals(ElementType.F16, h.type());
    assertEquals(10f, h.floats()[0]);
  }

  @Test
  void fakeQuantizeFormula() {
    // levels 256 over [0, 2.55] -> [0, 255] step 0.01
    NdArray x = NdArray.f32(s(5), -1, 0.004f, 0.005f, 1.236f, 3);
    NdArray r = Quantization.fakeQuantize(x, NdArray.f32(s(), 0), NdArray.f32(s(), 2.55f),
        NdArray.f32(s(), 0), NdArray.f32(s(), 255), FakeQuantizeAttrs.numpy(256));
    float[] y = r.floats();
    assertEquals(0f, y[0]);
    assertEquals(0f, y[1]);
    // 0.005f / 2.55f * 255 is a hair below or above 0.5 in float arithmetic; recompute it exactly as OpenVINO does
    float q = (float) Math.rint(0.005f / 2.55f * 255f) / 255f * 255f + 0f;
    assertEquals(q, y[2]);
    assertEquals(124f, y[3]);
    assertEquals(255f, y[4]);
    // ties go to even: 2.5 -> 2, 3.5 -> 4 with levels 11 on [0, 10]
    NdArray t = Quantization.fakeQuantize(NdArray.f32(s(2), 2.5f, 3.5f), NdArray.f32(s(), 0), NdArray.f32(s(), 10),
        NdArray.f32(s(), 0), NdArray.f32(s(), 10), FakeQuantizeAttrs.numpy(11));
    assertArrayEquals(new float[] {2, 4}, t.floats());
  }

  @Test
  void fakeQuantizePerChannelBroadcast() {
    NdArray x = NdArray.f32(s(1, 2, 2), 0.3f, 0.6f, 0.3f, 0.6f);
    NdArray il = NdArray.f32(s(1, 2, 1), 0, 0);
    NdArray ih = NdArray.f32(s(1, 2, 1), 1, 2);
    NdArray ol = NdArray.f32(s(1, 2, 1), 0, -1);
    NdArray oh = NdArray.f32(s(1, 2, 1), 1, 1);
    NdArray r = Quantization.fakeQuantize(x, il, ih, ol, oh, FakeQuantizeAttrs.numpy(3));
    // channel 0: levels at 0, .5, 1 -> 0.5, 0.5 ; channel 1: in step 1 -> q=round(0.3)=0, round(0.6)=1 -> -1, 0
    assertArrayEquals(new float[] {0.5f, 0.5f, -1f, 0f}, r.floats());
    assertThrows(OpInputException.class, () -> Quantization.fakeQuantize(x, NdArray.f32(s(3), 0, 0, 0), ih, ol, oh,
        FakeQuantizeAttrs.numpy(3)));
    assertThrows(OpAttributeException.class, () -> FakeQuantizeAttrs.numpy(1));
    NdArray h = Quantization.fakeQuantize(NdArray.f16(s(1), 0.3f), NdArray.f16(s(), 0), NdArray.f16(s(), 1),
        NdArray.f16(s(), 0), NdArray.f16(s(), 1), FakeQuantizeAttrs.numpy(4));
    assertEquals(Float.float16ToFloat(Float.floatToFloat16(1f / 3)), h.floats()[0]);
    // f16 steps: (x - il) = 0.0999755859375 is rounded to f16 before scaling; 0.1f itself is not an f16 value.
    // levels 1001 over [0, 1] -> q = rint(f16(0.0999755859375 * 1000) = 100.0) = 100; 100/1000 in float
    // = 0.1f, then rounded once to f16 0.0999755859375
    NdArray h2 = Quantization.fakeQuantize(NdArray.f16(s(1), 0.1f), NdArray.f16(s(), 0), NdArray.f16(s(), 1),
        NdArray.f16(s(), 0), NdArray.f16(s(), 1), FakeQuantizeAttrs.numpy(1001));
    assertEquals(0.0999755859375f, h2.floats()[0]);
  }
}
