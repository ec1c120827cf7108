package dev.jvino.nncf.quantization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.nncf.FP8Type;
import dev.jvino.nncf.QuantizationScheme;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.testing.SharedFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NNCF's {@code test_calculate_quantizer_parameters} against its own oracle {@code fq_params.json}: the
 * statistics are the per-tensor or per-channel (axis 0) min and (abs-)max of
 * {@code default_rng(0).uniform(0, 1, (2, 3, 4, 5))} (fixture from tools/fixtures/gen_ptq_fixtures.py).
 * Values are compared as NNCF's test does ({@code allclose}: rtol 1e-5, atol 1e-8, reference cast to
 * f32), shapes and levels exactly.
 */
class FakeQuantizeParametersTest {
  private static final double[] DATA = PtqFixtures.doubles(PtqFixtures.resource("fq_params_data.json").get("data"));
  private static final Map<String, Object> REF =
      PtqFixtures.file(SharedFiles.file("nncf-reference/fq_params.json"));

  /** NNCF's TO_TEST: group, scheme, signedness, per-channel, half range, should fail. */
  record Case(QuantizerGroup group, QuantizationScheme mode, Boolean sign, boolean perChannel, boolean halfRange,
      boolean fails) {}

  static Stream<Arguments> cases() {
    var sym = QuantizationScheme.SYMMETRIC;
    var asym = QuantizationScheme.ASYMMETRIC;
    var w = QuantizerGroup.WEIGHTS;
    var a = QuantizerGroup.ACTIVATIONS;
    List<Case> base = List.of(
        new Case(w, sym, true, false, true, false),
        new Case(w, sym, true, false, false, false),
        new Case(w, asym, null, false, true, true),
        new Case(w, asym, null, false, false, false),
        new Case(a, sym, null, false, false, false),
        new Case(a, sym, null, true, false, false),
        new Case(a, asym, null, false, false, false),
        new Case(a, asym, null, true, false, false),
        new Case(a, asym, true, false, false, false),
        new Case(a, asym, true, true, false, false),
        new Case(a, asym, true, true, true, true));
    List<Arguments> out = new ArrayList<>();
    for (Case c : base) {
      for (boolean narrow : new boolean[] {false, true}) {
        out.add(Arguments.of(c, narrow));
      }
    }
    return out.stream();
  }

  static String key(Case c, boolean narrow) {
    String sign = c.sign() == null ? "None" : c.sign() ? "True" : "False";
    return (c.group() == QuantizerGroup.WEIGHTS ? "weights" : "activations") + "_" + c.mode().value() + "_sign_" + sign
        + "_per_ch_" + py(c.perChannel()) + "_narrow_range_" + py(narrow) + "_hf_range_" + py(c.halfRange());
  }

  private static String py(boolean b) {
    return b ? "True" : "False";
  }

  /** min and max (abs-max when symmetric) of the data, over all axes or per channel of axis 0 (keepdims). */
  static MinMaxStatistic statistic(boolean perChannel, boolean absMax) {
    int channels = perChannel ? 2 : 1;
    int per = DATA.length / channels;
    double[] lo = new double[channels];
    double[] hi = new double[channels];
    for (int c = 0; c < channels; c++) {
      lo[c] = Double.POSITIVE_INFINITY;
      hi[c] = Double.NEGATIVE_INFINITY;
      for (int i = c * per; i < (c + 1) * per; i++) {
        lo[c] = Math.min(lo[c], DATA[i]);
        hi[c] = Math.max(hi[c], absMax ? Math.abs(DATA[i]) : DATA[i]);
      }
    }
    long[] shape = perChannel ? new long[] {2, 1, 1, 1} : new long[0];
    return new MinMaxStatistic(NdArray.ofDoubles(shape, lo), NdArray.ofDoubles(shape, hi));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesNncfReference(Case c, boolean narrow) {
    QuantizerConfig config = new QuantizerConfig(8, c.mode(), c.sign(), c.perChannel(), narrow);
    MinMaxStatistic stat = statistic(c.perChannel(), c.mode() == QuantizationScheme.SYMMETRIC);
    if (c.fails()) {
      assertThrows(ValidationException.class, () -> FakeQuantizeParameters.calculate(stat, config, c.group(), true));
      return;
    }
    FakeQuantizeParameters p = FakeQuantizeParameters.calculate(stat, config, c.group(), c.halfRange());
    @SuppressWarnings("unchecked")
    Map<String, Object> ref = (Map<String, Object>) REF.get(key(c, narrow));
    assertTrue(ref != null, "no reference " + key(c, narrow));
    assertEquals(((Number) ref.get("levels")).longValue(), p.levels());
    check(ref.get("input_low"), p.inputLow());
    check(ref.get("input_high"), p.inputHigh());
    check(ref.get("output_low"), p.outputLow());
    check(ref.get("output_high"), p.outputHigh());
  }

  private static void check(Object ref, NdArray actual) {
    assertArrayEquals(PtqFixtures.nestedShape(ref), actual.shape());
    double[] r = PtqFixtures.nestedValues(ref);
    float[] a = actual.floats();
    assertEquals(r.length, a.length);
    for (int i = 0; i < r.length; i++) {
      double expected = (float) r[i];
      assertTrue(Math.abs(a[i] - expected) <= 1e-8 + 1e-5 * Math.abs(expected),
          "element " + i + ": " + a[i] + " vs NNCF " + expected);
    }
  }

  @Test
  void everyReferenceKeyIsCovered() {
    List<String> keys = cases().map(x -> key((Case) x.get()[0], (Boolean) x.get()[1]))
        .filter(k -> !k.contains("_hf_range_True") || k.startsWith("weights_symmetric")).distinct().toList();
    assertEquals(REF.keySet().stream().sorted().toList(), keys.stream().sorted().toList());
  }

  @Test
  void tuneRangeNeverShrinksAndMakesZeroALevel() {
    // nncf.md: (-1, 2.1) becomes (-1, 2.10976)
    float[] lo = {-1f};
    float[] hi = {2.1f};
    FakeQuantizeParameters.tuneRange(lo, hi, 8);
    assertEquals(-1f, lo[0]);
    assertEquals(2.10976f, hi[0], 1e-5f);
    float q = -lo[0] * 255f / (hi[0] - lo[0]);
    assertEquals(Math.rint(q), q, 1e-4);
  }

  @Test
  void fp8ScalesFollowTheDestinationMaximum() {
    MinMaxStatistic s = new MinMaxStatistic(NdArray.f32(new long[] {2, 1}, -2f, 0f), NdArray.f32(new long[] {2, 1}, 1f, 4f));
    FakeConvertParameters ch = FakeConvertParameters.calculate(s, true, FP8Type.E4M3);
    float eps = Math.ulp(1f);
    assertArrayEquals(new long[] {2, 1}, ch.scale().shape());
    assertEquals(448f / (2f + eps), ch.scale().floats()[0]);
    assertEquals(448f / 4f, ch.scale().floats()[1]);
    assertArrayEquals(new float[] {0f, 0f}, ch.shift().floats());
    MinMaxStatistic t = new MinMaxStatistic(NdArray.f32(new long[] {1, 1}, -3f), NdArray.f32(new long[] {1, 1}, 2f));
    FakeConvertParameters pt = FakeConvertParameters.calculate(t, false, FP8Type.E5M2);
    assertArrayEquals(new long[0], pt.scale().shape());
    assertEquals(0.5f * (57344f / (3f + eps)), pt.scale().floats()[0]);
  }
}
