package dev.jvino.nncf.quantization.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import dev.jvino.nncf.ModelType;
import dev.jvino.nncf.QuantizationScheme;
import dev.jvino.nncf.quantization.QuantizationPoint;
import dev.jvino.nncf.quantization.QuantizerSetup;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Placement on jvino's LLM-shaped synthetic decoder (stateful, RoPE, embeddings), as a transformer. */
class DecoderPlacementTest {
  @Test
  void everyWeightedMatMulAndTheEmbeddingGetWeightQuantizers() {
    Model m = DecoderModel.build(new DecoderConfig(64, 16, 2, 2, 32, 10000.0, 1));
    QuantizerSetup s = QuantizerPlacement.place(m, PlacementOptions.builder().modelType(ModelType.TRANSFORMER)
        .build());
    PlacementGraph g = PlacementGraph.of(m);
    Set<String> weighted = new TreeSet<>();
    Set<String> expected = new TreeSet<>();
    for (QuantizationPoint p : s.points()) {
      assertTrue(m.node(p.target().nodeName()).isPresent(), p.fakeQuantizeName());
      assertEquals(8, p.config().numBits());
      if (p.isWeight()) {
        weighted.add(p.target().nodeName());
        assertEquals(QuantizationScheme.SYMMETRIC, p.config().mode());
      } else {
        assertTrue(!p.config().perChannel(), p.fakeQuantizeName());
      }
    }
    for (Node n : m.ops()) {
      PlacementGraph.GNode gn = g.node(n.name());
      if (gn != null && (gn.metatype() == Metatype.MATMUL || gn.metatype() == Metatype.EMBEDDING)
          && !gn.constPorts.isEmpty()) {
        expected.add(n.name());
      }
    }
    assertTrue(expected.size() >= 2 * 7 + 1, expected.toString());
    assertEquals(expected, weighted);
  }
}
