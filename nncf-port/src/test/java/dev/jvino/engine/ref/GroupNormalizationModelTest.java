package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jvino.engine.InferResult;
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
 * NNCF's {@code GroupNormalizationModel} (tests/openvino/native/models.py) rebuilt with {@link Ops}:
 * Input [1,2,3,4,4] -> Convolution (kernel [4,2,3,3,3]) -> Add (zeros [1,1,3,1,1], broadcasting to
 * [1,4,3,2,2]) -> GroupNormalization-12 (4 groups, epsilon 1e-5) -> Relu -> Multiply (1/scale) -> Add
 * (-mean), with the weights and the float64 numpy forward pass of
 * {@code tools/fixtures/gen_vision_fixtures.py}, run end to end on the reference engine.
 */
class GroupNormalizationModelTest {
  private static final String G = "vision/group_norm_model";

  private static Output constant(String file) {
    NdArray a = Fixtures.npy(G, "model_" + file + ".npy");
    return Ops.constant(file, ConstantData.ofFloats(ElementType.F32, a.shape(), a.floats())).output();
  }

  static Model model() {
    Node x = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(1, 2, 3, 4, 4));
    long[] ones = {1, 1, 1};
    long[] zeros = {0, 0, 0};
    Node conv = Ops.convolution(x.output(), constant("kernel"), ones, zeros, zeros, ones);
    Output bias = Ops.constant("Bias", ConstantData.ofFloats(ElementType.F32, new long[] {1, 1, 3, 1, 1},
        new float[3])).output();
    Node convAdd = Ops.add(conv.output(), bias);
    Node gn = Ops.node("GroupNormalization", "opset12", List.of(convAdd.output(), constant("scale"),
        constant("bias")));
    gn.attributes().set("num_groups", 4L).set("epsilon", 1e-5);
    Output norm = gn.addOutput(ElementType.F32, PartialShape.of(1, 4, 3, 2, 2));
    Node relu = Ops.relu(norm);
    Node mul = Ops.multiply(relu.output(), constant("inv_scale2"));
    Node add = Ops.add(mul.output(), constant("neg_mean"));
    add.setName("Add");
    return new Model("group_normalization", List.of(x), List.of(Ops.result(add.output())));
  }

  @Test
  void matchesNumpyForwardPass() {
    InferResult r = new ReferenceEngine().compile(model()).createSession()
        .infer(List.of(Fixtures.npy(G, "model_x.npy")));
    NdArray y = r.get(0);
    assertArrayEquals(new long[] {1, 4, 3, 2, 2}, y.shape());
    Fixtures.assertClose(Fixtures.npy(G, "model_y.npy"), y, 1e-5, 1e-5, "GroupNormalizationModel");
  }
}
