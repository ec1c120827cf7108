package dev.jvino.ir;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class NncfOrderAndPatternTest {
  private static Node named(Node n, String name) {
    n.setName(name);
    return n;
  }

  /** NNCF's IntegerModel test model (tests/openvino/native/models.py), with zero weights. */
  static Model integerModel() {
    Node input = Ops.parameter("Input", ElementType.F32, PartialShape.of(1, 7, 1));
    Node convert = named(Ops.convert(input.output(), ElementType.I64), "Convert_1");
    Node g1 = named(Ops.gather(convert.output(), Ops.constant(ConstantData.i64Scalar(2)).output(), 0, 0),
        "Gather_1");
    Node data2 = Ops.constant("gather_2_data", ConstantData.ofFloats(ElementType.F32, new long[] {3, 6},
        new float[18]));
    Node g2 = named(Ops.gather(data2.output(), g1.output(), 0, 0), "Gather_2");
    Node g3 = named(Ops.gather(g2.output(), Ops.constant(ConstantData.i64Scalar(2)).output(), 0, 0),
        "Gather_3");
    Node w1 = Ops.constant("matmul_1_data", ConstantData.ofFloats(ElementType.F32, new long[] {6, 6},
        new float[36]));
    Node mm1 = named(Ops.matMul(g3.output(), w1.output(), false, true), "MatMul_1");
    Node g4 = named(Ops.gather(input.output(), Ops.constant(ConstantData.i64Scalar(0)).output(), 2, 0),
        "Gather_4");
    Node w2 = Ops.constant("matmul_2_data", ConstantData.ofFloats(ElementType.F32, new long[] {6, 7},
        new float[42]));
    Node mm2 = named(Ops.matMul(g4.output(), w2.output(), false, true), "MatMul_2");
    Node add = named(Ops.add(mm1.output(), mm2.output()), "Add_1");
    return new Model("IntegerModel", List.of(input), List.of(named(Ops.result(add.output()), "Result")));
  }

  @Test
  void integerModelLastMatMulIsMatMul1InNncfOrder() {
    Model m = integerModel();
    assertEquals(PartialShape.of(1, 6), m.node("Add_1").orElseThrow().output().shape());
    List<String> nncf = NncfOrder.topologicalSort(m).stream().map(Node::name)
        .filter(n -> n.startsWith("MatMul")).toList();
    assertEquals(List.of("MatMul_2", "MatMul_1"), nncf);
    assertEquals("MatMul_1", NncfOrder.last(m, n -> n.is("MatMul")).orElseThrow().name());
    // OpenVINO's own topological order visits the first Add input first: the opposite
    List<String> ov = m.ops().stream().map(Node::name).filter(n -> n.startsWith("MatMul")).toList();
    assertEquals(List.of("MatMul_1", "MatMul_2"), ov);
    // ids: BFS from Input with consumers sorted by name
    var ids = NncfOrder.nodeIds(m);
    assertEquals(0, ids.get(m.node("Input").orElseThrow()));
    assertEquals(1, ids.get(m.node("Convert_1").orElseThrow()));
    assertEquals(2, ids.get(m.node("Gather_4").orElseThrow()));
    assertEquals(9, ids.get(m.node("MatMul_1").orElseThrow()));
    assertEquals(m.ops().size(), ids.size());
  }

  @Test
  void getOpsOrderIsPreorderFromLastParameter() {
    Model m = TestModels.mlp();
    List<Node> order = m.getOpsOrder();
    assertEquals("x", order.get(0).name());
    assertEquals("y/sink_port_0", order.get(1).name());
    assertEquals("fc2/MatMul", order.get(2).name());
    assertEquals("fc2.weight", order.get(3).name()); // last input pushed last, popped first
    assertEquals(m.ops().size(), order.size());
  }

  @Test
  void patternsMatchChainsWithAlternativesAndOptionalSteps() {
    Model m = TestModels.mlp();
    Pattern p = Pattern.seq(Pattern.op("MatMul"), Pattern.optional(Pattern.op("Add")),
        Pattern.op("Relu", "Gelu"));
    List<Pattern.Match> found = p.findAll(m);
    assertEquals(1, found.size());
    assertEquals(List.of("fc1/MatMul", "fc1/Add", "relu"),
        found.get(0).nodes().stream().map(Node::name).toList());
    Pattern noBias = Pattern.seq(Pattern.op("MatMul"), Pattern.op("Relu"));
    assertTrue(noBias.findAll(m).isEmpty());
    Pattern either = Pattern.alt(Pattern.seq(Pattern.op("Relu"), Pattern.op("MatMul")),
        Pattern.op("Softmax"));
    assertEquals(List.of("relu", "fc2/MatMul"),
        either.findAll(m).get(0).nodes().stream().map(Node::name).toList());
    Pattern constToMatMul = Pattern.seq(Pattern.op("Constant"), Pattern.op("*"), Pattern.op("Result"));
    assertEquals("fc2.weight", constToMatMul.findAll(m).get(0).first().name());
    // transformer: MatMul -> Multiply -> Softmax -> MatMul (attention)
    Pattern attention = Pattern.seq(Pattern.op("MatMul"), Pattern.op("Multiply"), Pattern.op("Softmax"),
        Pattern.op("MatMul"));
    assertEquals(1, attention.findAll(TestModels.transformerBlock()).size());
  }
}
