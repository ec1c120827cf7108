package dev.jvino.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Dimension;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.io.IrReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxConverterTest {
  @TempDir Path tmp;

  /** x[N,4] -> MatMul(w[4,2]) -> Add(b) -> Relu -> y, with an unsupported Hardmax tail. */
  private Path mlp(String name, boolean withUnsupportedTail) throws Exception {
    byte[] bytes = OnnxBytes.model(13, g -> {
      g.string(2, "mlp");
      g.message(1, OnnxBytes.node("MatMul", "mm", new String[] {"x", "w"}, new String[] {"h"}, n -> { }));
      g.message(1, OnnxBytes.node("Add", "add", new String[] {"h", "b"}, new String[] {"hb"}, n -> { }));
      g.message(1, OnnxBytes.node("Relu", "relu", new String[] {"hb"}, new String[] {"y"}, n -> { }));
      if (withUnsupportedTail) {
        g.message(1, OnnxBytes.node("Hardmax", "hardmax_1", new String[] {"y"}, new String[] {"z"},
            n -> OnnxBytes.intAttr(n, "axis", 1)));
      }
      g.message(5, OnnxBytes.floatTensor("w", new long[] {4, 2}, 1, 0, 0, 1, 1, 0, 0, -1));
      g.message(5, OnnxBytes.floatTensor("b", new long[] {2}, 0.5f, -0.5f));
      g.message(11, OnnxBytes.valueInfo("x", 1, -1, 4));
      g.message(12, OnnxBytes.valueInfo(withUnsupportedTail ? "z" : "y", 1, -1, 2));
    });
    Path p = tmp.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void keepsDynamicDimensionsAndTensorNamesAndComputes() throws Exception {
    Path onnx = mlp("mlp.onnx", false);
    Path xml = tmp.resolve("mlp.xml");
    Convert.onnxToIr(onnx, xml, ConvertOptions.DEFAULT);
    Model m = IrReader.read(xml);
    assertEquals(1, m.parameters().size());
    Node p = m.parameters().get(0);
    assertTrue(p.output().names().contains("x"));
    assertEquals(PartialShape.of(List.of(Dimension.DYNAMIC, Dimension.of(4))), p.output().shape());
    assertTrue(m.outputs().get(0).names().contains("y"), m.outputs().get(0).names().toString());
    NdArray x = NdArray.f32(new long[] {3, 4}, 1, 2, 3, 4, -1, -2, -3, -4, 0, 1, 0, 1);
    NdArray y = new ReferenceEngine().compile(m).createSession().infer(List.of(x)).get(0);
    // row r: [r0 + r2, r1 - r3] + [0.5, -0.5], then relu
    assertArrayEquals(new float[] {4.5f, 0f, 0f, 1.5f, 0.5f, 0f}, y.toFloatArray(), 1e-6f);
    String text = Files.readString(xml);
    assertTrue(text.contains("<conversion_parameters>"), "rt_info records the conversion");
    assertTrue(text.contains("<input_model value=\"DIR/mlp.onnx\""), text);
    assertTrue(text.contains("<is_python_object value=\"False\""), text);
  }

  @Test
  void unsupportedOperatorNamesOpAndNodeAndSuggestsOvc() throws Exception {
    Path onnx = mlp("tail.onnx", true);
    UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class,
        () -> Convert.onnxToIr(onnx, ConvertOptions.DEFAULT));
    assertEquals("Hardmax", e.opType());
    assertEquals("hardmax_1", e.nodeName());
    assertTrue(e.getMessage().contains("ovc"), e.getMessage());
    // cutting the model before the unsupported node (ovc's --output) converts it
    Model cut = Convert.onnxToIr(onnx, ConvertOptions.DEFAULT.withOutputs(List.of("y")));
    assertEquals(1, cut.results().size());
    assertTrue(cut.outputs().get(0).names().contains("y"));
    assertFalse(cut.nodesOfType("Hardmax").iterator().hasNext());
    assertThrows(IllegalArgumentException.class,
        () -> Convert.onnxToIr(onnx, ConvertOptions.DEFAULT.withOutputs(List.of("nope"))));
  }

  @Test
  void inputShapeOverrideAndF16Compression() throws Exception {
    Path onnx = mlp("mlp2.onnx", false);
    ConvertOptions o = ConvertOptions.DEFAULT.withInputShape("x", PartialShape.of(2, 4)).withCompressToFp16(true);
    Path xml = tmp.resolve("mlp2.xml");
    Convert.onnxToIr(onnx, xml, o);
    Model m = IrReader.read(xml);
    assertEquals(PartialShape.of(2, 4), m.parameters().get(0).output().shape());
    long f16Constants = m.ops().stream().filter(n -> n.is("Constant"))
        .filter(n -> n.constantData().elementType() == ElementType.F16).count();
    assertEquals(2, f16Constants, "w and b stored as f16");
    assertEquals(Files.size(tmp.resolve("mlp2.bin")), 8 * 2 + 2 * 2, "f16 weights in the .bin");
    String text = Files.readString(xml);
    assertTrue(text.contains("<compress_to_fp16 value=\"True\""), text);
    assertTrue(text.contains("<input value=\"x[2,4]\""), text);
    NdArray y = new ReferenceEngine().compile(m).createSession()
        .infer(List.of(NdArray.f32(new long[] {2, 4}, 1, 2, 3, 4, 0, 1, 0, 1))).get(0);
    assertArrayEquals(new float[] {4.5f, 0f, 0.5f, 0f}, y.toFloatArray(), 1e-3f);
    assertThrows(IllegalArgumentException.class, () -> Convert.onnxToIr(onnx,
        ConvertOptions.DEFAULT.withInputShape("nope", PartialShape.of(1))));
  }

  @Test
  void groupedConvolutionWithBiasAndSoftmaxBeforeOpset13() throws Exception {
    // Conv(group=2) on [1,2,3,3] with 2x1x1x1 weights (per-channel scales) + bias, then Softmax axis=1
    // over the flattened [1, 18] (opset 11 semantics)
    byte[] bytes = OnnxBytes.model(11, g -> {
      g.message(1, OnnxBytes.node("Conv", "conv", new String[] {"x", "w", "b"}, new String[] {"c"}, n -> {
        OnnxBytes.intAttr(n, "group", 2);
        OnnxBytes.intsAttr(n, "kernel_shape", 1, 1);
      }));
      g.message(1, OnnxBytes.node("Softmax", "sm", new String[] {"c"}, new String[] {"y"},
          n -> OnnxBytes.intAttr(n, "axis", 1)));
      g.message(5, OnnxBytes.floatTensor("w", new long[] {2, 1, 1, 1}, 2f, -1f));
      g.message(5, OnnxBytes.floatTensor("b", new long[] {2}, 1f, 0f));
      g.message(11, OnnxBytes.valueInfo("x", 1, 1, 2, 3, 3));
      g.message(12, OnnxBytes.valueInfo("y", 1, 1, 2, 3, 3));
    });
    Path p = tmp.resolve("gconv.onnx");
    Files.write(p, bytes);
    Model m = Convert.onnxToIr(p, ConvertOptions.DEFAULT);
    assertEquals(1, m.nodesOfType("GroupConvolution").size());
    float[] xv = new float[18];
    for (int i = 0; i < 18; i++) {
      xv[i] = i * 0.1f;
    }
    float[] got = new ReferenceEngine().compile(m).createSession()
        .infer(List.of(NdArray.f32(new long[] {1, 2, 3, 3}, xv))).get(0).toFloatArray();
    double[] c = new double[18];
    double sum = 0;
    for (int i = 0; i < 18; i++) {
      c[i] = i < 9 ? 2 * xv[i] + 1 : -xv[i];
      sum += Math.exp(c[i]);
    }
    for (int i = 0; i < 18; i++) {
      assertEquals(Math.exp(c[i]) / sum, got[i], 1e-6);
    }
  }
  @Test
  void malformedGraphsAndNonTensorInputsFailTyped() {
    byte[] dangling = OnnxBytes.model(13, g -> g
        .message(1, OnnxBytes.node("Relu", "r", new String[] {"ghost"}, new String[] {"y"}, n -> { }))
        .message(11, OnnxBytes.valueInfo("x", 1, 2))
        .message(12, OnnxBytes.valueInfo("y", 1, 2)));
    OnnxFormatException e = assertThrows(OnnxFormatException.class,
        () -> OnnxConverter.convert(OnnxReader.read(dangling, "dangling.onnx", null), "dangling.onnx",
            ConvertOptions.DEFAULT));
    assertTrue(e.getMessage().startsWith("dangling.onnx") && e.getMessage().contains("'ghost'"), e.getMessage());

    byte[] sequence = OnnxBytes.model(13, g -> g
        .message(1, OnnxBytes.node("Identity", "i", new String[] {"s"}, new String[] {"y"}, n -> { }))
        .message(11, v -> v.string(1, "s").message(2, t -> t.message(4, seq -> { })))
        .message(12, OnnxBytes.valueInfo("y", 1, 2)));
    UnsupportedOnnxException u = assertThrows(UnsupportedOnnxException.class,
        () -> OnnxConverter.convert(OnnxReader.read(sequence, "seq.onnx", null), "seq.onnx", ConvertOptions.DEFAULT));
    assertTrue(u.getMessage().contains("graph input 's' is a sequence") && u.getMessage().contains("ovc"),
        u.getMessage());

    byte[] complex = OnnxBytes.model(13, g -> g
        .message(1, OnnxBytes.node("Identity", "i", new String[] {"c"}, new String[] {"y"}, n -> { }))
        .message(11, OnnxBytes.valueInfo("c", 14, 2))
        .message(12, OnnxBytes.valueInfo("y", 14, 2)));
    UnsupportedOnnxException t = assertThrows(UnsupportedOnnxException.class,
        () -> OnnxConverter.convert(OnnxReader.read(complex, "complex.onnx", null), "complex.onnx",
            ConvertOptions.DEFAULT));
    assertTrue(t.getMessage().contains("COMPLEX64"), t.getMessage());

    byte[] custom = OnnxBytes.model(13, g -> g
        .message(1, n -> n.string(1, "x").string(2, "y").string(3, "custom_0").string(4, "MyOp")
            .string(7, "com.example"))
        .message(11, OnnxBytes.valueInfo("x", 1, 2))
        .message(12, OnnxBytes.valueInfo("y", 1, 2)));
    UnsupportedOnnxException d = assertThrows(UnsupportedOnnxException.class,
        () -> OnnxConverter.convert(OnnxReader.read(custom, "custom.onnx", null), "custom.onnx",
            ConvertOptions.DEFAULT));
    assertEquals("com.example::MyOp", d.opType());
    assertTrue(d.getMessage().contains("domain 'com.example'"), d.getMessage());
  }
}
