package dev.jvino.nncf.quantization.placement;

import static dev.jvino.nncf.quantization.placement.ModelKit.*;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.Dimension;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.SubgraphBody;
import java.util.List;
import java.util.Map;

/**
 * Java rebuilds of the synthetic models of NNCF's {@code tests/openvino/native/models.py}: same ops, wiring,
 * shapes and friendly names (auto-generated names are taken from the reference graphs), so FakeQuantize names
 * derived from them match NNCF's. Constant values are zeros: placement does not read them.
 */
public final class SyntheticModels {
  private SyntheticModels() {}

  private static final ElementType F32 = ElementType.F32;
  private static final ElementType I64 = ElementType.I64;

  /**
   * Runs {@code builder} with the named f32 constants holding {@code values} instead of zeros (for executing
   * the models with NNCF's weights); every value must be used.
   */
  public static Model withConstants(Map<String, float[]> values, java.util.function.Supplier<Model> builder) {
    Map<String, float[]> left = new java.util.HashMap<>(values);
    Model m = ScopedValue.where(ModelKit.VALUES, left).call(builder::get);
    if (!left.isEmpty()) {
      throw new IllegalArgumentException(m.name() + " has no f32 constants named " + left.keySet());
    }
    return m;
  }

  /** Convolution-1 attributes: stride and dilation 1, no padding. */
  private static void convAttrs(Node conv) {
    int spatial = conv.inputs().get(1).source().shape().rank() - 2;
    long[] one = new long[spatial];
    java.util.Arrays.fill(one, 1);
    conv.attributes().set("strides", one).set("dilations", one).set("pads_begin", new long[spatial])
        .set("pads_end", new long[spatial]).set("auto_pad", "explicit");
  }

  public static Model linearModel() {
    Node in = param("Input", 1, 3, 4, 2);
    Node reshape = op("Reshape", "Reshape", s(1, 3, 2, 4), in.output(), constant("Constant_1", I64, 4));
    Node matmul = op("MatMul", "MatMul", s(1, 3, 2, 5), reshape.output(), constant("Constant_8", 4, 5));
    matmul.attributes().set("transpose_a", false).set("transpose_b", false);
    Node add = op("Add", "Add", s(1, 3, 2, 4), reshape.output(), constant("Constant_10", 1, 3, 2, 4));
    return new Model("LinearModel", List.of(in),
        List.of(result("Result_MatMul", matmul.output()), result("Result_Add", add.output())));
  }

  public static Model convModel() {
    return convModel("ConvModel", PartialShape.of(1, 3, 4, 2), PartialShape.of(1, 3, 2, 4), "Concat_32");
  }

  public static Model dynamicModel() {
    Dimension d = new Dimension(1, 99);
    return convModel("DynamicModel", PartialShape.of(List.of(d, Dimension.of(3), Dimension.of(4), Dimension.of(2))),
        PartialShape.of(List.of(d, Dimension.of(3), Dimension.of(2), Dimension.of(4))), "Concat_34");
  }

  private static Model convModel(String name, PartialShape s1, PartialShape s2, String concatName) {
    Node in1 = param("Input_1", F32, s1);
    Node sub = op("Subtract", "Sub", F32, s1, in1.output(), constant("Constant_18", 1, 3, 1, 1));
    Node conv = op("Convolution", "Conv", F32, s1, sub.output(), constant("Constant_20", 3, 3, 1, 1));
    Node convAdd = op("Add", "Conv_Add", F32, s1, conv.output(), constant("Bias", 1, 3, 1, 1));
    Node relu = op("Relu", "Relu", F32, s1, convAdd.output());
    Node in2 = param("Input_2", F32, s2);
    Node add = op("Add", "Add", F32, s2, in2.output(), constant("Constant_26", 1, 3, 1, 1));
    Node mul = op("Multiply", "Mul", F32, s2, add.output(), constant("Constant_28", 1, 3, 1, 1));
    Node tr = op("Transpose", "Transpose", F32, s1, mul.output(), ints(0, 1, 3, 2));
    Node cat = op("Concat", concatName, F32, PartialShape.dynamic(4), relu.output(), tr.output());
    return new Model(name, List.of(in1, in2), List.of(result("Result", cat.output())));
  }

  public static Model convNotBiasModel() {
    Node in1 = param("Input_1", 1, 3, 4, 2);
    Node sub = op("Subtract", "Sub", s(1, 3, 4, 2), in1.output(), constant("Constant_18", 1, 3, 1, 1));
    Node conv = op("Convolution", "Conv", s(1, 3, 4, 2), sub.output(), constant("Constant_20", 3, 3, 1, 1));
    Node convAdd = op("Add", "Conv_Add", s(1, 3, 4, 2), conv.output(), constant("NotBias", 1, 3, 4, 2));
    Node relu = op("Relu", "Relu", s(1, 3, 4, 2), convAdd.output());
    return new Model("ConvNotBiasModel", List.of(in1), List.of(result("Result", relu.output())));
  }

  public static Model weightsModel() {
    Node in = param("Input_1", 1, 3, 5, 5);
    Node conv = op("Convolution", "Conv", s(1, 3, 5, 5), in.output(), constant("conv_weights_0", 3, 3, 1, 1));
    Node back = op("ConvolutionBackpropData", "Conv_backprop", s(1, 3, 1, 1), conv.output(),
        constant("conv_weights_1", 3, 3, 1, 1), ints(1, 1));
    Output w1 = constant("weights_1", 1, 4);
    Output w0 = constant("weights_0", 1, 1);
    Node mm1 = op("MatMul", "MatMul_1", s(1, 3, 1, 4), back.output(), w1);
    Node mm0 = op("MatMul", "MatMul_0", s(1, 3, 1, 4), w0, mm1.output());
    Node mm = op("MatMul", "MatMul", s(1, 3, 1, 1), mm0.output(), mm1.output());
    mm.attributes().set("transpose_b", true);
    Node mmConst = op("MatMul", "MatMul_const", s(4, 1), w1, w0);
    mmConst.attributes().set("transpose_a", true);
    Node add = op("Add", "Add_15", s(1, 3, 4, 1), mmConst.output(), mm.output());
    return new Model("WeightsModel", List.of(in), List.of(result("Result", add.output())));
  }

  public static Model matMul2DModel() {
    Node in = param("Input", 3, 5);
    Node mm = op("MatMul", "MatMul", s(3, 2), in.output(), constant("Constant_1", 5, 2));
    Node add = op("Add", "Add", s(3, 2), mm.output(), constant("Constant_3", 1, 2));
    return new Model("MatMul2DModel", List.of(in), List.of(result("Result", add.output())));
  }

  public static Model scaleShiftReluModel() {
    Node in = param("Input", 3, 5);
    Node mm = op("MatMul", "MatMul", s(3, 2), in.output(), constant("Constant_1", 5, 2));
    Node mul = op("Multiply", "Mul", s(3, 2), mm.output(), constant("Constant_3", 1, 2));
    Node add = op("Add", "Add", s(3, 2), mul.output(), constant("Constant_5", 1, 2));
    Node relu = op("Relu", "Relu", s(3, 2), add.output());
    Node mm2 = op("MatMul", "MatMul2", s(3, 4), relu.output(), constant("Constant_8", 2, 4));
    return new Model("ScaleShiftReluModel", List.of(in), List.of(result("Result", mm2.output())));
  }

  public static Model comparisonBinaryModel() {
    Node in = param("Input", 1, 3, 4, 2);
    Node ge = op("GreaterEqual", "GreaterEqual_3", ElementType.BOOLEAN, PartialShape.of(1, 3, 4, 2), in.output(),
        constant("Constant_2", 1, 3, 4, 2));
    Node conv = op("Convert", "Convert_4", I64, PartialShape.of(1, 3, 4, 2), ge.output());
    conv.attributes().set("destination_type", I64);
    Node gather = op("Gather", "Gather_6", s(1, 3, 4, 2, 3, 4, 2), in.output(), conv.output(),
        constant("Constant_5", I64));
    Node add = op("Add", "Add", s(1, 3, 4, 2, 3, 4, 2), in.output(), gather.output());
    return new Model("ComparisonBinaryModel", List.of(in), List.of(result("Result_Add", add.output())));
  }

  public static Model shapeOfModel() {
    Node in = param("Input", 1, 3, 4, 2);
    Node c1 = op("Convolution", "Conv_1", s(1, 3, 4, 2), in.output(), constant("Constant_4", 3, 3, 1, 1));
    Node a1 = op("Add", "Conv_Add_1", s(1, 3, 4, 2), c1.output(), constant("Bias_1", 1, 3, 1, 1));
    Node sh1 = op("ShapeOf", "ShapeOf_1", I64, PartialShape.of(4), a1.output());
    Node g = op("Gather", "Gather_96538", I64, PartialShape.of(2), sh1.output(), ints(2, 3), ints(0));
    Node cat = op("Concat", "Concat_96541", I64, PartialShape.of(4), ints(0), ints(0), g.output());
    Node r1 = op("Reshape", "Reshape_1", s(1, 3, 4, 2), a1.output(), cat.output());
    Node tr = op("Transpose", "Transpose", s(1, 3, 2, 4), r1.output(), ints(0, 1, 3, 2));
    Node c2 = op("Convolution", "Conv_2", s(1, 3, 2, 4), tr.output(), constant("Constant_12", 3, 3, 1, 1));
    Node a2 = op("Add", "Conv_Add_2", s(1, 3, 2, 4), c2.output(), constant("Bias_2", 1, 3, 1, 1));
    Node sh2 = op("ShapeOf", "ShapeOf_2", I64, PartialShape.of(4), a2.output());
    Node cv1 = op("Convert", "Convert_1", F32, PartialShape.of(4), sh2.output());
    Node mul = op("Multiply", "Multiply", F32, PartialShape.of(4), cv1.output(), constant("Constant_17", 4));
    Node cv2 = op("Convert", "Convert_2", I64, PartialShape.of(4), mul.output());
    Node r2 = op("Reshape", "Reshape_2", s(1, 3, 2, 4), a2.output(), cv2.output());
    Node c3 = op("Convolution", "Conv_3", s(1, 3, 2, 4), r2.output(), constant("Constant_21", 3, 3, 1, 1));
    Node a3 = op("Add", "Conv_Add_3", s(1, 3, 2, 4), c3.output(), constant("Bias_3", 1, 3, 1, 1));
    return new Model("ShapeOfModel", List.of(in), List.of(result("Result", a3.output())));
  }

  public static Model seBlockModel() {
    Node in = param("Input", 1, 3, 5, 6);
    Node c0 = op("Convolution", "Conv0", s(1, 3, 5, 6), in.output(), constant("Constant_1", 3, 3, 1, 1));
    Node a0 = op("Add", "Add0", s(1, 3, 5, 6), c0.output(), constant("Constant_3", 1, 3, 1, 1));
    Node rm = op("ReduceMean", "ReduceMean_31402", s(1, 3, 1, 1), a0.output(), ints(2, 3));
    Node c = op("Convolution", "Conv", s(1, 5, 1, 1), rm.output(), constant("Constant_6", 5, 3, 1, 1));
    Node a = op("Add", "Add", s(1, 5, 1, 1), c.output(), constant("Constant_8", 1, 5, 1, 1));
    Node relu = op("Relu", "Relu", s(1, 5, 1, 1), a.output());
    Node c2 = op("Convolution", "Conv2", s(1, 3, 1, 1), relu.output(), constant("Constant_11", 3, 5, 1, 1));
    Node a2 = op("Add", "Add2", s(1, 3, 1, 1), c2.output(), constant("Constant_13", 1, 3, 1, 1));
    Node sig = op("Sigmoid", "Sigmoid", s(1, 3, 1, 1), a2.output());
    Node mul = op("Multiply", "Mul", s(1, 3, 5, 6), a0.output(), sig.output());
    Node mm = op("MatMul", "MatMul", s(1, 3, 5, 5), mul.output(), constant("Constant_17", 6, 5));
    return new Model("SeBlockModel", List.of(in), List.of(result("Result", mm.output())));
  }

  public static Model unifiedEmbeddingModel() {
    Node in = param("Input", 1, 3);
    Node cv = op("Convert", "Convert_1", I64, PartialShape.of(1, 3), in.output());
    Node g1 = op("Gather", "Gather_1", s(1, 3, 5), constant("gather_1_data", 4, 5), cv.output(), ints(0));
    Node mm1 = op("MatMul", "MatMul_1", s(3, 1, 5), in.output(), constant("matmul_1_data", 3, 3, 5));
    Node r1 = op("Reshape", "Reshape_1", s(1, 3, 5), mm1.output(), ints(1, 3, 5));
    Node cat = op("Concat", "Concat_12", s(1, 6, 5), g1.output(), r1.output());
    Node mm2 = op("MatMul", "MatMul_2", s(1, 6, 1), cat.output(), constant("matmul_2_data", 1, 5));
    mm2.attributes().set("transpose_b", true);
    return new Model("UnifiedEmbeddingModel", List.of(in), List.of(result("Result", mm2.output())));
  }

  public static Model groupNormalizationModel() {
    Node in = param("Input_1", 1, 2, 3, 4, 4);
    Node conv = op("Convolution", "Conv", s(1, 4, 1, 2, 2), in.output(), constant("Constant_1", 4, 2, 3, 3, 3));
    Node add = op("Add", "Conv_Add", s(1, 4, 1, 2, 2), conv.output(), constant("Bias", 1, 1, 3, 1, 1));
    Node gn = op("GroupNormalization", "GroupNormalization_9", s(1, 4, 1, 2, 2), add.output(),
        constant("Constant_7", 4), constant("Constant_8", 4));
    Node relu = op("Relu", "Relu", s(1, 4, 1, 2, 2), gn.output());
    Node mul = op("Multiply", "Mul", s(1, 4, 1, 2, 2), relu.output(), constant("Constant_11", 1, 4, 1, 1, 1));
    Node add2 = op("Add", "Add", s(1, 4, 1, 2, 2), mul.output(), constant("Constant_13", 1, 4, 1, 1, 1));
    return new Model("GroupNormalizationModel", List.of(in), List.of(result("Result", add2.output())));
  }

  public static Model sharedConvModel() {
    Node in = param("Input", 1, 3, 3, 3);
    Output w = constant("Shared_conv_w", 3, 3, 1, 1);
    Node c1 = op("Convolution", "Conv_1", s(1, 3, 3, 3), in.output(), w);
    Node c2 = op("Convolution", "Conv_2", s(1, 3, 3, 3), in.output(), w);
    convAttrs(c1);
    convAttrs(c2);
    return new Model("SharedConvModel", List.of(in),
        List.of(result("Result_1", c1.output()), result("Result_2", c2.output())));
  }

  /** DepthwiseConv{3,4,5}DModel with the reference graphs' node names (Conv3D, Conv4D, Conv5D). */
  public static Model depthwiseConvModel(int rank) {
    long[] inShape = switch (rank) {
      case 3 -> s(1, 3, 7);
      case 4 -> s(1, 3, 5, 5);
      case 5 -> s(1, 3, 7, 6, 5);
      default -> throw new IllegalArgumentException("rank " + rank);
    };
    long[] kernel = switch (rank) {
      case 3 -> s(3, 1, 1, 5);
      case 4 -> s(3, 1, 1, 3, 3);
      default -> s(3, 1, 1, 5, 4, 3);
    };
    long[] outShape = switch (rank) {
      case 3 -> s(1, 3, 3);
      case 4 -> s(1, 3, 3, 3);
      default -> s(1, 3, 3, 3, 3);
    };
    long[] bias = new long[rank];
    java.util.Arrays.fill(bias, 1);
    bias[1] = 3;
    Node in = param("Input_1", inShape);
    Node conv = op("GroupConvolution", "Conv" + rank + "D", outShape, in.output(), constant("Constant_1", kernel));
    Node add = op("Add", "Add", outShape, conv.output(), constant("Constant_3", bias));
    Node last = rank == 4 ? op("Relu", "Relu", outShape, add.output()) : add;
    return new Model("DepthwiseConv" + rank + "DModel", List.of(in), List.of(result("Result", last.output())));
  }

  public static Model matmulSoftmaxMatmulBlock() {
    Node in = param("Input", 1, 1, 1);
    Node sq = op("Squeeze", "Squeeze_1", s(1, 1), in.output(), ints(1));
    Node mm1 = op("MatMul", "MatMul_1", s(1, 1, 1), in.output(), constant("Constant_3", 1, 1));
    Node sm = op("Softmax", "Softmax_1", s(1, 1, 1), mm1.output());
    Node mm2 = op("MatMul", "MatMul_2", s(1, 1, 1), sm.output(), sq.output());
    return new Model("MatmulSoftmaxMatmulBlock", List.of(in), List.of(result("Result", mm2.output())));
  }

  public static Model lstmModel() {
    Node in = param("Input", 1, 1, 128);
    Node sq = op("Squeeze", "Squeeze_1", s(1, 128), in.output(), ints(1));
    Node mm1 = op("MatMul", "MatMul_1", s(1, 256), sq.output(), constant("Constant_3", 256, 128));
    mm1.attributes().set("transpose_b", true);
    Node rv = op("ReadValue", "ReadValue_1", s(1, 64), constant("Constant_5", 1, 64));
    rv.attributes().set("variable_id", "variable_id_1");
    Node add = op("Add", "Add", s(1, 64), rv.output(), constant("Constant_7", 1, 64));
    Node mm2 = op("MatMul", "MatMul_2", s(1, 256), add.output(), constant("Constant_9", 256, 64));
    mm2.attributes().set("transpose_b", true);
    Node add1 = op("Add", "Add_1", s(1, 256), mm1.output(), mm2.output());
    Node split = op("Split", "Split_14", s(1, 64), add1.output(), ints(1));
    split.attributes().set("num_splits", 4);
    for (int i = 1; i < 4; i++) {
      split.addOutput(F32, PartialShape.of(1, 64));
    }
    Node sig1 = op("Sigmoid", "Sigmoid_1", s(1, 64), split.output(0));
    Node sig2 = op("Sigmoid", "Sigmoid_2", s(1, 64), split.output(1));
    Node sig3 = op("Sigmoid", "Sigmoid_3", s(1, 64), split.output(2));
    Node tanh1 = op("Tanh", "Tanh_1", s(1, 64), split.output(3));
    Node m1 = op("Multiply", "Multiply_1", s(1, 64), sig1.output(), constant("Constant_20", 1, 64));
    Node m2 = op("Multiply", "Multiply_2", s(1, 64), tanh1.output(), sig2.output());
    Node a2 = op("Add", "Add_2", s(1, 64), m1.output(), m2.output());
    Node tanh2 = op("Tanh", "Tanh_2", s(1, 64), a2.output());
    Node m3 = op("Multiply", "Multiply_3", s(1, 64), sig3.output(), tanh2.output());
    Node assign = new Node("Assign", "opset6", "Assign_25", List.of(m3.output()));
    assign.attributes().set("variable_id", "variable_id_1");
    Node mm3 = op("MatMul", "MatMul_3", s(1, 128), m3.output(), constant("Constant_27", 128, 64));
    mm3.attributes().set("transpose_b", true);
    return new Model("LSTMModel", List.of(in), List.of(result("Result", mm3.output())), List.of(assign));
  }

  public static Model lstmSequenceModel() {
    Node x = param("X", 1, 2, 16);
    Node h = param("initial_hidden_state", 1, 1, 128);
    Node c = param("initial_cell_state", 1, 1, 128);
    Output seqLen = Ops.constant("Constant_3", ConstantData.ofLongs(ElementType.I32, s(1), 2)).output();
    Node lstm = new Node("LSTMSequence", "opset5", "LSTMSequence", List.of(x.output(), h.output(), c.output(),
        seqLen, constant("Constant_4", 1, 512, 16), constant("Constant_5", 1, 512, 128), constant("Constant_6", 1, 512)));
    lstm.addOutput(F32, PartialShape.of(1, 1, 2, 128));
    lstm.attributes().set("hidden_size", 128).set("direction", "forward").set("activations", "sigmoid,tanh,tanh")
        .set("clip", 0.0);
    lstm.addOutput(F32, PartialShape.of(1, 1, 128));
    lstm.addOutput(F32, PartialShape.of(1, 1, 128));
    Node mm = op("MatMul", "MatMul", s(1, 1, 1, 3), lstm.output(1), constant("Constant_8", 1, 1, 128, 3));
    return new Model("LSTMSequenceModel", List.of(x, h, c), List.of(result("Result", mm.output())));
  }

  public static Model gruSequenceModel(boolean linearBeforeReset) {
    Node x = param("X", 3, 2, 16);
    Node h = param("initial_hidden_state", 3, 1, 128);
    Node gru = op("GRUSequence", "GRUSequence", s(3, 1, 2, 128), x.output(), h.output(),
        constant("Constant_2", ElementType.I32, 3), constant("Constant_3", 1, 384, 16),
        constant("Constant_4", 1, 384, 128), constant("Constant_5", 1, (linearBeforeReset ? 4 : 3) * 128L));
    gru.attributes().set("linear_before_reset", linearBeforeReset);
    gru.addOutput(F32, PartialShape.of(3, 1, 128));
    Node mm = op("MatMul", "MatMul", s(3, 1, 2, 3), gru.output(0), constant("Constant_7", 3, 1, 128, 3));
    return new Model("GRUSequenceModel", List.of(x, h), List.of(result("Result", mm.output())));
  }

  /** IfModel: an If op whose then and else bodies are both ConvModel. */
  public static Model ifModel() {
    Node in1 = param("Input_1", 1, 3, 4, 2);
    Node in2 = param("Input_2", 1, 3, 2, 4);
    Node cond = param("Cond_input", ElementType.BOOLEAN, PartialShape.of());
    Node iff = op("If", "If_72", s(2, 3, 4, 2), cond.output(), in1.output(), in2.output());
    for (String tag : List.of("then_body", "else_body")) {
      Model body = convModel("ConvModel", PartialShape.of(1, 3, 4, 2), PartialShape.of(1, 3, 2, 4), "Concat_36");
      iff.bodies().add(new SubgraphBody(tag, "port_map", body, List.of(
          new SubgraphBody.PortMapping(true, 1, body.parameters().get(0), Map.of()),
          new SubgraphBody.PortMapping(true, 2, body.parameters().get(1), Map.of()),
          new SubgraphBody.PortMapping(false, 0, body.results().get(0), Map.of())), List.of()));
    }
    return new Model("IfModel", List.of(in1, in2, cond), List.of(result("Result", iff.output())));
  }

  public static Model ropeModel() {
    Node pos = param("position_ids", 1, 10);
    Node unsq = op("Unsqueeze", "Unsqueeze_3", s(1, 1, 10), pos.output(), ints(0));
    Node cv = op("Convert", "convert", s(1, 1, 10), unsq.output());
    Node bc = op("Broadcast", "broadcast", s(1, 5, 1), constant("Constant_5", 1, 5, 1), ints(1, 5, 1));
    Node mm = op("MatMul", "MatMul", s(1, 5, 10), bc.output(), cv.output());
    Node tr = op("Transpose", "transpose", s(1, 10, 5), mm.output(), ints(0, 2, 1));
    Node cat = op("Concat", "concat", s(2, 10, 5), tr.output(), tr.output());
    Node sin = op("Sin", "sin", s(2, 10, 5), cat.output());
    Node cos = op("Cos", "cos", s(2, 10, 5), cat.output());
    return new Model("RoPEModel", List.of(pos),
        List.of(result("sin_result", sin.output()), result("cos_result", cos.output())));
  }

  public static Model scaledDotProductAttentionModel() {
    Node in = param("Input_1", 1, 1, 1, 64);
    Node mask = param("Input_2", 1, 1, 1, 1);
    Node r0 = op("Reshape", "Reshape_3835", s(64), in.output(), ints(64));
    Node r1 = op("Reshape", "Reshape_3837", s(1, 1, 1, 64), r0.output(), ints(1, 1, 1, 64));
    Output[] qkv = new Output[3];
    String[][] names = {{"Reshape_3839", "Reshape_3841"}, {"Reshape_3843", "Reshape_3845"},
        {"Reshape_3847", "Reshape_3849"}};
    for (int i = 0; i < 3; i++) {
      Node a = op("Reshape", names[i][0], s(64), r1.output(), ints(64));
      Node b = op("Reshape", names[i][1], s(1, 1, 1, 64), a.output(), ints(1, 1, 1, 64));
      qkv[i] = b.output();
    }
    Node sdpa = op("ScaledDotProductAttention", "ScaledDotProductAttention_3850", s(1, 1, 1, 64), qkv[0], qkv[1],
        qkv[2], mask.output());
    return new Model("scaled_dot_product_attention", List.of(in, mask), List.of(result("Result", sdpa.output())));
  }

  public static Model yolo26AttentionBlock() {
    Node in = param("Input", 1, 2, 4, 4);
    Node conv = op("Convolution", "Conv", s(1, 6, 4, 4), in.output(), constant("Constant_1", 6, 2, 1, 1));
    convAttrs(conv);
    Node split = op("Split", "Split", s(1, 2, 4, 4), conv.output(), ints(1));
    split.addOutput(F32, PartialShape.of(1, 2, 4, 4));
    split.addOutput(F32, PartialShape.of(1, 2, 4, 4));
    split.attributes().set("num_splits", 3);
    Node qk = op("MatMul", "MatMul_qk", s(1, 2, 4, 4), split.output(0), split.output(1));
    qk.attributes().set("transpose_a", true).set("transpose_b", true);
    Node mul = op("Multiply", "Mul", s(1, 2, 4, 4), qk.output(), constant("Constant_6"));
    Node sm = op("Softmax", "SoftMax", s(1, 2, 4, 4), mul.output());
    sm.attributes().set("axis", 1);
    Node qkv = op("MatMul", "MatMul_qkv", s(1, 2, 4, 4), sm.output(), split.output(2));
    qkv.attributes().set("transpose_b", true);
    return new Model("YOLO26AttnBlock", List.of(in), List.of(result("Result", qkv.output())));
  }

  public static Model parallelEdgesOutputPortIdModel() {
    Node in = param("Input", 1, 2, 4, 4);
    Node split = op("Split", "Split", s(1, 1, 4, 4), in.output(), ints(1));
    split.addOutput(F32, PartialShape.of(1, 1, 4, 4));
    Node mm = op("MatMul", "MatMul", s(1, 1, 4, 4), split.output(0), split.output(1));
    Node mm1 = op("MatMul", "MatMul1", s(1, 1, 4, 4), split.output(0), split.output(1));
    return new Model("ParallelEdgesOutputPortIdModel", List.of(in),
        List.of(result("Result", mm.output()), result("Result1", mm1.output())));
  }

  /** IntegerModel with NNCF's defaults (dim1=1, dim2=7, dim3=6, max_input_value=2). */
  public static Model integerModel() {
    Node in = param("Input", 1, 7, 1);
    Node cv = op("Convert", "Convert_1", I64, PartialShape.of(1, 7, 1), in.output());
    Node g1 = op("Gather", "Gather_1", I64, PartialShape.of(7, 1), cv.output(), ints(0), ints(0));
    Node g2 = op("Gather", "Gather_2", s(7, 1, 6), constant("gather_2_data", 3, 6), g1.output(), ints(0));
    Node g3 = op("Gather", "Gather_3", s(1, 6), g2.output(), ints(2), ints(0));
    Node mm1 = op("MatMul", "MatMul_1", s(1, 6), g3.output(), constant("matmul_1_data", 6, 6));
    mm1.attributes().set("transpose_b", true);
    Node g4 = op("Gather", "Gather_4", s(1, 7), in.output(), ints(0), ints(2));
    Node mm2 = op("MatMul", "MatMul_2", s(1, 6), g4.output(), constant("matmul_2_data", 6, 7));
    mm2.attributes().set("transpose_b", true);
    Node add = op("Add", "Add_1", s(1, 6), mm1.output(), mm2.output());
    return new Model("IntegerModel", List.of(in), List.of(result("Result", add.output())));
  }

  /** UnifiedScalesModel: Sin and Cos of one input meet in a Concat that feeds a Convolution. */
  public static Model unifiedScalesModel() {
    Node in = param("Input", 1, 3, 4, 2);
    Node mul = op("Multiply", "Mul", s(1, 3, 4, 2), in.output(), constant("Constant_1", 1, 2));
    Node sin = op("Sin", "Sin", s(1, 3, 4, 2), mul.output());
    Node cos = op("Cos", "Cos", s(1, 3, 4, 2), mul.output());
    Node cat = op("Concat", "Concat_5", s(2, 3, 4, 2), sin.output(), cos.output());
    Node conv = op("Convolution", "Conv", s(2, 3, 4, 2), cat.output(), constant("Constant_6", 3, 3, 1, 1));
    return new Model("UnifiedScalesModel", List.of(in), List.of(result("Result", conv.output())));
  }

  /**
   * Not an NNCF model: two Convolution+Sigmoid branches of different sizes meet in an Add, the case the
   * CPU_SPR pass handles (one of the Add's two input quantizers is dropped).
   */
  public static Model twoBranchAddModel() {
    Node in = param("Input", 1, 3, 4, 4);
    Node ca = op("Convolution", "Conv_a", s(1, 3, 4, 4), in.output(), constant("Constant_1", 3, 3, 1, 1));
    Node sa = op("Sigmoid", "Sigmoid_a", s(1, 3, 4, 4), ca.output());
    Node cb = op("Convolution", "Conv_b", s(1, 3, 1, 1), in.output(), constant("Constant_2", 3, 3, 4, 4));
    Node sb = op("Sigmoid", "Sigmoid_b", s(1, 3, 1, 1), cb.output());
    Node add = op("Add", "Add", s(1, 3, 4, 4), sa.output(), sb.output());
    return new Model("TwoBranchAddModel", List.of(in), List.of(result("Result", add.output())));
  }

  /**
   * Not an NNCF model: Convolution -> Sigmoid -> {@code marker} (TopK, or Relu for contrast) -> Multiply of the
   * marker's first output with itself -> Result. With TopK the tail is post-processing and stays unquantized.
   */
  public static Model postProcessingModel(boolean topK) {
    Node in = param("Input", 1, 3, 4, 4);
    Node conv = op("Convolution", "Conv", s(1, 3, 4, 4), in.output(), constant("Constant_1", 3, 3, 1, 1));
    Node sig = op("Sigmoid", "Sigmoid", s(1, 3, 4, 4), conv.output());
    Node marker;
    if (topK) {
      marker = op("TopK", "TopK", s(1, 3, 4, 2), sig.output(), ints(2));
      marker.addOutput(ElementType.I32, PartialShape.of(1, 3, 4, 2));
    } else {
      marker = op("Relu", "Relu", s(1, 3, 4, 4), sig.output());
    }
    Node mul = op("Multiply", "Mul", marker.output(0).shape().toLongArray(), marker.output(0), marker.output(0));
    return new Model("PostProcessingModel", List.of(in), List.of(result("Result", mul.output())));
  }

  /** FPModel: Input -> MatMul(transpose_a) with a constant -> Add of a constant bias -> Result_Add. */
  public static Model fpModel() {
    Node in = param("Input", 1, 3, 4, 2);
    Node mm = op("MatMul", "MatMul", s(1, 3, 2, 5), in.output(), constant("MatMul_const", 1, 3, 4, 5));
    mm.attributes().set("transpose_a", true);
    Node add = op("Add", "Add", s(1, 3, 2, 5), mm.output(), constant("MatMul_bias", 1, 3, 1, 1));
    return new Model("FPModel", List.of(in), List.of(result("Result_Add", add.output())));
  }

  /** IfModel_2: an If op with ConvNotBiasModel as its then body and FPModel as its else body. */
  public static Model ifModel2() {
    Node in1 = param("Input_1", 1, 3, 4, 2);
    Node cond = param("Cond_input", ElementType.BOOLEAN, PartialShape.of());
    Node iff = op("If", "If_19", s(1, 3, 4, 2), cond.output(), in1.output());
    Model[] bodies = {convNotBiasModel(), fpModel()};
    String[] tags = {"then_body", "else_body"};
    for (int i = 0; i < 2; i++) {
      Model body = bodies[i];
      iff.bodies().add(new SubgraphBody(tags[i], "port_map", body, List.of(
          new SubgraphBody.PortMapping(true, 1, body.parameters().get(0), Map.of()),
          new SubgraphBody.PortMapping(false, 0, body.results().get(0), Map.of())), List.of()));
    }
    return new Model("IfModel_2", List.of(in1, cond), List.of(result("Result", iff.output())));
  }

  /** SAMPEModel: SAM's positional embedding (MatMul -> Multiply -> Sin and Cos -> Concat). */
  public static Model samPeModel() {
    Node in = param("inp", -1, -1, -1, 2);
    Node mm = op("MatMul", "MatMul", s(-1, -1, -1, 128), in.output(), constant("Constant_1", 128, 2));
    mm.attributes().set("transpose_b", true);
    Node mul = op("Multiply", "Scaled_MatMul", s(-1, -1, -1, 128), mm.output(), constant("Constant_3"));
    Node sin = op("Sin", "sin", s(-1, -1, -1, 128), mul.output());
    Node cos = op("Cos", "cos", s(-1, -1, -1, 128), mul.output());
    Node cat = op("Concat", "concat", s(-1, -1, -1, 256), sin.output(), cos.output());
    return new Model("SAMPEModel", List.of(in), List.of(result("concat_result", cat.output())));
  }
}
