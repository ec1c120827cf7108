package dev.jvino.nncf.quantization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.AdvancedQuantizationParameters;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.OverflowFix;
import dev.jvino.nncf.QuantizeOptions;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.testing.MiniJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code Nncf.quantize} end to end on NNCF's ConvTestModel with the settings of NNCF's bias-correction
 * tests (subset 1, overflow fix off): placement, MinMax, bias correction and weight folding together
 * reproduce the biases NNCF's tests assert.
 */
class QuantizePipelineTest {
  private static float[] floats(Map<String, Object> o, String key) {
    List<Object> l = MiniJson.list(o.get(key));
    float[] out = new float[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) l.get(i)).floatValue();
    }
    return out;
  }

  private static Map<String, Object> conv() throws Exception {
    return MiniJson.obj(MiniJson.obj(MiniJson.parse(Files.readString(
        Path.of("src/test/resources/fixtures/quantization/fast_bias_correction.json")))).get("conv"));
  }

  private static Model convTestModel(float[] w) {
    Node x = Ops.parameter("input.1", ElementType.F32, PartialShape.of(1, 1, 4, 4));
    Node conv = Ops.convolution(x.output(), Ops.constant("conv.weight",
        ConstantData.ofFloats(ElementType.F32, new long[] {2, 1, 2, 2}, w)).output(), new long[] {1, 1},
        new long[] {0, 0}, new long[] {0, 0}, new long[] {1, 1});
    conv.setName("conv");
    Node add = Ops.add(conv.output(), Ops.constant("conv.bias",
        ConstantData.ofFloats(ElementType.F32, new long[] {1, 2, 1, 1}, 0.1f, 1.0f)).output());
    add.setName("conv/add");
    return new Model("ConvTestModel", List.of(x), List.of(Ops.result(add.output())));
  }

  private static QuantizeOptions.Builder nncfTestSettings() {
    return QuantizeOptions.builder().subsetSize(1).advancedParameters(
        AdvancedQuantizationParameters.builder().overflowFix(OverflowFix.DISABLE).build());
  }

  @Test
  void fastBiasCorrectionThroughThePipeline() throws Exception {
    Map<String, Object> f = conv();
    Model fp = convTestModel(floats(f, "weights"));
    NdArray x = NdArray.f32(new long[] {1, 1, 4, 4}, floats(f, "input"));
    PostTrainingQuantization.Result r = Nncf.quantize(fp, Dataset.of(List.of(List.of(x))), nncfTestSettings().build(),
        new ReferenceEngine());
    assertEquals(List.of("input.1/fq_output_0", "conv/fq_weights_1"), r.setup().fakeQuantizeNames());
    assertEquals(1, r.fastBiasCorrections().size());
    assertArrayEquals(new float[] {0.0288348f, 1.0838453f},
        r.model().node("conv.bias").orElseThrow().constantData().toFloatArray(), 1e-4f);
    // the weight quantizer was folded into an int8 constant: Constant(i8) -> Convert -> Multiply -> Convolution
    Node w = r.model().node("conv").orElseThrow().inputNode(1);
    assertEquals("Multiply", w.type());
    assertEquals(List.of("conv/fq_weights_1"), r.compressedWeights());
    assertTrue(r.model().nodesOfType("FakeQuantize").stream().map(Node::name).toList()
        .contains("input.1/fq_output_0"));
    // the float model is untouched, and NNCF's parameters are in the rt_info
    assertArrayEquals(new float[] {0.1f, 1.0f}, fp.node("conv.bias").orElseThrow().constantData().toFloatArray());
    assertEquals("1", r.model().rtInfo().find("nncf", "quantization", "subset_size").orElseThrow().value().orElseThrow());
    // and the quantized model runs, close to the float one (3x3 outputs of a single 4x4 sample quantized to 8 bits)
    float[] ref = new ReferenceEngine().compile(fp).createSession().infer(List.of(x)).get(0).toFloatArray();
    float[] q = new ReferenceEngine().compile(r.model()).createSession().infer(List.of(x)).get(0).toFloatArray();
    double err = 0;
    double norm = 0;
    for (int i = 0; i < ref.length; i++) {
      err += (ref[i] - q[i]) * (ref[i] - q[i]);
      norm += ref[i] * ref[i];
    }
    assertTrue(Math.sqrt(err / norm) < 0.1, "relative L2 error (0.063 measured) " + Math.sqrt(err / norm));
  }

  @Test
  void biasCorrectionThroughThePipeline() throws Exception {
    Map<String, Object> f = conv();
    Model fp = convTestModel(floats(f, "weights"));
    NdArray x = NdArray.f32(new long[] {1, 1, 4, 4}, floats(f, "input"));
    PostTrainingQuantization.Result r = Nncf.quantize(fp, Dataset.of(List.of(List.of(x))),
        nncfTestSettings().fastBiasCorrection(false).build(), new ReferenceEngine());
    assertTrue(r.fastBiasCorrections().isEmpty());
    assertEquals(1, r.biasCorrections().size());
    assertArrayEquals(new float[] {0.11085186f, 1.0017344f},
        r.model().node("conv.bias").orElseThrow().constantData().toFloatArray(), 1e-4f);
  }

  @Test
  void disabledBiasCorrectionAndKeptQuantizers() throws Exception {
    Map<String, Object> f = conv();
    Model fp = convTestModel(floats(f, "weights"));
    NdArray x = NdArray.f32(new long[] {1, 1, 4, 4}, floats(f, "input"));
    PostTrainingQuantization.Result r = Nncf.quantize(fp, Dataset.of(List.of(List.of(x))),
        QuantizeOptions.builder().subsetSize(1).advancedParameters(AdvancedQuantizationParameters.builder()
            .disableBiasCorrection(true).backendParam(AdvancedQuantizationParameters.COMPRESS_WEIGHTS, false)
            .build()).build(), new ReferenceEngine());
    assertArrayEquals(new float[] {0.1f, 1.0f}, r.model().node("conv.bias").orElseThrow().constantData().toFloatArray());
    assertEquals("FakeQuantize", r.model().node("conv").orElseThrow().inputNode(1).type());
    assertTrue(r.compressedWeights().isEmpty());
    assertFalse(r.model().nodesOfType("FakeQuantize").isEmpty());
  }

  @Test
  void runtimeOnlyBackendParametersAreReportedUnusedOnTheReferenceEngine() throws Exception {
    Map<String, Object> f = conv();
    NdArray x = NdArray.f32(new long[] {1, 1, 4, 4}, floats(f, "input"));
    PostTrainingQuantization.Result r = Nncf.quantize(convTestModel(floats(f, "weights")), Dataset.of(List.of(List.of(x))),
        QuantizeOptions.builder().subsetSize(1).advancedParameters(AdvancedQuantizationParameters.builder()
            .backendParam("stat_requests_number", 4).backendParam(AdvancedQuantizationParameters.COMPRESS_WEIGHTS, true)
            .build()).build(), new ReferenceEngine());
    assertEquals(List.of("stat_requests_number"), r.unusedBackendParams());
  }

  @Test
  void gpuAndNpuWithTheA8W8SchemeArePlacedWithTheCpuRules() {
    for (dev.jvino.nncf.TargetDevice d : List.of(dev.jvino.nncf.TargetDevice.GPU, dev.jvino.nncf.TargetDevice.NPU)) {
      assertEquals(dev.jvino.nncf.TargetDevice.CPU,
          PostTrainingQuantization.placement(QuantizeOptions.builder().targetDevice(d).build()).targetDevice());
    }
    QuantizeOptions w4 = QuantizeOptions.builder().advancedParameters(AdvancedQuantizationParameters.builder()
        .weightsQuantizationParams(dev.jvino.nncf.QuantizationParameters.builder().numBits(4).build()).build()).build();
    assertEquals(OverflowFix.DISABLE, PostTrainingQuantization.placement(w4).overflowFix(),
        "not A8W8: the overflow fix is off unless set");
    assertEquals(null, PostTrainingQuantization.placement(QuantizeOptions.DEFAULT).overflowFix(),
        "A8W8: left to the placement default (FIRST_LAYER)");
  }

  @Test
  void rejectsWhatNncfRejects() {
    assertEquals("Subset size must be positive.",
        assertThrows(ValidationException.class, () -> QuantizeOptions.builder().subsetSize(0).build()).getMessage());
    // channel alignment is implemented (see ChannelAlignmentPipelineTest): accepted
    assertEquals(false, QuantizeOptions.builder().advancedParameters(AdvancedQuantizationParameters.builder()
        .disableChannelAlignment(false).build()).build().advanced().disableChannelAlignment());
  }
}
