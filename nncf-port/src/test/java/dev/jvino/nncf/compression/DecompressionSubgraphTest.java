package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Input;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.weights.CompressedWeight;
import dev.jvino.nncf.weights.WeightLowering;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decompression subgraphs: node types, names, element types, shapes and decoded values, as NNCF builds them. */
class DecompressionSubgraphTest {

  private static Node single(Node n) {
    List<Input> c = n.output().consumers();
    assertEquals(1, c.size(), n + " consumers " + c);
    return c.getFirst().node();
  }

  @Test
  void int8AsymPerChannelOnF32Mlp() {
    Model model = TestModels.mlp();
    float[] fc2 = model.byName().get("fc2.weight").constantData().toFloatArray();
    CompressionResult r = Nncf.compressWeights(model, CompressWeightsOptions.defaults());
    assertEquals(3, r.compressed().size());
    Map<String, Node> n = model.byName();

    Node codes = n.get("fc2.weight");
    assertEquals("Constant", codes.type());
    assertEquals(ElementType.U8, codes.constantData().elementType());
    assertArrayEquals(new long[] {128, 128}, codes.constantData().shape());
    Node cvt = single(codes);
    assertEquals("Convert", cvt.type());
    assertEquals(ElementType.F16, cvt.output().elementType());
    Node sub = single(cvt);
    assertEquals("Subtract", sub.type());
    assertEquals("fc2.weight/zero_point/subtract", sub.name());
    Node zpConvert = sub.inputNode(1);
    assertEquals("Convert", zpConvert.type());
    assertEquals(ElementType.F16, zpConvert.output().elementType());
    Node zp = zpConvert.inputNode(0);
    assertEquals("fc2.weight/zero_point", zp.name());
    assertEquals(ElementType.U8, zp.constantData().elementType());
    assertArrayEquals(new long[] {128, 1}, zp.constantData().shape());
    Node mul = single(sub);
    assertEquals("Multiply", mul.type());
    assertEquals("fc2.weight/fq_weights_1", mul.name());
    Node scale = mul.inputNode(1);
    assertEquals("fc2.weight/scale", scale.name());
    assertEquals(ElementType.F16, scale.constantData().elementType());
    assertArrayEquals(new long[] {128, 1}, scale.constantData().shape());
    Node back = single(mul);
    assertEquals("Convert", back.type());
    assertEquals("fc2.weight/fq_weights_1/convert", back.name());
    assertEquals(ElementType.F32, back.output().elementType());
    Node matmul = single(back);
    assertEquals("fc2", matmul.name());
    assertEquals(back.output(), matmul.input(1).source());

    // the stored constants are the kernel's, and decode to its dequantized weight up to the f16 scale rounding
    CompressedWeight k = WeightLowering.lower(fc2, new long[] {128, 128}, 1, CompressWeightsMode.INT8_ASYM, -1);
    long[] q = codes.constantData().toLongArray();
    long[] z = zp.constantData().toLongArray();
    double[] s16 = scale.constantData().toDoubleArray();
    for (int row = 0; row < 128; row++) {
      assertEquals(k.zeroPoint()[row], z[row]);
      assertEquals(Float.float16ToFloat(k.scaleF16()[row]), (float) s16[row]);
      float s32 = k.scale()[row];
      for (int col = 0; col < 128; col++) {
        int i = row * 128 + col;
        assertEquals(k.code(i), q[i]);
        float decoded = (q[i] - z[row]) * (float) s16[row];
        float bound = Math.abs(q[i] - z[row]) * Math.abs(s32 - (float) s16[row]) * 1.0001f + Math.ulp(decoded);
        assertEquals(k.dequantized()[i], decoded, bound, "element " + i);
      }
    }
  }

  @Test
  void int4SymGroupedHasReshapeAndGroupedShapes() {
    Model model = TestModels.mlp();
    float[] fc1 = model.byName().get("fc1.weight").constantData().toFloatArray();
    Nncf.compressWeights(model, CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).groupSize(32)
        .build());
    Map<String, Node> n = model.byName();
    Node codes = n.get("fc1.weight");
    assertEquals(ElementType.I4, codes.constantData().elementType());
    assertArrayEquals(new long[] {128, 2, 32}, codes.constantData().shape());
    Node cvt = single(codes);
    assertEquals("Convert", cvt.type());
    Node mul = single(cvt);
    assertEquals("fc1.weight/fq_weights_1", mul.name());
    assertFalse(n.containsKey("fc1.weight/zero_point"));
    Node scale = n.get("fc1.weight/scale");
    assertArrayEquals(new long[] {128, 2, 1}, scale.constantData().shape());
    assertEquals(ElementType.F16, scale.constantData().elementType());
    Node reshape = single(mul);
    assertEquals("Reshape", reshape.type());
    assertArrayEquals(new long[] {128, 64}, reshape.inputNode(1).constantData().toLongArray());
    assertFalse(reshape.attributes().bool("special_zero"));
    assertEquals(PartialShape.of(128, 64), reshape.output().shape());
    Node back = single(reshape);
    assertEquals("fc1.weight/fq_weights_1/convert", back.name());
    assertEquals(ElementType.F32, back.output().elementType());

    CompressedWeight k = WeightLowering.lower(fc1, new long[] {128, 64}, 1, CompressWeightsMode.INT4_SYM, 32);
    long[] q = codes.constantData().toLongArray();
    double[] s16 = scale.constantData().toDoubleArray();
    for (int i = 0; i < q.length; i++) {
      assertEquals(k.code(i), q[i], "code " + i);
      float decoded = q[i] * (float) s16[i / 32];
      float bound = Math.abs(q[i]) * Math.abs(k.scale()[i / 32] - (float) s16[i / 32]) * 1.0001f + Math.ulp(decoded);
      assertEquals(k.dequantized()[i], decoded, bound, "element " + i);
    }
    // fc3 is the last MatMul: backup INT8_ASYM per channel, no reshape
    assertEquals(ElementType.U8, n.get("fc3.weight").constantData().elementType());
    assertArrayEquals(new long[] {32, 128}, n.get("fc3.weight").constantData().shape());
  }

  @Test
  void f16WeightWithConvertKeepsTheModelsConvert() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 32));
    float[] w = TestModels.values(16 * 32, 5, 2f);
    Node c = Ops.constant("w16", ConstantData.ofFloats(ElementType.F16, new long[] {16, 32}, w));
    Node up = TestModels.named(Ops.convert(c.output(), ElementType.F32), "w16/convert_to_f32");
    Node mm = TestModels.named(Ops.matMul(x.output(), up.output(), false, true), "mm");
    Model model = new Model("m", List.of(x), List.of(Ops.result(mm.output())));
    Nncf.compressWeights(model, CompressWeightsOptions.defaults());
    Map<String, Node> n = model.byName();
    Node mul = n.get("w16/fq_weights_1");
    assertEquals(ElementType.F16, mul.output().elementType());
    assertFalse(n.containsKey("w16/fq_weights_1/convert"));
    Node keep = single(mul);
    assertEquals("w16/convert_to_f32", keep.name());
    assertEquals(ElementType.F32, keep.output().elementType());
    assertEquals(mm, single(keep));
  }

  @Test
  void f32WeightFollowedByConvertToF16IsBypassed() {
    Node x = Ops.parameter("x", ElementType.F16, PartialShape.of(1, 32));
    Node c = TestModels.weight("w", new long[] {16, 32}, 6, 1f);
    Node down = TestModels.named(Ops.convert(c.output(), ElementType.F16), "w/to_f16");
    Node mm = TestModels.named(Ops.matMul(x.output(), down.output(), false, true), "mm");
    Model model = new Model("m", List.of(x), List.of(Ops.result(mm.output())));
    Nncf.compressWeights(model, CompressWeightsOptions.defaults());
    Map<String, Node> n = model.byName();
    Node mul = n.get("w/fq_weights_1");
    assertEquals(mm, single(mul));
    assertFalse(n.containsKey("w/to_f16"));
    assertFalse(n.containsKey("w/fq_weights_1/convert"));
  }

  @Test
  void mxfp4UsesE8m0ScalesThroughConvert() {
    Model model = TestModels.mlp();
    Nncf.compressWeights(model, CompressWeightsOptions.builder().mode(CompressWeightsMode.MXFP4).build());
    Map<String, Node> n = model.byName();
    Node codes = n.get("fc2.weight");
    assertEquals(ElementType.F4E2M1, codes.constantData().elementType());
    assertArrayEquals(new long[] {128, 4, 32}, codes.constantData().shape());
    Node scale = n.get("fc2.weight/scale");
    assertEquals(ElementType.F8E8M0, scale.constantData().elementType());
    Node scaleCvt = single(scale);
    assertEquals("Convert", scaleCvt.type());
    assertEquals(ElementType.F16, scaleCvt.output().elementType());
    assertEquals("fc2.weight/fq_weights_1", single(scaleCvt).name());
    // backup MXFP8_E4M3 (group 32) for the last layer
    assertEquals(ElementType.F8E4M3, n.get("fc3.weight").constantData().elementType());
    assertEquals(ElementType.F8E8M0, n.get("fc3.weight/scale").constantData().elementType());
  }

  @Test
  void nvfp4HasSecondOrderScaleChain() {
    Model model = TestModels.mlp();
    Nncf.compressWeights(model, CompressWeightsOptions.builder().mode(CompressWeightsMode.NVFP4).build());
    Map<String, Node> n = model.byName();
    Node scale = n.get("fc1.weight/scale");
    assertEquals(ElementType.F8E4M3, scale.constantData().elementType());
    assertArrayEquals(new long[] {128, 4, 1}, scale.constantData().shape());
    Node toF32 = single(scale);
    assertEquals(ElementType.F32, toF32.output().elementType());
    Node deq = single(toF32);
    assertEquals("fc1.weight/dequantized_scale_1", deq.name());
    Node global = n.get("fc1.weight/second_order_scale");
    assertEquals(ElementType.F32, global.constantData().elementType());
    assertArrayEquals(new long[] {1, 1, 1}, global.constantData().shape());
    assertEquals(global, deq.inputNode(1));
    Node toF16 = single(deq);
    assertEquals(ElementType.F16, toF16.output().elementType());
    assertEquals("fc1.weight/fq_weights_1", single(toF16).name());
  }

  @Test
  void convolutionWeightsArePerChannelInt8OverAllReducedAxes() {
    Model model = TestModels.convNet();
    float[] conv = model.byName().get("conv1.weight").constantData().toFloatArray();
    CompressionResult r = Nncf.compressWeights(model, CompressWeightsOptions.builder()
        .mode(CompressWeightsMode.INT4_ASYM).groupSize(32).build());
    Map<String, Node> n = model.byName();
    // convolutions always stay on the backup precision; fc is the last MatMul, so nothing is 4-bit
    assertEquals(ElementType.U8, n.get("conv1.weight").constantData().elementType());
    assertArrayEquals(new long[] {8, 3, 3, 3}, n.get("conv1.weight").constantData().shape());
    assertArrayEquals(new long[] {8, 1, 1, 1}, n.get("conv1.weight/scale").constantData().shape());
    assertArrayEquals(new long[] {8, 1, 1, 1, 1}, n.get("dw.weight/scale").constantData().shape());
    assertEquals(ElementType.U8, n.get("fc.weight").constantData().elementType());
    assertTrue(r.plan().assignments().stream().noneMatch(WeightAssignment::ratioDefining));
    // per-channel statistics over (C_IN, kH, kW): the same as lowering the [8, 27] view
    CompressedWeight k = WeightLowering.lower(conv, new long[] {8, 27}, 1, CompressWeightsMode.INT8_ASYM, -1);
    long[] q = n.get("conv1.weight").constantData().toLongArray();
    for (int i = 0; i < q.length; i++) {
      assertEquals(k.code(i), q[i]);
    }
  }

  @Test
  void backpropDataWeightReducesOverNonContiguousAxes() {
    // ConvolutionBackpropData weight (C_IN=4, C_OUT=3, 2, 2): channel axis 1, reduction axes (0, 2, 3)
    long[] shape = {4, 3, 2, 2};
    float[] w = TestModels.values(48, 9, 1f);
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 4, 5, 5));
    Node c = Ops.constant("deconv.weight", ConstantData.ofFloats(ElementType.F32, shape, w));
    Node deconv = Ops.node("ConvolutionBackpropData", "opset1", List.of(x.output(), c.output()));
    deconv.setName("deconv");
    deconv.addOutput(ElementType.F32, PartialShape.of(1, 3, 6, 6));
    Model model = new Model("m", List.of(x), List.of(Ops.result(deconv.output())));
    Nncf.compressWeights(model, CompressWeightsOptions.defaults());
    Node codes = model.byName().get("deconv.weight");
    assertArrayEquals(shape, codes.constantData().shape());
    assertArrayEquals(new long[] {1, 3, 1, 1}, model.byName().get("deconv.weight/scale").constantData().shape());
    long[] q = codes.constantData().toLongArray();
    for (int o = 0; o < 3; o++) {
      float[] channel = new float[16];
      int k = 0;
      for (int ci = 0; ci < 4; ci++) {
        for (int s = 0; s < 4; s++) {
          channel[k++] = w[ci * 12 + o * 4 + s];
        }
      }
      CompressedWeight ref = WeightLowering.lower(channel, new long[] {1, 16}, 1, CompressWeightsMode.INT8_ASYM, -1);
      k = 0;
      for (int ci = 0; ci < 4; ci++) {
        for (int s = 0; s < 4; s++) {
          assertEquals(ref.code(k++), q[ci * 12 + o * 4 + s]);
        }
      }
    }
  }

  @Test
  void userCodebookFeedsAGatherOfIndices() {
    float[] codebook = {-1.5f, -0.75f, -0.25f, 0f, 0.25f, 0.75f, 1.5f, 2f};
    Model model = TestModels.mlp();
    float[] fc2 = model.byName().get("fc2.weight").constantData().toFloatArray();
    Nncf.compressWeights(model, CompressWeightsOptions.builder().mode(CompressWeightsMode.CODEBOOK).groupSize(64)
        .advancedParameters(dev.jvino.nncf.AdvancedCompressionParameters.builder().codebook(codebook).build())
        .build());
    Map<String, Node> n = model.byName();
    Node cb = n.get("fc2.weight");
    assertEquals(ElementType.F32, cb.constantData().elementType());
    assertArrayEquals(codebook, cb.constantData().toFloatArray());
    Node cbF16 = single(cb);
    assertEquals("Convert", cbF16.type());
    assertEquals(ElementType.F16, cbF16.output().elementType());
    Node idx = n.get("fc2.weight_nncf_codebook_idxs");
    assertEquals(ElementType.U4, idx.constantData().elementType());
    assertArrayEquals(new long[] {128, 2, 64}, idx.constantData().shape());
    Node idxU8 = single(idx);
    assertEquals(ElementType.U8, idxU8.output().elementType());
    Node gather = single(idxU8);
    assertEquals("fc2.weight_nncf_codebook", gather.name());
    assertEquals(gather, single(cbF16));
    assertEquals(PartialShape.of(128, 2, 64), gather.output().shape());
    Node mul = single(gather);
    assertEquals("fc2.weight/fq_weights_1", mul.name());
    assertArrayEquals(new long[] {128, 2, 1}, n.get("fc2.weight/scale").constantData().shape());
    assertEquals("Reshape", single(mul).type());
    CompressedWeight k = WeightLowering.lower(fc2, new long[] {128, 128}, 1, CompressWeightsMode.CODEBOOK, 64,
        codebook);
    long[] q = idx.constantData().toLongArray();
    for (int i = 0; i < q.length; i++) {
      assertEquals(k.code(i), q[i], "index " + i);
    }
  }

  @Test
  void typedCodebooksKeepTheirElementTypeAndF16SkipsTheConvert() {
    float[] codebook = {-1.5f, -0.75f, -0.25f, 0f, 0.25f, 0.75f, 1.5f, 2f};
    Model f16Model = TestModels.mlp();
    float[] fc2 = f16Model.byName().get("fc2.weight").constantData().toFloatArray();
    Nncf.compressWeights(f16Model, CompressWeightsOptions.builder().mode(CompressWeightsMode.CODEBOOK).groupSize(64)
        .advancedParameters(dev.jvino.nncf.AdvancedCompressionParameters.builder()
            .codebook(ElementType.F16, codebook).build())
        .build());
    Node cb = f16Model.byName().get("fc2.weight");
    assertEquals(ElementType.F16, cb.constantData().elementType());
    assertArrayEquals(codebook, cb.constantData().toFloatArray());
    Node gather = single(cb);
    assertEquals("fc2.weight_nncf_codebook", gather.name()); // no Convert: already f16
    CompressedWeight k = WeightLowering.lowerWithCodebook(fc2, new long[] {128, 128}, 1, 64, codebook, ElementType.F16);
    long[] q = f16Model.byName().get("fc2.weight_nncf_codebook_idxs").constantData().toLongArray();
    for (int i = 0; i < q.length; i++) {
      assertEquals(k.code(i), q[i], "index " + i);
    }

    float[] ints = {-8f, -4f, -1f, 0f, 1f, 4f, 8f, 16f};
    Model i8Model = TestModels.mlp();
    Nncf.compressWeights(i8Model, CompressWeightsOptions.builder().mode(CompressWeightsMode.CODEBOOK).groupSize(64)
        .advancedParameters(dev.jvino.nncf.AdvancedCompressionParameters.builder()
            .codebook(ElementType.I8, ints).build())
        .build());
    Node i8 = i8Model.byName().get("fc2.weight");
    assertEquals(ElementType.I8, i8.constantData().elementType());
    assertArrayEquals(new long[] {-8, -4, -1, 0, 1, 4, 8, 16}, i8.constantData().toLongArray());
    Node convert = single(i8);
    assertEquals("Convert", convert.type());
    assertEquals(ElementType.F16, convert.output().elementType());
    assertEquals("[-8 -4 -1 0 1 4 8 16]", adv(i8Model).replaceAll(".*'codebook': (\\[[^]]*\\]).*", "$1"));
  }

  @Test
  void codebookValuesMustFitTheirType() {
    var e = assertThrows(dev.jvino.nncf.ValidationException.class, () -> dev.jvino.nncf.AdvancedCompressionParameters
        .builder().codebook(ElementType.F16, -1f, 0.1f, 1f).build());
    assertTrue(e.getMessage().contains("0.1") && e.getMessage().contains("advanced_parameters.codebook"), e.getMessage());
    var i = assertThrows(dev.jvino.nncf.ValidationException.class, () -> dev.jvino.nncf.AdvancedCompressionParameters
        .builder().codebook(ElementType.I8, -1f, 0f, 200f).build());
    assertTrue(i.getMessage().contains("200"), i.getMessage());
  }

  private static String adv(Model m) {
    return NncfRtInfo.value(m.rtInfo(), "nncf", "weight_compression", "advanced_parameters").orElseThrow();
  }

  @Test
  void scalesBeyondF16RangeBecomeInfinityWithoutClamping() {
    // INT4_SYM scale = -max|w| / 8 = -1e6 / 8 = -125000: beyond f16's 65504, stored as -inf (OpenVINO's cast)
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 16));
    float[] w = new float[8 * 16];
    for (int i = 0; i < w.length; i++) {
      w[i] = (i % 16 == 3) ? 1e6f : (i % 7) - 3;
    }
    Node c = Ops.constant("big", ConstantData.ofFloats(ElementType.F32, new long[] {8, 16}, w));
    Node mm = Ops.matMul(x.output(), c.output(), false, true);
    Node head = Ops.matMul(mm.output(), TestModels.weight("head", new long[] {4, 8}, 3, 1f).output(), false, true);
    Model model = new Model("m", List.of(x), List.of(Ops.result(head.output())));
    Nncf.compressWeights(model, CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).groupSize(16)
        .build());
    double[] scale = model.byName().get("big/scale").constantData().toDoubleArray();
    assertEquals(8, scale.length);
    for (double s : scale) {
      assertEquals(Double.NEGATIVE_INFINITY, s);
    }
    // the stored bits are the kernel's f16 bits of the f32 scale
    CompressedWeight k = WeightLowering.lower(w, new long[] {8, 16}, 1, CompressWeightsMode.INT4_SYM, 16);
    assertEquals(-125000f, k.scale()[0]);
    assertEquals(Float.floatToFloat16(-125000f), k.scaleF16()[0]);
  }
}
