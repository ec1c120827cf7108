package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.InferResult;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.ref.FakeConvert.Destination;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeConvertTest {
  private static final NdArray ONE = NdArray.f32(new long[] {1}, 1f);

  private static float[] run(Destination d, float... x) {
    return FakeConvert.fakeConvert(NdArray.f32(new long[] {x.length}, x), ONE, null, d).floats();
  }

  @Test
  void e4m3RoundsToThreeMantissaBitsWithTiesToEven() {
    // 1.0625 lies halfway between 1.0 (even) and 1.125; 1.1875 halfway between 1.125 (odd) and 1.25
    // -3.3 = -2 * 1.65: nearest of 1.625 / 1.75 is 1.625 -> -3.25; -0 is flushed to +0 like all tiny values
    assertArrayEquals(new float[] {1f, 1f, 1.25f, 1.125f, -3.25f, 0f},
        run(Destination.F8E4M3, 1f, 1.0625f, 1.1875f, 1.07f, -3.3f, -0f));
  }

  @Test
  void e4m3SaturatesAt448IncludingInfinity() {
    assertArrayEquals(new float[] {448f, 448f, 448f, -448f, 448f, 448f},
        run(Destination.F8E4M3, 460f, 500f, 1e6f, -1e6f, Float.POSITIVE_INFINITY, 440f));
    // 432 is halfway between 416 (odd mantissa) and 448 -> 448; 420 rounds down to 416
    assertArrayEquals(new float[] {448f, 416f}, run(Destination.F8E4M3, 432f, 420f));
  }

  @Test
  void e4m3SmallValuesFollowTheReferenceEmulation() {
    // below 2^-9 flushes to zero; 0.01 = 1.28 * 2^-7 -> 1.25 * 2^-7 (a true E4M3 subnormal)
    // 0.003 = 1.536 * 2^-9: the emulation rounds the mantissa to three bits (1.5) before truncating it
    // to the subnormal's zero bits, giving 2^-9 where a direct E4M3 conversion would give 2^-8
    assertArrayEquals(new float[] {0f, 0.009765625f, 0.001953125f, -0.001953125f},
        run(Destination.F8E4M3, 0.001f, 0.01f, 0.003f, -0.003f));
  }

  @Test
  void e5m2RoundsToTwoMantissaBitsAndSaturatesFiniteValues() {
    // 1.125 is a tie between 1.0 (even) and 1.25; 1.375 between 1.25 (odd) and 1.5
    assertArrayEquals(new float[] {1f, 1f, 1.5f, -3.5f},
        run(Destination.F8E5M2, 1.1f, 1.125f, 1.375f, -3.3f));
    // 57000 rounds up to the largest finite 57344; 60000 rounds down to it; 61440 is a tie that rounds
    // up to infinity and is clamped back; 70000 (infinite in f16) and infinities clamp to +/-57344
    assertArrayEquals(new float[] {57344f, 57344f, -57344f, 57344f, 57344f, 57344f, -57344f},
        run(Destination.F8E5M2, 57000f, 60000f, -60000f, 61440f, 70000f, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY));
    // 49152 + 4096 = 53248 is halfway between 49152 (even) and 57344 -> 49152
    assertArrayEquals(new float[] {49152f}, run(Destination.F8E5M2, 53248f));
  }

  @Test
  void nanFollowsTheReferenceEmulation() {
    // the E4M3 emulation treats every exponent above 8 (NaN included) as overflow and clamps it to 448;
    // the E5M2 emulation leaves a NaN untouched
    assertArrayEquals(new float[] {448f}, run(Destination.F8E4M3, Float.NaN));
    assertTrue(Float.isNaN(run(Destination.F8E5M2, Float.NaN)[0]));
  }

  @Test
  void scaleAndShiftAreAppliedBeforeAndUndoneAfter() {
    // 100 * 0.5 = 50 = 32 * 1.5625, a tie -> 48 -> 48 / 0.5 = 96
    NdArray r = FakeConvert.fakeConvert(NdArray.f32(new long[] {1}, 100f), NdArray.f32(new long[] {1}, 0.5f),
        null, Destination.F8E4M3);
    assertArrayEquals(new float[] {96f}, r.floats());
    // 10 * 1 - 0.3 = 9.7 -> 10 -> (10 + 0.3) / 1
    NdArray s = FakeConvert.fakeConvert(NdArray.f32(new long[] {1}, 10f), ONE,
        NdArray.f32(new long[] {1}, 0.3f), Destination.F8E4M3);
    assertArrayEquals(new float[] {10f + 0.3f}, s.floats());
  }

  @Test
  void perChannelScaleAndShiftBroadcast() {
    long[] shape = {1, 2, 3};
    NdArray x = NdArray.f32(shape, 1.1f, 2.2f, -5f, 10f, 4.4f, -4f);
    NdArray scale = NdArray.f32(new long[] {1, 2, 1}, 1f, 0.25f);
    NdArray shift = NdArray.f32(new long[] {1, 2, 1}, 0f, 1f);
    NdArray r = FakeConvert.fakeConvert(x, scale, shift, Destination.F8E4M3);
    // channel 0 converts directly; channel 1: x*0.25 - 1 -> 1.5, 0.1 (-> 0.1015625), -2 -> (y + 1) / 0.25
    assertArrayEquals(new long[] {1, 2, 3}, r.shape());
    assertArrayEquals(new float[] {1.125f, 2.25f, -5f, 10f, 4.40625f, -4f}, r.floats());
  }

  @Test
  void f16DataRoundsEveryStepToF16() {
    // f16(0.1) = 0.0999755859375; 1000 * that = 99.976 -> f16 100 -> E4M3 tie -> 96;
    // 96 / 0.0999755859375 = 960.23 -> f16 960 (an f32 pipeline would keep 960.234...)
    NdArray r = FakeConvert.fakeConvert(NdArray.f16(new long[] {2}, 1000f, -3.3f),
        NdArray.f16(new long[] {1}, 0.1f), null, Destination.F8E4M3);
    assertEquals(ElementType.F16, r.type());
    assertEquals(960f, r.floats()[0]);
    // f16(-3.3) = -3.30078125; * f16(0.1) = -0.33 = -1.32 * 2^-2 -> E4M3 -1.375 * 2^-2 = -0.34375;
    // -0.34375 / 0.0999755859375 = -3.4383 -> f16 (step 2^-9) -3.4375
    assertEquals(-3.4375f, r.floats()[1]);
  }

  @Test
  void bf16DataIsSupported() {
    // bf16(3.3) = 3.296875 -> E4M3 3.25
    NdArray x = NdArray.ofFloats(ElementType.BF16, new long[] {1}, new float[] {3.296875f});
    NdArray one = NdArray.ofFloats(ElementType.BF16, new long[] {1}, new float[] {1f});
    NdArray r = FakeConvert.fakeConvert(x, one, null, Destination.F8E5M2);
    assertEquals(ElementType.BF16, r.type());
    assertEquals(3.5f, r.floats()[0]); // E5M2: 1.648 -> 1.75
  }

  @Test
  void otherDestinationTypesAndBadShapesAreRejected() {
    OpAttributeException e = assertThrows(OpAttributeException.class, () -> KernelRegistry.evaluate(
        "FakeConvert", 13, List.of(ONE, ONE), Map.of("destination_type", "f16")));
    assertEquals("destination_type", e.attribute());
    assertEquals("f16", e.value());
    assertTrue(e.getMessage().contains("FakeConvert-13"), e.getMessage());
    OpInputException bad = assertThrows(OpInputException.class, () -> FakeConvert.fakeConvert(
        NdArray.f32(new long[] {2}, 1f, 2f), NdArray.f32(new long[] {3}, 1f, 1f, 1f), null, Destination.F8E4M3));
    assertTrue(bad.getMessage().contains("FakeConvert-13"), bad.getMessage());
    OpInputException shift = assertThrows(OpInputException.class, () -> FakeConvert.fakeConvert(
        NdArray.f32(new long[] {2}, 1f, 2f), NdArray.f32(new long[] {2}, 1f, 1f), ONE, Destination.F8E4M3));
    assertTrue(shift.getMessage().contains("shift"), shift.getMessage());
  }

  @Test
  void runsThroughTheReferenceEngine() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 2, 3));
    Node scale = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {1, 2, 1}, 1f, 0.25f));
    Node shift = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {1, 2, 1}, 0f, 1f));
    Node fc = Ops.node("FakeConvert", "opset13", List.of(x.output(), scale.output(), shift.output()));
    fc.attributes().set("destination_type", "f8e4m3");
    fc.addOutput(ElementType.F32, PartialShape.of(1, 2, 3));
    Model m = new Model("fc", List.of(x), List.of(Ops.result(fc.output())));
    InferResult r = new ReferenceEngine().compile(m).createSession()
        .infer(List.of(NdArray.f32(new long[] {1, 2, 3}, 1.1f, 2.2f, 500f, 10f, 4.4f, -4f)));
    assertArrayEquals(new float[] {1.125f, 2.25f, 448f, 10f, 4.40625f, -4f}, r.get(0).floats());
  }
}
