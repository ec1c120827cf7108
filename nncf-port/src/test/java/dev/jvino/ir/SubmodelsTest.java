package dev.jvino.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmodelsTest {
  /** x -> Relu -> Multiply(by 2) -> Add(y) -> Result. */
  private static Model model() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(3));
    Node y = Ops.parameter("y", ElementType.F32, PartialShape.of(3));
    Node relu = Ops.relu(x.output());
    relu.setName("relu");
    Node mul = Ops.multiply(relu.output(), Ops.constant("two", ConstantData.ofFloats(ElementType.F32, new long[] {}, 2f)).output());
    mul.setName("mul");
    Node add = Ops.add(mul.output(), y.output());
    add.setName("add");
    return new Model("m", List.of(x, y), List.of(Ops.result(add.output())));
  }

  @Test
  void cutsAtInputPortsAndKeepsConstants() {
    Model m = model();
    Model sub = Submodels.extract(m, List.of(new Submodels.PortRef("mul", 0)), List.of(new Submodels.PortRef("mul", 0)));
    assertEquals(List.of("mul.0"), sub.parameters().stream().map(Node::name).toList());
    assertEquals(List.of("Constant", "Multiply", "Parameter", "Result"),
        sub.ops().stream().map(Node::type).sorted().toList());
    NdArray out = new ReferenceEngine().compile(sub).createSession()
        .infer(List.of(NdArray.f32(new long[] {3}, -1f, 0.5f, 4f))).get(0);
    assertArrayEquals(new float[] {-2f, 1f, 8f}, out.toFloatArray(), "Relu is outside the cut: -1 passes through");
    assertEquals(4, m.ops().stream().filter(n -> !n.is("Constant")).count() - 2, "source model unchanged");
    assertEquals("x", m.node("relu").orElseThrow().inputNode(0).name());
  }

  @Test
  void refusesCutsThatStillReadAModelInput() {
    Model m = model();
    InvalidGraphException e = assertThrows(InvalidGraphException.class,
        () -> Submodels.extract(m, List.of(new Submodels.PortRef("add", 0)), List.of(new Submodels.PortRef("add", 0))));
    assertEquals("the submodel of m between [PortRef[node=add, port=0]] and [PortRef[node=add, port=0]] still reads"
        + " model input 'y'", e.getMessage());
    assertThrows(InvalidGraphException.class,
        () -> Submodels.extract(m, List.of(new Submodels.PortRef("nope", 0)), List.of()));
    assertThrows(InvalidGraphException.class,
        () -> Submodels.extract(m, List.of(new Submodels.PortRef("mul", 5)), List.of()));
  }
}
