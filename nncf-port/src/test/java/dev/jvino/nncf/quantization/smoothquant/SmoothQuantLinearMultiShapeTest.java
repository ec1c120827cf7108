package dev.jvino.nncf.quantization.smoothquant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.statistics.StatisticPoint;
import dev.jvino.nncf.statistics.StatisticsCollector;
import dev.jvino.nncf.testing.MiniJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NNCF's {@code test_smooth_quant_algo} on LinearMultiShapeModel (both alphas 0.95, subset 1, the static
 * dataset), with the model's torch constants (tools/fixtures/gen_smooth_quant_torch_model.py) in the graph
 * OpenVINO's PyTorch frontend builds: every MatMul's smoothing scale, its shape, and which MatMuls share
 * one Multiply match NNCF's references (atol 1e-4).
 */
class SmoothQuantLinearMultiShapeTest {
  private Map<String, Object> constants;

  private Output c(String name) {
    Map<String, Object> t = MiniJson.obj(constants.get(name));
    long[] shape = MiniJson.list(t.get("shape")).stream().mapToLong(o -> ((Number) o).longValue()).toArray();
    List<Object> d = MiniJson.list(t.get("data"));
    float[] v = new float[d.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = ((Number) d.get(i)).floatValue();
    }
    return Ops.constant(name, ConstantData.ofFloats(ElementType.F32, shape, v)).output();
  }

  /** The friendly names OpenVINO's PyTorch frontend gives these nodes (NNCF's test maps); NNCF's order depends on them. */
  private static final Map<String, String> OV = Map.ofEntries(
      Map.entry("MatMul1", "aten::matmul/MatMul"), Map.entry("MatMul2", "aten::matmul/MatMul_1"),
      Map.entry("MatMul3", "aten::matmul/MatMul_6"), Map.entry("MatMul4", "aten::matmul/MatMul_4"),
      Map.entry("MatMul5", "aten::matmul/MatMul_7"), Map.entry("MatMul6", "aten::matmul/MatMul_5"),
      Map.entry("MatMul7", "aten::matmul/MatMul_3"), Map.entry("MatMul8", "aten::matmul/MatMul_2"),
      Map.entry("Linear1", "__module.linear_2/aten::linear/MatMul"),
      Map.entry("Linear2", "__module.linear_1/aten::linear/MatMul"),
      Map.entry("Linear3", "__module.linear_3/aten::linear/MatMul"),
      Map.entry("Linear4", "__module.linear_4/aten::linear/MatMul"),
      Map.entry("Reshape", "aten::reshape/Reshape"), Map.entry("Reshape_1", "aten::reshape/Reshape_1"),
      Map.entry("Reshape_2", "aten::reshape/Reshape_2"), Map.entry("ReduceMax", "aten::max/ReduceMax"),
      Map.entry("flatten/Reshape", "aten::flatten/Reshape"), Map.entry("flatten/Reshape_1", "aten::flatten/Reshape_1"),
      Map.entry("VariadicSplit", "prim::ListUnpack/VariadicSplit"), Map.entry("Add", "aten::add/Add"));

  private static Output named(Node n, String name) {
    n.setName(OV.getOrDefault(name, name));
    return n.output();
  }

  private static Output reduce(String type, Output x, long axis, long... outShape) {
    Node n = Ops.node(type, "opset1", List.of(x, Ops.constant(ConstantData.i64(axis)).output()));
    n.attributes().set("keep_dims", false);
    if (n.outputs().isEmpty()) {
      n.addOutput(ElementType.F32, PartialShape.of(outShape));
    }
    return n.output();
  }

  private Output linear(String name, String torchName, Output x) {
    Output mm = named(Ops.matMul(x, c(torchName + ".weight"), false, true), name);
    return Ops.add(mm, c(torchName + ".bias")).output();
  }

  @Test
  void scalesMatchNncf() throws Exception {
    Map<String, Object> doc = MiniJson.obj(MiniJson.parse(Files.readString(
        Path.of("src/test/resources/fixtures/quantization/smooth_quant_linear_multishape.json"))));
    constants = MiniJson.obj(doc.get("constants"));
    Node in = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 3, 4, 2));
    Output x = named(Ops.reshape(in.output(), new long[] {1, 3, 2, 4}, false), "Reshape");
    Output add = named(Ops.add(named(Ops.matMul(x, c("matmul_1"), false, false), "MatMul1"),
        named(Ops.matMul(x, c("matmul_2"), false, false), "MatMul2")), "Add");
    Output x_ = Ops.add(linear("Linear3", "linear_3", add), linear("Linear4", "linear_4", add)).output();
    Output xs = Ops.subtract(Ops.add(add, x_).output(), x_).output();
    Output x1 = named(Ops.reshape(xs, new long[] {1, 3, 8}, false), "Reshape_1");
    Output x11 = named(Ops.reshape(named(Ops.matMul(x1, c("matmul_3"), false, false), "MatMul3"), new long[] {1, 6}, false),
        "Reshape_2");
    x11 = named(Ops.matMul(c("matmul_5"), x11, false, false), "MatMul5");
    Output x12 = reduce("ReduceMax", named(Ops.matMul(c("matmul_4"), x1, false, false), "MatMul4"), 1, 1, 8);
    x12.node().setName(OV.get("ReduceMax"));
    x12 = named(Ops.matMul(x12, c("matmul_6"), false, false), "MatMul6");
    Node split = Ops.node("VariadicSplit", "opset1", List.of(xs, Ops.constant(ConstantData.i64Scalar(3)).output(),
        Ops.constant(ConstantData.i64(2, 2)).output()));
    split.setName(OV.get("VariadicSplit"));
    if (split.outputs().isEmpty()) {
      split.addOutput(ElementType.F32, PartialShape.of(1, 3, 2, 2));
      split.addOutput(ElementType.F32, PartialShape.of(1, 3, 2, 2));
    }
    // NNCF's test names linear_2 (on the second half) Linear1 and linear_1 Linear2
    Output x2 = reduce("ReduceMin", linear("Linear2", "linear_1", split.output(0)), -1, 1, 3, 2);
    x2 = named(Ops.reshape(x2, new long[] {6}, false), "flatten/Reshape_1");
    x2 = named(Ops.matMul(x2, c("matmul_7"), false, false), "MatMul7");
    Output x3 = reduce("ReduceMean", linear("Linear1", "linear_2", split.output(1)), -1, 1, 3, 2);
    x3 = named(Ops.reshape(x3, new long[] {6}, false), "flatten/Reshape");
    x3 = named(Ops.matMul(c("matmul_8"), x3, false, false), "MatMul8");
    Model model = new Model("LinearMultiShapeModel", List.of(in),
        List.of(Ops.result(x11), Ops.result(x12), Ops.result(x2), Ops.result(x3)));

    Map<String, Object> input = MiniJson.obj(doc.get("input"));
    List<Object> d = MiniJson.list(input.get("data"));
    float[] v = new float[d.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = ((Number) d.get(i)).floatValue();
    }
    NdArray sample = NdArray.f32(new long[] {1, 3, 4, 2}, v);
    SmoothQuant sq = new SmoothQuant(1, false, 0.95, 0.95, n -> false);
    List<StatisticPoint> points = sq.statisticPoints(model);
    assertEquals(12, points.size());
    new StatisticsCollector(new ReferenceEngine()).collect(model, points, Dataset.of(List.of(List.of(sample))));
    sq.apply(model, points);

    check(model, List.of("MatMul1", "MatMul2"), new long[] {1, 1, 1, 4}, 1.0594617f, 1.1019668f, 1.2208323f, 1.1003988f);
    check(model, List.of("MatMul3"), new long[] {1, 1, 8},
        0.3251956f, 0.3326432f, 1.5490624f, 0.7233769f, 0.3689916f, 0.4845651f, 1.2022541f, 1.3118246f);
    check(model, List.of("MatMul4"), new long[] {1, 3, 1}, 0.4699388f, 0.3369332f, 0.3674589f);
    check(model, List.of("MatMul5"), new long[] {1, 1}, 0.1242606f);
    check(model, List.of("MatMul6"), new long[] {1, 8},
        0.08709318f, 0.08033343f, 0.67289335f, 0.33452678f, 0.14223875f, 0.19858328f, 0.46314085f, 0.68816555f);
    check(model, List.of("MatMul7"), new long[] {6}, 0.25238913f, 0.38786113f, 0.15471783f, 0.27681994f, 0.53814197f,
        0.18316744f);
    check(model, List.of("MatMul8"), new long[] {6}, 1.562704f, 1.1183096f, 2.3738348f, 2.382382f, 0.9243705f, 1.8179475f);
    check(model, List.of("Linear1"), new long[] {1, 1, 1, 2}, 1.1276343f, 0.7605822f);
    check(model, List.of("Linear2"), new long[] {1, 1, 1, 2}, 0.32575992f, 0.33121374f);
    check(model, List.of("Linear3", "Linear4"), new long[] {1, 1, 1, 4}, 0.33630377f, 0.3288621f, 0.9898262f, 0.7217065f);
    assertEquals("prim::ListUnpack/VariadicSplit_1_0/nncf_smooth_quant", activationInput(model, "Linear1").name());
    assertEquals("prim::ListUnpack/VariadicSplit_0_0/nncf_smooth_quant", activationInput(model, "Linear2").name());
    assertEquals("aten::add/Add_0_0/nncf_smooth_quant", activationInput(model, "Linear3").name());
    assertEquals("aten::reshape/Reshape_0_0/nncf_smooth_quant", activationInput(model, "MatMul1").name());
    // one producer output, two groups (different input ports): numbered in NNCF's graph order
    assertEquals("aten::reshape/Reshape_1_0_0/nncf_smooth_quant", activationInput(model, "MatMul4").name());
    assertEquals("aten::reshape/Reshape_1_0_1/nncf_smooth_quant", activationInput(model, "MatMul3").name());
    assertEquals("aten::flatten/Reshape_1_0_0/nncf_smooth_quant", activationInput(model, "MatMul7").name());
    assertEquals("aten::max/ReduceMax_0_0/nncf_smooth_quant", activationInput(model, "MatMul6").name());
  }

  private static Node activationInput(Model m, String matmul) {
    Node n = m.node(OV.get(matmul)).orElseThrow();
    return n.inputNode(0).is("Multiply") ? n.inputNode(0) : n.inputNode(1);
  }

  private static void check(Model m, List<String> group, long[] shape, float... expected) {
    Node mul = activationInput(m, group.get(0));
    assertEquals("Multiply", mul.type(), group.get(0));
    for (String other : group) {
      assertSame(mul, activationInput(m, other), other + " shares the scale of " + group.get(0));
    }
    ConstantData scale = mul.inputNode(1).constantData();
    assertArrayEquals(shape, scale.shape(), group.toString());
    assertArrayEquals(expected, scale.toFloatArray(), 1e-4f, group.toString());
  }
}
