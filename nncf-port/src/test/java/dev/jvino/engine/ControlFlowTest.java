package dev.jvino.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.SubgraphBody;
import dev.jvino.ir.SubgraphBody.PortMapping;
import dev.jvino.ir.TestModels;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * TensorIterator-0, Loop-5 and If-8 on the reference engine, on hand-computed cases. Every model goes
 * through {@link IrWriter} and {@link IrReader} before it runs, so the port maps, back edges and special
 * ports are also checked to survive the IR format.
 */
class ControlFlowTest {
  static Model roundTrip(Model m) {
    IrWriter.Serialized ir = IrWriter.serialize(m, IrWriter.Options.DEFAULT);
    return IrReader.read(ir.xml(), ir.weights(), IrReader.Options.DEFAULT);
  }

  static String xml(Model m) {
    return new String(IrWriter.serialize(m, IrWriter.Options.DEFAULT).xml(), StandardCharsets.UTF_8);
  }

  static List<NdArray> run(Model m, NdArray... inputs) {
    return new ReferenceEngine().compile(roundTrip(m)).createSession().infer(List.of(inputs)).values();
  }

  static PortMapping in(long ext, Node param, String... kv) {
    return new PortMapping(true, ext, param, attrs(kv));
  }

  static PortMapping out(long ext, Node result, String... kv) {
    return new PortMapping(false, ext, result, attrs(kv));
  }

  private static Map<String, String> attrs(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static Node binary(String type, Output a, Output b, ElementType t, PartialShape s) {
    Node n = Ops.node(type, "opset1", List.of(a, b));
    n.attributes().set("auto_broadcast", "numpy");
    n.addOutput(t, s);
    return n;
  }

  static NdArray f32(long[] shape, float... v) {
    return NdArray.f32(shape, v);
  }

  // ---------------------------------------------------------------- Loop

  /**
   * acc += i for i = 0, 1, ... while i < limit and i < trip; outputs the last acc and every acc
   * concatenated.
   */
  static Model summingLoop() {
    Node trip = Ops.parameter("trip", ElementType.I64, PartialShape.of());
    Node cond = Ops.constant(ConstantData.ofLongs(ElementType.BOOLEAN, new long[0], 1));
    Node limit = Ops.parameter("limit", ElementType.I64, PartialShape.of());
    Node acc0 = Ops.parameter("acc0", ElementType.F32, PartialShape.of(1));
    Node i = Ops.parameter("i", ElementType.I64, PartialShape.of());
    Node acc = Ops.parameter("acc", ElementType.F32, PartialShape.of(1));
    Node lim = Ops.parameter("lim", ElementType.I64, PartialShape.of());
    Node sum = Ops.add(acc.output(), Ops.convert(i.output(), ElementType.F32).output());
    Node accOut = Ops.result(sum.output());
    Node goOn = Ops.result(binary("Less", i.output(), lim.output(), ElementType.BOOLEAN, PartialShape.of()).output());
    Model body = new Model("body", List.of(i, acc, lim), List.of(accOut, goOn));
    Node loop = Ops.node("Loop", "opset5", List.of(trip.output(), cond.output(), limit.output(), acc0.output()));
    loop.setName("sum_loop");
    loop.addOutput(ElementType.F32, PartialShape.of(1));
    loop.addOutput(ElementType.F32, PartialShape.of(-1));
    loop.bodies().add(new SubgraphBody("body", "port_map", body, List.of(
        in(3, acc), in(2, lim), in(-1, i, "purpose", "current_iteration"),
        out(4, accOut), out(5, accOut, "axis", "0"), out(-1, goOn, "purpose", "execution_condition")),
        List.of(new SubgraphBody.BackEdge(accOut, -1, acc, -1))));
    return new Model("loop", List.of(trip, limit, acc0),
        List.of(Ops.result(loop.output(0)), Ops.result(loop.output(1))));
  }

  private static List<NdArray> sum(long trip, long limit, float acc0) {
    return run(summingLoop(), NdArray.i64(new long[0], trip), NdArray.i64(new long[0], limit), f32(new long[] {1}, acc0));
  }

  @Test
  void loopStopsOnTheBodyConditionAfterTheIterationThatClearedIt() {
    // i = 0,1,2,3 run (the condition 3 < 3 computed in iteration 3 stops the loop after it)
    List<NdArray> r = sum(10, 3, 0);
    assertArrayEquals(new float[] {6}, r.get(0).floats());
    assertArrayEquals(new float[] {0, 1, 3, 6}, r.get(1).floats());
    assertArrayEquals(new long[] {4}, r.get(1).shape());
  }

  @Test
  void loopStopsAtTheTripCount() {
    List<NdArray> r = sum(2, 100, 0.5f);
    assertArrayEquals(new float[] {1.5f}, r.get(0).floats());
    assertArrayEquals(new float[] {0.5f, 1.5f}, r.get(1).floats());
  }

  @Test
  void negativeTripCountIsAWhileLoop() {
    List<NdArray> r = sum(-1, 4, 0);
    assertArrayEquals(new float[] {10}, r.get(0).floats());
    assertArrayEquals(new float[] {0, 1, 3, 6, 10}, r.get(1).floats());
  }

  @Test
  void zeroTripsKeepTheBackEdgeValueAndConcatenateNothing() {
    List<NdArray> r = sum(0, 4, 5);
    assertArrayEquals(new float[] {5}, r.get(0).floats());
    assertArrayEquals(new long[] {0}, r.get(1).shape());
  }

  @Test
  void loopSpecialPortsSurviveTheIrFormat() {
    String x = xml(summingLoop());
    assertTrue(x.contains("purpose=\"current_iteration\""), x);
    assertTrue(x.contains("purpose=\"execution_condition\""), x);
    assertTrue(x.contains("<back_edges>"), x);
    Model read = roundTrip(summingLoop());
    Node loop = read.node("sum_loop").orElseThrow();
    SubgraphBody b = loop.bodies().get(0);
    assertEquals(6, b.portMap().size());
    assertEquals(1, b.backEdges().size());
    assertEquals("acc", b.backEdges().get(0).to().name());
    assertEquals("0", b.portMap().get(4).extra().get("axis"));
  }

  @Test
  void falseInitialConditionRunsNoIteration() {
    Model m = TestModels.loop();
    Node loop = m.node("loop").orElseThrow();
    // replace input 1 (the initial condition) with false
    Node no = Ops.constant(ConstantData.ofLongs(ElementType.BOOLEAN, new long[0], 0));
    loop.input(1).connect(no.output());
    List<NdArray> r = run(m, f32(new long[] {2}, 1, 2));
    assertArrayEquals(new float[] {1, 2}, r.get(0).floats());
  }

  /** A Loop over the windows of x [4] (axis 0): y_t = 2 * x_t and the i32 [1] iteration numbers, both concatenated. */
  static Model slicingLoop() {
    Node trip = Ops.parameter("trip", ElementType.I64, PartialShape.of(1));
    Node cond = Ops.constant(ConstantData.ofLongs(ElementType.BOOLEAN, new long[] {1}, 1));
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(4));
    Node xs = Ops.parameter("xs", ElementType.F32, PartialShape.of(1));
    Node i = Ops.parameter("i", ElementType.I32, PartialShape.of(1));
    Node y = Ops.result(Ops.multiply(xs.output(), Ops.constant(ConstantData.f32Scalar(2f)).output()).output());
    Node iOut = Ops.result(i.output());
    Node goOn = Ops.result(Ops.constant(ConstantData.ofLongs(ElementType.BOOLEAN, new long[] {1}, 1)).output());
    Model body = new Model("body", List.of(xs, i), List.of(y, iOut, goOn));
    Node loop = Ops.node("Loop", "opset5", List.of(trip.output(), cond.output(), x.output()));
    loop.setName("slicing_loop");
    loop.addOutput(ElementType.F32, PartialShape.of(-1));
    loop.addOutput(ElementType.I32, PartialShape.of(-1));
    loop.bodies().add(new SubgraphBody("body", "port_map", body, List.of(
        in(2, xs, "axis", "0"), in(-1, i, "purpose", "current_iteration"),
        out(3, y, "axis", "0"), out(4, iOut, "axis", "0"), out(-1, goOn, "purpose", "execution_condition")),
        List.of()));
    return new Model("slicing_loop", List.of(trip, x), List.of(Ops.result(loop.output(0)), Ops.result(loop.output(1))));
  }

  @Test
  void loopSlicesItsInputAndCountsIterationsInI32() {
    NdArray x = f32(new long[] {4}, 1, -2, 3, 0.5f);
    List<NdArray> all = run(slicingLoop(), NdArray.i64(new long[] {1}, -1), x);
    assertArrayEquals(new float[] {2, -4, 6, 1}, all.get(0).floats());
    assertEquals(ElementType.I32, all.get(1).type());
    assertArrayEquals(new long[] {0, 1, 2, 3}, all.get(1).longs());
    // a trip count below the number of windows stops early
    List<NdArray> two = run(slicingLoop(), NdArray.i64(new long[] {1}, 2), x);
    assertArrayEquals(new float[] {2, -4}, two.get(0).floats());
    assertArrayEquals(new long[] {0, 1}, two.get(1).longs());
  }

  @Test
  void testModelsLoopAddsOneThreeTimes() {
    List<NdArray> r = run(TestModels.loop(), f32(new long[] {2}, 1, -2));
    assertArrayEquals(new float[] {4, 1}, r.get(0).floats());
  }

  // ---------------------------------------------------------------- TensorIterator

  /**
   * h = 2*h + x[:, t] over the columns of x [2,3] in reverse (axis 1, start -1, end 0, stride -1).
   * Outputs: the last h, all h concatenated forwards (stride 1) and backwards (stride -1) on axis 1.
   */
  static Model reverseRecurrence() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(2, 3));
    Node h0 = Ops.parameter("h0", ElementType.F32, PartialShape.of(2, 1));
    Node xs = Ops.parameter("xs", ElementType.F32, PartialShape.of(2, 1));
    Node h = Ops.parameter("h", ElementType.F32, PartialShape.of(2, 1));
    Node two = Ops.constant(ConstantData.f32Scalar(2f));
    Node next = Ops.add(Ops.multiply(h.output(), two.output()).output(), xs.output());
    Node hOut = Ops.result(next.output());
    Model body = new Model("body", List.of(xs, h), List.of(hOut));
    Node ti = Ops.node("TensorIterator", "opset1", List.of(x.output(), h0.output()));
    ti.setName("ti");
    ti.addOutput(ElementType.F32, PartialShape.of(2, 1));
    ti.addOutput(ElementType.F32, PartialShape.of(2, 3));
    ti.addOutput(ElementType.F32, PartialShape.of(2, 3));
    ti.bodies().add(new SubgraphBody("body", "port_map", body, List.of(
        in(0, xs, "axis", "1", "start", "-1", "end", "0", "stride", "-1", "part_size", "1"), in(1, h),
        out(2, hOut), out(3, hOut, "axis", "1", "start", "0", "end", "-1", "stride", "1", "part_size", "1"),
        out(4, hOut, "axis", "1", "start", "-1", "end", "0", "stride", "-1", "part_size", "1")),
        List.of(new SubgraphBody.BackEdge(hOut, -1, h, -1))));
    return new Model("ti", List.of(x, h0), List.of(Ops.result(ti.output(0)), Ops.result(ti.output(1)),
        Ops.result(ti.output(2))));
  }

  @Test
  void tensorIteratorSlicesBackwardsCarriesStateAndConcatenatesBothWays() {
    List<NdArray> r = run(reverseRecurrence(), f32(new long[] {2, 3}, 1, 2, 3, 4, 5, 6), f32(new long[] {2, 1}, 0, 0));
    // columns taken 2, 1, 0: h = [3,6] -> [8,17] -> [17,38]
    assertArrayEquals(new float[] {17, 38}, r.get(0).floats());
    assertArrayEquals(new long[] {2, 1}, r.get(0).shape());
    assertArrayEquals(new float[] {3, 8, 17, 6, 17, 38}, r.get(1).floats());
    assertArrayEquals(new long[] {2, 3}, r.get(1).shape());
    assertArrayEquals(new float[] {17, 8, 3, 38, 17, 6}, r.get(2).floats());
  }

  @Test
  void tensorIteratorPortMapAttributesSurviveTheIrFormat() {
    Model read = roundTrip(reverseRecurrence());
    SubgraphBody b = read.node("ti").orElseThrow().bodies().get(0);
    Map<String, String> first = b.portMap().get(0).extra();
    assertEquals("1", first.get("axis"));
    assertEquals("-1", first.get("start"));
    assertEquals("0", first.get("end"));
    assertEquals("-1", first.get("stride"));
    assertEquals("1", first.get("part_size"));
    assertEquals("xs", b.portMap().get(0).internal().name());
  }

  /** y = xs * b over windows of x along axis 0 with the given slicing; outputs concat(y) and the last y. */
  static Model slicer(long[] xShape, long[] partShape, String start, String end, String stride, String part) {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(xShape));
    Node b = Ops.parameter("b", ElementType.F32, PartialShape.of(1));
    Node xs = Ops.parameter("xs", ElementType.F32, PartialShape.of(partShape));
    Node bb = Ops.parameter("bb", ElementType.F32, PartialShape.of(1));
    Node y = Ops.result(Ops.multiply(xs.output(), bb.output()).output());
    Model body = new Model("body", List.of(xs, bb), List.of(y));
    Node ti = Ops.node("TensorIterator", "opset1", List.of(x.output(), b.output()));
    ti.setName("slicer");
    ti.addOutput(ElementType.F32, PartialShape.dynamic(xShape.length));
    ti.addOutput(ElementType.F32, PartialShape.of(partShape));
    ti.bodies().add(new SubgraphBody("body", "port_map", body, List.of(
        in(0, xs, "axis", "0", "start", start, "end", end, "stride", stride, "part_size", part), in(1, bb),
        out(2, y, "axis", "0", "part_size", part), out(3, y)), List.of()));
    return new Model("slicer", List.of(x, b), List.of(Ops.result(ti.output(0)), Ops.result(ti.output(1))));
  }

  @Test
  void strideTwoTakesEveryOtherElement() {
    List<NdArray> r = run(slicer(new long[] {5}, new long[] {1}, "0", "-1", "2", "1"),
        f32(new long[] {5}, 1, 2, 3, 4, 5), f32(new long[] {1}, 10));
    assertArrayEquals(new float[] {10, 30, 50}, r.get(0).floats());
    assertArrayEquals(new float[] {50}, r.get(1).floats());
  }

  @Test
  void partSizeTwoFromAnOffsetStart() {
    // rows 1..4 of a [5,1] input in windows of two
    List<NdArray> r = run(slicer(new long[] {5, 1}, new long[] {2, 1}, "1", "-1", "2", "2"),
        f32(new long[] {5, 1}, 1, 2, 3, 4, 5), f32(new long[] {1}, 1));
    assertArrayEquals(new float[] {2, 3, 4, 5}, r.get(0).floats());
    assertArrayEquals(new long[] {4, 1}, r.get(0).shape());
    assertArrayEquals(new float[] {4, 5}, r.get(1).floats());
  }

  @Test
  void negativeStrideWithPartSizeTwoWalksWindowsFromTheEnd() {
    // start -1 (index 4) back to end 0: windows [3:5] then [1:3]; element 0 is left over
    List<NdArray> r = run(slicer(new long[] {5}, new long[] {2}, "-1", "0", "-2", "2"),
        f32(new long[] {5}, 1, 2, 3, 4, 5), f32(new long[] {1}, 1));
    assertArrayEquals(new float[] {4, 5, 2, 3}, r.get(0).floats());
  }

  // ---------------------------------------------------------------- If

  @Test
  void ifChoosesItsBranchFromARuntimeCondition() {
    Model m = TestModels.ifModel();
    NdArray x = f32(new long[] {3}, -1, 0, 2);
    assertArrayEquals(new float[] {0, 0, 2}, run(m, NdArray.bools(new long[0], true), x).get(0).floats());
    assertArrayEquals(new float[] {1, -0f, -2}, run(m, NdArray.bools(new long[0], false), x).get(0).floats());
    // one compiled model serves both branches
    InferSession s = new ReferenceEngine().compile(roundTrip(m)).createSession();
    assertArrayEquals(new float[] {0, 0, 2}, s.infer(List.of(NdArray.bools(new long[0], true), x)).get(0).floats());
    assertArrayEquals(new float[] {1, -0f, -2}, s.infer(List.of(NdArray.bools(new long[0], false), x)).get(0).floats());
  }

  @Test
  void ifConditionComputedInTheGraph() {
    // y = sum(x) > 0 ? relu(x) : -x, the condition a ReduceSum and a Greater of the input
    Model m = TestModels.ifModel();
    Node iff = m.node("if").orElseThrow();
    Node x = m.parameters().get(1);
    Node sum = Ops.node("ReduceSum", "opset1", List.of(x.output(), Ops.constant(ConstantData.i64(0)).output()));
    sum.attributes().set("keep_dims", false);
    sum.addOutput(ElementType.F32, PartialShape.of());
    Node zero = Ops.constant(ConstantData.f32Scalar(0f));
    Node gt = binary("Greater", sum.output(), zero.output(), ElementType.BOOLEAN, PartialShape.of());
    iff.input(0).connect(gt.output());
    Model m2 = new Model("if2", List.of(x), m.results());
    assertArrayEquals(new float[] {0, 0, 2}, run(m2, f32(new long[] {3}, -1, 0, 2)).get(0).floats());
    assertArrayEquals(new float[] {3, -0f, -2}, run(m2, f32(new long[] {3}, -3, 0, 2)).get(0).floats());
  }

  @Test
  void ifPortMapsSurviveTheIrFormat() {
    String x = xml(TestModels.ifModel());
    assertTrue(x.contains("<then_port_map>") && x.contains("<else_port_map>"), x);
    assertTrue(x.contains("<then_body>") && x.contains("<else_body>"), x);
    Model read = roundTrip(TestModels.ifModel());
    List<SubgraphBody> bodies = read.node("if").orElseThrow().bodies();
    assertEquals(List.of("then_body", "else_body"), bodies.stream().map(SubgraphBody::bodyTag).toList());
    assertEquals("Relu", bodies.get(0).body().results().get(0).inputNode(0).type());
    assertEquals("Negative", bodies.get(1).body().results().get(0).inputNode(0).type());
  }

  @Test
  void writingWhatWasReadGivesTheSameIr() {
    for (Model m : List.of(summingLoop(), reverseRecurrence(), TestModels.ifModel(), TestModels.loop())) {
      String once = xml(roundTrip(m));
      assertEquals(once, xml(IrReader.read(once.getBytes(StandardCharsets.UTF_8),
          IrWriter.serialize(roundTrip(m), IrWriter.Options.DEFAULT).weights(), IrReader.Options.DEFAULT)), m.name());
    }
  }

  @Test
  void loopSurvivesTheOpenVino2024Layout() {
    IrWriter.Options legacy = IrWriter.Options.DEFAULT.withStyle(IrWriter.Style.OPENVINO_2024);
    IrWriter.Serialized ir = IrWriter.serialize(summingLoop(), legacy);
    Model read = IrReader.read(ir.xml(), ir.weights(), IrReader.Options.DEFAULT);
    InferResult r = new ReferenceEngine().compile(read).createSession().infer(Map.of(
        "trip", NdArray.i64(new long[0], 10), "limit", NdArray.i64(new long[0], 3), "acc0", f32(new long[] {1}, 0)));
    assertArrayEquals(new float[] {6}, r.get(0).floats());
    assertArrayEquals(new float[] {0, 1, 3, 6}, r.get(1).floats());
  }

  @Test
  void loopRunsInsideAnIfBranch() {
    // then_body is the whole TestModels Loop model (x + 3), else_body is -x
    Model thenBody = TestModels.loop();
    Node ep = Ops.parameter("else_x", ElementType.F32, PartialShape.of(2));
    Node er = Ops.result(Ops.unary("Negative", ep.output()).output());
    Node cond = Ops.parameter("cond", ElementType.BOOLEAN, PartialShape.of());
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(2));
    Node iff = Ops.node("If", "opset8", List.of(cond.output(), x.output()));
    iff.setName("outer_if");
    iff.addOutput(ElementType.F32, PartialShape.of(2));
    iff.bodies().add(new SubgraphBody("then_body", "then_port_map", thenBody,
        List.of(in(1, thenBody.parameters().get(0)), out(2, thenBody.results().get(0))), List.of()));
    iff.bodies().add(new SubgraphBody("else_body", "else_port_map", new Model("else", List.of(ep), List.of(er)),
        List.of(in(1, ep), out(2, er)), List.of()));
    Model m = new Model("nested", List.of(cond, x), List.of(Ops.result(iff.output())));
    NdArray v = f32(new long[] {2}, 1.5f, -4);
    assertArrayEquals(new float[] {4.5f, -1}, run(m, NdArray.bools(new long[0], true), v).get(0).floats());
    assertArrayEquals(new float[] {-1.5f, 4}, run(m, NdArray.bools(new long[0], false), v).get(0).floats());
  }

  @Test
  void nestedBodyFailureNamesBothLayers() {
    // then: the TestModels Loop (x + 3); else: -x
    Model inner = TestModels.loop();
    Node loop = inner.node("loop").orElseThrow();
    Model m = TestModels.ifModel();
    Node iff = m.node("if").orElseThrow();
    SubgraphBody then = iff.bodies().get(0);
    Node tp = then.body().parameters().get(0);
    loop.input(2).connect(tp.output());
    Node tr = Ops.result(loop.output());
    Model thenBody = new Model("then", List.of(tp), List.of(tr));
    iff.bodies().set(0, new SubgraphBody("then_body", "then_port_map", thenBody,
        List.of(in(1, tp), out(2, tr)), List.of()));
    NdArray x = f32(new long[] {3}, -1, 0, 2);
    // TestModels.loop's body works on [2]; feed it [3] through a [3] Parameter: declared shapes must agree
    var e = assertThrows(SubgraphExecutionException.class, () -> run(m, NdArray.bools(new long[0], true), x));
    assertEquals("then_body", e.body());
    assertInstanceOf(SubgraphExecutionException.class, e.getCause());
    assertEquals("loop", ((SubgraphExecutionException) e.getCause()).nodeName());
    assertArrayEquals(new float[] {1, -0f, -2}, run(m, NdArray.bools(new long[0], false), x).get(0).floats());
  }
}
