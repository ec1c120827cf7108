package dev.jvino.nncf.quantization.bias;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Models;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * NNCF's {@code test_update_bias} for BiasCorrection on its torch test models, rebuilt with their torch
 * weights (tools/fixtures/gen_bias_correction_torch_models.py) as OpenVINO converts them (layer + Add of a
 * [1, C, 1, 1] bias), weights quantized as MinMax does (8-bit symmetric narrow, per output channel). NNCF
 * asserts its biases at atol 1e-4.
 */
class BiasCorrectionModelsTest {
  private static Map<String, Object> models() throws Exception {
    return MiniJson.obj(MiniJson.parse(Files.readString(
        Path.of("src/test/resources/fixtures/quantization/bias_correction_models.json"))));
  }

  private static float[] data(Object tensor) {
    List<Object> l = MiniJson.list(MiniJson.obj(tensor).get("data"));
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).floatValue();
    }
    return out;
  }

  private static long[] shape(Object tensor) {
    return MiniJson.list(MiniJson.obj(tensor).get("shape")).stream().mapToLong(o -> ((Number) o).longValue()).toArray();
  }

  private static Output constant(String name, long[] shape, float[] v) {
    return Ops.constant(name, ConstantData.ofFloats(ElementType.F32, shape, v)).output();
  }

  /** {@code layer} named {@code name} plus an Add of its bias constant {@code name.bias}, shaped [1, C, 1, 1] (or [C]). */
  private static Output withBias(Node layer, String name, float[] bias, boolean channelFirst) {
    layer.setName(name);
    long[] bshape = channelFirst ? new long[] {1, bias.length, 1, 1} : new long[] {bias.length};
    Node add = Ops.add(layer.output(), constant(name + ".bias", bshape, bias));
    add.setName(name + "/add");
    return add.output();
  }

  private static Output conv(String name, Output x, Map<String, Object> c) {
    Node conv = Ops.convolution(x, constant(name + ".weight", shape(c.get("weight")), data(c.get("weight"))),
        new long[] {1, 1}, new long[] {0, 0}, new long[] {0, 0}, new long[] {1, 1});
    return withBias(conv, name, data(c.get("bias")), true);
  }

  /** A FakeQuantize on {@code node}'s weight (port 1) over +-max|w| of each slice along {@code axis}, 255 levels. */
  private static void quantizeWeight(Model q, String node, int axis) {
    Node n = q.node(node).orElseThrow();
    ConstantData w = n.inputNode(1).constantData();
    long[] s = w.shape();
    float[] v = w.toFloatArray();
    int inner = 1;
    for (int d = axis + 1; d < s.length; d++) {
      inner *= (int) s[d];
    }
    float[] hi = new float[(int) s[axis]];
    for (int i = 0; i < v.length; i++) {
      int c = (i / inner) % hi.length;
      hi[c] = Math.max(hi[c], Math.abs(v[i]));
    }
    float[] lo = new float[hi.length];
    for (int i = 0; i < hi.length; i++) {
      lo[i] = -hi[i];
    }
    long[] rs = new long[s.length];
    java.util.Arrays.fill(rs, 1);
    rs[axis] = hi.length;
    q.insertOnEdge(n.input(1), x -> Ops.fakeQuantize(x, constant(node + "/il", rs, lo), constant(node + "/ih", rs, hi),
        constant(node + "/ol", rs, lo), constant(node + "/oh", rs, hi), 255));
  }

  private static Map<String, float[]> correct(Model fp, Map<String, Integer> weightAxes, float[] input, long[] inShape) {
    Model q = Models.copy(fp);
    weightAxes.forEach((node, axis) -> quantizeWeight(q, node, axis));
    BiasCorrection bc = new BiasCorrection(1, BiasCorrection.DEFAULT_THRESHOLD, true);
    List<StatisticPoint> points = bc.statisticPoints(fp);
    ReferenceEngine engine = new ReferenceEngine();
    new StatisticsCollector(engine).collect(fp, points, Dataset.of(List.of(List.of(NdArray.f32(inShape, input)))));
    bc.apply(q, points, engine);
    Map<String, float[]> biases = new LinkedHashMap<>();
    for (String node : weightAxes.keySet()) {
      biases.put(node, q.node(node + ".bias").orElseThrow().constantData().toFloatArray());
    }
    return biases;
  }

  @Test
  void multipleConvTestModel() throws Exception {
    Map<String, Object> m = MiniJson.obj(models().get("MultipleConvTestModel"));
    Map<String, Object> convs = MiniJson.obj(m.get("convs"));
    Node x = Ops.parameter("input.1", ElementType.F32, PartialShape.of(1, 1, 4, 4));
    Output x1 = conv("conv_1", x.output(), MiniJson.obj(convs.get("conv_1")));
    x1 = conv("conv_2", Ops.relu(x1).output(), MiniJson.obj(convs.get("conv_2")));
    Output x2 = conv("conv_3", x.output(), MiniJson.obj(convs.get("conv_3")));
    x2 = conv("conv_4", Ops.relu(x2).output(), MiniJson.obj(convs.get("conv_4")));
    Output y = Ops.concat(List.of(x1, x2), 0).output();
    y = conv("conv_5", Ops.relu(y).output(), MiniJson.obj(convs.get("conv_5")));
    Node pool = Ops.node("MaxPool", "opset1", List.of(y));
    pool.attributes().set("strides", new long[] {2, 2}).set("kernel", new long[] {2, 2})
        .set("pads_begin", new long[] {0, 0}).set("pads_end", new long[] {0, 0}).set("rounding_type", "floor")
        .set("auto_pad", "explicit");
    if (pool.outputs().isEmpty()) {
      pool.addOutput(ElementType.F32, PartialShape.of(2, 2, 1, 1));
    }
    y = conv("conv_6", pool.output(), MiniJson.obj(convs.get("conv_6")));
    Model fp = new Model("MultipleConvTestModel", List.of(x), List.of(Ops.result(y)));
    Map<String, Integer> axes = new LinkedHashMap<>();
    for (String c : List.of("conv_1", "conv_2", "conv_3", "conv_4", "conv_5", "conv_6")) {
      axes.put(c, 0);
    }
    Map<String, float[]> b = correct(fp, axes, data(m.get("input")), new long[] {1, 1, 4, 4});
    assertArrayEquals(new float[] {0.6658976f, -0.70563036f}, b.get("conv_1"), 1e-4f);
    assertArrayEquals(new float[] {-0.307696f, -0.42806846f, 0.44965455f}, b.get("conv_2"), 1e-4f);
    assertArrayEquals(new float[] {-0.0033792169f, 1.0661412f}, b.get("conv_3"), 1e-4f);
    assertArrayEquals(new float[] {-0.6941606f, 0.9958957f, 0.6081058f}, b.get("conv_4"), 1e-4f);
  }

  @Test
  void depthwiseAndTransposedConvolutionsAndOneDimensionalMatMul() throws Exception {
    Map<String, Object> all = models();
    Map<String, Object> dw = MiniJson.obj(all.get("DepthwiseConvTestModel"));
    Node x = Ops.parameter("input.1", ElementType.F32, PartialShape.of(1, 2, 4, 4));
    Node gconv = Ops.groupConvolution(x.output(), constant("conv.weight", new long[] {2, 1, 1, 1, 1}, data(dw.get("weight"))),
        new long[] {1, 1}, new long[] {0, 0}, new long[] {0, 0}, new long[] {1, 1});
    Model fp = new Model("Depthwise", List.of(x), List.of(Ops.result(withBias(gconv, "conv", data(dw.get("bias")), true))));
    assertArrayEquals(new float[] {-1.1229f, -0.1863f},
        correct(fp, Map.of("conv", 0), data(dw.get("input")), new long[] {1, 2, 4, 4}).get("conv"), 1e-4f);

    Map<String, Object> tc = MiniJson.obj(all.get("TransposeConvTestModel"));
    Node tx = Ops.parameter("input.1", ElementType.F32, PartialShape.of(1, 1, 3, 3));
    Node deconv = Ops.node("ConvolutionBackpropData", "opset1",
        List.of(tx.output(), constant("conv.weight", new long[] {1, 2, 2, 2}, data(tc.get("weight")))));
    deconv.attributes().set("strides", new long[] {2, 2}).set("dilations", new long[] {1, 1})
        .set("pads_begin", new long[] {0, 0}).set("pads_end", new long[] {0, 0})
        .set("output_padding", new long[] {0, 0}).set("auto_pad", "explicit");
    if (deconv.outputs().isEmpty()) {
      deconv.addOutput(ElementType.F32, PartialShape.of(1, 2, 6, 6));
    }
    Model tfp = new Model("Transpose", List.of(tx), List.of(Ops.result(withBias(deconv, "conv", data(tc.get("bias")), true))));
    assertArrayEquals(new float[] {0.66797173f, -0.7070703f},
        correct(tfp, Map.of("conv", 1), data(tc.get("input")), new long[] {1, 1, 3, 3}).get("conv"), 1e-4f);

    Map<String, Object> mm = MiniJson.obj(all.get("OneDimMM"));
    float[] w = data(mm.get("weight")); // torch [out, in]; the exported MatMul reads W^T as [in, out]
    float[] wt = new float[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        wt[j * 3 + i] = w[i * 3 + j];
      }
    }
    Node mx = Ops.parameter("input.1", ElementType.F32, PartialShape.of(3));
    Node matmul = Ops.matMul(mx.output(), constant("linear.weight", new long[] {3, 3}, wt), false, false);
    Model mfp = new Model("OneDimMM", List.of(mx), List.of(Ops.result(withBias(matmul, "linear", data(mm.get("bias")), false))));
    assertArrayEquals(new float[] {0.95773065f, 1.3218939f, 0.81694865f},
        correct(mfp, Map.of("linear", 1), data(mm.get("input")), new long[] {3}).get("linear"), 1e-4f);
  }
}
