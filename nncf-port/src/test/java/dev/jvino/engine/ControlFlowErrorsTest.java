package dev.jvino.engine;

import static dev.jvino.engine.ControlFlowTest.f32;
import static dev.jvino.engine.ControlFlowTest.in;
import static dev.jvino.engine.ControlFlowTest.reverseRecurrence;
import static dev.jvino.engine.ControlFlowTest.roundTrip;
import static dev.jvino.engine.ControlFlowTest.run;
import static dev.jvino.engine.ControlFlowTest.slicer;
import static dev.jvino.engine.ControlFlowTest.summingLoop;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.SubgraphBody;
import dev.jvino.ir.SubgraphBody.PortMapping;
import dev.jvino.ir.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference engine's subgraph ops: bodies compiled once per node and compilation, and the typed
 * errors for malformed port maps, unsupported body contents and failures inside a body.
 */
class ControlFlowErrorsTest {
  @Test
  void bodiesAreCompiledOncePerNodeAndCompilation() {
    Model m = roundTrip(summingLoop());
    ExecutionPlan plan = (ExecutionPlan) new ReferenceEngine().compile(m);
    int step = loopStep(plan);
    ControlFlow.Bound bound = assertInstanceOf(ControlFlow.Bound.class, plan.kernel(step));
    assertSame(m.node("sum_loop").orElseThrow(), bound.node());
    ExecutionPlan body = bound.bodies().get(0).plan();
    InferSession s = plan.createSession();
    for (int k = 0; k < 3; k++) {
      s.infer(List.of(NdArray.i64(new long[0], 5), NdArray.i64(new long[0], 9), f32(new long[] {1}, 0)));
    }
    assertSame(bound, plan.kernel(step));
    assertSame(body, ((ControlFlow.Bound) plan.kernel(step)).bodies().get(0).plan());
    // a new compilation compiles the (possibly edited) bodies again
    ExecutionPlan again = (ExecutionPlan) new ReferenceEngine().compile(m);
    assertTrue(((ControlFlow.Bound) again.kernel(loopStep(again))).bodies().get(0).plan() != body);
  }

  private static int loopStep(ExecutionPlan plan) {
    for (int i = 0; i < plan.stepCount(); i++) {
      if (plan.step(i).is("Loop")) {
        return i;
      }
    }
    throw new AssertionError("no Loop step");
  }

  @Test
  void unsupportedOpInABodyFailsAtCompileNamingTheLayer() {
    Model m = TestModels.ifModel();
    Node iff = m.node("if").orElseThrow();
    Model thenBody = iff.bodies().get(0).body();
    Node odd = thenBody.results().get(0).inputNode(0);
    Node weird = Ops.node("NoSuchOp", "opset1", List.of(odd.input(0).source()));
    weird.addOutput(ElementType.F32, PartialShape.of(3));
    thenBody.results().get(0).input(0).connect(weird.output());
    var e = assertThrows(dev.jvino.engine.ref.UnsupportedOpException.class, () -> new ReferenceEngine().compile(m));
    assertTrue(e.getMessage().contains("then_body of If 'if'"), e.getMessage());
    assertTrue(e.getMessage().contains("NoSuchOp"), e.getMessage());
  }

  @Test
  void bodyWithStateIsUnsupported() {
    Model m = TestModels.loop();
    Node loop = m.node("loop").orElseThrow();
    SubgraphBody b = loop.bodies().get(0);
    Node xin = b.body().parameters().get(0);
    Node rv = Ops.readValue(xin.output(), "v");
    Node as = Ops.assign(rv.output(), "v");
    Model stateful = new Model("body", b.body().parameters(), b.body().results(), List.of(as));
    loop.bodies().set(0, new SubgraphBody("body", "port_map", stateful, b.portMap(), b.backEdges()));
    var e = assertThrows(dev.jvino.engine.ref.UnsupportedOpException.class, () -> new ReferenceEngine().compile(m));
    assertEquals("Loop-5", e.op());
    assertTrue(e.getMessage().contains("Loop 'loop'") && e.getMessage().contains("ReadValue/Assign"), e.getMessage());
  }

  @Test
  void ifOnAConstantConditionIsFoldedAtCompileTime() {
    Model m = TestModels.ifModel();
    Node iff = m.node("if").orElseThrow();
    iff.input(0).connect(Ops.constant(ConstantData.ofLongs(ElementType.BOOLEAN, new long[0], 1)).output());
    iff.input(1).connect(Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {3}, -1, 4, -2)).output());
    Model folded = new Model("folded", List.of(), m.results());
    ExecutionPlan plan = (ExecutionPlan) new ReferenceEngine().compile(roundTrip(folded));
    assertEquals(1, plan.stepCount()); // only the Result is left to run
    assertArrayEquals(new float[] {0, 4, 0}, plan.createSession().infer(List.of()).get(0).floats());
  }

  private static Model withPortMap(Model m, String layer, int entry, PortMapping replacement) {
    Node n = m.node(layer).orElseThrow();
    SubgraphBody b = n.bodies().get(0);
    List<PortMapping> pm = new java.util.ArrayList<>(b.portMap());
    pm.set(entry, replacement);
    n.bodies().set(0, new SubgraphBody(b.bodyTag(), b.portMapTag(), b.body(), pm, b.backEdges()));
    return m;
  }

  @Test
  void portMapFeaturesAnOpDoesNotDefineAreUnsupported() {
    Model ifAxis = TestModels.ifModel();
    Node then = ifAxis.node("if").orElseThrow().bodies().get(0).body().parameters().get(0);
    withPortMap(ifAxis, "if", 0, in(1, then, "axis", "0"));
    var e = assertThrows(dev.jvino.engine.ref.UnsupportedOpException.class, () -> new ReferenceEngine().compile(ifAxis));
    assertEquals("If-8", e.op());
    assertTrue(e.getMessage().contains("If 'if'") && e.getMessage().contains("axis"), e.getMessage());

    Model tiPurpose = reverseRecurrence();
    Node xs = tiPurpose.node("ti").orElseThrow().bodies().get(0).body().parameters().get(0);
    withPortMap(tiPurpose, "ti", 0, in(-1, xs, "purpose", "current_iteration"));
    e = assertThrows(dev.jvino.engine.ref.UnsupportedOpException.class, () -> new ReferenceEngine().compile(tiPurpose));
    assertEquals("TensorIterator-0", e.op());
    assertTrue(e.getMessage().contains("TensorIterator 'ti'") && e.getMessage().contains("current_iteration"),
        e.getMessage());
  }

  @Test
  void malformedSlicingAttributesAreInvalidGraphs() {
    for (String[] bad : List.of(new String[] {"axis", "one"}, new String[] {"stride", "0"},
        new String[] {"part_size", "0"})) {
      Model m = reverseRecurrence();
      Node xs = m.node("ti").orElseThrow().bodies().get(0).body().parameters().get(0);
      String[] kv = bad[0].equals("axis") ? bad : new String[] {"axis", "1", bad[0], bad[1]};
      withPortMap(m, "ti", 0, in(0, xs, kv));
      var e = assertThrows(dev.jvino.ir.InvalidGraphException.class, () -> new ReferenceEngine().compile(m));
      assertTrue(e.getMessage().contains("TensorIterator 'ti'") && e.getMessage().contains(bad[0]), e.getMessage());
    }
  }

  @Test
  void unmappedBodyParameterIsAnInvalidGraph() {
    Model m = reverseRecurrence();
    Node ti = m.node("ti").orElseThrow();
    SubgraphBody b = ti.bodies().get(0);
    ti.bodies().set(0, new SubgraphBody("body", "port_map", b.body(), b.portMap().subList(1, b.portMap().size()),
        b.backEdges()));
    var e = assertThrows(dev.jvino.ir.InvalidGraphException.class, () -> new ReferenceEngine().compile(m));
    assertTrue(e.getMessage().contains("TensorIterator 'ti'") && e.getMessage().contains("'xs'"), e.getMessage());
  }

  @Test
  void loopWithoutExecutionConditionIsAnInvalidGraph() {
    Model m = summingLoop();
    Node loop = m.node("sum_loop").orElseThrow();
    SubgraphBody b = loop.bodies().get(0);
    loop.bodies().set(0, new SubgraphBody("body", "port_map", b.body(), b.portMap().subList(0, 5), b.backEdges()));
    var e = assertThrows(dev.jvino.ir.InvalidGraphException.class, () -> new ReferenceEngine().compile(m));
    assertTrue(e.getMessage().contains("Loop 'sum_loop'") && e.getMessage().contains("execution_condition"),
        e.getMessage());
  }

  @Test
  void nonBooleanIfConditionIsATypedInputError() {
    Model m = TestModels.ifModel();
    Node iff = m.node("if").orElseThrow();
    Node c = Ops.parameter("c", ElementType.F32, PartialShape.of());
    iff.input(0).connect(c.output());
    Model m2 = new Model("bad", List.of(c, m.parameters().get(1)), m.results());
    var e = assertThrows(NodeExecutionException.class,
        () -> run(m2, NdArray.scalar(ElementType.F32, 1), f32(new long[] {3}, 1, 2, 3)));
    assertEquals("if", e.nodeName());
    assertInstanceOf(dev.jvino.engine.ref.OpInputException.class, e.getCause());
    assertTrue(e.getMessage().contains("If-8") && e.getMessage().contains("boolean"), e.getMessage());
  }

  @Test
  void bodyFailureNamesLayerBodyAndIteration() {
    // the body Parameter is declared [2,1]; windows of part_size 2 are [2,2]
    Model m = reverseRecurrence();
    Node ti = m.node("ti").orElseThrow();
    SubgraphBody b = ti.bodies().get(0);
    List<PortMapping> pm = new java.util.ArrayList<>(b.portMap());
    pm.set(0, in(0, pm.get(0).internal(), "axis", "1", "start", "0", "end", "-1", "stride", "2", "part_size", "2"));
    ti.bodies().set(0, new SubgraphBody("body", "port_map", b.body(), pm, b.backEdges()));
    var e = assertThrows(SubgraphExecutionException.class,
        () -> run(m, f32(new long[] {2, 3}, 1, 2, 3, 4, 5, 6), f32(new long[] {2, 1}, 0, 0)));
    assertEquals("ti", e.nodeName());
    assertEquals("body", e.body());
    assertEquals(0, e.iteration());
    assertInstanceOf(EngineInputException.class, e.getCause());
  }

  @Test
  void slicedInputsThatDisagreeOnTheIterationCount() {
    Model m = slicer(new long[] {4}, new long[] {1}, "0", "-1", "1", "1");
    Node ti = m.node("slicer").orElseThrow();
    SubgraphBody b = ti.bodies().get(0);
    List<PortMapping> pm = new java.util.ArrayList<>(b.portMap());
    pm.set(1, in(1, pm.get(1).internal(), "axis", "0"));
    ti.bodies().set(0, new SubgraphBody("body", "port_map", b.body(), pm, b.backEdges()));
    var e = assertThrows(NodeExecutionException.class,
        () -> run(m, f32(new long[] {4}, 1, 2, 3, 4), f32(new long[] {1}, 1)));
    assertTrue(e.getMessage().contains("gives 1 iterations, another sliced input gives 4"), e.getMessage());
  }
}
