package dev.jvino.ir;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {
  @Test
  void summarizesLlmDecoder() {
    Model m = TestModels.llmDecoder();
    m.rtInfo().add(new RtInfo.Entry("nncf", Map.of(), List.of(
        new RtInfo.Entry("weight_compression", Map.of(), List.of(
            new RtInfo.Entry("mode", Map.of("value", "int4_asym"), List.of()),
            new RtInfo.Entry("group_size", Map.of("value", "128"), List.of()))))));
    m.rtInfo().putValue("Runtime_version", "2026.2.1-1234");
    ModelSummary s = ModelSummary.of(m);
    assertEquals(List.of("input_ids"), s.inputs().get(0).names());
    assertEquals(PartialShape.of(-1, -1), s.inputs().get(0).shape());
    assertEquals(List.of("logits"), s.outputs().get(0).names());
    assertEquals(PartialShape.of(-1, -1, 32), s.outputs().get(0).shape());
    assertEquals(7, s.opTypes().get("Constant"));
    assertEquals(5, s.opTypes().get("MatMul"));
    assertEquals("Constant", s.opTypes().keySet().iterator().next());
    assertEquals(new ModelSummary.Weights(5, 768, 3072), s.constants().get(ElementType.F32));
    assertEquals(new ModelSummary.Weights(1, 256, 512), s.constants().get(ElementType.F16));
    assertEquals(new ModelSummary.Weights(1, 1, 8), s.constants().get(ElementType.I64));
    assertEquals(1025, s.parameterCount());
    assertEquals(3592, s.weightBytes());
    assertEquals(Map.of("opset1", 17, "opset7", 2, "opset8", 1), s.opsets());
    assertEquals("int4_asym", s.highlights().get("nncf.weight_compression.mode"));
    assertEquals("128", s.highlights().get("nncf.weight_compression.group_size"));
    assertEquals("toy-decoder", s.highlights().get("model_type"));
    String text = s.toText();
    assertTrue(text.contains("  input_ids: i64 [?,?]\n"), text);
    assertTrue(text.contains("  logits: f32 [?,?,32]\n"), text);
    assertTrue(text.contains("nncf.weight_compression.mode = int4_asym"), text);
    assertTrue(text.contains("Constants: 1,025 elements, 3.51 KiB"), text);
    String json = s.toJson();
    assertTrue(json.startsWith("{\"name\":\"llm\",\"inputs\":[{\"names\":[\"input_ids\"],"
        + "\"element_type\":\"i64\",\"shape\":[\"?\",\"?\"]}]"), json);
    assertTrue(json.contains("\"f16\":{\"constants\":1,\"elements\":256,\"bytes\":512}"), json);
    assertTrue(json.contains("\"parameter_count\":1025,\"weight_bytes\":3592"), json);
    assertTrue(json.contains("\"nncf.weight_compression.mode\":\"int4_asym\""), json);
  }

  @Test
  void jsonEscapes() {
    assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", ModelSummary.str("a\"b\\c\n\u0001"));
  }
}
