package dev.jvino.nncf.statistics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.InferResult;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The IR rewrite for inplace reducers: node names and structure as NNCF's OpenVINO backend builds them,
 * and, run on the reference engine, the same values as the Java-side reduction of the raw tensor.
 */
class StatisticsModelRewriterTest {
  private static Model model(PartialShape shape) {
    Node x = Ops.parameter("x", ElementType.F32, shape);
    Node relu = Ops.unary("Sigmoid", x.output());
    relu.setName("act");
    return new Model("m", List.of(x), List.of(Ops.result(relu.output())));
  }

  private static Node node(Model m, String name) {
    return m.node(name).orElseThrow(() -> new AssertionError("no node " + name + " in " + m.byName().keySet()));
  }

  private static long[] constInput(Node n, int port) {
    return n.inputNode(port).constantData().toLongArray();
  }

  @Test
  void namesAndStructureFollowNncf() {
    Model m = model(PartialShape.of(2, 3, 4));
    Output act = node(m, "act").output();
    Reducer min = new Reducer.Min(null, true);
    Reducer absMax = new Reducer.AbsMax(List.of(0, 2), true);
    Reducer meanVar = new Reducer.MeanVariance(List.of(2), true);
    Reducer raw = new Reducer.Raw();
    Reducer quantile = new Reducer.Quantile(null);
    int before = m.ops().size();
    StatisticsModelRewriter.Rewrite rw = StatisticsModelRewriter.apply(m,
        Map.of(act, List.of(min, absMax, meanVar, raw, quantile)));

    String minOut = "act_" + min.name() + ".0";
    Node reduceMin = node(m, minOut);
    assertEquals("ReduceMin", reduceMin.type());
    assertEquals("true", reduceMin.attributes().string("keep_dims"));
    assertArrayEquals(new long[] {0, 1, 2}, constInput(reduceMin, 1));
    assertEquals("Result_" + minOut + ".0", rw.resultName(act, min));
    assertEquals(reduceMin, node(m, "Result_" + minOut + ".0").inputNode(0));

    String absOut = "act_" + absMax.name() + ".0";
    Node reduceMax = node(m, absOut);
    assertEquals("ReduceMax", reduceMax.type());
    assertEquals("Abs", reduceMax.inputNode(0).type());
    assertEquals("abs_" + absOut, reduceMax.inputNode(0).name());
    assertArrayEquals(new long[] {0, 2}, constInput(reduceMax, 1));
    assertEquals(PartialShape.of(1, 3, 1), reduceMax.output().shape());

    String varOut = "act_" + meanVar.name() + ".0";
    Node mean = node(m, varOut);
    assertEquals("ReduceMean", mean.type());
    assertEquals("false", mean.attributes().string("keep_dims"));
    assertArrayEquals(new long[] {0, 1, 2}, constInput(mean, 1));
    Node var = mean.inputNode(0);
    assertEquals(varOut + "/var", var.name());
    assertEquals("true", var.attributes().string("keep_dims"));
    Node diff = var.inputNode(0);
    assertEquals(varOut + "/var/squared_diff", diff.name());
    assertEquals("SquaredDifference", diff.type());
    assertEquals(varOut + "/var/mean", diff.inputNode(0).name());
    assertEquals(act.node(), diff.inputNode(1));

    // quantile and raw share one Result on the raw tensor
    assertEquals("Result_act.0", rw.resultName(act, raw));
    assertEquals("Result_act.0", rw.resultName(act, quantile));
    assertEquals(1 + 4, m.results().size());

    rw.undo();
    assertEquals(before, m.ops().size());
    assertEquals(1, m.results().size());
    assertEquals(1, act.consumers().size());
  }

  /** Every inplace reducer, rewritten and run on the reference engine, equals its Java reduction. */
  @Test
  void inplaceSubgraphsComputeTheJavaReductions() {
    Model m = model(PartialShape.of(2, 3, 2, 2));
    Output act = node(m, "act").output();
    List<Reducer> reducers = List.of(new Reducer.Min(null, true), new Reducer.Max(List.of(1), true),
        new Reducer.AbsMax(List.of(0, 2, 3), true), new Reducer.Mean(List.of(-1), true),
        new Reducer.MeanVariance(List.of(1, 2), true), new Reducer.MeanVariance(null, true),
        new Reducer.MaxVariance(List.of(3), true), new Reducer.MeanAbsMax(List.of(0), true),
        new Reducer.MeanAbsMax(null, true), new Reducer.BatchMean(true), new Reducer.MeanPerChannel(1, true),
        new Reducer.MeanPerChannel(3, true), new Reducer.Shape(true), new Reducer.Raw());
    Map<Output, List<Reducer>> taps = new LinkedHashMap<>();
    taps.put(act, reducers);
    StatisticsModelRewriter.Rewrite rw = StatisticsModelRewriter.apply(m, taps);
    float[] v = new float[24];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sin(i * 1.7) * 4;
    }
    InferResult out = new ReferenceEngine().compile(m).createSession()
        .infer(List.of(NdArray.f32(new long[] {2, 3, 2, 2}, v)));
    NdArray rawAct = out.get(rw.resultName(act, new Reducer.Raw()));
    List<String> checked = new ArrayList<>();
    for (Reducer r : reducers) {
      if (!r.inplace()) {
        continue;
      }
      NdArray inModel = out.get(rw.resultName(act, r));
      NdArray java = r.reduce(rawAct).get(0);
      assertArrayEquals(java.shape(), inModel.shape(), r.toString());
      double[] a = java.toDoubleArray();
      double[] b = inModel.toDoubleArray();
      for (int i = 0; i < a.length; i++) {
        assertEquals(a[i], b[i], 1e-6 * Math.max(1, Math.abs(a[i])), r + " element " + i);
      }
      checked.add(r.getClass().getSimpleName());
    }
    assertEquals(13, checked.size());
    assertTrue(out.get(rw.resultName(act, new Reducer.Shape(true))).type() == ElementType.I64);
    rw.undo();
    assertEquals(1, m.results().size());
  }

  @Test
  void rankTwoMeanPerChannelAndBatchMean() {
    Model m = model(PartialShape.of(3, 2));
    Output act = node(m, "act").output();
    List<Reducer> reducers = List.of(new Reducer.MeanPerChannel(1, true), new Reducer.BatchMean(true),
        new Reducer.Raw());
    StatisticsModelRewriter.Rewrite rw = StatisticsModelRewriter.apply(m, Map.of(act, reducers));
    Node perCh = node(m, "act_" + reducers.get(0).name() + ".0");
    assertEquals("false", perCh.attributes().string("keep_dims"));
    assertEquals(0, perCh.inputNode(1).constantData().shape().length, "scalar axis 0 as NNCF passes it");
    InferResult out = new ReferenceEngine().compile(m).createSession()
        .infer(List.of(NdArray.f32(new long[] {3, 2}, 0, 1, 2, -3, 4, 5)));
    NdArray raw = out.get(rw.resultName(act, reducers.get(2)));
    for (Reducer r : reducers.subList(0, 2)) {
      NdArray java = r.reduce(raw).get(0);
      NdArray inModel = out.get(rw.resultName(act, r));
      assertArrayEquals(java.shape(), inModel.shape(), r.toString());
      assertArrayEquals(java.toDoubleArray(), inModel.toDoubleArray(), 1e-7, r.toString());
    }
    rw.undo();
  }
}
