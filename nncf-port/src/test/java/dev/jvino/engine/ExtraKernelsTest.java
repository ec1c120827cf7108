package dev.jvino.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kernels jvino-nncf adds for ops the kernel registry lacks, on hand-computed values. */
class ExtraKernelsTest {
  /** Runs one op of {@code type}/{@code opset} with the given inputs (all as Parameters) and attributes. */
  private static NdArray run(String type, String opset, Map<String, String> attrs, NdArray... inputs) {
    List<Node> params = new ArrayList<>();
    List<Output> outs = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      long[] s = inputs[i].shape();
      Node p = Ops.parameter("in" + i, inputs[i].type(), PartialShape.of(s));
      params.add(p);
      outs.add(p.output());
    }
    Node n = Ops.node(type, opset, outs);
    attrs.forEach(n.attributes()::set);
    n.addOutput(ElementType.DYNAMIC, PartialShape.dynamic());
    Model m = new Model(type, params, List.of(Ops.result(n.output())));
    return new ReferenceEngine().compile(m).createSession().infer(List.of(inputs)).get(0);
  }

  private static NdArray f(float... v) {
    return NdArray.f32(new long[] {v.length}, v);
  }

  @Test
  void roundingFamily() {
    NdArray x = f(-2.5f, -1.5f, -0.4f, 0.5f, 1.5f, 2.5f, 2.6f);
    assertEquals(f(-3, -2, -1, 0, 1, 2, 2), run("Floor", "opset1", Map.of(), x));
    assertEquals(f(-2, -1, -0f, 1, 2, 3, 3), run("Ceiling", "opset1", Map.of(), x));
    assertEquals(f(-2, -2, -0f, 0, 2, 2, 3), run("Round", "opset5", Map.of("mode", "half_to_even"), x));
    assertEquals(f(-3, -2, -0f, 1, 2, 3, 3), run("Round", "opset5", Map.of("mode", "half_away_from_zero"), x));
    assertEquals(f(-1, -1, -1, 1, 1, 1, 1), run("Sign", "opset1", Map.of(), x));
    assertEquals(NdArray.i32(new long[] {3}, -1, 0, 1), run("Sign", "opset1", Map.of(),
        NdArray.i32(new long[] {3}, -7, 0, 9)));
  }

  @Test
  void activations() {
    NdArray x = f(-1, 0, 2);
    double e1 = Math.expm1(-1);
    assertEquals(f((float) (0.5 * e1), 0, 2), run("Elu", "opset1", Map.of("alpha", "0.5"), x));
    assertEquals(f((float) (2 * 1.5 * e1), 0, 4), run("Selu", "opset1", Map.of(), x, f(1.5f), f(2)));
    assertEquals(f((float) Math.log1p(Math.exp(-1)), (float) Math.log(2), (float) Math.log1p(Math.exp(2))),
        run("SoftPlus", "opset4", Map.of(), x));
    assertEquals(f((float) (-1 * Math.tanh(Math.log1p(Math.exp(-1)))), 0, (float) (2 * Math.tanh(Math.log1p(Math.exp(2))))),
        run("Mish", "opset4", Map.of(), x));
    // PRelu with a per-channel slope on [1, 2, 2]: channel 0 slope 0.5, channel 1 slope 2
    NdArray y = NdArray.f32(new long[] {1, 2, 2}, -2, 3, -4, 5);
    assertEquals(NdArray.f32(new long[] {1, 2, 2}, -1, 3, -8, 5), run("PRelu", "opset1", Map.of(), y, f(0.5f, 2)));
    // LogSoftmax over [0, ln 3]: log(1/4), log(3/4)
    NdArray ls = run("LogSoftmax", "opset5", Map.of("axis", "-1"), NdArray.f32(new long[] {1, 2}, 0, (float) Math.log(3)));
    assertArrayEquals(new float[] {(float) Math.log(0.25), (float) Math.log(0.75)}, ls.floats(), 1e-7f);
  }

  @Test
  void modulo() {
    NdArray a = NdArray.i64(new long[] {4}, 7, -7, 7, -7);
    NdArray b = NdArray.i64(new long[] {4}, 3, 3, -3, -3);
    assertEquals(NdArray.i64(new long[] {4}, 1, -1, 1, -1), run("Mod", "opset1", Map.of(), a, b));
    assertEquals(NdArray.i64(new long[] {4}, 1, 2, -2, -1), run("FloorMod", "opset1", Map.of(), a, b));
    assertEquals(f(1.5f, 1.5f), run("FloorMod", "opset1", Map.of(), f(-2.5f, 5.5f), f(4)));
    assertThrows(NodeExecutionException.class, () -> run("Mod", "opset1", Map.of(), a, NdArray.i64(new long[] {1}, 0)));
  }

  @Test
  void logicalAndTile() {
    NdArray p = NdArray.bools(new long[] {4}, true, true, false, false);
    NdArray q = NdArray.bools(new long[] {4}, true, false, true, false);
    assertEquals(NdArray.bools(new long[] {4}, true, false, false, false), run("LogicalAnd", "opset1", Map.of(), p, q));
    assertEquals(NdArray.bools(new long[] {4}, true, true, true, false), run("LogicalOr", "opset1", Map.of(), p, q));
    assertEquals(NdArray.bools(new long[] {4}, false, true, true, false), run("LogicalXor", "opset1", Map.of(), p, q));
    // [2] tiled by [2, 2] -> [2, 4]
    assertEquals(NdArray.f32(new long[] {2, 4}, 1, 2, 1, 2, 1, 2, 1, 2),
        run("Tile", "opset1", Map.of(), f(1, 2), NdArray.vector(2, 2)));
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(2));
    Node tile = Ops.node("Tile", "opset1", List.of(x.output(), Ops.constant(ConstantData.i64(3)).output()));
    tile.addOutput(ElementType.F32, PartialShape.of(6));
    Model m = new Model("t", List.of(x), List.of(Ops.result(tile.output())));
    assertEquals(f(1, 2, 1, 2, 1, 2), new ReferenceEngine().compile(m).createSession().infer(List.of(f(1, 2))).get(0));
  }

  @Test
  void groupNormalization() {
    // [1, 4, 2]: groups {c0, c1} = [1, 3, 5, 7] (mean 4, var 5) and {c2, c3} = [2, 2, 2, 2] (var 0)
    NdArray x = NdArray.f32(new long[] {1, 4, 2}, 1, 3, 5, 7, 2, 2, 2, 2);
    NdArray out = run("GroupNormalization", "opset12", Map.of("num_groups", "2", "epsilon", "0"), x,
        f(1, 2, 1, 1), f(0, 0, 10, -10));
    float s = (float) (1 / Math.sqrt(5));
    assertArrayEquals(new float[] {-3 * s, -1 * s, 2 * s, 6 * s, Float.NaN, Float.NaN, Float.NaN, Float.NaN},
        out.floats(), 1e-6f);
    NdArray withEps = run("GroupNormalization", "opset12", Map.of("num_groups", "2", "epsilon", "1"), x,
        f(1, 1, 1, 1), f(0, 0, 10, -10));
    assertArrayEquals(new float[] {10, 10, -10, -10}, java.util.Arrays.copyOfRange(withEps.floats(), 4, 8));
    assertThrows(NodeExecutionException.class, () -> run("GroupNormalization", "opset12",
        Map.of("num_groups", "3", "epsilon", "0"), x, f(1, 1, 1, 1), f(0, 0, 0, 0)));
  }

  private static Map<String, String> conv(String strides, String pads) {
    return Map.of("strides", strides, "dilations", strides.replaceAll("[0-9]+", "1"), "pads_begin", pads,
        "pads_end", pads, "auto_pad", "explicit");
  }

  @Test
  void convolutionBackpropData() {
    NdArray x = NdArray.f32(new long[] {1, 1, 3}, 1, 2, 3);
    NdArray w = NdArray.f32(new long[] {1, 1, 2}, 1, 10);
    assertEquals(NdArray.f32(new long[] {1, 1, 6}, 1, 10, 2, 20, 3, 30),
        run("ConvolutionBackpropData", "opset1", conv("2", "0"), x, w));
    assertEquals(NdArray.f32(new long[] {1, 1, 4}, 1, 12, 23, 30),
        run("ConvolutionBackpropData", "opset1", conv("1", "0"), x, w));
    assertEquals(NdArray.f32(new long[] {1, 1, 2}, 12, 23),
        run("ConvolutionBackpropData", "opset1", conv("1", "1"), x, w));
    NdArray w2 = NdArray.f32(new long[] {1, 2, 2}, 1, 10, 2, 0);
    assertEquals(NdArray.f32(new long[] {1, 2, 4}, 1, 12, 23, 30, 2, 4, 6, 0),
        run("ConvolutionBackpropData", "opset1", conv("1", "0"), x, w2));
    NdArray img = NdArray.f32(new long[] {1, 1, 2, 2}, 1, 2, 3, 4);
    NdArray ones = NdArray.f32(new long[] {1, 1, 2, 2}, 1, 1, 1, 1);
    assertEquals(NdArray.f32(new long[] {1, 1, 3, 3}, 1, 3, 2, 4, 10, 6, 3, 7, 4),
        run("ConvolutionBackpropData", "opset1", conv("1,1", "0,0"), img, ones));
  }

  @Test
  void pad() {
    NdArray x = f(1, 2, 3);
    NdArray b = NdArray.vector(2);
    NdArray e = NdArray.vector(1);
    assertEquals(f(0, 0, 1, 2, 3, 0), run("Pad", "opset1", Map.of("pad_mode", "constant"), x, b, e));
    assertEquals(f(9, 9, 1, 2, 3, 9), run("Pad", "opset1", Map.of("pad_mode", "constant"), x, b, e, NdArray.f32(new long[0], 9)));
    assertEquals(f(1, 1, 1, 2, 3, 3), run("Pad", "opset1", Map.of("pad_mode", "edge"), x, b, e));
    assertEquals(f(3, 2, 1, 2, 3, 2), run("Pad", "opset1", Map.of("pad_mode", "reflect"), x, b, e));
    assertEquals(f(2, 1, 1, 2, 3, 3), run("Pad", "opset1", Map.of("pad_mode", "symmetric"), x, b, e));
    // Pad-12 crops with negative pads; Pad-1 rejects them
    assertEquals(f(2, 3, 0), run("Pad", "opset12", Map.of("pad_mode", "constant"), x, NdArray.vector(-1), e));
    assertThrows(NodeExecutionException.class,
        () -> run("Pad", "opset1", Map.of("pad_mode", "constant"), x, NdArray.vector(-1), e));
    // 2-D edge padding of [[1, 2], [3, 4]] by one row on top
    assertEquals(NdArray.f32(new long[] {3, 2}, 1, 2, 1, 2, 3, 4), run("Pad", "opset1", Map.of("pad_mode", "edge"),
        NdArray.f32(new long[] {2, 2}, 1, 2, 3, 4), NdArray.vector(1, 0), NdArray.vector(0, 0)));
  }
}
