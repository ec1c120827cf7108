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
import dev.jvino.ir.PartialShape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceEngineTest {
  static final long[] S13 = {1, 3};

  /** x[1,3] -> MatMul W1[3,2] -> Add b -> Relu -> MatMul W2[2,1]; the hidden activation is a second output. */
  static Model mlp() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 3));
    Node w1 = Ops.constant("w1", ConstantData.ofFloats(ElementType.F32, new long[] {3, 2}, 1, -1, 0, 1, 2, 0));
    Node mm1 = Ops.matMul(x.output(), w1.output(), false, false);
    mm1.setName("mm1");
    Node b = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {2}, -8, 0.5f));
    Node add = Ops.add(mm1.output(), b.output());
    add.setName("add");
    Node relu = Ops.relu(add.output());
    relu.setName("relu");
    Node w2 = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {2, 1}, 2, 4));
    Node mm2 = Ops.matMul(relu.output(), w2.output(), false, false);
    mm2.setName("mm2");
    mm2.output().names().add("logits");
    Node r1 = Ops.result(mm2.output());
    r1.setName("out");
    Node r2 = Ops.result(relu.output());
    r2.setName("hidden");
    return new Model("mlp", List.of(x), List.of(r1, r2));
  }

  @Test
  void mlpComputesHandValues() {
    InferSession s = new ReferenceEngine().compile(mlp()).createSession();
    // x@W1 = [7, 1]; + b = [-1, 1.5]; relu = [0, 1.5]; @W2 = 0*2 + 1.5*4 = 6
    InferResult r = s.infer(List.of(NdArray.f32(S13, 1, 2, 3)));
    assertEquals(NdArray.f32(new long[] {1, 1}, 6), r.get(0));
    assertEquals(NdArray.f32(new long[] {1, 2}, 0, 1.5f), r.get("hidden"));
    assertEquals(r.get(0), r.get("logits"));
    assertEquals(r.get(0), r.get("out"));
    // named input, another sample: x@W1 = [-1+0+2, 1+1+0] = [1, 2] -> [-7, 2.5] -> [0, 2.5] -> 10
    InferResult r2 = s.infer(Map.of("x", NdArray.f32(S13, -1, 1, 1)));
    assertEquals(NdArray.f32(new long[] {1, 1}, 10), r2.get(0));
  }

  @Test
  void intermediatesAreReleasedAfterTheirLastReader() {
    ExecutionPlan plan = (ExecutionPlan) new ReferenceEngine().compile(mlp());
    assertEquals(List.of("mm1:0"), plan.releasedAfter("add"));
    assertEquals(List.of("add:0"), plan.releasedAfter("relu"));
    // relu's output is read by mm2 and by the Result 'hidden': it goes after whichever of them runs last
    List<String> afterBoth = new java.util.ArrayList<>(plan.releasedAfter("hidden"));
    afterBoth.addAll(plan.releasedAfter("mm2"));
    assertTrue(afterBoth.remove("relu:0"), afterBoth.toString());
    assertTrue(afterBoth.stream().noneMatch(t -> t.startsWith("relu")), afterBoth.toString());
    // constants are never released: they are folded once, at compile time
    assertEquals(3, plan.foldedCount());
  }

  @Test
  void unknownOpFailsAtCompileNamingTypeVersionAndNode() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(4));
    Node nms = Ops.node("NonMaxSuppression", "opset9", List.of(x.output()));
    nms.setName("nms");
    nms.addOutput(ElementType.F32, PartialShape.of(4));
    Model m = new Model("m", List.of(x), List.of(Ops.result(nms.output())));
    UnsupportedOpException e = assertThrows(UnsupportedOpException.class, () -> new ReferenceEngine().compile(m));
    assertTrue(e.getMessage().contains("NonMaxSuppression-opset9"), e.getMessage());
    assertTrue(e.getMessage().contains("'nms'"), e.getMessage());
    assertTrue(e.getMessage().contains("OpenVINO engine"), e.getMessage());
  }

  @Test
  void unsupportedVersionIsNamed() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(4));
    Node sm = Ops.softmax(x.output(), 0);
    sm.setVersion("extension");
    Model m = new Model("m", List.of(x), List.of(Ops.result(sm.output())));
    UnsupportedOpException e = assertThrows(UnsupportedOpException.class, () -> new ReferenceEngine().compile(m));
    assertTrue(e.getMessage().contains("Softmax-extension"), e.getMessage());
    assertTrue(e.getMessage().contains("[1, 8]"), e.getMessage());
  }

  @Test
  void opsetSelectsTheNewestOpVersionNotAboveIt() {
    // Softmax in opset1 is Softmax-1 (non-negative axis only), in opset8 Softmax-8
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 2));
    Node sm = Ops.softmax(x.output(), -1);
    Model m = new Model("m", List.of(x), List.of(Ops.result(sm.output())));
    NdArray in = NdArray.f32(new long[] {1, 2}, 0, 0);
    assertEquals(NdArray.f32(new long[] {1, 2}, 0.5f, 0.5f), new ReferenceEngine().compile(m).createSession()
        .infer(List.of(in)).get(0));
    sm.setVersion("opset1");
    InferSession s1 = new ReferenceEngine().compile(m).createSession();
    NodeExecutionException e = assertThrows(NodeExecutionException.class, () -> s1.infer(List.of(in)));
    assertTrue(e.getMessage().contains("Softmax-1"), e.getMessage());
  }

  @Test
  void convolutionAndConvertLike() {
    // 3x3 input 0..8, 2x2 kernel of ones, stride 1, no padding: window sums 8, 12, 20, 24
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 1, 3, 3));
    Node w = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {1, 1, 2, 2}, 1, 1, 1, 1));
    Node conv = Ops.convolution(x.output(), w.output(), new long[] {1, 1}, new long[] {0, 0}, new long[] {0, 0},
        new long[] {1, 1});
    Node like = Ops.node("ConvertLike", "opset1", List.of(conv.output(),
        Ops.constant(ConstantData.ofFloats(ElementType.F16, new long[] {1}, 0)).output()));
    like.addOutput(ElementType.F16, PartialShape.of(1, 1, 2, 2));
    Model m = new Model("conv", List.of(x), List.of(Ops.result(like.output())));
    NdArray out = new ReferenceEngine().compile(m).createSession()
        .infer(List.of(NdArray.f32(new long[] {1, 1, 3, 3}, 0, 1, 2, 3, 4, 5, 6, 7, 8))).get(0);
    assertEquals(NdArray.f16(new long[] {1, 1, 2, 2}, 8, 12, 20, 24), out);
  }

  @Test
  void kernelErrorsNameTheNode() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.dynamic(1));
    Node r = Ops.reshape(x.output(), new long[] {3, 3}, false);
    r.setName("bad_reshape");
    Model m = new Model("m", List.of(x), List.of(Ops.result(r.output())));
    InferSession s = new ReferenceEngine().compile(m).createSession();
    NodeExecutionException e = assertThrows(NodeExecutionException.class,
        () -> s.infer(List.of(NdArray.f32(new long[] {4}, 1, 2, 3, 4))));
    assertEquals("bad_reshape", e.nodeName());
    // shapes are evaluated at run time: 9 elements fit
    assertEquals(List.of(3L, 3L), java.util.Arrays.stream(
        s.infer(List.of(NdArray.f32(new long[] {9}, new float[9]))).get(0).shape()).boxed().toList());
  }

  @Test
  void inputsAreValidated() {
    InferSession s = new ReferenceEngine().compile(mlp()).createSession();
    assertThrows(EngineInputException.class, () -> s.infer(List.of()));
    EngineInputException type = assertThrows(EngineInputException.class,
        () -> s.infer(List.of(NdArray.f16(S13, 1, 2, 3))));
    assertTrue(type.getMessage().contains("f16"), type.getMessage());
    assertThrows(EngineInputException.class, () -> s.infer(List.of(NdArray.f32(new long[] {3}, 1, 2, 3))));
    assertThrows(EngineInputException.class, () -> s.infer(Map.of("y", NdArray.f32(S13, 1, 2, 3))));
    assertThrows(EngineInputException.class,
        () -> s.infer(Map.of("x", NdArray.f32(S13, 1, 2, 3), "y", NdArray.f32(S13, 1, 2, 3))));
  }

  @Test
  void f16ModelRoundsEveryResultToF16() {
    Node x = Ops.parameter("x", ElementType.F16, PartialShape.of(3));
    Node three = Ops.constant(ConstantData.ofFloats(ElementType.F16, new long[] {3}, 3, 3, 3));
    Node mul = Ops.multiply(x.output(), three.output());
    Model m = new Model("f16", List.of(x), List.of(Ops.result(mul.output())));
    NdArray in = NdArray.f16(new long[] {3}, 1.0009765625f, 0.1f, 60000f);
    NdArray out = new ReferenceEngine().compile(m).createSession().infer(List.of(in)).get(0);
    assertEquals(ElementType.F16, out.type());
    // 3*(1+2^-10) = 3 + 1.5 ulp -> ties to even -> 3 + 2 ulp; 3*0.0999755859375 = 1228.5 ulp -> 1228 ulp
    assertArrayEquals(new float[] {3.00390625f, 0.2998046875f, Float.POSITIVE_INFINITY}, out.floats());
  }

  @Test
  void multiOutputNodeWithAnUnreadOutput() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(4));
    Node split = Ops.node("Split", "opset1", List.of(x.output(),
        Ops.constant(ConstantData.i64Scalar(0)).output()));
    split.attributes().set("num_splits", 2);
    split.setName("split");
    split.addOutput(ElementType.F32, PartialShape.of(2));
    split.addOutput(ElementType.F32, PartialShape.of(2));
    Node neg = Ops.unary("Negative", split.output(1));
    Model m = new Model("split", List.of(x), List.of(Ops.result(neg.output())));
    ExecutionPlan plan = (ExecutionPlan) new ReferenceEngine().compile(m);
    assertEquals(NdArray.f32(new long[] {2}, -3, -4),
        plan.createSession().infer(List.of(NdArray.f32(new long[] {4}, 1, 2, 3, 4))).get(0));
    // output 0 has no reader: it is dropped right after the Split; x is dropped there too
    assertTrue(plan.releasedAfter("split").containsAll(List.of("split:0", "x")), plan.releasedAfter("split").toString());
  }

  @Test
  void registryListsDispatchedOps() {
    Map<String, java.util.Set<String>> ops = KernelTable.standard().supportedOps();
    assertEquals(java.util.Set.of("v1", "v8"), ops.get("Softmax"));
    assertEquals(java.util.Set.of("opset1"), ops.get("convertlike"));
    assertTrue(ops.containsKey("MatMul") && ops.containsKey("ReduceMax") && ops.containsKey("Convolution"));
  }
}
