package dev.jvino.nncf.quantization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OpenVINO's weight FakeQuantize folding on hand-made quantizers whose codes, scales and zero points
 * follow from the formula by hand: {@code scale = (oh - ol) / (levels - 1)}, {@code zp = newLow - ol / scale},
 * codes on {@code [newLow, newLow + levels - 1]}.
 */
class CompressQuantizeWeightsTest {
  static Output c(float... v) {
    return Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[0], v)).output();
  }

  /** x[1,4] @ FQ(weight[4,1]) with one range for every element. */
  static Model model(Output weight, float lo, float hi, long levels) {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 4));
    Node fq = Ops.fakeQuantize(weight, c(lo), c(hi), c(lo), c(hi), levels);
    fq.setName("MatMul/fq_weights_1");
    Node mm = Ops.matMul(x.output(), fq.output(), false, false);
    mm.setName("MatMul");
    return new Model("m", List.of(x), List.of(Ops.result(mm.output())));
  }

  static Output weight(float... v) {
    return Ops.constant("w", ConstantData.ofFloats(ElementType.F32, new long[] {4, 1}, v)).output();
  }

  static float[] run(Model m) {
    return new ReferenceEngine().compile(m).createSession().infer(List.of(NdArray.f32(new long[] {1, 4}, 1, 2, 3, 4)))
        .get(0).floats();
  }

  @Test
  void asymmetricRangeKeepsItsZeroPoint() {
    // [-1, 2], 256 levels: scale 3/255, zp = -128 + 85 = -43; code(2) - zp = 170 does not fit i8, so no fold
    Model m = model(weight(-1f, 0f, 2f, 0.5f), -1f, 2f, 256);
    float[] before = run(m);
    assertEquals(List.of("MatMul/fq_weights_1"), CompressQuantizeWeights.apply(m));
    Node mul = m.node("MatMul/fq_weights_1").orElseThrow();
    assertEquals("Multiply", mul.type());
    Node sub = mul.inputNode(0);
    assertEquals("Subtract", sub.type());
    assertEquals(-43f, sub.inputNode(1).constantData().toFloatArray()[0], 1e-4f);
    ConstantData codes = sub.inputNode(0).inputNode(0).constantData();
    assertEquals(ElementType.I8, codes.elementType());
    // -1 -> -128; 0 -> rint(85) - 128 = -43; 2 -> 127; 0.5 -> rint(127.5) = 128 (even) - 128 = 0
    assertArrayEquals(new long[] {-128, -43, 127, 0}, codes.toLongArray());
    assertEquals(3f / 255f, mul.inputNode(1).constantData().toFloatArray()[0]);
    assertArrayEquals(before, run(m), 1e-5f);
  }

  @Test
  void nonNegativeRangeIsUnsignedWithoutZeroPoint() {
    Model m = model(weight(0f, 0.25f, 1f, 0.5f), 0f, 1f, 256);
    float[] before = run(m);
    CompressQuantizeWeights.apply(m);
    Node mul = m.node("MatMul/fq_weights_1").orElseThrow();
    Node convert = mul.inputNode(0);
    assertEquals("Convert", convert.type());
    ConstantData codes = convert.inputNode(0).constantData();
    assertEquals(ElementType.U8, codes.elementType());
    // rint(0.25 * 255 = 63.75) = 64; rint(127.5) = 128
    assertArrayEquals(new long[] {0, 64, 255, 128}, codes.toLongArray());
    assertEquals(1f / 255f, mul.inputNode(1).constantData().toFloatArray()[0]);
    assertArrayEquals(before, run(m), 1e-6f);
  }

  @Test
  void f16WeightsBehindAConvertAreRead() {
    Node w16 = Ops.constant("w", ConstantData.ofFloats(ElementType.F16, new long[] {4, 1}, -1f, 0.5f, 1f, -0.25f));
    Model m = model(Ops.convert(w16.output(), ElementType.F32).output(), -1f, 1f, 255);
    CompressQuantizeWeights.apply(m);
    Node mul = m.node("MatMul/fq_weights_1").orElseThrow();
    ConstantData codes = mul.inputNode(0).inputNode(0).constantData();
    // symmetric narrow [-1, 1]: scale 2/254, codes -127..127, no zero point;
    // 0.5 -> rint(1.5 / 2 * 254 = 190.5) = 190 (half to even) - 127 = 63; -0.25 -> rint(95.25) - 127 = -32
    assertEquals(ElementType.I8, codes.elementType());
    assertArrayEquals(new long[] {-127, 63, 127, -32}, codes.toLongArray());
    assertEquals(2f / 254f, mul.inputNode(1).constantData().toFloatArray()[0]);
  }

  @Test
  void fourBitAndActivationQuantizersStay() {
    Model m = model(weight(0f, 1f, 2f, 3f), 0f, 3f, 16);
    assertEquals(List.of(), CompressQuantizeWeights.apply(m));
    assertEquals("FakeQuantize", m.node("MatMul/fq_weights_1").orElseThrow().type());
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 4));
    Node fq = Ops.fakeQuantize(x.output(), c(0f), c(1f), c(0f), c(1f), 256);
    Model act = new Model("a", List.of(x), List.of(Ops.result(fq.output())));
    assertEquals(List.of(), CompressQuantizeWeights.apply(act));
    assertTrue(act.nodesOfType("FakeQuantize").size() == 1);
  }
}
