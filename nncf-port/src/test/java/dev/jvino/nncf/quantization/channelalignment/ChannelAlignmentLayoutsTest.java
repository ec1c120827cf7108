package dev.jvino.nncf.quantization.channelalignment;

import static dev.jvino.nncf.quantization.channelalignment.ChannelAlignmentModelTest.close;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ChannelAlignment on the other producer layout NNCF handles, a depthwise GroupConvolution
 * ({@code [G, 1, 1, k, k]}, groups as output channels), and on f16 weights behind a Convert: the pair is
 * rewritten and the model computes the same function.
 */
class ChannelAlignmentLayoutsTest {
  private static float[] random(Random r, int n, double scale, double shift) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextGaussian() * scale + shift);
    }
    return v;
  }

  private static Model model(boolean depthwise, ElementType weightType) {
    Random r = new Random(11);
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 3, 5, 5));
    Node first;
    if (depthwise) {
      float[] w = random(r, 3 * 9, 1, 0);
      for (int i = 18; i < 27; i++) {
        w[i] *= 40; // channel 2 has a wider range
      }
      Node w1 = Ops.constant("w1", ConstantData.ofFloats(ElementType.F32, new long[] {3, 1, 1, 3, 3}, w));
      first = Ops.groupConvolution(x.output(), w1.output(), new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1},
          new long[] {1, 1});
    } else {
      Node w1 = Ops.constant("w1", ConstantData.ofFloats(weightType, new long[] {3, 3, 3, 3}, random(r, 81, 1, 0)));
      Node cw = Ops.convert(w1.output(), ElementType.F32);
      first = Ops.convolution(x.output(), cw.output(), new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1},
          new long[] {1, 1});
    }
    first.setName("first");
    Node b1 = Ops.constant("b1", ConstantData.ofFloats(ElementType.F32, new long[] {1, 3, 1, 1}, 5f, -3f, 20f));
    Node add1 = Ops.add(first.output(), b1.output());
    add1.setName("add1");
    Node w2 = Ops.constant("w2", ConstantData.ofFloats(weightType, new long[] {2, 3, 1, 1}, random(r, 6, 1, 0)));
    Node cw2 = weightType == ElementType.F32 ? w2 : Ops.convert(w2.output(), ElementType.F32);
    Node second = Ops.convolution(add1.output(), cw2.output(), new long[] {1, 1}, new long[] {0, 0},
        new long[] {0, 0}, new long[] {1, 1});
    second.setName("second");
    return new Model("layouts", List.of(x), List.of(Ops.result(second.output())));
  }

  private static void alignAndCompare(Model m) {
    Random r = new Random(3);
    List<NdArray> xs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      xs.add(NdArray.f32(new long[] {1, 3, 5, 5}, random(r, 75, 1, 0.5)));
    }
    List<float[]> before = ChannelAlignmentModelTest.run(m, xs);
    float[] w1 = ChannelAlignmentModelTest.constant(m, "w1");
    float[] b1 = ChannelAlignmentModelTest.constant(m, "b1");
    ChannelAlignment ca = new ChannelAlignment(10);
    List<StatisticPoint> points = ca.statisticPoints(m);
    assertEquals(1, points.size());
    new StatisticsCollector(new ReferenceEngine()).collect(m, points, Dataset.of(xs.stream().map(List::of).toList()));
    List<ChannelAlignment.Alignment> done = ca.apply(m, points);
    assertEquals(1, done.size());
    assertFalse(Arrays.equals(w1, ChannelAlignmentModelTest.constant(m, "w1")), "producer weight rescaled");
    assertFalse(Arrays.equals(b1, ChannelAlignmentModelTest.constant(m, "b1")), "producer bias shifted");
    // the consumer had no bias: one was inserted after it
    Node bias = m.node("second/nncf_null_bias_").orElseThrow();
    assertTrue(bias.is("Add"));
    List<float[]> after = ChannelAlignmentModelTest.run(m, xs);
    for (int i = 0; i < xs.size(); i++) {
      close(before.get(i), after.get(i), 2e-3, 2e-2, "output " + i);
    }
  }

  @Test
  void depthwiseProducer() {
    Model m = model(true, ElementType.F32);
    assertEquals(new LayoutDescriptor(0, 2, 1), ChannelAlignment.layout(m.node("first").orElseThrow()));
    alignAndCompare(m);
  }

  @Test
  void f16WeightsBehindConvert() {
    Model m = model(false, ElementType.F16);
    alignAndCompare(m);
    assertEquals(ElementType.F16, m.node("w1").orElseThrow().constantData().elementType(), "type kept");
  }

  @Test
  void integerWeightsAreNotAligned() {
    Model m = model(false, ElementType.I8);
    assertEquals(List.of(), new ChannelAlignment(1).pairs(m));
  }

  @Test
  void groupedProducerGetsTheMeansOnly() {
    Random r = new Random(5);
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 4, 5, 5));
    float[] w = random(r, 2 * 2 * 2 * 9, 3, 0);
    Node w1 = Ops.constant("w1", ConstantData.ofFloats(ElementType.F32, new long[] {2, 2, 2, 3, 3}, w));
    Node first = Ops.groupConvolution(x.output(), w1.output(), new long[] {1, 1}, new long[] {0, 0},
        new long[] {0, 0}, new long[] {1, 1});
    first.setName("first");
    Node b1 = Ops.constant("b1", ConstantData.ofFloats(ElementType.F32, new long[] {1, 4, 1, 1}, 5f, -3f, 20f, 1f));
    Node add1 = Ops.add(first.output(), b1.output());
    Node w2 = Ops.constant("w2", ConstantData.ofFloats(ElementType.F32, new long[] {2, 4, 1, 1}, random(r, 8, 1, 0)));
    Node second = Ops.convolution(add1.output(), w2.output(), new long[] {1, 1}, new long[] {0, 0},
        new long[] {0, 0}, new long[] {1, 1});
    second.setName("second");
    Model m = new Model("grouped", List.of(x), List.of(Ops.result(second.output())));
    List<NdArray> xs = List.of(NdArray.f32(new long[] {1, 4, 5, 5}, random(r, 100, 1, 2)),
        NdArray.f32(new long[] {1, 4, 5, 5}, random(r, 100, 1, 2)));
    List<float[]> before = ChannelAlignmentModelTest.run(m, xs);
    float[] w2Before = ChannelAlignmentModelTest.constant(m, "w2");
    ChannelAlignment ca = new ChannelAlignment(10);
    List<StatisticPoint> points = ca.statisticPoints(m);
    new StatisticsCollector(new ReferenceEngine()).collect(m, points, Dataset.of(xs.stream().map(List::of).toList()));
    List<ChannelAlignment.Alignment> done = ca.apply(m, points);
    assertEquals(1, done.size());
    // 2 groups for 4 output channels: NNCF leaves the scales out, the means are still moved
    float[] amean = done.get(0).amean();
    float[] b1After = ChannelAlignmentModelTest.constant(m, "b1");
    float[] b1Before = {5f, -3f, 20f, 1f};
    for (int c = 0; c < 4; c++) {
      assertEquals(b1Before[c] - amean[c], b1After[c], 1e-4f * Math.max(1, Math.abs(amean[c])));
    }
    assertTrue(Arrays.equals(w, ChannelAlignmentModelTest.constant(m, "w1")), "producer weight not scaled");
    assertTrue(Arrays.equals(w2Before, ChannelAlignmentModelTest.constant(m, "w2")), "consumer weight not scaled");
    List<float[]> after = ChannelAlignmentModelTest.run(m, xs);
    for (int i = 0; i < xs.size(); i++) {
      close(before.get(i), after.get(i), 1e-4, 1e-3, "output " + i);
    }
  }
}
