package dev.jvino.nncf.quantization;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.Dimension;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.testing.MiniJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NNCF's synthetic test models ({@code tests/openvino/native/models.py}) rebuilt with {@code dev.jvino.ir.Ops},
 * with NNCF's constants and calibration inputs from {@code fixtures/ptq/nncf_models.json}
 * (tools/fixtures/gen_ptq_fixtures.py): node names as NNCF's, so quantizer names and reference files match.
 */
final class NncfSyntheticModels {
  static final Map<String, Object> FIX = PtqFixtures.resource("nncf_models.json");

  private NncfSyntheticModels() {}

  static Node constant(Map<String, Object> constants, String key) {
    NdArray a = PtqFixtures.f32(constants.get(key));
    return Ops.constant(ConstantData.ofFloats(ElementType.F32, a.shape(), a.floats()));
  }

  static Node named(Node n, String name) {
    n.setName(name);
    return n;
  }

  static Model linearModel() {
    Map<String, Object> c = constants("LinearModel");
    Node input = Ops.parameter("Input", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    Node reshape = named(Ops.reshape(input.output(), new long[] {1, 3, 2, 4}, false), "Reshape");
    Node mm = named(Ops.matMul(reshape.output(), constant(c, "MatMul_weight").output(), false, false), "MatMul");
    Node add = named(Ops.add(reshape.output(), constant(c, "Add_constant").output()), "Add");
    return new Model("LinearModel", List.of(input),
        List.of(named(Ops.result(mm.output()), "Result_MatMul"), named(Ops.result(add.output()), "Result_Add")));
  }

  static Map<String, Object> constants(String model) {
    return MiniJson.obj(MiniJson.obj(FIX.get(model)).get("constants"));
  }

  static Model matMul2DModel(boolean scaleShiftRelu) {
    Map<String, Object> c = constants(scaleShiftRelu ? "ScaleShiftReluModel" : "MatMul2DModel");
    Node input = Ops.parameter("Input", ElementType.F32, PartialShape.of(3, 5));
    Node mm = named(Ops.matMul(input.output(), constant(c, "MatMul_weight").output(), false, false), "MatMul");
    if (!scaleShiftRelu) {
      Node add = named(Ops.add(mm.output(), constant(c, "Add_constant").output()), "Add");
      return new Model("MatMul2DModel", List.of(input), List.of(named(Ops.result(add.output()), "Result")));
    }
    Node mul = named(Ops.multiply(mm.output(), constant(c, "Mul_constant").output()), "Mul");
    Node add = named(Ops.add(mul.output(), constant(c, "Add_constant").output()), "Add");
    Node relu = named(Ops.relu(add.output()), "Relu");
    Node mm2 = named(Ops.matMul(relu.output(), constant(c, "MatMul2_weight").output(), false, false), "MatMul2");
    return new Model("ScaleShiftReluModel", List.of(input), List.of(named(Ops.result(mm2.output()), "Result")));
  }

  static Model convNotBiasModel() {
    Map<String, Object> c = constants("ConvNotBiasModel");
    Node in1 = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    Node sub = named(Ops.subtract(in1.output(), constant(c, "Sub_constant").output()), "Sub");
    long[] one = {1, 1};
    long[] zero = {0, 0};
    Node conv = named(Ops.convolution(sub.output(), constant(c, "Conv_weight").output(), one, zero, zero, one), "Conv");
    Node notBias = Ops.constant("NotBias", ConstantData.ofFloats(ElementType.F32, new long[] {1, 3, 4, 2}, new float[24]));
    Node convAdd = named(Ops.add(conv.output(), notBias.output()), "Conv_Add");
    Node relu = named(Ops.relu(convAdd.output()), "Relu");
    return new Model("ConvNotBiasModel", List.of(in1), List.of(named(Ops.result(relu.output()), "Result")));
  }

  static Model weightsModel() {
    Map<String, Object> c = constants("WeightsModel");
    Node in1 = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(1, 3, 5, 5));
    long[] one = {1, 1};
    long[] zero = {0, 0};
    Node w0 = constant(c, "conv_weights_0");
    Node conv = named(Ops.convolution(in1.output(), w0.output(), one, zero, zero, one), "Conv");
    Node w1 = constant(c, "conv_weights_1");
    Node outShape = Ops.constant(ConstantData.i64(1, 1));
    Node back = Ops.node("ConvolutionBackpropData", "opset1", List.of(conv.output(), w1.output(), outShape.output()));
    back.attributes().set("strides", one).set("dilations", one).set("pads_begin", zero).set("pads_end", zero)
        .set("auto_pad", "explicit").set("output_padding", zero);
    back.addOutput(ElementType.F32, PartialShape.of(1, 3, 1, 1));
    named(back, "Conv_backprop");
    Node weights1 = named(constant(c, "weights_1"), "weights_1");
    Node weights0 = named(constant(c, "weights_0"), "weights_0");
    Node mm1 = named(Ops.matMul(back.output(), weights1.output(), false, false), "MatMul_1");
    Node mm0 = named(Ops.matMul(weights0.output(), mm1.output(), false, false), "MatMul_0");
    Node mm = named(Ops.matMul(mm0.output(), mm1.output(), false, true), "MatMul");
    Node mmConst = named(Ops.matMul(weights1.output(), weights0.output(), true, false), "MatMul_const");
    Node add = Ops.add(mmConst.output(), mm.output());
    return new Model("WeightsModel", List.of(in1), List.of(named(Ops.result(add.output()), "Result")));
  }
  static Model seBlockModel() {
    Map<String, Object> c = constants("SeBlockModel");
    long[] one = {1, 1};
    long[] zero = {0, 0};
    Node input = Ops.parameter("Input", ElementType.F32, PartialShape.of(1, 3, 5, 6));
    Node conv0 = named(Ops.convolution(input.output(), constant(c, "kernel0").output(), one, zero, zero, one), "Conv0");
    Node add0 = named(Ops.add(conv0.output(), constant(c, "add0").output()), "Add0");
    Node mean = Ops.node("ReduceMean", "opset1", List.of(add0.output(), Ops.constant(ConstantData.i64(2, 3)).output()));
    mean.attributes().set("keep_dims", true);
    mean.addOutput(ElementType.F32, PartialShape.of(1, 3, 1, 1));
    Node conv = named(Ops.convolution(mean.output(), constant(c, "kernel").output(), one, zero, zero, one), "Conv");
    Node add = named(Ops.add(conv.output(), constant(c, "add").output()), "Add");
    Node relu = named(Ops.relu(add.output()), "Relu");
    Node conv2 = named(Ops.convolution(relu.output(), constant(c, "kernel2").output(), one, zero, zero, one), "Conv2");
    Node add2 = named(Ops.add(conv2.output(), constant(c, "add2").output()), "Add2");
    Node sigmoid = named(Ops.unary("Sigmoid", add2.output()), "Sigmoid");
    Node mul = named(Ops.multiply(add0.output(), sigmoid.output()), "Mul");
    Node mm = named(Ops.matMul(mul.output(), constant(c, "matmul").output(), false, false), "MatMul");
    return new Model("SeBlockModel", List.of(input), List.of(named(Ops.result(mm.output()), "Result")));
  }

  /** Three conv + zero-bias blocks joined by Reshapes whose target shapes come from ShapeOf chains. */
  static Model shapeOfModel() {
    Map<String, Object> c = constants("ShapeOfModel");
    long[] one = {1, 1};
    long[] zero = {0, 0};
    Node input = Ops.parameter("Input", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    Node conv1 = named(Ops.convolution(input.output(), constant(c, "kernel").output(), one, zero, zero, one), "Conv_1");
    Node add1 = named(Ops.add(conv1.output(), zeroBias("Bias_1").output()), "Conv_Add_1");
    Node shape1 = named(Ops.shapeOf(add1.output()), "ShapeOf_1");
    Node gather = Ops.gather(shape1.output(), Ops.constant(ConstantData.i64(2, 3)).output(), 0, 0);
    Node cat = Ops.concat(List.<Output>of(Ops.constant(ConstantData.i64(0)).output(),
        Ops.constant(ConstantData.i64(0)).output(), gather.output()), 0);
    Node reshape1 = named(Ops.reshape(add1.output(), cat.output(), true), "Reshape_1");
    Node transpose = named(Ops.transpose(reshape1.output(), 0, 1, 3, 2), "Transpose");
    Node conv2 = named(Ops.convolution(transpose.output(), constant(c, "kernel").output(), one, zero, zero, one),
        "Conv_2");
    Node add2 = named(Ops.add(conv2.output(), zeroBias("Bias_2").output()), "Conv_Add_2");
    Node shape2 = named(Ops.shapeOf(add2.output()), "ShapeOf_2");
    Node convert1 = named(Ops.convert(shape2.output(), ElementType.F32), "Convert_1");
    Node ones = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {4}, 1, 1, 1, 1));
    Node mul = named(Ops.multiply(convert1.output(), ones.output()), "Multiply");
    Node convert2 = named(Ops.convert(mul.output(), ElementType.I64), "Convert_2");
    Node reshape2 = named(Ops.reshape(add2.output(), convert2.output(), true), "Reshape_2");
    Node conv3 = named(Ops.convolution(reshape2.output(), constant(c, "kernel").output(), one, zero, zero, one),
        "Conv_3");
    Node add3 = named(Ops.add(conv3.output(), zeroBias("Bias_3").output()), "Conv_Add_3");
    return new Model("ShapeOfModel", List.of(input), List.of(named(Ops.result(add3.output()), "Result")));
  }

  /** 3-D Conv -> zero Add (broadcasting a depth of 3) -> GroupNormalization -> Relu -> Mul -> Add. */
  static Model groupNormalizationModel() {
    Map<String, Object> c = constants("GroupNormalizationModel");
    long[] one = {1, 1, 1};
    long[] zero = {0, 0, 0};
    Node input = Ops.parameter("Input_1", ElementType.F32, PartialShape.of(1, 2, 3, 4, 4));
    Node conv = named(Ops.convolution(input.output(), constant(c, "kernel").output(), one, zero, zero, one), "Conv");
    Node bias = Ops.constant("Bias", ConstantData.ofFloats(ElementType.F32, new long[] {1, 1, 3, 1, 1}, 0, 0, 0));
    Node add = named(Ops.add(conv.output(), bias.output()), "Conv_Add");
    Node gn = Ops.node("GroupNormalization", "opset12",
        List.of(add.output(), constant(c, "gn_scale").output(), constant(c, "gn_bias").output()));
    gn.attributes().set("num_groups", 4).set("epsilon", 1e-5);
    gn.addOutput(ElementType.F32, add.output().shape());
    Node relu = named(Ops.relu(gn.output()), "Relu");
    Node mul = named(Ops.multiply(relu.output(), constant(c, "Mul_constant").output()), "Mul");
    Node add2 = named(Ops.add(mul.output(), constant(c, "Add_constant").output()), "Add");
    return new Model("GroupNormalizationModel", List.of(input), List.of(named(Ops.result(add2.output()), "Result")));
  }

  /** Integer indices through Gathers into an embedding (Gather_2) and two transposed-weight MatMuls. */
  static Model integerModel() {
    Map<String, Object> c = constants("IntegerModel");
    Node input = Ops.parameter("Input", ElementType.F32, PartialShape.of(1, 7, 1));
    Node convert = named(Ops.convert(input.output(), ElementType.I64), "Convert_1");
    Node g1 = named(Ops.gather(convert.output(), Ops.constant(ConstantData.i64Scalar(0)).output(), 0, 0), "Gather_1");
    Node g2 = named(Ops.gather(named(constant(c, "gather_2_data"), "gather_2_data").output(), g1.output(), 0, 0),
        "Gather_2");
    Node g3 = named(Ops.gather(g2.output(), Ops.constant(ConstantData.i64Scalar(2)).output(), 0, 0), "Gather_3");
    Node mm1 = named(Ops.matMul(g3.output(), constant(c, "matmul_1_data").output(), false, true), "MatMul_1");
    Node g4 = named(Ops.gather(input.output(), Ops.constant(ConstantData.i64Scalar(0)).output(), 2, 0), "Gather_4");
    Node mm2 = named(Ops.matMul(g4.output(), constant(c, "matmul_2_data").output(), false, true), "MatMul_2");
    Node add = named(Ops.add(mm1.output(), mm2.output()), "Add_1");
    return new Model("IntegerModel", List.of(input), List.of(named(Ops.result(add.output()), "Result")));
  }
  /** Gather of an embedding and a batched MatMul joined by a Concat, then a MatMul. */
  static Model unifiedEmbeddingModel() {
    Map<String, Object> c = constants("UnifiedEmbeddingModel");
    Node input = Ops.parameter("Input", ElementType.F32, PartialShape.of(1, 3));
    Node convert = named(Ops.convert(input.output(), ElementType.I64), "Convert_1");
    Node g1 = named(Ops.gather(named(constant(c, "gather_1_data"), "gather_1_data").output(), convert.output(), 0, 0),
        "Gather_1");
    Node mm1 = named(Ops.matMul(input.output(), constant(c, "matmul_1_data").output(), false, false), "MatMul_1");
    Node reshape = named(Ops.reshape(mm1.output(), new long[] {1, 3, 5}, false), "Reshape_1");
    Node cat = Ops.concat(List.<Output>of(g1.output(), reshape.output()), 1);
    Node mm2 = named(Ops.matMul(cat.output(), constant(c, "matmul_2_data").output(), false, true), "MatMul_2");
    return new Model("UnifiedEmbeddingModel", List.of(input), List.of(named(Ops.result(mm2.output()), "Result")));
  }
  private static Node zeroBias(String name) {
    return Ops.constant(name, ConstantData.ofFloats(ElementType.F32, new long[] {1, 3, 1, 1}, 0, 0, 0));
  }

  static Model unifiedScalesModel() {
    Map<String, Object> c = constants("UnifiedScalesModel");
    Node input = Ops.parameter("Input", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    Node mul = named(Ops.multiply(input.output(), constant(c, "Mul_constant").output()), "Mul");
    Node sin = named(Ops.unary("Sin", mul.output()), "Sin");
    Node cos = named(Ops.unary("Cos", mul.output()), "Cos");
    Node cat = Ops.concat(List.<Output>of(sin.output(), cos.output()), 0);
    long[] one = {1, 1};
    long[] zero = {0, 0};
    Node conv = named(Ops.convolution(cat.output(), constant(c, "Conv_weight").output(), one, zero, zero, one), "Conv");
    return new Model("UnifiedScalesModel", List.of(input), List.of(named(Ops.result(conv.output()), "Result")));
  }
  /** ConvModel, or DynamicModel (the same graph with a batch dimension of 1..99). */
  static Model convModel(boolean dynamic) {
    Map<String, Object> c = constants(dynamic ? "DynamicModel" : "ConvModel");
    Dimension batch = dynamic ? Dimension.parse("1..99") : Dimension.of(1);
    Node in1 = Ops.parameter("Input_1", ElementType.F32,
        PartialShape.of(List.of(batch, Dimension.of(3), Dimension.of(4), Dimension.of(2))));
    Node sub = named(Ops.subtract(in1.output(), constant(c, "Sub_constant").output()), "Sub");
    long[] one = {1, 1};
    long[] zero = {0, 0};
    Node conv = named(Ops.convolution(sub.output(), constant(c, "Conv_weight").output(), one, zero, zero, one), "Conv");
    Node bias = Ops.constant("Bias", ConstantData.ofFloats(ElementType.F32, new long[] {1, 3, 1, 1}, 0, 0, 0));
    Node convAdd = named(Ops.add(conv.output(), bias.output()), "Conv_Add");
    Node relu = named(Ops.relu(convAdd.output()), "Relu");
    Node in2 = Ops.parameter("Input_2", ElementType.F32,
        PartialShape.of(List.of(batch, Dimension.of(3), Dimension.of(2), Dimension.of(4))));
    Node add = named(Ops.add(in2.output(), constant(c, "Add_constant").output()), "Add");
    Node mul = named(Ops.multiply(add.output(), constant(c, "Mul_constant").output()), "Mul");
    Node transpose = named(Ops.transpose(mul.output(), 0, 1, 3, 2), "Transpose");
    Node cat = Ops.concat(List.<Output>of(relu.output(), transpose.output()), 0);
    return new Model(dynamic ? "DynamicModel" : "ConvModel", List.of(in1, in2),
        List.of(named(Ops.result(cat.output()), "Result")));
  }
  /**
   * A placement test model of {@code SyntheticModels} (same structure and names as NNCF's reference graphs)
   * with its named constants holding NNCF's values from the fixture, ready to run.
   */
  private static Model withNncfConstants(String model, java.util.function.Supplier<Model> builder) {
    Map<String, float[]> values = new LinkedHashMap<>();
    constants(model).forEach((k, v) -> values.put(k, PtqFixtures.f32(v).floats()));
    return dev.jvino.nncf.quantization.placement.SyntheticModels.withConstants(values, builder);
  }

  /** Input >= constant -> Convert -> Gather of the input (out-of-range indices read zeros) -> Add of the input. */
  static Model comparisonBinaryModel() {
    return withNncfConstants("ComparisonBinaryModel",
        dev.jvino.nncf.quantization.placement.SyntheticModels::comparisonBinaryModel);
  }

  /** One convolution weight shared by two convolutions of the same input. */
  static Model sharedConvModel() {
    return withNncfConstants("SharedConvModel", dev.jvino.nncf.quantization.placement.SyntheticModels::sharedConvModel);
  }

  /** One LSTM cell unrolled by hand, its hidden state kept in a ReadValue/Assign variable (stateful). */
  static Model lstmModel() {
    return withNncfConstants("LSTMModel", dev.jvino.nncf.quantization.placement.SyntheticModels::lstmModel);
  }

  /** LSTMSequence-5 (hidden 128, forward, all-zero W, R, B) whose last hidden state feeds a MatMul. */
  static Model lstmSequenceModel() {
    return withNncfConstants("LSTMSequenceModel",
        dev.jvino.nncf.quantization.placement.SyntheticModels::lstmSequenceModel);
  }

  /** YOLO26's attention: a 1x1 convolution split into q, k, v, softmax(q^T k^T * sqrt 6) v^T. */
  static Model yolo26AttentionBlock() {
    return withNncfConstants("YOLO26AttentionBlock",
        dev.jvino.nncf.quantization.placement.SyntheticModels::yolo26AttentionBlock);
  }

  /** One item: a tensor per input, by input name. */
  static Dataset<Map<String, NdArray>> dataset(String model) {
    Map<String, Object> inputs = MiniJson.obj(MiniJson.obj(FIX.get(model)).get("inputs"));
    Map<String, NdArray> item = new LinkedHashMap<>();
    inputs.forEach((k, v) -> item.put(k, PtqFixtures.f32(v)));
    return Dataset.of(List.of(item));
  }
}
