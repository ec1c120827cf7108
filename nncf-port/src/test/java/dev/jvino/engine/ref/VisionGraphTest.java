package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.InferResult;
import dev.jvino.engine.NodeExecutionException;
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
 * The new kernels dispatched from graph nodes by the reference engine: an opset11 Interpolate
 * (nearest x2), a DepthToSpace back to the input size, a GroupConvolutionBackpropData and a
 * NormalizeL2, compared with hand-computed values.
 */
class VisionGraphTest {
  private static Output i64(long... v) {
    return Ops.constant(ConstantData.i64(v)).output();
  }

  private static Output node(String type, String opset, PartialShape shape, List<Output> in, String... attrs) {
    Node n = Ops.node(type, opset, in);
    for (int i = 0; i < attrs.length; i += 2) {
      n.attributes().set(attrs[i], attrs[i + 1]);
    }
    return n.addOutput(ElementType.F32, shape);
  }

  static Model model() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 1, 2, 2));
    Output up = node("Interpolate", "opset11", PartialShape.of(1, 1, 4, 4), List.of(x.output(), i64(4, 4), i64(2, 3)),
        "mode", "nearest", "shape_calculation_mode", "sizes", "coordinate_transformation_mode", "asymmetric",
        "nearest_mode", "floor");
    // [1,1,4,4] -> SpaceToDepth(2) -> [1,4,2,2]: every channel is one corner of each 2x2 block
    Output deep = node("SpaceToDepth", "opset1", PartialShape.of(1, 4, 2, 2), List.of(up),
        "mode", "blocks_first", "block_size", "2");
    // transposed 1x1 convolution per group of 2 channels with weights 1: sums each channel pair
    Output w = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {2, 2, 1, 1, 1},
        new float[] {1, 1, 1, 1})).output();
    Output summed = node("GroupConvolutionBackpropData", "opset1", PartialShape.of(1, 2, 2, 2), List.of(deep, w),
        "strides", "1,1", "dilations", "1,1", "pads_begin", "0,0", "pads_end", "0,0");
    Output norm = node("NormalizeL2", "opset1", PartialShape.of(1, 2, 2, 2), List.of(summed, i64(1)),
        "eps", "0", "eps_mode", "add");
    return new Model("vision", List.of(x), List.of(Ops.result(summed), Ops.result(norm)));
  }

  @Test
  void runsOnTheReferenceEngine() {
    InferResult r = new ReferenceEngine().compile(model()).createSession()
        .infer(List.of(NdArray.f32(new long[] {1, 1, 2, 2}, 1, 2, 3, 4)));
    // nearest x2 copies each pixel into a 2x2 block, so all four block corners equal the input pixel;
    // each output channel is the sum of two of them: 2 * x
    NdArray expected = NdArray.f32(new long[] {1, 2, 2, 2}, 2, 4, 6, 8, 2, 4, 6, 8);
    assertEquals(expected, r.get(0));
    float s = (float) Math.sqrt(2);
    assertEquals(NdArray.f32(new long[] {1, 2, 2, 2}, 1 / s, 1 / s, 1 / s, 1 / s, 1 / s, 1 / s, 1 / s, 1 / s),
        r.get(1));
  }

  @Test
  void badAttributeNamesTheNode() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 1, 2, 2));
    Output up = node("Interpolate", "opset11", PartialShape.of(1, 1, 4, 4), List.of(x.output(), i64(4, 4), i64(2, 3)),
        "mode", "area", "shape_calculation_mode", "sizes");
    Model m = new Model("bad", List.of(x), List.of(Ops.result(up)));
    var session = new ReferenceEngine().compile(m).createSession();
    NodeExecutionException e = assertThrows(NodeExecutionException.class,
        () -> session.infer(List.of(NdArray.f32(new long[] {1, 1, 2, 2}, 1, 2, 3, 4))));
    assertTrue(e.getCause() instanceof OpAttributeException a && a.attribute().equals("mode")
        && a.op().equals("Interpolate-11"), String.valueOf(e.getCause()));
  }
}
