package dev.jvino.nncf.quantization.channelalignment;

import static dev.jvino.nncf.quantization.channelalignment.ChannelAlignmentModelTest.close;
import static dev.jvino.nncf.quantization.channelalignment.ChannelAlignmentModelTest.constant;
import static dev.jvino.nncf.quantization.channelalignment.ChannelAlignmentModelTest.floats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.nncf.AdvancedQuantizationParameters;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.QuantizeOptions;
import dev.jvino.nncf.quantization.PostTrainingQuantization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code nncf.quantize} with {@code disable_channel_alignment=False}: ChannelAlignment runs as its own step
 * before MinMax, so (with bias correction off, which would move the biases again) the quantized model's
 * biases are the aligned ones of the numpy evaluation; with the default (disabled) they are untouched.
 */
class ChannelAlignmentPipelineTest {
  private static PostTrainingQuantization.Result quantize(Model m, List<NdArray> xs, boolean disableAlignment) {
    QuantizeOptions options = QuantizeOptions.builder().subsetSize(5).advancedParameters(
        AdvancedQuantizationParameters.builder().disableChannelAlignment(disableAlignment).disableBiasCorrection(true)
            .build()).build();
    return Nncf.quantize(m, Dataset.of(xs.stream().map(List::of).toList()), options, new ReferenceEngine());
  }

  @Test
  void quantizeRunsChannelAlignmentWhenEnabled() throws Exception {
    Map<String, Object> f = ChannelAlignmentModelTest.fixture();
    Model fp = ChannelAlignmentModelTest.model(f, true);
    List<NdArray> xs = ChannelAlignmentModelTest.samples(f);

    Model aligned = quantize(fp, xs, false).model();
    assertTrue(!aligned.nodesOfType("FakeQuantize").isEmpty(), "quantized");
    close(floats(f.get("new_b1")), constant(aligned, "b1"), 1e-5, 1e-4, "b1");
    close(floats(f.get("new_b2")), constant(aligned, "b2"), 1e-5, 1e-3, "b2");
    assertArrayEquals(floats(f.get("b1")), constant(fp, "b1"), "the input model is not changed");

    Model plain = quantize(fp, xs, true).model();
    assertArrayEquals(floats(f.get("b1")), constant(plain, "b1"), "disabled (the default): biases untouched");
    assertArrayEquals(floats(f.get("b2")), constant(plain, "b2"));

    // the aligned, quantized model still approximates the float model (8-bit per-tensor activations after a
    // 500x channel spread: the observed max error is 2-8% of the output range)
    List<float[]> ref = ChannelAlignmentModelTest.run(fp, xs);
    List<float[]> q = ChannelAlignmentModelTest.run(aligned, xs);
    for (int i = 0; i < xs.size(); i++) {
      double range = 0;
      double err = 0;
      for (int j = 0; j < ref.get(i).length; j++) {
        range = Math.max(range, Math.abs(ref.get(i)[j]));
        err = Math.max(err, Math.abs(ref.get(i)[j] - q.get(i)[j]));
      }
      assertTrue(err < 0.1 * range, "sample " + i + ": max error " + err + " vs range " + range);
    }
    assertEquals(xs.size(), ref.size());
  }
}
