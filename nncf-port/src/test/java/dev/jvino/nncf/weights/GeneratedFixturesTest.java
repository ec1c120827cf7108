package dev.jvino.nncf.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.testing.MiniJson;
import dev.jvino.nncf.testing.NncfOrcReader;
import dev.jvino.nncf.testing.NncfOrcReader.Entry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Fixtures from {@code tools/fixtures/gen_lowering_fixtures.py}, an independent numpy implementation of
 * NNCF's formulas: a weight reduced over axis 0, a 3-D weight reduced over its middle axis, and a weight
 * whose rows sit exactly on rounding ties of every mode (half-integers, E2M1/E4M3/CB4 midpoints, NF4
 * centres, zero-point ties, f32 -> f16 -> e4m3 double rounding).
 */
class GeneratedFixturesTest {

  private static Path dir() throws URISyntaxException {
    return Path.of(GeneratedFixturesTest.class.getResource("/fixtures/lowering/index.json").toURI()).getParent();
  }

  private static Map<String, Object> index() throws IOException, URISyntaxException {
    return MiniJson.obj(MiniJson.parse(Files.readString(dir().resolve("index.json"))));
  }

  @TestFactory
  Stream<DynamicTest> loweringMatchesNumpyForAxisZeroMiddleAxisAndTies() throws Exception {
    Path dir = dir();
    var cases = MiniJson.list(index().get("cases"));
    assertTrue(cases.size() >= 80);
    assertTrue(cases.stream().anyMatch(c -> ((Number) MiniJson.obj(c).get("axis")).intValue() == 0));
    return cases.stream().map(MiniJson::obj).map(c -> DynamicTest.dynamicTest((String) c.get("id"), () -> {
      String id = (String) c.get("id");
      float[] w = NncfOrcReader.read(dir.resolve(c.get("weight") + ".w.bin.gz")).get("w").floats();
      CompressedWeight cw = WeightLowering.lower(w, ReferenceVectors.longs(c.get("shape")),
          ((Number) c.get("axis")).intValue(), CompressWeightsMode.fromValue((String) c.get("mode")),
          ((Number) c.get("group_size")).intValue());
      Map<String, Entry> rec = NncfOrcReader.read(dir.resolve(id + ".bin.gz"));
      for (Entry e : rec.values()) {
        String what = id + " " + e.name();
        switch (e.name()) {
          case "q" -> BitAssert.bytes(what, e.bytes(), cw.codes());
          case "scale" -> BitAssert.floats(what, e.floats(), cw.scale());
          case "scale_f16" -> BitAssert.shorts(what, e.halfBits(), cw.scaleF16());
          case "scale_e8m0" -> BitAssert.bytes(what, e.bytes(), cw.scaleE8m0());
          case "scale_code" -> BitAssert.bytes(what, e.bytes(), cw.scaleE4m3());
          case "global_scale" -> BitAssert.floats(what, e.floats(), new float[] {cw.globalScale()});
          case "zero_point" -> {
            assertNotNull(cw.zeroPoint(), what);
            BitAssert.ints(what, e.ints(), cw.zeroPoint());
          }
          case "codebook" -> BitAssert.floats(what, e.floats(), cw.codebook());
          case "dequant" -> BitAssert.floats(what, e.floats(), cw.dequantized());
          default -> throw new AssertionError("unexpected record " + e.name());
        }
      }
    }));
  }

  @Test
  void maxMeanErrorOverAxisZeroAndMiddleAxisMatchesNumpy() throws Exception {
    Path dir = dir();
    var errors = MiniJson.list(index().get("max_mean_errors"));
    assertEquals(4, errors.size());
    for (Object o : errors) {
      Map<String, Object> e = MiniJson.obj(o);
      float[] w = NncfOrcReader.read(dir.resolve(e.get("weight") + ".w.bin.gz")).get("w").floats();
      long[] shape = ((String) e.get("weight")).startsWith("axis0") ? new long[] {64, 24} : new long[] {3, 32, 5};
      float v = QuantizationError.maxMean(w, shape, ((Number) e.get("axis")).intValue(),
          CompressWeightsMode.fromValue((String) e.get("mode")), ((Number) e.get("group_size")).intValue());
      assertEquals(Double.parseDouble((String) e.get("hex")), (double) v, 0.0, e.toString());
    }
  }

  @Test
  void pairwiseSumMatchesNumpyAddReduce() throws Exception {
    // 1 followed by 299 values of 2^-24: a running float sum stays at 1, numpy's pairwise blocks do not
    float[] a = new float[300];
    java.util.Arrays.fill(a, 0x1p-24f);
    a[0] = 1f;
    double expected = Double.parseDouble((String) index().get("pairwise_sum_1_plus_299_2e-24"));
    assertEquals(expected, (double) QuantizationError.pairwiseSum(a, 0, a.length), 0.0);
    assertTrue(expected > 1.0);
  }
}
