package dev.jvino.nncf.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.testing.MiniJson;
import dev.jvino.nncf.testing.NncfOrcReader.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of {@code shared/vectors/index.json} through {@link WeightLowering} and compares all
 * recorded outputs with NNCF's bit for bit.
 */
class NncfVectorsTest {

  @Test
  void indexListsCasesForEveryMode() {
    List<Object> cases = ReferenceVectors.list("cases");
    assertTrue(cases.size() >= 170, "cases: " + cases.size());
    long modes = cases.stream().map(c -> MiniJson.obj(c).get("mode")).distinct().count();
    assertEquals(12, modes);
  }

  @TestFactory
  Stream<DynamicTest> everyCaseMatchesNncfBitForBit() {
    float[] customCodebook = ReferenceVectors.floats(
        MiniJson.obj(ReferenceVectors.index().get("tables")).get("custom_codebook"));
    return ReferenceVectors.list("cases").stream().map(MiniJson::obj).map(c ->
        DynamicTest.dynamicTest((String) c.get("id"), () -> runCase(c, customCodebook)));
  }

  private static void runCase(Map<String, Object> c, float[] customCodebook) {
    String id = (String) c.get("id");
    CompressWeightsMode mode = CompressWeightsMode.fromValue((String) c.get("mode"));
    int groupSize = ((Number) c.get("group_size")).intValue();
    int axis = ((Number) c.get("reduction_axis")).intValue();
    long[] shape = ReferenceVectors.longs(c.get("weight_shape"));
    float[] w = ReferenceVectors.weight((String) c.get("weight_id"));
    Map<String, Entry> rec = ReferenceVectors.caseFile((String) c.get("file"));
    assertEquals(id, rec.get("case_id").string());

    CompressedWeight cw = WeightLowering.lower(w, shape, axis, mode, groupSize,
        mode == CompressWeightsMode.CODEBOOK ? customCodebook : null);

    assertArrayEquals(ReferenceVectors.longs(c.get("grouped_shape")), cw.grouping().groupedShape(), id + " grouped shape");
    assertArrayEquals(ReferenceVectors.longs(c.get("scale_shape")), cw.grouping().scaleShape(), id + " scale shape");
    List<String> checked = new ArrayList<>();
    for (Entry e : rec.values()) {
      String what = id + " " + e.name();
      switch (e.name()) {
        case "q" -> BitAssert.bytes(what, e.bytes(), cw.codes());
        case "scale" -> BitAssert.floats(what, e.floats(), cw.scale());
        case "scale_f16" -> {
          assertNotNull(cw.scaleF16(), what);
          BitAssert.shorts(what, e.halfBits(), cw.scaleF16());
        }
        case "scale_e8m0" -> {
          assertNotNull(cw.scaleE8m0(), what);
          BitAssert.bytes(what, e.bytes(), cw.scaleE8m0());
        }
        case "scale_code" -> {
          assertNotNull(cw.scaleE4m3(), what);
          BitAssert.bytes(what, e.bytes(), cw.scaleE4m3());
        }
        case "global_scale" -> {
          float[] g = e.floats();
          assertEquals(1, g.length, what);
          BitAssert.floats(what, g, new float[] {cw.globalScale()});
        }
        case "zero_point" -> {
          assertNotNull(cw.zeroPoint(), what);
          BitAssert.ints(what, e.ints(), cw.zeroPoint());
        }
        case "codebook" -> {
          assertNotNull(cw.codebook(), what);
          BitAssert.floats(what, e.floats(), cw.codebook());
        }
        case "dequant" -> BitAssert.floats(what, e.floats(), cw.dequantized());
        default -> {
          continue;
        }
      }
      checked.add(e.name());
    }
    assertTrue(checked.contains("q") && checked.contains("scale") && checked.contains("dequant"), id + " " + checked);
    if (!checked.contains("zero_point")) {
      assertNull(cw.zeroPoint(), id + " has no zero point in NNCF");
    }
  }

  @TestFactory
  Stream<DynamicTest> errorCasesRaiseNncfsInvalidGroupSizeError() {
    return ReferenceVectors.list("error_cases").stream().map(MiniJson::obj).map(c ->
        DynamicTest.dynamicTest((String) c.get("id"), () -> {
          Map<String, Object> err = MiniJson.obj(c.get("error"));
          assertEquals("InvalidGroupSizeError", err.get("type"));
          CompressWeightsMode mode = CompressWeightsMode.fromValue((String) c.get("mode"));
          long[] shape = ReferenceVectors.longs(c.get("weight_shape"));
          float[] w = ReferenceVectors.weight((String) c.get("weight_id"));
          InvalidGroupSizeException ex = assertThrows(InvalidGroupSizeException.class, () ->
              WeightLowering.lower(w, shape, ((Number) c.get("reduction_axis")).intValue(), mode,
                  ((Number) c.get("group_size")).intValue()));
          assertEquals(err.get("message"), ex.getMessage());
        }));
  }
}
