package dev.jvino.nncf.compression.layerwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The layer-wise engine on small graphs: values against Java arithmetic, the current weights seen by later
 * targets, what the cache keeps, and its input errors.
 */
class LayerwiseEngineTest {
  private static final int T = 4;
  private static final int H = 8;

  private static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return v;
  }

  private static Node weight(String name, long seed) {
    return Ops.constant(name, ConstantData.ofFloats(ElementType.F32, new long[] {H, H}, random(H * H, seed)));
  }

  private static List<NdArray> inputs(int count) {
    List<NdArray> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(NdArray.f32(new long[] {1, T, H}, random(T * H, 100 + i)));
    }
    return out;
  }

  /** {@code x @ w^T} for x [T*H] and w [H, H], optionally through Relu. */
  private static float[] linear(float[] x, float[] w, boolean relu) {
    float[] y = new float[T * H];
    for (int t = 0; t < T; t++) {
      for (int o = 0; o < H; o++) {
        double acc = 0;
        for (int i = 0; i < H; i++) {
          acc += (double) x[t * H + i] * w[o * H + i];
        }
        y[t * H + o] = relu ? (float) Math.max(0, acc) : (float) acc;
      }
    }
    return y;
  }

  private static float[] add(float[] a, float[] b) {
    float[] c = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i] + b[i];
    }
    return c;
  }

  private static void assertClose(float[] expected, NdArray actual, String what) {
    float[] a = actual.toFloatArray();
    assertEquals(expected.length, a.length, what);
    for (int i = 0; i < a.length; i++) {
      assertEquals(expected[i], a[i], 1e-5, what + " [" + i + "]");
    }
  }

  @Test
  void laterTargetsSeeTheChangedWeights() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, T, H));
    Node w1 = weight("w1", 1);
    Node mm1 = Ops.matMul(x.output(), w1.output(), false, true);
    Node relu = Ops.relu(mm1.output());
    Node mm2 = Ops.matMul(relu.output(), weight("w2", 2).output(), false, true);
    Model m = new Model("two", List.of(x), List.of(Ops.result(mm2.output())));
    List<NdArray> data = inputs(3);
    LayerwiseEngine e = LayerwiseEngine.create(m, List.of(x.output(), relu.output()), Dataset.of(data), 128,
        new ReferenceEngine());
    assertEquals(3, e.samples());
    LayerwiseEngine.Step s0 = e.next();
    assertEquals(0, s0.index());
    for (int i = 0; i < 3; i++) {
      assertSame(data.get(i), s0.samples().get(i), "the model input is passed through");
    }
    // change layer 1 as GPTQ does before the next target is computed
    float[] doubled = w1.constantData().toFloatArray();
    for (int i = 0; i < doubled.length; i++) {
      doubled[i] *= 2;
    }
    w1.setConstant(ConstantData.ofFloats(ElementType.F32, new long[] {H, H}, doubled));
    LayerwiseEngine.Step s1 = e.next();
    assertSame(relu.output(), s1.target());
    for (int i = 0; i < 3; i++) {
      assertClose(linear(data.get(i).toFloatArray(), doubled, true), s1.samples().get(i), "relu sample " + i);
    }
    assertTrue(!e.hasNext());
    assertEquals(0, e.cachedTensors(), "nothing is kept after the last target");
    assertThrows(NoSuchElementException.class, e::next);
  }

  @Test
  void aResidualInputStaysCachedUntilItsLastUse() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, T, H));
    Node mm1 = Ops.matMul(x.output(), weight("w1", 1).output(), false, true);
    Node add1 = Ops.add(x.output(), mm1.output());
    Node mm2 = Ops.matMul(add1.output(), weight("w2", 2).output(), false, true);
    Node add2 = Ops.add(add1.output(), mm2.output());
    Node mm3 = Ops.matMul(add2.output(), weight("w3", 3).output(), false, true);
    Model m = new Model("residual", List.of(x), List.of(Ops.result(mm3.output())));
    List<NdArray> data = inputs(2);
    List<Output> targets = List.of(x.output(), add1.output(), add2.output());
    LayerwiseEngine e = LayerwiseEngine.create(m, targets, Dataset.of(data), 128, new ReferenceEngine());
    float[] w1 = m.ops().stream().filter(n -> n.name().equals("w1")).findFirst().orElseThrow().constantData()
        .toFloatArray();
    float[] w2 = m.ops().stream().filter(n -> n.name().equals("w2")).findFirst().orElseThrow().constantData()
        .toFloatArray();
    e.next();
    assertEquals(1, e.cachedTensors(), "only x is kept: both add1 and mm1 read it");
    List<NdArray> a1 = e.next().samples();
    assertEquals(1, e.cachedTensors(), "only add1 is kept: add2 and mm2 read it");
    List<NdArray> a2 = e.next().samples();
    for (int i = 0; i < 2; i++) {
      float[] xi = data.get(i).toFloatArray();
      float[] e1 = add(xi, linear(xi, w1, false));
      assertClose(e1, a1.get(i), "add1 " + i);
      assertClose(add(e1, linear(e1, w2, false)), a2.get(i), "add2 " + i);
    }
  }

  @Test
  void aChainHoldsOneBoundaryTensor() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, T, H));
    Output cur = x.output();
    List<Output> targets = new ArrayList<>();
    List<Node> weights = new ArrayList<>();
    for (int l = 0; l < 5; l++) {
      targets.add(cur);
      Node w = weight("w" + l, l);
      weights.add(w);
      cur = Ops.relu(Ops.matMul(cur, w.output(), false, true).output()).output();
    }
    Model m = new Model("chain", List.of(x), List.of(Ops.result(cur)));
    List<NdArray> data = inputs(5);
    // subset 3 of 5 items
    LayerwiseEngine e = LayerwiseEngine.create(m, targets, Dataset.of(data), 3, new ReferenceEngine());
    assertEquals(3, e.samples());
    float[][] expected = new float[3][];
    for (int i = 0; i < 3; i++) {
      expected[i] = data.get(i).toFloatArray();
    }
    for (int l = 0; l < 5; l++) {
      LayerwiseEngine.Step s = e.next();
      assertEquals(3, s.samples().size());
      for (int i = 0; i < 3; i++) {
        assertClose(expected[i], s.samples().get(i), "layer " + l + " sample " + i);
        expected[i] = linear(expected[i], weights.get(l).constantData().toFloatArray(), true);
      }
      assertEquals(l < 4 ? 1 : 0, e.cachedTensors(), "after step " + l);
    }
  }

  @Test
  void sharedInputsAndNamedItemsOfATwoInputModel() {
    Node a = Ops.parameter("a", ElementType.F32, PartialShape.of(1, T, H));
    Node b = Ops.parameter("b", ElementType.F32, PartialShape.of(1, T, H));
    Node sum = Ops.add(a.output(), b.output());
    Node q = Ops.matMul(sum.output(), weight("wq", 1).output(), false, true);
    Node k = Ops.matMul(sum.output(), weight("wk", 2).output(), false, true);
    Node prod = Ops.multiply(q.output(), k.output());
    Model m = new Model("two_inputs", List.of(a, b), List.of(Ops.result(prod.output())));
    List<NdArray> as = inputs(2);
    List<NdArray> bs = List.of(NdArray.f32(new long[] {1, T, H}, random(T * H, 7)),
        NdArray.f32(new long[] {1, T, H}, random(T * H, 8)));
    List<Map<String, NdArray>> items = List.of(Map.of("a", as.get(0), "b", bs.get(0)),
        Map.of("a", as.get(1), "b", bs.get(1)));
    LayerwiseEngine e = LayerwiseEngine.create(m, List.of(sum.output(), prod.output()), Dataset.of(items), 128,
        new ReferenceEngine());
    List<NdArray> s = e.next().samples();
    List<NdArray> p = e.next().samples();
    float[] wq = m.ops().stream().filter(n -> n.name().equals("wq")).findFirst().orElseThrow().constantData()
        .toFloatArray();
    float[] wk = m.ops().stream().filter(n -> n.name().equals("wk")).findFirst().orElseThrow().constantData()
        .toFloatArray();
    for (int i = 0; i < 2; i++) {
      float[] x = add(as.get(i).toFloatArray(), bs.get(i).toFloatArray());
      assertClose(x, s.get(i), "sum " + i);
      float[] qv = linear(x, wq, false);
      float[] kv = linear(x, wk, false);
      float[] pv = new float[qv.length];
      for (int j = 0; j < pv.length; j++) {
        pv[j] = qv[j] * kv[j];
      }
      assertClose(pv, p.get(i), "product " + i);
    }
  }

  @Test
  void statefulModelsStartEachSampleFromTheInitialState() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, T, H));
    Node read = Ops.readValue(x.output(), "cache");
    Node sum = Ops.add(read.output(), x.output());
    Node assign = Ops.assign(sum.output(), "cache");
    Node mm = Ops.matMul(sum.output(), weight("w", 1).output(), false, true);
    Model m = new Model("stateful", List.of(x), List.of(Ops.result(mm.output())), List.of(assign));
    List<NdArray> data = inputs(3);
    LayerwiseEngine e = LayerwiseEngine.create(m, List.of(sum.output()), Dataset.of(data), 128,
        new ReferenceEngine());
    List<NdArray> s = e.next().samples();
    for (int i = 0; i < 3; i++) {
      float[] xi = data.get(i).toFloatArray();
      assertClose(add(xi, xi), s.get(i), "sample " + i + " reads its own initial value");
    }
  }

  @Test
  void badInputsAreRejected() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, T, H));
    Node w = weight("w", 1);
    Node mm = Ops.matMul(x.output(), w.output(), false, true);
    Model m = new Model("one", List.of(x), List.of(Ops.result(mm.output())));
    var engine = new ReferenceEngine();
    var empty = assertThrows(ValidationException.class,
        () -> LayerwiseEngine.create(m, List.of(x.output()), Dataset.of(List.<NdArray>of()), 128, engine));
    assertEquals("layer-wise engine: the dataset is empty", empty.getMessage());
    var item = assertThrows(ValidationException.class,
        () -> LayerwiseEngine.create(m, List.of(x.output()), Dataset.of(List.of("text")), 128, engine));
    assertTrue(item.getMessage().startsWith("dataset item 0 is a java.lang.String"), item.getMessage());
    var named = assertThrows(ValidationException.class, () -> LayerwiseEngine.create(m, List.of(x.output()),
        Dataset.of(List.of(Map.of("y", inputs(1).get(0)))), 128, engine));
    assertTrue(named.getMessage().contains("no value for model input 'x'"), named.getMessage());
    var constant = assertThrows(ValidationException.class,
        () -> LayerwiseEngine.create(m, List.of(w.output()), Dataset.of(inputs(1)), 128, engine));
    assertTrue(constant.getMessage().contains("does not depend on the model inputs"), constant.getMessage());
    var subset = assertThrows(ValidationException.class,
        () -> LayerwiseEngine.create(m, List.of(x.output()), Dataset.of(inputs(1)), 0, engine));
    assertTrue(subset.getMessage().contains("subset_size must be positive"), subset.getMessage());
  }
}
