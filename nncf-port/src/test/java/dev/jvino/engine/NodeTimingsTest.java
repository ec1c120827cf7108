package dev.jvino.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeTimingsTest {
  @Test
  void referenceSessionsReportEveryExecutedNodeInOrderUntilDetached() {
    InferSession s = new ReferenceEngine().compile(ReferenceEngineTest.mlp()).createSession();
    List<String> seen = new ArrayList<>();
    List<Long> nanos = new ArrayList<>();
    assertTrue(NodeTimings.attach(s, (n, t) -> {
      seen.add(n.type() + ":" + n.name());
      nanos.add(t);
    }));
    InferResult r = s.infer(List.of(NdArray.f32(ReferenceEngineTest.S13, 1, 2, 3)));
    assertEquals(NdArray.f32(new long[] {1, 1}, 6), r.get(0)); // timing does not change results
    assertTrue(seen.containsAll(List.of("Parameter:x", "MatMul:mm1", "Add:add", "Relu:relu", "MatMul:mm2",
        "Result:out", "Result:hidden")), seen.toString());
    assertTrue(seen.indexOf("MatMul:mm1") < seen.indexOf("Add:add"));
    assertTrue(seen.indexOf("Relu:relu") < seen.indexOf("MatMul:mm2"));
    assertTrue(nanos.stream().allMatch(t -> t >= 0), nanos.toString());
    int count = seen.size();
    assertTrue(NodeTimings.attach(s, null));
    s.infer(List.of(NdArray.f32(ReferenceEngineTest.S13, 1, 2, 3)));
    assertEquals(count, seen.size());
  }

  @Test
  void otherSessionsAreNotTimed() {
    InferSession foreign = new InferSession() {
      @Override public InferResult infer(List<NdArray> inputs) { throw new UnsupportedOperationException(); }
      @Override public InferResult infer(Map<String, NdArray> inputs) { throw new UnsupportedOperationException(); }
      @Override public void resetState() {}
      @Override public Map<String, NdArray> state() { return Map.of(); }
    };
    assertFalse(NodeTimings.attach(foreign, (Node n, long t) -> {}));
  }
}
