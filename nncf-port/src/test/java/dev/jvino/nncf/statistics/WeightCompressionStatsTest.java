package dev.jvino.nncf.statistics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.Dimension;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.Dataset;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WeightCompressionStatsTest {
  /** x[1, T, 3] with a dynamic token count, MatMul 'mm' with W[3, 2]. */
  static Model model() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(List.of(Dimension.of(1), Dimension.DYNAMIC,
        Dimension.of(3))));
    Node w = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {3, 2}, 1, 0, 0, 1, 1, 1));
    Node mm = Ops.matMul(x.output(), w.output(), false, false);
    mm.setName("mm");
    return new Model("m", List.of(x), List.of(Ops.result(mm.output())));
  }

  static NdArray tokens(float... rows) {
    return NdArray.f32(new long[] {1, rows.length / 3, 3}, rows);
  }

  @Test
  void collectsMeansAndShapesThenSubsamplesByTokenCount() {
    List<NdArray> data = List.of(
        tokens(1, -2, 3), // T=1, mean [1, -2, 3]
        tokens(0, 0, 0, 3, 3, 3, 6, -6, 0), // T=3, mean [3, -1, 1]
        tokens(2, 4, -8, 4, 4, 0), // T=2, mean [3, 4, -4]
        tokens(1, 1, 1, 1, 1, 1, 1, 1, 1, 5, 1, -7)); // T=4, mean [2, 1, -1]
    TensorCollector c = Collectors.weightCompressionMean(List.of(0, 1), OptionalInt.empty());
    new StatisticsCollector(new ReferenceEngine()).collect(model(),
        List.of(new StatisticPoint(TargetPoint.preLayer("mm", 0), c, "WeightCompression")), Dataset.of(data), 10);
    WeightCompressionStats stats = WeightCompressionStats.of(c);
    assertEquals(NdArray.f32(new long[] {3}, 3, 4, -4), stats.means().get(2));
    assertArrayEquals(new long[] {1, 4, 3}, stats.shapes().get(3));

    WeightCompressionStats.Processed all = stats.process(4);
    assertEquals(NdArray.f32(new long[] {3, 4}, 1, 3, 3, 2, -2, -1, 4, 1, 3, 1, -4, -1), all.x());
    assertEquals(NdArray.f32(new long[] {3}, 3, 4, 4), all.s());
    // 4 samples > 2: order by token count 4, 3, 2, 1 -> samples 3, 1, 2, 0; every 2nd: 3 and 2
    WeightCompressionStats.Processed sub = stats.process(2);
    assertEquals(NdArray.f32(new long[] {3, 2}, 2, 3, 1, 4, -1, -4), sub.x());
    assertEquals(NdArray.f32(new long[] {3}, 3, 4, 4), sub.s(), "s uses every sample");
    // 4 samples, subset 3: step 1 keeps all 4, in token-count order
    assertEquals(NdArray.f32(new long[] {3, 4}, 2, 3, 3, 1, 1, -1, 4, -2, -1, 1, -4, 3), stats.process(3).x());
  }

  @Test
  void meanAndMinMaxCollectors() {
    List<NdArray> data = List.of(tokens(1, -2, 3, 3, 2, 1), tokens(-1, 0, 5));
    TensorCollector mean = Collectors.mean(2, OptionalInt.empty(), true);
    TensorCollector mm = Collectors.minMax(List.of(0, 1), List.of(0), true, true, OptionalInt.empty(), true);
    new StatisticsCollector(new ReferenceEngine()).collect(model(), List.of(
        new StatisticPoint(TargetPoint.preLayer("mm", 0), mean, "BiasCorrection"),
        new StatisticPoint(TargetPoint.preLayer("mm", 0), mm, "MinMax")), Dataset.of(data), 10);
    // per-channel (axis 2) means: [2, 0, 2] and [-1, 0, 5] -> [0.5, 0, 3.5]
    assertEquals(NdArray.f32(new long[] {3}, 0.5f, 0, 3.5f), mean.statistic(Collectors.MEAN).tensor());
    assertArrayEquals(new long[] {1, 2, 3}, mean.statistic(Collectors.SHAPE).tensor().toLongArray());
    // per-channel min over (batch, tokens): [1,-2,1] and [-1,0,5] -> mean [0, -1, 3]; abs-max [3,2,3], [1,0,5]
    assertEquals(NdArray.f32(new long[] {1, 1, 3}, 0, -1, 3), mm.statistic(Collectors.MIN).tensor());
    assertEquals(NdArray.f32(new long[] {1, 1, 3}, 2, 1, 4), mm.statistic(Collectors.MAX).tensor());
  }
}
