package dev.jvino.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ref.UnsupportedOpException;
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

class StatefulAndDecompressionTest {
  private static final ReferenceEngine ENGINE = new ReferenceEngine();

  @Test
  void statefulAccumulatorKeepsStatePerSessionUntilReset() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 2));
    Node init = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {1, 2}, 0, 0));
    Node read = Ops.readValue(init.output(), "acc");
    Node sum = Ops.add(x.output(), read.output());
    Node assign = Ops.assign(sum.output(), "acc");
    Model m = new Model("acc", List.of(x), List.of(Ops.result(sum.output())), List.of(assign));
    CompiledModel cm = ENGINE.compile(m);
    InferSession s = cm.createSession();
    long[] shape = {1, 2};
    assertEquals(NdArray.f32(shape, 1, 2), s.infer(List.of(NdArray.f32(shape, 1, 2))).get(0));
    assertEquals(NdArray.f32(shape, 11, 22), s.infer(List.of(NdArray.f32(shape, 10, 20))).get(0));
    assertEquals(NdArray.f32(shape, 11, 22), s.state().get("acc"));
    // another session has its own variables
    assertEquals(NdArray.f32(shape, 5, 5), cm.createSession().infer(List.of(NdArray.f32(shape, 5, 5))).get(0));
    s.resetState();
    assertTrue(s.state().isEmpty());
    assertEquals(NdArray.f32(shape, 10, 20), s.infer(List.of(NdArray.f32(shape, 10, 20))).get(0));
  }

  @Test
  void readValueWithoutInitStartsFromZeros() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(2));
    Node read = Ops.node("ReadValue", "opset6", List.of());
    read.attributes().set("variable_id", "v").set("variable_type", ElementType.F32).set("variable_shape", "[2]");
    read.addOutput(ElementType.F32, PartialShape.of(2));
    Node sum = Ops.add(x.output(), read.output());
    Node assign = Ops.assign(sum.output(), "v");
    Model m = new Model("m", List.of(x), List.of(Ops.result(sum.output())), List.of(assign));
    InferSession s = ENGINE.compile(m).createSession();
    s.infer(List.of(NdArray.f32(new long[] {2}, 1, 1)));
    assertEquals(NdArray.f32(new long[] {2}, 3, 4), s.infer(List.of(NdArray.f32(new long[] {2}, 2, 3))).get(0));
  }

  private static Output c(ElementType t, long[] shape, long... v) {
    return Ops.constant(ConstantData.ofLongs(t, shape, v)).output();
  }

  private static Output f16(long[] shape, float... v) {
    return Ops.constant(ConstantData.ofFloats(ElementType.F16, shape, v)).output();
  }

  /** Runs a model whose single output is {@code weight} (folded at compile time). */
  private static NdArray evalConstant(Output weight) {
    Node x = Ops.parameter("unused", ElementType.F32, PartialShape.of(1));
    Model m = new Model("w", List.of(x), List.of(Ops.result(weight)));
    return ENGINE.compile(m).createSession().infer(List.of(NdArray.f32(new long[] {1}, 0))).get(0);
  }

  @Test
  void u4AsymmetricDecompressionFeedsMatMul() {
    // codes u4 [2,3], zero points u4 [2,1], scales f16 [2,1]: (c - zp) * s
    Output codes = Ops.convert(c(ElementType.U4, new long[] {2, 3}, 0, 5, 15, 8, 3, 1), ElementType.F16).output();
    Output zp = Ops.convert(c(ElementType.U4, new long[] {2, 1}, 8, 2), ElementType.F16).output();
    Output sub = Ops.subtract(codes, zp).output();
    Output mul = Ops.multiply(sub, f16(new long[] {2, 1}, 0.5f, 0.25f)).output();
    Output w = Ops.convert(mul, ElementType.F32).output();
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 3));
    Node mm = Ops.matMul(x.output(), w, false, true);
    Model m = new Model("wc", List.of(x), List.of(Ops.result(mm.output()), Ops.result(w)));
    ExecutionPlan plan = (ExecutionPlan) ENGINE.compile(m);
    InferResult r = plan.createSession().infer(List.of(NdArray.f32(new long[] {1, 3}, 1, 2, 3)));
    // W = [[-4, -1.5, 3.5], [1.5, 0.25, -0.25]]; x W^T = [-4 - 3 + 10.5, 1.5 + 0.5 - 0.75]
    assertArrayEquals(new float[] {-4, -1.5f, 3.5f, 1.5f, 0.25f, -0.25f}, r.get(1).floats());
    assertArrayEquals(new float[] {3.5f, 1.25f}, r.get(0).floats());
    assertEquals(1, plan.foldedCount(), "only the final f32 weight stays");
  }

  @Test
  void i4GroupedDecompressionWithReshape() {
    Output codes = Ops.convert(c(ElementType.I4, new long[] {1, 2, 2}, -8, 7, 1, -1), ElementType.F16).output();
    Output mul = Ops.multiply(codes, f16(new long[] {1, 2, 1}, 0.5f, 2)).output();
    Output flat = Ops.reshape(mul, new long[] {1, 4}, false).output();
    Output w = Ops.convert(flat, ElementType.F32).output();
    assertArrayEquals(new float[] {-4, 3.5f, 2, -2}, evalConstant(w).floats());
  }

  @Test
  void nf4AndFloat8AndFloat4ConstantsDecodeThroughConvert() {
    // nf4 codes 0, 15, 7, 8 (LSB first): -1, 1, 0, 0.0795803 -> f16
    Output nf4 = Ops.constant(ConstantData.ofBytes(ElementType.NF4, new long[] {4}, new byte[] {(byte) 0xF0,
        (byte) 0x87})).output();
    Output nf4w = Ops.multiply(Ops.convert(nf4, ElementType.F16).output(), f16(new long[] {1}, 2)).output();
    float q = Float.float16ToFloat(Float.floatToFloat16(0.0795803f));
    assertArrayEquals(new float[] {-2, 2, 0, 2 * q}, evalConstant(nf4w).floats());
    // f8e4m3 0x38 = 1.0, 0xC4 = -(1 + 4/8) * 2 = -3
    Output f8 = Ops.constant(ConstantData.ofBytes(ElementType.F8E4M3, new long[] {2}, new byte[] {0x38,
        (byte) 0xC4})).output();
    assertArrayEquals(new float[] {1, -3}, evalConstant(Ops.convert(f8, ElementType.F32).output()).floats());
    // f4e2m1 codes 0b0010 = 1, 0b0111 = 6, 0b1011 = -1.5
    Output f4 = Ops.constant(ConstantData.ofBytes(ElementType.F4E2M1, new long[] {3}, new byte[] {0x72,
        0x0B})).output();
    assertArrayEquals(new float[] {1, 6, -1.5f}, evalConstant(Ops.convert(f4, ElementType.F16).output()).floats());
  }

  @Test
  void packedConstantReadByAnotherOpIsRejected() {
    Output f8 = Ops.constant(ConstantData.ofBytes(ElementType.F8E4M3, new long[] {2}, new byte[] {0x38, 0x38}))
        .output();
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1));
    Model m = new Model("m", List.of(x), List.of(Ops.result(f8)));
    UnsupportedOpException e = assertThrows(UnsupportedOpException.class, () -> ENGINE.compile(m));
    assertTrue(e.getMessage().contains("f8e4m3"), e.getMessage());
  }

  @Test
  void codebookGatherDecompression() {
    Output codebook = f16(new long[] {4}, -1, -0.25f, 0.5f, 2);
    Output idx = Ops.convert(c(ElementType.U4, new long[] {2, 2}, 3, 0, 1, 2), ElementType.U8).output();
    Output g = Ops.gather(codebook, idx, 0, 0).output();
    Output mul = Ops.multiply(g, f16(new long[] {2, 1}, 1, 4)).output();
    Output w = Ops.convert(mul, ElementType.F32).output();
    assertArrayEquals(new float[] {2, -1, -1, 2}, evalConstant(w).floats());
  }
}
