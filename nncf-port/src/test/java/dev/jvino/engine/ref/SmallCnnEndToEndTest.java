package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.engine.InferResult;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A small ResNet-style CNN built with {@link Ops} from the weights of
 * {@code tools/fixtures/gen_small_cnn_fixture.py}, run on the reference engine and compared with the
 * script's float64 numpy forward pass (relative tolerance 1e-4).
 */
public class SmallCnnEndToEndTest {
  private static final String G = "small_cnn";
  private static final long[] ONE2 = {1, 1};
  private static final long[] PAD1 = {1, 1};

  private static Node constant(String file, long... shape) {
    NdArray a = Fixtures.npy(G, file + ".npy");
    long[] s = shape.length == 0 ? a.shape() : shape;
    return Ops.constant(file, ConstantData.ofFloats(ElementType.F32, s, a.floats()));
  }

  private static Output conv3x3(Output x, String w, String b) {
    Node c = Ops.convolution(x, constant(w).output(), ONE2, PAD1, PAD1, ONE2);
    return Ops.add(c.output(), constant(b, 1, 8, 1, 1).output()).output();
  }

  private static Output pool(String type, Output x, PartialShape out) {
    Node p = Ops.node(type, "opset1", List.of(x));
    p.attributes().set("kernel", new long[] {2, 2}).set("strides", new long[] {2, 2})
        .set("pads_begin", new long[] {0, 0}).set("pads_end", new long[] {0, 0})
        .set("rounding_type", "floor").set("auto_pad", "explicit");
    if (type.equals("AvgPool")) {
      p.attributes().set("exclude-pad", true);
    }
    return p.addOutput(ElementType.F32, out);
  }

  public static Model model() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(2, 3, 16, 16));
    Output h = Ops.relu(conv3x3(x.output(), "w1", "b1")).output();
    Output r = Ops.relu(conv3x3(h, "wA", "bA")).output();
    r = conv3x3(r, "wB", "bB");
    h = Ops.relu(Ops.add(r, h).output()).output();
    h = pool("MaxPool", h, PartialShape.of(2, 8, 8, 8));
    Node dw = Ops.groupConvolution(h, constant("wD").output(), ONE2, PAD1, PAD1, ONE2);
    h = Ops.relu(Ops.add(dw.output(), constant("bD", 1, 8, 1, 1).output()).output()).output();
    h = pool("AvgPool", h, PartialShape.of(2, 8, 4, 4));
    Node mean = Ops.node("ReduceMean", "opset1", List.of(h, Ops.constant(ConstantData.i64(2, 3)).output()));
    mean.attributes().set("keep_dims", true);
    h = mean.addOutput(ElementType.F32, PartialShape.of(2, 8, 1, 1));
    h = Ops.reshape(h, new long[] {2, 8}, false).output();
    Node logits = Ops.add(Ops.matMul(h, constant("wFc").output(), false, false).output(),
        constant("bFc").output());
    logits.setName("logits");
    Node probs = Ops.softmax(logits.output(), 1);
    return new Model("small_cnn", List.of(x), List.of(Ops.result(logits.output()), Ops.result(probs.output())));
  }

  /** The fixture's input batch ([2, 3, 16, 16]). */
  public static NdArray input() {
    return Fixtures.npy(G, "x.npy");
  }

  @Test
  void matchesNumpyForwardPass() {
    InferResult r = new ReferenceEngine().compile(model()).createSession()
        .infer(List.of(Fixtures.npy(G, "x.npy")));
    Fixtures.assertClose(Fixtures.npy(G, "logits.npy"), r.get(0), 1e-6, 1e-4, "logits");
    Fixtures.assertClose(Fixtures.npy(G, "probs.npy"), r.get(1), 1e-7, 1e-4, "probs");
    // the classes the network picks for the two samples (a sanity check on the data, not the tolerance)
    assertEquals(4, argmax(r.get(1).floats(), 0));
    assertEquals(4, argmax(r.get(1).floats(), 10));
  }

  private static int argmax(float[] v, int from) {
    int best = 0;
    for (int i = 1; i < 10; i++) {
      if (v[from + i] > v[from + best]) {
        best = i;
      }
    }
    return best;
  }
}
