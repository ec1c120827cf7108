package dev.jvino.nncf.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.ref.UnsupportedOpException;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.Dataset;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Statistics run only what feeds the statistic outputs, not the model's own outputs. */
class StatisticsViewTest {
  @Test
  void opsFeedingOnlyTheModelOutputsAreNotRun() {
    // x -> relu (statistic point) -> NonMaxSuppression -> Result: the reference engine has no kernel
    // for NonMaxSuppression, so running the whole model would fail at compile time
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 3));
    Node relu = Ops.relu(x.output());
    relu.setName("relu");
    Node nms = Ops.node("NonMaxSuppression", "opset9", List.of(relu.output()));
    nms.addOutput(ElementType.I64, PartialShape.of(1, 3));
    Model model = new Model("m", List.of(x), List.of(Ops.result(nms.output())));
    assertThrows(UnsupportedOpException.class, () -> new ReferenceEngine().compile(model));

    TensorCollector c = new TensorCollector()
        .register("max", new Reducer.Max(null, true), ExtremumAggregator.max(OptionalInt.empty()));
    int n = new StatisticsCollector(new ReferenceEngine()).collect(model,
        List.of(new StatisticPoint(TargetPoint.postLayer("relu", 0), c, "test")),
        Dataset.of(List.of(NdArray.f32(new long[] {1, 3}, -1, 4, 2), NdArray.f32(new long[] {1, 3}, 7, -9, 0))));
    assertEquals(2, n);
    assertEquals(NdArray.f32(new long[] {1, 1}, 7), c.statistic("max").tensor());
    assertEquals(1, model.results().size(), "the model keeps its own outputs afterwards");
  }
}
