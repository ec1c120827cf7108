package dev.jvino.nncf.quantization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.data.TokenSamples;
import dev.jvino.engine.InferSession;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.ModelType;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.QuantizationPreset;
import dev.jvino.nncf.QuantizeOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * End to end on a transformer: jvino's demo decoder (embedding, RMSNorm, rotary attention with a KV
 * cache, SwiGLU MLP, lm_head) quantized with {@code model_type=TRANSFORMER}, then run on the reference
 * engine next to the float model on held-out prompts.
 */
class TransformerQuantizationTest {
  private static List<long[]> prompts(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    List<long[]> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      long[] ids = new long[6];
      for (int j = 0; j < ids.length; j++) {
        ids[j] = r.nextInt(1, 64);
      }
      out.add(ids);
    }
    return out;
  }

  @Test
  void decoderQuantizedAsATransformerTracksTheFloatModel() {
    Model fp = DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 3));
    Set<String> inputs = fp.parameters().stream().map(Node::name).collect(Collectors.toSet());
    Dataset<Map<String, NdArray>> calibration = Dataset.of(prompts(1, 8), t -> TokenSamples.forTokens(t, inputs));
    QuantizeOptions options = QuantizeOptions.builder().modelType(ModelType.TRANSFORMER).subsetSize(8).build();
    assertEquals(QuantizationPreset.MIXED, PostTrainingQuantization.placement(options).resolvedPreset(),
        "the transformer default preset");
    PostTrainingQuantization.Result r = Nncf.quantize(fp, calibration, options, new ReferenceEngine());

    assertFalse(r.smoothing().isEmpty(), "SmoothQuant ran on the transformer's MatMuls");
    assertTrue(r.smoothing().stream().allMatch(s -> s.multiplyName().endsWith("/nncf_smooth_quant")));
    assertFalse(r.compressedWeights().isEmpty(), "weights folded to int8");
    long fq = r.model().nodesOfType("FakeQuantize").size();
    assertTrue(fq > 0, "activation quantizers");

    // held-out prompts: the quantized model's next-token logits stay close to the float model's
    double worst = 0;
    int agree = 0;
    List<long[]> test = prompts(99, 6);
    for (long[] ids : test) {
      float[] a = logits(fp, TokenSamples.forTokens(ids, inputs));
      float[] b = logits(r.model(), TokenSamples.forTokens(ids, inputs));
      double err = 0;
      double norm = 0;
      for (int i = 0; i < a.length; i++) {
        err += (a[i] - b[i]) * (a[i] - b[i]);
        norm += a[i] * a[i];
      }
      worst = Math.max(worst, Math.sqrt(err / norm));
      agree += argmaxLast(a, 64) == argmaxLast(b, 64) ? 1 : 0;
    }
    // a 2-layer random-weight decoder calibrated on 8 prompts: 0.106 measured
    assertTrue(worst < 0.15, "worst relative L2 error of the logits " + worst);
    assertTrue(agree >= 5, "last-token argmax agreement " + agree + "/6");
  }

  private static float[] logits(Model m, Map<String, NdArray> inputs) {
    InferSession s = new ReferenceEngine().compile(m).createSession();
    return s.infer(inputs).get(0).toFloatArray();
  }

  private static int argmaxLast(float[] logits, int vocab) {
    int base = logits.length - vocab;
    int best = 0;
    for (int i = 1; i < vocab; i++) {
      if (logits[base + i] > logits[base + best]) {
        best = i;
      }
    }
    return best;
  }
}
