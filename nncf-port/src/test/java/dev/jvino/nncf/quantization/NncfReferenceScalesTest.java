package dev.jvino.nncf.quantization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.QuantizationScheme;
import dev.jvino.nncf.testing.MiniJson;
import dev.jvino.nncf.testing.SharedFiles;
import dev.jvino.nncf.statistics.TargetPoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NNCF's {@code test_fq_params_calculation} for LinearModel, ConvModel, ConvNotBiasModel, DynamicModel,
 * MatMul2DModel and ScaleShiftReluModel of {@code tests/openvino/native/models.py}: the models rebuilt with
 * NNCF's weights (default_rng(0) order, fixture from tools/fixtures/gen_ptq_fixtures.py), the placement of
 * the reference graphs {@code reference_graphs/quantized/<model>.dot} written by hand (the overflow fix
 * giving the first convolution half range), MinMax only with
 * subset_size 1 and one calibration item per input ({@code default_rng(0).uniform(0, 1, shape)}), and every
 * FakeQuantize range compared with {@code 2024.1/reference_scales/*.json} at NNCF's tolerance (atol 1e-5,
 * equal shapes).
 */
class NncfReferenceScalesTest {
  static final Map<String, Object> FIX = PtqFixtures.resource("nncf_models.json");
  static final QuantizerConfig WEIGHTS = new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, true, true, true);

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

  /**
   * The placement of {@code quantized/WeightsModel.dot}: every activation between the weighted ops, and
   * the weights of Conv, Conv_backprop, MatMul_1 (port 1) and MatMul_0 (port 0); half range for the first
   * convolution (FIRST_LAYER), for every convolution and MatMul weight (ENABLE) or for none (DISABLE).
   */
  static QuantizerSetup weightsModelSetup(QuantizationScheme activations, String overflowFix) {
    QuantizerConfig a = new QuantizerConfig(8, activations, null, false, false);
    boolean all = overflowFix.equals("enable");
    boolean first = !overflowFix.equals("disable");
    return new QuantizerSetup(List.of(
        new QuantizationPoint(TargetPoint.postLayer("Input_1", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("Conv", 1), WEIGHTS, first),
        new QuantizationPoint(TargetPoint.postLayer("Conv", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("Conv_backprop", 1), WEIGHTS, all),
        new QuantizationPoint(TargetPoint.postLayer("Conv_backprop", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("MatMul_1", 1), WEIGHTS, all),
        new QuantizationPoint(TargetPoint.postLayer("MatMul_1", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("MatMul_0", 0), WEIGHTS, all),
        new QuantizationPoint(TargetPoint.postLayer("MatMul_0", 0), a, false)), List.of());
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

  /**
   * The IntegerModel placement of the 2024.1 references: the embedding weight per tensor and not narrow
   * (levels 256, signed) for PERFORMANCE, per channel and narrow with its output quantized for MIXED.
   */
  static QuantizerSetup integerModelSetup(QuantizerConfig a, boolean mixed) {
    List<QuantizationPoint> p = new java.util.ArrayList<>(List.of(
        new QuantizationPoint(TargetPoint.preLayer("Gather_4", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("MatMul_2", 1), WEIGHTS, false),
        new QuantizationPoint(TargetPoint.postLayer("MatMul_2", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("MatMul_1", 1), WEIGHTS, false),
        new QuantizationPoint(TargetPoint.postLayer("MatMul_1", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("Gather_2", 0), mixed ? WEIGHTS
            : new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, true, false, false), false)));
    if (mixed) {
      p.add(new QuantizationPoint(TargetPoint.postLayer("Gather_2", 0), a, false));
    }
    return new QuantizerSetup(p, List.of());
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

  /**
   * The Concat's inputs share one range. With PERFORMANCE the Gather's quantizer sits on its embedding
   * weight (per tensor, signed, not narrow), so the group unifies a weight and an activation; with MIXED
   * it is the Gather's output, and the embedding gets its own per-channel quantizer.
   */
  static QuantizerSetup unifiedEmbeddingSetup(QuantizerConfig a, boolean mixed) {
    TargetPoint mmOut = TargetPoint.postLayer("MatMul_1", 0);
    TargetPoint gather = mixed ? TargetPoint.postLayer("Gather_1", 0) : TargetPoint.weights("Gather_1", 0);
    QuantizerConfig unified = mixed ? a : new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, true, false, false);
    List<QuantizationPoint> p = new java.util.ArrayList<>(List.of(
        new QuantizationPoint(TargetPoint.preLayer("MatMul_1", 0), a, false),
        new QuantizationPoint(TargetPoint.weights("MatMul_1", 1), WEIGHTS, false),
        new QuantizationPoint(mmOut, unified, false),
        new QuantizationPoint(gather, unified, false),
        new QuantizationPoint(TargetPoint.weights("MatMul_2", 1), WEIGHTS, false)));
    if (mixed) {
      p.add(new QuantizationPoint(TargetPoint.weights("Gather_1", 0), WEIGHTS, false));
    }
    return new QuantizerSetup(p, List.of(List.of(gather, mmOut)));
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

  /**
   * NNCF's {@code test_synthetic_models_fc_scales}: UnifiedScalesModel in the FP8 modes, the Concat inputs
   * (Sin, Cos) sharing one FakeConvert scale, the convolution weights per channel, against
   * {@code 2024.3/reference_scales/UnifiedScalesModel_fp8_*.json}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"fp8_e4m3", "fp8_e5m2"})
  void fakeConvertScalesMatchNncf(String mode) {
    QuantizerConfig a = new QuantizerConfig(8, QuantizationScheme.SYMMETRIC, null, false, false);
    TargetPoint sin = TargetPoint.postLayer("Sin", 0);
    TargetPoint cos = TargetPoint.postLayer("Cos", 0);
    QuantizerSetup setup = new QuantizerSetup(List.of(new QuantizationPoint(sin, a, false),
        new QuantizationPoint(cos, a, false), new QuantizationPoint(TargetPoint.weights("Conv", 1), WEIGHTS, false)),
        List.of(List.of(sin, cos)));
    MinMaxOptions o = MinMaxOptions.builder().subsetSize(1).compressWeights(false).engine(new ReferenceEngine())
        .mode(dev.jvino.nncf.QuantizationMode.fromValue(mode)).build();
    Model q = MinMaxQuantization.apply(unifiedScalesModel(), setup, dataset("UnifiedScalesModel"), o);
    Map<String, Object> expected = PtqFixtures.file(
        SharedFiles.file("nncf-reference/2024.3/reference_scales/UnifiedScalesModel_" + mode + ".json"));
    assertEquals(expected.size(), q.nodesOfType("FakeConvert").size());
    for (Map.Entry<String, Object> e : expected.entrySet()) {
      Node fc = q.node(e.getKey()).orElseThrow(() -> new AssertionError("no FakeConvert " + e.getKey()));
      assertEquals("FakeConvert", fc.type());
      assertEquals(mode.equals("fp8_e4m3") ? "f8e4m3" : "f8e5m2", fc.attributes().string("destination_type"));
      Map<String, Object> values = MiniJson.obj(e.getValue());
      String[] names = {"scale", "shift"};
      for (int i = 0; i < 2; i++) {
        Object want = values.get(names[i]);
        ConstantData got = fc.inputNode(i + 1).constantData();
        assertArrayEquals(PtqFixtures.nestedShape(want), got.shape(), e.getKey() + "/" + names[i]);
        double[] w = PtqFixtures.nestedValues(want);
        float[] g = got.toFloatArray();
        for (int k = 0; k < w.length; k++) {
          // NNCF's compare_stats: allclose with atol 1e-5 (and numpy's default rtol 1e-5 for these large scales)
          assertTrue(Math.abs(g[k] - w[k]) <= 1e-5 + 1e-5 * Math.abs(w[k]),
              e.getKey() + "/" + names[i] + "[" + k + "]: " + g[k] + " vs " + w[k]);
        }
      }
    }
  }

  private static final java.util.regex.Pattern DOT_NODE =
      java.util.regex.Pattern.compile("^\"(\\d+) ([^\"]+)\" \\[id=\\d+, type=(\\w+)\\];$");
  private static final java.util.regex.Pattern DOT_EDGE =
      java.util.regex.Pattern.compile("^\"(\\d+) ([^\"]+)\" -> \"(\\d+) ([^\"]+)\".*$");

  /**
   * The quantizers are wired as in NNCF's PERFORMANCE graph {@code reference_graphs/quantized/<model>.dot}
   * (newest version folder holding it): each FakeQuantize reads the same producer (any Constant for a
   * weight) and feeds the same consumers (by name, or by type for NNCF's auto-named ops such as Concat).
   */
  static void checkQuantizerWiring(Model q, String version, String model) {
    java.nio.file.Path dot = SharedFiles.root().resolve("nncf-reference/" + version + "/reference_graphs/quantized/"
        + model + ".dot");
    if (!java.nio.file.Files.exists(dot)) {
      dot = SharedFiles.file("nncf-reference/2024.1/reference_graphs/quantized/" + model + ".dot");
    }
    List<String> lines;
    try {
      lines = java.nio.file.Files.readAllLines(dot);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Map<String, String> types = new LinkedHashMap<>();
    for (String l : lines) {
      var n = DOT_NODE.matcher(l.strip());
      if (n.matches()) {
        types.put(n.group(2), n.group(3));
      }
    }
    List<String> dotQuantizers = types.entrySet().stream().filter(t -> t.getValue().equals("FakeQuantize"))
        .map(Map.Entry::getKey).sorted().toList();
    assertEquals(dotQuantizers, q.nodesOfType("FakeQuantize").stream().map(Node::name).sorted().toList(), model);
    int outputs = 0;
    for (String l : lines) {
      var e = DOT_EDGE.matcher(l.strip());
      if (!e.matches() || "Constant".equals(types.get(e.group(2)))) {
        continue; // range constants and weights: NNCF's constant names are generated
      }
      String from = e.group(2);
      String to = e.group(4);
      if ("FakeQuantize".equals(types.get(to))) {
        assertEquals(from, fq(q, to).inputNode(0).name(), model + ": input of " + to);
      } else if ("FakeQuantize".equals(types.get(from))) {
        Node fq = fq(q, from);
        var byName = q.node(to);
        boolean wired = byName.isPresent()
            ? byName.get().inputs().stream().anyMatch(in -> in.source().node() == fq)
            : fq.output().consumers().stream().anyMatch(in -> in.node().type().equals(types.get(to)));
        assertTrue(wired, model + ": " + from + " must feed " + to);
        outputs++;
      }
    }
    for (String name : dotQuantizers) {
      if (name.contains("/fq_weights_")) {
        assertEquals("Constant", fq(q, name).inputNode(0).type(), model + ": " + name + " reads a weight");
      }
    }
    assertTrue(outputs >= dotQuantizers.size(), model + ": every quantizer has a consumer edge");
  }

  private static Node fq(Model q, String name) {
    return q.node(name).orElseThrow(() -> new AssertionError("no " + name));
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

  /** The quantizers of the reference graphs {@code quantized/<model>.dot}. */
  static QuantizerSetup setup(String model, QuantizationScheme activations) {
    QuantizerConfig a = new QuantizerConfig(8, activations, null, false, false);
    return switch (model) {
      case "LinearModel" -> new QuantizerSetup(List.of(
          new QuantizationPoint(TargetPoint.postLayer("Input", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("MatMul", 1), WEIGHTS, false)), List.of());
      case "MatMul2DModel" -> new QuantizerSetup(List.of(
          new QuantizationPoint(TargetPoint.postLayer("Input", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("MatMul", 1), WEIGHTS, false)), List.of());
      case "ScaleShiftReluModel" -> new QuantizerSetup(List.of(
          new QuantizationPoint(TargetPoint.postLayer("Input", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("MatMul", 1), WEIGHTS, false),
          new QuantizationPoint(TargetPoint.postLayer("Relu", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("MatMul2", 1), WEIGHTS, false)), List.of());
      // half range only for the first convolution reached from the input
      case "ShapeOfModel" -> new QuantizerSetup(List.of(
          new QuantizationPoint(TargetPoint.postLayer("Input", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("Conv_1", 1), WEIGHTS, true),
          new QuantizationPoint(TargetPoint.postLayer("Conv_Add_1", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("Conv_2", 1), WEIGHTS, false),
          new QuantizationPoint(TargetPoint.postLayer("Conv_Add_2", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("Conv_3", 1), WEIGHTS, false)), List.of());
      case "GroupNormalizationModel" -> new QuantizerSetup(List.of(
          new QuantizationPoint(TargetPoint.postLayer("Input_1", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("Conv", 1), WEIGHTS, true),
          new QuantizationPoint(TargetPoint.postLayer("Conv_Add", 0), a, false)), List.of());
      case "IntegerModel" -> integerModelSetup(a, activations == QuantizationScheme.ASYMMETRIC);
      case "UnifiedEmbeddingModel" -> unifiedEmbeddingSetup(a, activations == QuantizationScheme.ASYMMETRIC);
      // the SE block's inner convolutions are an ignored pattern: no quantizers there
      case "SeBlockModel" -> new QuantizerSetup(List.of(
          new QuantizationPoint(TargetPoint.postLayer("Input", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("Conv0", 1), WEIGHTS, true),
          new QuantizationPoint(TargetPoint.postLayer("Add0", 0), a, false),
          new QuantizationPoint(TargetPoint.postLayer("Sigmoid", 0), a, false),
          new QuantizationPoint(TargetPoint.postLayer("Mul", 0), a, false),
          new QuantizationPoint(TargetPoint.weights("MatMul", 1), WEIGHTS, false)), List.of());
      case "ConvModel", "ConvNotBiasModel", "DynamicModel" -> new QuantizerSetup(List.of(
          new QuantizationPoint(TargetPoint.postLayer("Sub", 0), a, false),
          // overflow fix FIRST_LAYER: the first convolution from an input gets half range
          new QuantizationPoint(TargetPoint.weights("Conv", 1), WEIGHTS, true)), List.of());
      default -> throw new IllegalArgumentException(model);
    };
  }

  /** One item: a tensor per input, by input name. */
  static Dataset<Map<String, NdArray>> dataset(String model) {
    Map<String, Object> inputs = MiniJson.obj(MiniJson.obj(FIX.get(model)).get("inputs"));
    Map<String, NdArray> item = new LinkedHashMap<>();
    inputs.forEach((k, v) -> item.put(k, PtqFixtures.f32(v)));
    return Dataset.of(List.of(item));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024.1/LinearModel_performance", "2024.1/LinearModel_mixed",
      "2024.1/ConvModel_performance", "2024.1/ConvModel_mixed", "2024.1/ConvNotBiasModel_performance",
      "2024.1/ConvNotBiasModel_mixed", "2024.1/DynamicModel_performance", "2024.1/DynamicModel_mixed",
      "2024.1/MatMul2DModel_performance", "2024.1/MatMul2DModel_mixed", "2024.3/ScaleShiftReluModel_performance",
      "2024.3/ScaleShiftReluModel_mixed", "2024.1/WeightsModel_performance", "2024.1/WeightsModel_mixed",
      "2024.1/WeightsModel_overflow_fix_disable", "2024.1/WeightsModel_overflow_fix_enable",
      "2024.1/WeightsModel_overflow_fix_first_layer_only", "2024.1/SeBlockModel_performance",
      "2024.1/SeBlockModel_mixed", "2024.1/ShapeOfModel_performance", "2024.1/ShapeOfModel_mixed",
      "2024.3/GroupNormalizationModel_performance", "2024.3/GroupNormalizationModel_mixed",
      "2024.1/IntegerModel_performance", "2024.1/IntegerModel_mixed",
      "2024.1/UnifiedEmbeddingModel_performance", "2024.1/UnifiedEmbeddingModel_mixed"})
  void rangesMatchNncfReferenceScales(String versionAndRef) {
    String version = versionAndRef.substring(0, versionAndRef.indexOf('/'));
    String ref = versionAndRef.substring(version.length() + 1);
    String model = ref.substring(0, ref.indexOf('_'));
    QuantizationScheme act = ref.endsWith("mixed") ? QuantizationScheme.ASYMMETRIC : QuantizationScheme.SYMMETRIC;
    Model m = switch (model) {
      case "LinearModel" -> linearModel();
      case "ConvModel" -> convModel(false);
      case "DynamicModel" -> convModel(true);
      case "ConvNotBiasModel" -> convNotBiasModel();
      case "MatMul2DModel" -> matMul2DModel(false);
      case "ScaleShiftReluModel" -> matMul2DModel(true);
      case "WeightsModel" -> weightsModel();
      case "SeBlockModel" -> seBlockModel();
      case "ShapeOfModel" -> shapeOfModel();
      case "GroupNormalizationModel" -> groupNormalizationModel();
      case "IntegerModel" -> integerModel();
      case "UnifiedEmbeddingModel" -> unifiedEmbeddingModel();
      default -> throw new IllegalArgumentException(model);
    };
    QuantizerSetup setup = model.equals("WeightsModel")
        ? weightsModelSetup(act, ref.contains("overflow_fix_") ? ref.substring(ref.indexOf("overflow_fix_") + 13)
            : "first_layer_only")
        : setup(model, act);
    MinMaxOptions o = MinMaxOptions.builder().subsetSize(1).compressWeights(false).engine(new ReferenceEngine()).build();
    Model q = MinMaxQuantization.apply(m, setup, dataset(model), o);
    if (ref.endsWith("_performance")) {
      checkQuantizerWiring(q, version, model);
    }
    Map<String, Object> expected =
        PtqFixtures.file(SharedFiles.file("nncf-reference/" + version + "/reference_scales/" + ref + ".json"));
    assertEquals(expected.size(), q.nodesOfType("FakeQuantize").size());
    for (Map.Entry<String, Object> e : expected.entrySet()) {
      Node fq = q.node(e.getKey()).orElseThrow(() -> new AssertionError("no FakeQuantize " + e.getKey()));
      assertEquals("FakeQuantize", fq.type());
      Map<String, Object> ranges = MiniJson.obj(e.getValue());
      String[] names = {"input_low", "input_high", "output_low", "output_high"};
      for (int i = 0; i < 4; i++) {
        Object want = ranges.get(names[i]);
        ConstantData got = fq.inputNode(i + 1).constantData();
        assertArrayEquals(PtqFixtures.nestedShape(want), got.shape(), e.getKey() + "/" + names[i]);
        double[] w = PtqFixtures.nestedValues(want);
        float[] g = got.toFloatArray();
        for (int k = 0; k < w.length; k++) {
          assertTrue(Math.abs(g[k] - w[k]) <= 1e-5, e.getKey() + "/" + names[i] + "[" + k + "]: " + g[k] + " vs " + w[k]);
        }
      }
    }
  }
}
