package dev.jvino.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecoderModelTest {
  private static final DecoderConfig SMALL = new DecoderConfig(64, 32, 2, 2, 48, 10000.0, 7);

  @Test
  void hasTheInputsOutputsAndStateOfAnOptimumExport() {
    Model m = DecoderModel.build(SMALL);
    assertEquals(List.of("input_ids", "attention_mask", "position_ids", "beam_idx"),
        m.parameters().stream().map(Node::name).toList());
    assertEquals(ElementType.I32, m.parameters().get(3).output().elementType());
    assertEquals(1, m.results().size());
    assertTrue(m.results().get(0).input(0).source().names().contains("logits"));
    assertEquals(2 * SMALL.layers(), m.sinks().size(), "one Assign per key and value cache per layer");
    assertEquals(2 * SMALL.layers(), m.nodesOfType("ReadValue").size());
    assertEquals(SMALL.layers(), m.nodesOfType("ScaledDotProductAttention").size());
    assertEquals(7 * SMALL.layers() + 1, m.nodesOfType("MatMul").size());
    assertTrue(m.node("model.embed_tokens/Gather").isPresent());
    assertTrue(m.node("lm_head/MatMul").isPresent());
  }

  @Test
  void weightParametersMatchTheConfig() {
    Model m = DecoderModel.build(SMALL);
    long weights = m.nodesOfType("Constant").stream()
        .filter(n -> n.name().endsWith(".weight"))
        .mapToLong(n -> n.constantData().elementCount()).sum();
    assertEquals(SMALL.parameterCount(), weights);
    Node q = m.node("model.layers.1.self_attn.q_proj.weight").orElseThrow();
    assertEquals(List.of(32L, 32L), java.util.Arrays.stream(q.constantData().shape()).boxed().toList());
  }

  @Test
  void theSameSeedGivesTheSameWeights() {
    float[] a = DecoderModel.build(SMALL).node("lm_head.weight").orElseThrow().constantData().toFloatArray();
    float[] b = DecoderModel.build(SMALL).node("lm_head.weight").orElseThrow().constantData().toFloatArray();
    assertTrue(java.util.Arrays.equals(a, b));
  }

  @Test
  void configIsValidated() {
    assertThrows(IllegalArgumentException.class, () -> new DecoderConfig(64, 30, 1, 4, 16, 10000, 1));
    assertThrows(IllegalArgumentException.class, () -> new DecoderConfig(0, 32, 1, 2, 16, 10000, 1));
    // 2·1024·256 (embedding, lm_head) + 2·(4·256² + 3·256·512 + 2·256) + 256 (final norm)
    assertEquals(1_836_288L, DecoderConfig.demo().parameterCount());
  }
}
