package dev.jvino.ir;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphApiTest {
  static float[] seq(int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (i - n / 2f) * scale;
    }
    return v;
  }

  @Test
  void buildsMlpWithInferredShapesAndTopologicalOrder() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(-1, 4));
    Node w = Ops.constant("w", ConstantData.ofFloats(ElementType.F32, new long[] {3, 4}, seq(12, 0.1f)));
    Node mm = Ops.matMul(x.output(), w.output(), false, true);
    Node b = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {1, 3}, 1, 2, 3));
    Node add = Ops.add(mm.output(), b.output());
    Node relu = Ops.relu(add.output());
    Node res = Ops.result(relu.output());
    Model m = new Model("mlp", List.of(x), List.of(res));

    assertEquals(PartialShape.of(-1, 3), relu.output().shape());
    assertEquals(ElementType.F32, relu.output().elementType());
    List<Node> ops = m.ops();
    assertEquals(7, ops.size());
    for (Node n : ops) {
      for (Input in : n.inputs()) {
        assertTrue(ops.indexOf(in.source().node()) < ops.indexOf(n), n + " before its input");
      }
    }
    assertEquals(List.of(mm), m.nodesOfType("matmul"));
    assertEquals(w, m.node("w").orElseThrow());
    assertEquals(List.of(mm.input(1)), w.output().consumers());
  }

  @Test
  void rejectsInvalidBuilds() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(2, 4));
    Node w = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {5, 3}, new float[15]));
    InvalidGraphException e = assertThrows(InvalidGraphException.class,
        () -> Ops.matMul(x.output(), w.output(), false, false));
    assertTrue(e.getMessage().contains("MatMul"), e.getMessage());
    Node i = Ops.parameter("i", ElementType.I32, PartialShape.of(2, 4));
    assertThrows(InvalidGraphException.class, () -> Ops.add(x.output(), i.output()));
    assertThrows(InvalidGraphException.class, () -> Ops.reshape(x.output(), new long[] {3, -1}, false));
    assertThrows(InvalidGraphException.class, () -> Ops.transpose(x.output(), 0, 0));
  }

  @Test
  void structuralShapeInference() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(2, 3, 4));
    assertEquals(PartialShape.of(2, 12), Ops.reshape(x.output(), new long[] {0, -1}, true).output().shape());
    assertEquals(PartialShape.of(4, 2, 3), Ops.transpose(x.output(), 2, 0, 1).output().shape());
    assertEquals(PartialShape.of(2, 6, 4),
        Ops.concat(List.of(x.output(), x.output()), -2).output().shape());
    Node ids = Ops.parameter("ids", ElementType.I64, PartialShape.of(-1, 7));
    Node emb = Ops.constant(ConstantData.ofFloats(ElementType.F16, new long[] {10, 8}, new float[80]));
    assertEquals(PartialShape.of(-1, 7, 8),
        Ops.gather(emb.output(), ids.output(), 0, 0).output().shape());
    Node img = Ops.parameter("img", ElementType.F32, PartialShape.of(1, 3, 32, 32));
    Node k = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {8, 3, 3, 3}, new float[216]));
    Node conv = Ops.convolution(img.output(), k.output(), new long[] {2, 2}, new long[] {1, 1},
        new long[] {1, 1}, new long[] {1, 1});
    assertEquals(PartialShape.of(1, 8, 16, 16), conv.output().shape());
    Node cvt = Ops.convert(x.output(), ElementType.F16);
    assertEquals(ElementType.F16, cvt.output().elementType());
    Node rv = Ops.readValue(x.output(), "state");
    assertEquals(PartialShape.of(2, 3, 4), rv.output().shape());
    assertEquals("3", rv.attributes().asMap().get("variable_shape").split(",")[1]);
  }

  @Test
  void editsKeepGraphValid() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 4));
    Node w = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {2, 4}, seq(8, 1)));
    Node mm = Ops.matMul(x.output(), w.output(), false, true);
    Node res = Ops.result(mm.output());
    Model m = new Model("m", List.of(x), List.of(res));

    // decompression subgraph replacing the f32 weight: u8 -> Convert -> Multiply(scale)
    Node q = Ops.constant(ConstantData.ofLongs(ElementType.U8, new long[] {2, 4}, 1, 2, 3, 4, 5, 6, 7, 8));
    Node cvt = Ops.convert(q.output(), ElementType.F32);
    Node scale = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {2, 1}, 0.5f, 2f));
    Node mul = Ops.multiply(cvt.output(), scale.output());
    m.replaceConsumers(w.output(), mul.output());
    assertSame(mul, mm.inputNode(1));
    assertTrue(w.output().consumers().isEmpty());
    assertFalse(m.ops().contains(w));

    // wrong replacement is refused
    Node bad = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {3, 4}, new float[12]));
    assertThrows(InvalidGraphException.class, () -> m.replaceConsumers(mul.output(), bad.output()));

    // insert a Convert on an edge: the MatMul type changes follow
    Node ins = m.insertOnEdge(res.input(0), o -> Ops.relu(o));
    assertSame(ins, res.inputNode(0));
    Node extra = m.addResult(cvt.output());
    assertEquals(2, m.results().size());
    assertEquals(PartialShape.of(2, 4), m.outputs().get(1).shape());
    m.removeResult(extra);
    m.bypass(ins);
    assertSame(mm, res.inputNode(0));

    // setting a constant of another shape re-infers downstream
    m.setConstant(scale, ConstantData.ofFloats(ElementType.F32, new long[] {1, 1}, 3f));
    assertEquals(PartialShape.of(2, 4), mul.output().shape());
    assertThrows(InvalidGraphException.class, () -> m.remove(mm));
  }

  @Test
  void detectsCycles() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(2));
    Node a = Ops.relu(x.output());
    Node b = Ops.relu(a.output());
    a.input(0).connect(b.output());
    Node r = Ops.result(b.output());
    Model m = new Model("c", List.of(x), List.of(r));
    assertThrows(InvalidGraphException.class, m::ops);
  }

  @Test
  void fp16CompressionFollowsOpenVinoRules() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(4));
    Node ok = Ops.constant("ok", ConstantData.ofFloats(ElementType.F32, new long[] {4}, 1f, 1e6f, -1e6f, 0.5f));
    Node huge = Ops.constant("huge", ConstantData.ofFloats(ElementType.F32, new long[] {4}, 1e6f, 1e-9f, -7e4f, 2f));
    Node precise = Ops.constant("precise", ConstantData.ofFloats(ElementType.F32, new long[] {4}, 1, 2, 3, 4));
    precise.rtInfo().putAttribute("precise", "0", null);
    Node a = Ops.add(Ops.add(Ops.add(x.output(), ok.output()).output(), huge.output()).output(),
        precise.output());
    Model m = new Model("m", List.of(x), List.of(Ops.result(a.output())));
    assertEquals(1, Models.compressToF16(m));
    Node cvt = m.node("ok").orElseThrow();
    assertEquals("Convert", cvt.type());
    assertTrue(cvt.rtInfo().find("decompression").isPresent());
    ConstantData half = cvt.inputNode(0).constantData();
    assertEquals("ok_compressed", cvt.inputNode(0).name());
    assertArrayEquals(new float[] {1f, 65504f, -65504f, 0.5f}, half.toFloatArray());
    assertEquals("Constant", m.node("huge").orElseThrow().type()); // 3 of 4 out of range: kept
    assertEquals("Constant", m.node("precise").orElseThrow().type());
  }
}
