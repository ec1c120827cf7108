package dev.jvino.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Structural comparison of two models for tests. */
public final class GraphAssert {
  private GraphAssert() {}

  /** Asserts same ops (type, opset, name, attributes, rt_info, ports, edges) and equal constants. */
  public static void assertSameGraph(Model a, Model b) {
    assertEquals(a.name(), b.name());
    assertEquals(describe(a.rtInfo()), describe(b.rtInfo()), "model rt_info");
    List<Node> oa = a.ops();
    List<Node> ob = b.ops();
    assertEquals(oa.size(), ob.size(), "op count");
    Map<Node, Integer> ia = index(oa);
    Map<Node, Integer> ib = index(ob);
    for (int i = 0; i < oa.size(); i++) {
      Node x = oa.get(i);
      Node y = ob.get(i);
      String at = "op " + i + " " + x;
      assertEquals(x.type(), y.type(), at);
      assertEquals(x.version(), y.version(), at);
      assertEquals(x.name(), y.name(), at);
      assertEquals(x.attributes().asMap(), y.attributes().asMap(), at);
      assertEquals(describe(x.rtInfo()), describe(y.rtInfo()), at);
      assertEquals(x.inputs().size(), y.inputs().size(), at);
      for (int k = 0; k < x.inputs().size(); k++) {
        assertEquals(ia.get(x.inputNode(k)), ib.get(y.inputNode(k)), at + " input " + k);
        assertEquals(x.input(k).source().index(), y.input(k).source().index(), at);
      }
      if (!x.is("Result")) {
        assertEquals(x.outputs().size(), y.outputs().size(), at);
        for (int k = 0; k < x.outputs().size(); k++) {
          assertEquals(x.output(k).elementType(), y.output(k).elementType(), at);
          assertEquals(x.output(k).shape(), y.output(k).shape(), at);
          assertEquals(x.output(k).names(), y.output(k).names(), at);
        }
      }
      if (x.is("Constant")) {
        assertTrue(x.constantData().contentEquals(y.constantData()), at + " constant bytes");
      }
      assertEquals(x.bodies().size(), y.bodies().size(), at);
      for (int k = 0; k < x.bodies().size(); k++) {
        SubgraphBody bx = x.bodies().get(k);
        SubgraphBody by = y.bodies().get(k);
        assertSameGraph(bx.body(), by.body());
        Map<Node, Integer> bxi = index(bx.body().ops());
        Map<Node, Integer> byi = index(by.body().ops());
        assertEquals(bx.portMap().size(), by.portMap().size());
        for (int j = 0; j < bx.portMap().size(); j++) {
          var px = bx.portMap().get(j);
          var py = by.portMap().get(j);
          assertEquals(px.isInput(), py.isInput());
          assertEquals(px.externalPort(), py.externalPort());
          assertEquals(bxi.get(px.internal()), byi.get(py.internal()));
        }
        assertEquals(bx.backEdges().size(), by.backEdges().size());
        for (int j = 0; j < bx.backEdges().size(); j++) {
          assertEquals(bxi.get(bx.backEdges().get(j).from()), byi.get(by.backEdges().get(j).from()));
          assertEquals(bxi.get(bx.backEdges().get(j).to()), byi.get(by.backEdges().get(j).to()));
        }
      }
    }
    assertEquals(a.parameters().size(), b.parameters().size());
    assertEquals(a.results().size(), b.results().size());
    assertEquals(a.sinks().size(), b.sinks().size());
  }

  private static Map<Node, Integer> index(List<Node> ops) {
    Map<Node, Integer> m = new IdentityHashMap<>();
    for (int i = 0; i < ops.size(); i++) {
      m.put(ops.get(i), i);
    }
    return m;
  }

  private static String describe(RtInfo rt) {
    return rt.entries().toString();
  }
}
