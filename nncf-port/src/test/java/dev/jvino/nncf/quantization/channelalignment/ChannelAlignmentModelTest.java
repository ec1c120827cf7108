package dev.jvino.nncf.quantization.channelalignment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.statistics.StatisticPoint;
import dev.jvino.nncf.statistics.StatisticsCollector;
import dev.jvino.nncf.statistics.TargetPoint;
import dev.jvino.nncf.testing.MiniJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ChannelAlignment on Conv(3->4, pads 1) -> Add -> Conv(4->2, 3x3, no pads) -> Add, against the numpy
 * evaluation of {@code tools/fixtures/gen_channel_alignment_fixture.py} (numpy version in the fixture):
 * the statistics, the new weights and biases of both layers, and the unchanged function on the reference
 * engine.
 */
class ChannelAlignmentModelTest {
  static final long[] IN = {1, 3, 6, 6};

  static Map<String, Object> fixture() throws Exception {
    return MiniJson.obj(MiniJson.parse(Files.readString(
        Path.of("src/test/resources/fixtures/quantization/channel_alignment.json"))));
  }

  static float[] floats(Object list) {
    List<Object> l = MiniJson.list(list);
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).floatValue();
    }
    return out;
  }

  static Model model(Map<String, Object> f, boolean firstBias) {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(IN));
    Node w1 = Ops.constant("w1", ConstantData.ofFloats(ElementType.F32, new long[] {4, 3, 3, 3}, floats(f.get("w1"))));
    Node conv1 = Ops.convolution(x.output(), w1.output(), new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1},
        new long[] {1, 1});
    conv1.setName("conv1");
    Node mid = conv1;
    if (firstBias) {
      Node b1 = Ops.constant("b1", ConstantData.ofFloats(ElementType.F32, new long[] {1, 4, 1, 1}, floats(f.get("b1"))));
      mid = Ops.add(conv1.output(), b1.output());
      mid.setName("add1");
    }
    Node w2 = Ops.constant("w2", ConstantData.ofFloats(ElementType.F32, new long[] {2, 4, 3, 3}, floats(f.get("w2"))));
    Node conv2 = Ops.convolution(mid.output(), w2.output(), new long[] {1, 1}, new long[] {0, 0}, new long[] {0, 0},
        new long[] {1, 1});
    conv2.setName("conv2");
    Node b2 = Ops.constant("b2", ConstantData.ofFloats(ElementType.F32, new long[] {1, 2, 1, 1}, floats(f.get("b2"))));
    Node add2 = Ops.add(conv2.output(), b2.output());
    add2.setName("add2");
    return new Model("ca", List.of(x), List.of(Ops.result(add2.output())));
  }

  static List<NdArray> samples(Map<String, Object> f) {
    List<NdArray> out = new ArrayList<>();
    for (Object s : MiniJson.list(f.get("samples"))) {
      out.add(NdArray.f32(IN, floats(s)));
    }
    return out;
  }

  static List<float[]> run(Model m, List<NdArray> xs) {
    var session = new ReferenceEngine().compile(m).createSession();
    List<float[]> out = new ArrayList<>();
    for (NdArray x : xs) {
      out.add(session.infer(List.of(x)).get(0).toFloatArray());
    }
    return out;
  }

  /** |a - e| <= rtol * |e| + atol per element. */
  static void close(float[] expected, float[] actual, double rtol, double atol, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double tol = rtol * Math.abs(expected[i]) + atol;
      assertTrue(Math.abs(expected[i] - actual[i]) <= tol,
          what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
    }
  }

  static float[] constant(Model m, String name) {
    return m.node(name).orElseThrow().constantData().toFloatArray();
  }

  @Test
  void alignsConvAddConvAsNumpyAndKeepsTheFunction() throws Exception {
    Map<String, Object> f = fixture();
    Model m = model(f, true);
    List<NdArray> xs = samples(f);
    List<float[]> before = run(m, xs);

    ChannelAlignment ca = new ChannelAlignment(300);
    List<ChannelAlignment.Pair> pairs = ca.pairs(m);
    assertEquals(1, pairs.size());
    assertEquals("conv1", pairs.get(0).producer().name());
    assertEquals("add1", pairs.get(0).add().name());
    assertEquals("conv2", pairs.get(0).consumer().name());
    List<StatisticPoint> points = ca.statisticPoints(m);
    assertEquals(1, points.size());
    assertEquals(TargetPoint.postLayer("add1", 0), points.get(0).target());
    new StatisticsCollector(new ReferenceEngine()).collect(m, points, Dataset.of(xs.stream().map(List::of).toList()));
    List<ChannelAlignment.Alignment> done = ca.apply(m, points);

    assertEquals(1, done.size());
    close(floats(f.get("amean")), done.get(0).amean(), 1e-5, 1e-4, "amean");
    close(floats(f.get("ascale")), done.get(0).ascale(), 1e-5, 1e-4, "ascale");
    close(floats(f.get("new_w1")), constant(m, "w1"), 1e-5, 1e-6, "w1");
    close(floats(f.get("new_b1")), constant(m, "b1"), 1e-5, 1e-4, "b1");
    close(floats(f.get("new_w2")), constant(m, "w2"), 1e-5, 1e-6, "w2");
    close(floats(f.get("new_b2")), constant(m, "b2"), 1e-5, 1e-3, "b2");
    // the first conv's channels really moved: 0.01 and 100 are the clip bounds hit by channels 0 and 3
    float[] factor = floats(f.get("factor"));
    assertEquals(0.01f, factor[0], 1e-7f);
    assertEquals(100f, factor[3], 1e-4f);
    float[] w1 = floats(f.get("w1"));
    assertEquals(w1[0] / 0.01f, constant(m, "w1")[0], Math.abs(w1[0]) * 1e-4f);

    List<float[]> after = run(m, xs);
    for (int i = 0; i < xs.size(); i++) {
      close(before.get(i), after.get(i), 1e-4, 1e-3, "output of sample " + i);
    }
  }

  @Test
  void insertsAZeroBiasWhenTheProducerHasNone() throws Exception {
    Map<String, Object> f = fixture();
    Model m = model(f, false);
    List<NdArray> xs = samples(f);
    List<float[]> before = run(m, xs);
    ChannelAlignment ca = new ChannelAlignment(300);
    List<StatisticPoint> points = ca.statisticPoints(m);
    assertEquals(TargetPoint.postLayer("conv1", 0), points.get(0).target());
    new StatisticsCollector(new ReferenceEngine()).collect(m, points, Dataset.of(xs.stream().map(List::of).toList()));
    assertEquals(1, ca.apply(m, points).size());

    Node conv2 = m.node("conv2").orElseThrow();
    Node bias = conv2.inputNode(0);
    assertEquals("conv1/nncf_null_bias_", bias.name());
    assertSame(m.node("conv1").orElseThrow(), bias.inputNode(0));
    assertEquals("conv1/nncf_null_bias_/bias_value", bias.inputNode(1).name());
    assertArrayEquals(new long[] {1, 4, 1, 1}, bias.inputNode(1).constantData().shape());
    List<float[]> after = run(m, xs);
    for (int i = 0; i < xs.size(); i++) {
      close(before.get(i), after.get(i), 1e-4, 1e-3, "output of sample " + i);
    }
  }

  @Test
  void producerStridesPaddingAndDilationsDoNotMatter() throws Exception {
    Map<String, Object> f = fixture();
    for (String attr : List.of("strides", "dilations")) {
      Model m = model(f, true);
      m.node("conv1").orElseThrow().attributes().set(attr, new long[] {2, 1});
      assertEquals(1, new ChannelAlignment(1).pairs(m).size(), attr);
    }
    // padding: the fixture's producer is padded already
    assertEquals(List.of(1L, 1L), java.util.Arrays.stream(model(f, true).node("conv1").orElseThrow().attributes()
        .integers("pads_begin")).boxed().toList());
  }

  @Test
  void skipsConsumersNncfRejects() throws Exception {
    Map<String, Object> f = fixture();
    Model m = model(f, true);
    m.node("conv2").orElseThrow().attributes().set("pads_begin", new long[] {1, 0});
    assertEquals(List.of(), new ChannelAlignment(1).pairs(m), "padded consumer");
    m = model(f, true);
    m.node("conv2").orElseThrow().attributes().set("strides", new long[] {2, 1});
    assertEquals(List.of(), new ChannelAlignment(1).pairs(m), "strided consumer");
    m = model(f, true);
    m.node("conv2").orElseThrow().attributes().set("dilations", new long[] {1, 2});
    assertEquals(List.of(), new ChannelAlignment(1).pairs(m), "dilated consumer");
    m = model(f, true);
    Node add1 = m.node("add1").orElseThrow();
    Node extra = Ops.result(add1.output());
    Model branched = new Model("branched", m.parameters(), List.of(m.results().get(0), extra));
    assertEquals(List.of(), new ChannelAlignment(1).pairs(branched), "bias Add with a second consumer");
    assertEquals(List.of(), new ChannelAlignment(1).statisticPoints(branched));
  }
}
