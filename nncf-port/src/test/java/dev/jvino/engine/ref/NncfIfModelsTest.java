package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.engine.InferSession;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.Dimension;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.SubgraphBody;
import dev.jvino.ir.SubgraphBody.PortMapping;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NNCF's If test models ({@code IfModel}, {@code IfModel_2} of tests/openvino/native/models.py) rebuilt
 * with {@link Ops} from the constants {@code tools/fixtures/gen_nncf_if_fixture.py} draws the way NNCF
 * does, written to IR and read back, run on the reference engine for both values of the runtime
 * condition, and compared with the script's float64 numpy outputs.
 */
class NncfIfModelsTest {
  private static final String G = "nncf_if";
  private static final long[] ONE2 = {1, 1};
  private static final long[] ZERO2 = {0, 0};

  private static Output constant(String file) {
    NdArray a = Fixtures.npy(G, file + ".npy");
    return Ops.constant(file, ConstantData.ofFloats(ElementType.F32, a.shape(), a.floats())).output();
  }

  private static Output zeros(long... shape) {
    return Ops.constant(ConstantData.ofFloats(ElementType.F32, shape, new float[(int) java.util.Arrays.stream(shape)
        .reduce(1, (x, y) -> x * y)])).output();
  }

  /** relu(conv1x1(x - mean, kernel) + bias), NNCF's ConvModel / ConvNotBiasModel first branch. */
  private static Output convBranch(Output x, Output bias) {
    Node sub = Ops.subtract(x, constant("mean"));
    Node conv = Ops.convolution(sub.output(), constant("kernel"), ONE2, ZERO2, ZERO2, ONE2);
    return Ops.relu(Ops.add(conv.output(), bias).output()).output();
  }

  /** NNCF's ConvModel: concat(relu(conv(Input_1 - mean) + 0), transpose((Input_2 - mean) / scale)). */
  static Model convModel() {
    Node in1 = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    Node in2 = Ops.parameter("Input_2", ElementType.F32, PartialShape.of(1, 3, 2, 4));
    Output relu = convBranch(in1.output(), zeros(1, 3, 1, 1));
    Node add = Ops.add(in2.output(), constant("neg_mean"));
    Node mul = Ops.multiply(add.output(), constant("inv_scale"));
    Node tr = Ops.transpose(mul.output(), 0, 1, 3, 2);
    Node cat = Ops.concat(List.of(relu, tr.output()), 0);
    return new Model("ConvModel", List.of(in1, in2), List.of(Ops.result(cat.output())));
  }

  /** NNCF's ConvNotBiasModel: relu(conv(Input_1 - mean) + zeros[1,3,4,2]). */
  static Model convNotBiasModel() {
    Node in1 = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    return new Model("ConvNotBiasModel", List.of(in1),
        List.of(Ops.result(convBranch(in1.output(), zeros(1, 3, 4, 2)))));
  }

  /** NNCF's FPModel (f32): matmul(Input, data, transpose_a) + bias. */
  static Model fpModel() {
    Node in = Ops.parameter("Input", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    Node mm = Ops.matMul(in.output(), constant("fp_data"), true, false);
    Node add = Ops.add(mm.output(), constant("fp_bias"));
    return new Model("FPModel", List.of(in), List.of(Ops.result(add.output())));
  }

  private static Node ifNode(Node cond, List<Node> inputs, Model thenBody, Model elseBody, PartialShape out) {
    List<Output> ins = new java.util.ArrayList<>();
    ins.add(cond.output());
    inputs.forEach(n -> ins.add(n.output()));
    Node iff = Ops.node("If", "opset8", ins);
    iff.setName("If");
    iff.addOutput(ElementType.F32, out);
    long outPort = ins.size();
    for (var tagged : List.of(Map.entry("then", thenBody), Map.entry("else", elseBody))) {
      Model b = tagged.getValue();
      List<PortMapping> pm = new java.util.ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        pm.add(new PortMapping(true, i + 1, b.parameters().get(i), Map.of()));
      }
      pm.add(new PortMapping(false, outPort, b.results().get(0), Map.of()));
      iff.bodies().add(new SubgraphBody(tagged.getKey() + "_body", tagged.getKey() + "_port_map", b, pm, List.of()));
    }
    return iff;
  }

  /** NNCF's IfModel: If(Cond_input) with ConvModel in both branches, fed Input_1 and Input_2. */
  static Model ifModel() {
    Node in1 = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    Node in2 = Ops.parameter("Input_2", ElementType.F32, PartialShape.of(1, 3, 2, 4));
    Node cond = Ops.parameter("Cond_input", ElementType.BOOLEAN, PartialShape.of());
    Node iff = ifNode(cond, List.of(in1, in2), convModel(), convModel(), PartialShape.of(2, 3, 4, 2));
    return new Model("IfModel", List.of(in1, in2, cond), List.of(Ops.result(iff.output())));
  }

  /** NNCF's IfModel_2: If(Cond_input) with ConvNotBiasModel / FPModel, fed Input_1. */
  static Model ifModel2() {
    Node in1 = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    Node cond = Ops.parameter("Cond_input", ElementType.BOOLEAN, PartialShape.of());
    PartialShape merged = PartialShape.of(List.of(Dimension.of(1), Dimension.of(3), Dimension.DYNAMIC,
        Dimension.DYNAMIC));
    Node iff = ifNode(cond, List.of(in1), convNotBiasModel(), fpModel(), merged);
    return new Model("IfModel_2", List.of(in1, cond), List.of(Ops.result(iff.output())));
  }

  private static InferSession session(Model m) {
    IrWriter.Serialized ir = IrWriter.serialize(m, IrWriter.Options.DEFAULT);
    Model read = IrReader.read(ir.xml(), ir.weights(), IrReader.Options.DEFAULT);
    assertEquals(2, read.node("If").orElseThrow().bodies().size());
    return new ReferenceEngine().compile(read).createSession();
  }

  private static NdArray cond(boolean b) {
    return NdArray.bools(new long[0], b);
  }

  @Test
  void ifModelGivesConvModelsOutputOnBothBranches() {
    InferSession s = session(ifModel());
    NdArray x1 = Fixtures.npy(G, "x1.npy");
    NdArray x2 = Fixtures.npy(G, "x2.npy");
    NdArray expected = Fixtures.npy(G, "if_model_y.npy");
    for (boolean c : new boolean[] {true, false}) {
      NdArray y = s.infer(List.of(x1, x2, cond(c))).get(0);
      assertArrayEquals(new long[] {2, 3, 4, 2}, y.shape());
      Fixtures.assertClose(expected, y, 1e-5, 1e-5, "IfModel cond=" + c);
    }
  }

  @Test
  void ifModel2RunsTheBranchTheConditionPicks() {
    InferSession s = session(ifModel2());
    NdArray x1 = Fixtures.npy(G, "x1.npy");
    NdArray then = s.infer(List.of(x1, cond(true))).get(0);
    assertArrayEquals(new long[] {1, 3, 4, 2}, then.shape());
    Fixtures.assertClose(Fixtures.npy(G, "if_model_2_then_y.npy"), then, 1e-5, 1e-5, "IfModel_2 then");
    NdArray otherwise = s.infer(List.of(x1, cond(false))).get(0);
    assertArrayEquals(new long[] {1, 3, 2, 5}, otherwise.shape());
    Fixtures.assertClose(Fixtures.npy(G, "if_model_2_else_y.npy"), otherwise, 1e-5, 1e-5, "IfModel_2 else");
  }
}
