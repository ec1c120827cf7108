package dev.jvino.engine.ref;

import dev.jvino.engine.ReferenceEngine;
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
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A TensorIterator whose body is an LSTM cell made of MatMul, Add, Sigmoid, Tanh, Multiply and Reshape,
 * iterated over a [1,4,3] sequence forwards and backwards (stride -1 on the sliced input and on the
 * concatenated output), with the hidden and cell states carried by back edges. Compared with the float64
 * numpy run of {@code tools/fixtures/gen_ti_lstm_fixture.py} after an IR write/read.
 */
class TensorIteratorLstmTest {
  private static final String G = "ti_lstm";

  private static Output gateWeight(String file, int gate, long rows, long cols) {
    float[] all = Fixtures.npy(G, file + ".npy").floats();
    int n = (int) (rows * cols);
    float[] part = Arrays.copyOfRange(all, gate * n, gate * n + n);
    return Ops.constant(ConstantData.ofFloats(ElementType.F32, cols == 1 ? new long[] {rows} : new long[] {rows, cols},
        part)).output();
  }

  private static Output gate(Output x, Output h, int k) {
    Node wx = Ops.matMul(x, gateWeight("w", k, 2, 3), false, true);
    Node rh = Ops.matMul(h, gateWeight("r", k, 2, 2), false, true);
    return Ops.add(Ops.add(wx.output(), rh.output()).output(), gateWeight("b", k, 2, 1)).output();
  }

  static Model lstm(boolean backwards) {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 4, 3));
    Node h0 = Ops.parameter("h0", ElementType.F32, PartialShape.of(1, 2));
    Node c0 = Ops.parameter("c0", ElementType.F32, PartialShape.of(1, 2));
    // body
    Node xs = Ops.parameter("xs", ElementType.F32, PartialShape.of(1, 1, 3));
    Node h = Ops.parameter("h", ElementType.F32, PartialShape.of(1, 2));
    Node c = Ops.parameter("c", ElementType.F32, PartialShape.of(1, 2));
    Output xt = Ops.reshape(xs.output(), new long[] {1, 3}, false).output();
    Output i = Ops.unary("Sigmoid", gate(xt, h.output(), 0)).output();
    Output f = Ops.unary("Sigmoid", gate(xt, h.output(), 1)).output();
    Output g = Ops.unary("Tanh", gate(xt, h.output(), 2)).output();
    Output o = Ops.unary("Sigmoid", gate(xt, h.output(), 3)).output();
    Output cNext = Ops.add(Ops.multiply(f, c.output()).output(), Ops.multiply(i, g).output()).output();
    Output hNext = Ops.multiply(o, Ops.unary("Tanh", cNext).output()).output();
    Node hOut = Ops.result(hNext);
    Node cOut = Ops.result(cNext);
    Node hSeq = Ops.result(Ops.reshape(hNext, new long[] {1, 1, 2}, false).output());
    Model body = new Model("cell", List.of(xs, h, c), List.of(hOut, cOut, hSeq));
    Node ti = Ops.node("TensorIterator", "opset1", List.of(x.output(), h0.output(), c0.output()));
    ti.setName("lstm_ti");
    ti.addOutput(ElementType.F32, PartialShape.of(1, 4, 2));
    ti.addOutput(ElementType.F32, PartialShape.of(1, 2));
    ti.addOutput(ElementType.F32, PartialShape.of(1, 2));
    Map<String, String> dir = backwards ? Map.of("axis", "1", "start", "-1", "end", "0", "stride", "-1")
        : Map.of("axis", "1", "start", "0", "end", "-1", "stride", "1");
    ti.bodies().add(new SubgraphBody("body", "port_map", body, List.of(
        new PortMapping(true, 0, xs, dir), new PortMapping(true, 1, h, Map.of()),
        new PortMapping(true, 2, c, Map.of()), new PortMapping(false, 3, hSeq, dir),
        new PortMapping(false, 4, hOut, Map.of()), new PortMapping(false, 5, cOut, Map.of())),
        List.of(new SubgraphBody.BackEdge(hOut, -1, h, -1), new SubgraphBody.BackEdge(cOut, -1, c, -1))));
    return new Model("lstm", List.of(x, h0, c0), List.of(Ops.result(ti.output(0)), Ops.result(ti.output(1)),
        Ops.result(ti.output(2))));
  }

  private static void check(boolean backwards, String prefix) {
    Model m = lstm(backwards);
    IrWriter.Serialized ir = IrWriter.serialize(m, IrWriter.Options.DEFAULT);
    Model read = IrReader.read(ir.xml(), ir.weights(), IrReader.Options.DEFAULT);
    List<NdArray> r = new ReferenceEngine().compile(read).createSession().infer(List.of(
        Fixtures.npy(G, "x.npy"), Fixtures.npy(G, "h0.npy"), Fixtures.npy(G, "c0.npy"))).values();
    Fixtures.assertClose(Fixtures.npy(G, prefix + "_hs.npy"), r.get(0), 1e-6, 1e-5, prefix + " hidden sequence");
    Fixtures.assertClose(Fixtures.npy(G, prefix + "_h.npy"), r.get(1), 1e-6, 1e-5, prefix + " last hidden");
    Fixtures.assertClose(Fixtures.npy(G, prefix + "_c.npy"), r.get(2), 1e-6, 1e-5, prefix + " last cell");
  }

  @Test
  void forwardSequenceMatchesNumpy() {
    check(false, "fwd");
  }

  @Test
  void backwardSequenceMatchesNumpy() {
    check(true, "bwd");
  }
}
