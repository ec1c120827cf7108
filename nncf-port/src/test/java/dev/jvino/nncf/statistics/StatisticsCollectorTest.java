package dev.jvino.nncf.statistics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import dev.jvino.nncf.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatisticsCollectorTest {
  static final long[] S = {2, 3};
  static final OptionalInt ALL = OptionalInt.empty();

  /** x[2,3] -> Relu 'relu' -> MatMul 'mm' with W[3,2] 'w'. */
  static Model model() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(2, 3));
    Node relu = Ops.relu(x.output());
    relu.setName("relu");
    Node w = Ops.constant("w", ConstantData.ofFloats(ElementType.F32, new long[] {3, 2}, 1, 2, 3, 4, -5, 6));
    Node mm = Ops.matMul(relu.output(), w.output(), false, false);
    mm.setName("mm");
    return new Model("m", List.of(x), List.of(Ops.result(mm.output())));
  }

  static List<NdArray> samples() {
    return List.of(
        NdArray.f32(S, 1, -2, 3, -4, 5, -6), // relu: [1,0,3,0,5,0]
        NdArray.f32(S, 0.5f, 0.5f, 0.5f, 2, 2, 2), // relu: same
        NdArray.f32(S, -1, -1, -1, -1, -1, 10), // relu: [0,0,0,0,0,10]
        NdArray.f32(S, 100, 100, 100, 100, 100, 100)); // beyond the subset
  }

  @Test
  void onePassOverTheFirstSubsetSizeItems() {
    Model m = model();
    int opsBefore = m.ops().size();
    TensorCollector act = new TensorCollector()
        .register("min", new Reducer.Min(null, true), OfflineAggregator.of(OfflineAggregator.Kind.MEAN, ALL))
        .register("max", new Reducer.Max(null, true), OfflineAggregator.of(OfflineAggregator.Kind.MEAN, ALL))
        .register("median", new Reducer.Quantile(null, List.of(0.5)), new NoopAggregator(ALL));
    TensorCollector post = new TensorCollector()
        .register("absmax", new Reducer.AbsMax(null, true), ExtremumAggregator.max(ALL));
    TensorCollector weights = new TensorCollector()
        .register("min", new Reducer.Min(List.of(0), true), ExtremumAggregator.min(OptionalInt.of(1)))
        .register("max", new Reducer.Max(List.of(0), false), ExtremumAggregator.max(OptionalInt.of(1)));
    List<StatisticPoint> points = List.of(
        new StatisticPoint(TargetPoint.preLayer("mm", 0), act, "MinMax"),
        new StatisticPoint(TargetPoint.postLayer("relu", 0), post, "SmoothQuant"),
        new StatisticPoint(TargetPoint.weights("mm", 1), weights, "MinMax"));
    AtomicInteger transformed = new AtomicInteger();
    Dataset<NdArray> data = Dataset.of(samples(), s -> {
      transformed.incrementAndGet();
      return s;
    });
    List<String> events = new ArrayList<>();
    ProgressListener listener = new ProgressListener() {
      @Override
      public void started(String task, OptionalInt total) {
        events.add("start " + total.getAsInt());
      }

      @Override
      public void advanced(int done, OptionalInt total) {
        events.add(done + "/" + total.getAsInt());
      }

      @Override
      public void finished(int done) {
        events.add("done " + done);
      }
    };
    int n = new StatisticsCollector(new ReferenceEngine()).progress(listener).collect(m, points, data, 3);
    assertEquals(3, n);
    assertEquals(3, transformed.get(), "items past the subset are never transformed (islice)");
    assertEquals(List.of("start 3", "1/3", "2/3", "3/3", "done 3"), events);
    // per-sample min 0, 0.5, 0 and max 5, 2, 10
    assertEquals(NdArray.f32(new long[] {1, 1}, 1f / 6), act.statistic("min").tensor());
    assertEquals(NdArray.f32(new long[] {1, 1}, 17f / 3), act.statistic("max").tensor());
    StatisticValue.Samples med = (StatisticValue.Samples) act.statistic("median");
    assertArrayEquals(new double[] {0.5, 1.25, 0}, med.values().stream().mapToDouble(a -> a.getDouble(0)).toArray());
    assertEquals(NdArray.f32(new long[] {1, 1}, 10), post.statistic("absmax").tensor());
    assertEquals(NdArray.f32(new long[] {1, 2}, -5, 2), weights.statistic("min").tensor());
    assertEquals(NdArray.f32(new long[] {1, 2}, 3, 6), weights.statistic("max").tensor());
    // the model is restored
    assertEquals(opsBefore, m.ops().size());
    assertEquals(1, m.results().size());
    assertEquals(1, m.node("relu").orElseThrow().output().consumers().size());
  }

  @Test
  void subsetSizeFromTheCollectors() {
    TensorCollector c = new TensorCollector()
        .register("max", new Reducer.Max(null, true), OfflineAggregator.of(OfflineAggregator.Kind.MEAN, OptionalInt.of(2)));
    int n = new StatisticsCollector(new ReferenceEngine()).collect(model(),
        List.of(new StatisticPoint(TargetPoint.postLayer("relu", 0), c, "a")), Dataset.of(samples()));
    assertEquals(2, n);
    assertEquals(NdArray.f32(new long[] {1, 1}, 3.5f), c.statistic("max").tensor());
  }

  @Test
  void stateIsResetBeforeEverySample() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 2));
    Node init = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {1, 2}, 0, 0));
    Node read = Ops.readValue(init.output(), "acc");
    Node sum = Ops.add(x.output(), read.output());
    sum.setName("sum");
    Node assign = Ops.assign(sum.output(), "acc");
    Model m = new Model("acc", List.of(x), List.of(Ops.result(sum.output())), List.of(assign));
    TensorCollector c = new TensorCollector().register("max", new Reducer.Max(null, true), new NoopAggregator(ALL));
    new StatisticsCollector(new ReferenceEngine()).collect(m,
        List.of(new StatisticPoint(TargetPoint.postLayer("sum", 0), c, "a")),
        Dataset.of(List.of(NdArray.f32(new long[] {1, 2}, 1, 2), NdArray.f32(new long[] {1, 2}, 3, 4))), 10);
    StatisticValue.Samples s = (StatisticValue.Samples) c.statistic("max");
    // accumulated state would give 2 then 6
    assertEquals(List.of(2.0, 4.0), s.values().stream().map(a -> a.getDouble(0)).toList());
  }

  @Test
  void invalidInputsAreTypedErrors() {
    TensorCollector c = new TensorCollector().register("max", new Reducer.Max(null, true), new NoopAggregator(ALL));
    StatisticsCollector sc = new StatisticsCollector(new ReferenceEngine());
    List<StatisticPoint> p = List.of(new StatisticPoint(TargetPoint.postLayer("relu", 0), c, "a"));
    Model m = model();
    ValidationException empty = assertThrows(ValidationException.class,
        () -> sc.collect(m, p, Dataset.of(List.<NdArray>of()), 10));
    assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    assertEquals(1, m.results().size(), "model restored after a failure");
    assertThrows(ValidationException.class, () -> sc.collect(m, p, Dataset.of(List.of("text")), 10));
    assertThrows(ValidationException.class, () -> sc.collect(m, p, Dataset.of(samples()), 0));
    // no statistic points: nothing is inferred, not even the (invalid) items
    assertEquals(0, sc.collect(m, List.of(), Dataset.of(List.of("text")), 10));
    ValidationException unknown = assertThrows(ValidationException.class, () -> sc.collect(m,
        List.of(new StatisticPoint(TargetPoint.postLayer("conv", 0), c, "a")), Dataset.of(samples()), 1));
    assertTrue(unknown.getMessage().contains("'conv'"), unknown.getMessage());
    assertThrows(ValidationException.class, () -> sc.collect(m,
        List.of(new StatisticPoint(TargetPoint.preLayer("mm", 2), c, "a")), Dataset.of(samples()), 1));
  }
}
