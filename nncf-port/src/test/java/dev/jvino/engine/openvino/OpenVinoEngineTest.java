package dev.jvino.engine.openvino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.data.TokenSamples;
import dev.jvino.engine.Engines;
import dev.jvino.engine.InferSession;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Nncf;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Both engines on the same models. Runs only where an OpenVINO runtime is installed (tag {@code native});
 * elsewhere JUnit reports it skipped because {@code OpenVino.isAvailable()} is false.
 */
@Tag("native")
@EnabledIf("dev.jvino.openvino.OpenVino#isAvailable")
class OpenVinoEngineTest {
  private static final DecoderConfig CONFIG = new DecoderConfig(128, 64, 2, 2, 128, 10000, 5);

  private static Map<String, NdArray> prompt(Model m) {
    Set<String> names = m.parameters().stream().map(Node::name).collect(Collectors.toSet());
    long[] ids = new long[12];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (i * 29 + 3) % CONFIG.vocabSize();
    }
    return TokenSamples.forTokens(ids, names);
  }

  private static void assertClose(NdArray expected, NdArray actual, double relTol) {
    assertArrayEquals(expected.shape(), actual.shape());
    float[] a = expected.toFloatArray();
    float[] b = actual.toFloatArray();
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < a.length; i++) {
      diff += (a[i] - b[i]) * (double) (a[i] - b[i]);
      norm += a[i] * (double) a[i];
    }
    assertTrue(Math.sqrt(diff / norm) < relTol, "relative L2 " + Math.sqrt(diff / norm));
  }

  @Test
  void autoPicksOpenVino() {
    assertEquals("openvino", Engines.byName("auto").name());
  }

  @Test
  void decoderLogitsMatchTheReferenceEngine() {
    Model m = DecoderModel.build(CONFIG);
    Map<String, NdArray> in = prompt(m);
    NdArray reference = new ReferenceEngine().compile(m).createSession().infer(in).get("logits");
    try (OpenVinoEngine engine = OpenVinoEngine.cpu()) {
      InferSession s = engine.compile(m).createSession();
      assertClose(reference, s.infer(in).get("logits"), 1e-4);
      s.resetState();
      assertClose(reference, s.infer(in).get("logits"), 1e-4);
    }
  }

  @Test
  void compressedDecoderMatchesTheReferenceEngine() {
    Model m = DecoderModel.build(CONFIG);
    Nncf.compressWeights(m, CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(32).build());
    Map<String, NdArray> in = prompt(m);
    NdArray reference = new ReferenceEngine().compile(m).createSession().infer(in).get("logits");
    try (OpenVinoEngine engine = OpenVinoEngine.cpu()) {
      assertClose(reference, engine.compile(m).createSession().infer(in).get("logits"), 1e-3);
    }
  }
}
