package dev.jvino.nncf.quantization;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * NNCF's If test models ({@code IfModel}, {@code IfModel_2} of tests/openvino/native/models.py) with NNCF's
 * friendly names (so FakeQuantize names can be compared with NNCF's reference graphs) and seeded random constants
 * (so they run on the reference engine and quantization changes their outputs). The then and else bodies get
 * different constants, so the two branches compute different functions.
 */
final class RunnableIfModels {
  private RunnableIfModels() {}

  private static final long[] ONE2 = {1, 1};
  private static final long[] ZERO2 = {0, 0};

  static Output constant(String name, Random rnd, double scale, double offset, long... shape) {
    float[] v = new float[(int) PartialShape.elementCount(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (offset + scale * rnd.nextGaussian());
    }
    return Ops.constant(name, ConstantData.ofFloats(ElementType.F32, shape, v)).output();
  }

  private static Node named(Node n, String name) {
    n.setName(name);
    return n;
  }

  /** relu(conv1x1(Input_1 - c) + bias), the first branch of ConvModel and all of ConvNotBiasModel. */
  private static Output convBranch(Output x, Random rnd, String biasName, long... biasShape) {
    Node sub = named(Ops.subtract(x, constant("Constant_18", rnd, 0.2, 0, 1, 3, 1, 1)), "Sub");
    Node conv = named(Ops.convolution(sub.output(), constant("Constant_20", rnd, 0.5, 0, 3, 3, 1, 1), ONE2, ZERO2,
        ZERO2, ONE2), "Conv");
    Node add = named(Ops.add(conv.output(), constant(biasName, rnd, 0.3, 0.5, biasShape)), "Conv_Add");
    return named(Ops.relu(add.output()), "Relu").output();
  }

  /** ConvModel: concat(relu(conv(Input_1 - c) + Bias), transpose((Input_2 + c1) * c2)) along axis 0. */
  static Model convModel(long seed, String concatName) {
    Random rnd = new Random(seed);
    Node in1 = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    Node in2 = Ops.parameter("Input_2", ElementType.F32, PartialShape.of(1, 3, 2, 4));
    Output relu = convBranch(in1.output(), rnd, "Bias", 1, 3, 1, 1);
    Node add = named(Ops.add(in2.output(), constant("Constant_26", rnd, 0.2, 0, 1, 3, 1, 1)), "Add");
    Node mul = named(Ops.multiply(add.output(), constant("Constant_28", rnd, 0.2, 1, 1, 3, 1, 1)), "Mul");
    Node tr = named(Ops.transpose(mul.output(), 0, 1, 3, 2), "Transpose");
    Node cat = named(Ops.concat(List.of(relu, tr.output()), 0), concatName);
    return new Model("ConvModel", List.of(in1, in2), List.of(named(Ops.result(cat.output()), "Result")));
  }

  /** ConvNotBiasModel: relu(conv(Input_1 - c) + NotBias[1,3,4,2]). */
  static Model convNotBiasModel(long seed) {
    Random rnd = new Random(seed);
    Node in1 = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    Output relu = convBranch(in1.output(), rnd, "NotBias", 1, 3, 4, 2);
    return new Model("ConvNotBiasModel", List.of(in1), List.of(named(Ops.result(relu), "Result")));
  }

  /** FPModel: matmul(Input, c, transpose_a) + bias. */
  static Model fpModel(long seed) {
    Random rnd = new Random(seed);
    Node in = Ops.parameter("Input", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    Node mm = named(Ops.matMul(in.output(), constant("MatMul_const", rnd, 0.5, 0, 1, 3, 4, 5), true, false),
        "MatMul");
    Node add = named(Ops.add(mm.output(), constant("MatMul_bias", rnd, 0.3, 0.5, 1, 3, 1, 1)), "Add");
    return new Model("FPModel", List.of(in), List.of(named(Ops.result(add.output()), "Result_Add")));
  }

  /** An If-8 op named {@code name} on {@code cond} and {@code inputs}, each body fed the inputs in order. */
  static Node ifOp(String name, Output cond, List<Output> inputs, Model thenBody, Model elseBody, PartialShape out) {
    List<Output> ins = new ArrayList<>();
    ins.add(cond);
    ins.addAll(inputs);
    Node iff = Ops.node("If", "opset8", ins);
    iff.setName(name);
    iff.addOutput(ElementType.F32, out);
    for (var tagged : List.of(Map.entry("then", thenBody), Map.entry("else", elseBody))) {
      Model b = tagged.getValue();
      List<PortMapping> pm = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        pm.add(new PortMapping(true, i + 1, b.parameters().get(i), Map.of()));
      }
      pm.add(new PortMapping(false, ins.size(), b.results().get(0), Map.of()));
      iff.bodies().add(new SubgraphBody(tagged.getKey() + "_body", tagged.getKey() + "_port_map", b, pm, List.of()));
    }
    return iff;
  }

  /**
   * IfModel: If_72(Cond_input) with a ConvModel in each branch (different constants; the concat is Concat_36 in
   * the then body and Concat_70 in the else body, as in NNCF's reference graphs), fed Input_1 and Input_2.
   */
  static Model ifModel() {
    Node in1 = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    Node in2 = Ops.parameter("Input_2", ElementType.F32, PartialShape.of(1, 3, 2, 4));
    Node cond = Ops.parameter("Cond_input", ElementType.BOOLEAN, PartialShape.of());
    Node iff = ifOp("If_72", cond.output(), List.of(in1.output(), in2.output()), convModel(11, "Concat_36"),
        convModel(12, "Concat_70"), PartialShape.of(2, 3, 4, 2));
    return new Model("IfModel", List.of(in1, in2, cond), List.of(named(Ops.result(iff.output()), "Result")));
  }

  /** IfModel_2: If_19(Cond_input) with ConvNotBiasModel / FPModel, fed Input_1. */
  static Model ifModel2() {
    Node in1 = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    Node cond = Ops.parameter("Cond_input", ElementType.BOOLEAN, PartialShape.of());
    PartialShape merged = PartialShape.of(List.of(Dimension.of(1), Dimension.of(3), Dimension.DYNAMIC,
        Dimension.DYNAMIC));
    Node iff = ifOp("If_19", cond.output(), List.of(in1.output()), convNotBiasModel(21), fpModel(22), merged);
    return new Model("IfModel_2", List.of(in1, cond), List.of(named(Ops.result(iff.output()), "Result")));
  }
}
