package dev.jvino.nncf.quantization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.FP8Type;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.statistics.TargetPoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Quantizer insertion: NNCF's names, wiring, and constants in the tensor's element type. */
class QuantizerInsertionTransformerTest {
  static FakeQuantizeParameters params(float lo, float hi) {
    NdArray l = NdArray.f32(new long[0], lo);
    NdArray h = NdArray.f32(new long[0], hi);
    return new FakeQuantizeParameters(l, h, l, h, 256);
  }

  /** x(f16) -> Relu -> [Sigmoid, Result]. */
  static Model f16Model() {
    Node x = Ops.parameter("x", ElementType.F16, PartialShape.of(2, 2));
    Node relu = Ops.relu(x.output());
    relu.setName("Relu");
    Node sig = Ops.unary("Sigmoid", relu.output());
    sig.setName("Sigmoid");
    return new Model("m", List.of(x), List.of(Ops.result(sig.output()), Ops.result(relu.output())));
  }

  @Test
  void f16TensorsGetClippedF16Constants() {
    Model m = f16Model();
    List<Node> q = QuantizerInsertionTransformer.apply(m,
        List.of(new InsertionCommand.FakeQuantize(TargetPoint.postLayer("Relu", 0), params(-1e6f, 3.14159f))));
    Node fq = q.getFirst();
    assertEquals("Relu/fq_output_0", fq.name());
    assertEquals(ElementType.F16, fq.output().elementType());
    assertEquals(ElementType.F16, fq.inputNode(1).constantData().elementType());
    assertEquals("Relu/fq_output_0/input_low", fq.inputNode(1).name());
    assertEquals(-65504f, fq.inputNode(1).constantData().toFloatArray()[0]);
    assertEquals(3.140625f, fq.inputNode(2).constantData().toFloatArray()[0]); // rounded to f16
    // every consumer of Relu, the Result included, now reads the FakeQuantize
    assertEquals(fq, m.node("Sigmoid").orElseThrow().inputNode(0));
    assertEquals(fq, m.results().get(1).inputNode(0));
  }

  @Test
  void inputTargetQuantizesOnlyThatEdge() {
    Model m = f16Model();
    Node fc = QuantizerInsertionTransformer.apply(m, List.of(new InsertionCommand.FakeConvert(
        TargetPoint.preLayer("Sigmoid", 0), new FakeConvertParameters(NdArray.f32(new long[0], 2f),
            NdArray.f32(new long[0], 0f), FP8Type.E5M2)))).getFirst();
    assertEquals("Sigmoid/fc_input_0", fc.name());
    assertEquals("FakeConvert", fc.type());
    assertEquals("f8e5m2", fc.attributes().string("destination_type"));
    assertEquals("Sigmoid/fc_input_0/scale", fc.inputNode(1).name());
    assertArrayEquals(new long[0], fc.inputNode(2).constantData().shape());
    assertEquals("Relu", m.results().get(1).inputNode(0).name()); // the other consumer is untouched
    assertThrows(ValidationException.class, () -> QuantizerInsertionTransformer.apply(m,
        List.of(new InsertionCommand.FakeQuantize(TargetPoint.preLayer("Sigmoid", 3), params(0, 1)))));
  }
}
