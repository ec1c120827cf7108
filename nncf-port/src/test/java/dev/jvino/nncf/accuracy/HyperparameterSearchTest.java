package dev.jvino.nncf.accuracy;

import static dev.jvino.nncf.accuracy.HyperparameterSearch.keyOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.nncf.AdvancedQuantizationParameters;
import dev.jvino.nncf.AdvancedSmoothQuantParameters;
import dev.jvino.nncf.AggregatorType;
import dev.jvino.nncf.ModelType;
import dev.jvino.nncf.QuantizationPreset;
import dev.jvino.nncf.QuantizeOptions;
import dev.jvino.nncf.QuantizerPropagationRule;
import dev.jvino.nncf.RangeEstimatorParameters;
import dev.jvino.nncf.StatisticsCollectorParameters;
import dev.jvino.nncf.StatisticsType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;

/**
 * NNCF's {@code tests/common/hyperparameter_tuner/test_hyperparameter_tuner.py} cases for
 * {@code create_combinations}, {@code apply_combination}, {@code find_best_combination} and the parameter grids,
 * with NNCF's expected values.
 */
class HyperparameterSearchTest {

  @SafeVarargs
  private static <V> SequencedMap<String, List<V>> grid(Object... namesAndValues) {
    SequencedMap<String, List<V>> g = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<V> values = (List<V>) namesAndValues[i + 1];
      g.put((String) namesAndValues[i], values);
    }
    return g;
  }

  private static Map<String, Object> combo(Object... namesAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return m;
  }

  @Test
  void createCombinationsOneParameter() {
    var c = HyperparameterSearch.createCombinations(grid("x", List.of(0, 1, 2)));
    assertEquals(List.of(keyOf((Integer) null), keyOf(0), keyOf(1), keyOf(2)), new ArrayList<>(c.keySet()));
    assertEquals(combo(), c.get(keyOf((Integer) null)));
    assertEquals(combo("x", 0), c.get(keyOf(0)));
    assertEquals(combo("x", 1), c.get(keyOf(1)));
    assertEquals(combo("x", 2), c.get(keyOf(2)));
  }

  @Test
  void createCombinationsTwoParameters() {
    var c = HyperparameterSearch.createCombinations(grid("x", List.of(0, 1, 2), "y", List.of(true, false)));
    Map<List<Integer>, Map<String, Object>> expected = new LinkedHashMap<>();
    expected.put(keyOf(null, null), combo());
    expected.put(keyOf(null, 0), combo("y", true));
    expected.put(keyOf(null, 1), combo("y", false));
    for (int x = 0; x < 3; x++) {
      expected.put(keyOf(x, null), combo("x", x));
      expected.put(keyOf(x, 0), combo("x", x, "y", true));
      expected.put(keyOf(x, 1), combo("x", x, "y", false));
    }
    assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(c.keySet())); // itertools.product order
    assertEquals(expected, c);
  }

  @Test
  void createCombinationsThreeParameters() {
    var c = HyperparameterSearch.createCombinations(grid("x", List.of(0, 1), "y", List.of(true, false), "z",
        List.of("a", "b")));
    assertEquals(27, c.size());
    assertEquals(combo(), c.get(keyOf(null, null, null)));
    assertEquals(combo("z", "a"), c.get(keyOf(null, null, 0)));
    assertEquals(combo("y", false, "z", "b"), c.get(keyOf(null, 1, 1)));
    assertEquals(combo("x", 0), c.get(keyOf(0, null, null)));
    assertEquals(combo("x", 0, "z", "b"), c.get(keyOf(0, null, 1)));
    assertEquals(combo("x", 1, "y", true, "z", "a"), c.get(keyOf(1, 0, 0)));
    assertEquals(combo("x", 1, "y", false, "z", "b"), c.get(keyOf(1, 1, 1)));
    assertEquals(keyOf(null, null, 1), new ArrayList<>(c.keySet()).get(2));
    assertEquals(keyOf(null, 1, null), new ArrayList<>(c.keySet()).get(6));
    assertEquals(keyOf(1, 1, 1), c.lastEntry().getKey());
  }

  // apply_combination: NNCF's cases changing top-level parameters and fields of nested parameter objects
  // (advanced_parameters:...), with the initial parameters left as they were.

  private static final QuantizeOptions INIT = QuantizeOptions.builder().subsetSize(10).build();
  private static final TunerParameter MIXED = new TunerParameter.Preset(QuantizationPreset.MIXED);
  private static final TunerParameter SLOW_BC = new TunerParameter.FastBiasCorrection(false);
  private static final TunerParameter RULE =
      new TunerParameter.PropagationRule(QuantizerPropagationRule.MERGE_IF_ALL_BRANCHES_SAME);
  private static final RangeEstimatorParameters QUANTILES = new RangeEstimatorParameters(
      StatisticsCollectorParameters.of(StatisticsType.QUANTILE, AggregatorType.MEAN),
      StatisticsCollectorParameters.of(StatisticsType.QUANTILE, AggregatorType.MEAN));
  private static final TunerParameter ACT = new TunerParameter.ActivationsRange(QUANTILES);

  private static Map<String, TunerParameter> combination(TunerParameter... values) {
    Map<String, TunerParameter> m = new LinkedHashMap<>();
    for (TunerParameter v : values) {
      m.put(v.name(), v);
    }
    return m;
  }

  @Test
  void applyCombinationChangesOneParameter() {
    QuantizeOptions o = HyperparameterSearch.applyCombination(INIT, combination(MIXED));
    assertEquals(QuantizationPreset.MIXED, o.preset());
    assertEquals(10, o.subsetSize());
    assertEquals(true, o.fastBiasCorrection());
    assertNull(o.advancedParameters());
    assertNull(INIT.preset());
  }

  @Test
  void applyCombinationChangesTwoParameters() {
    QuantizeOptions o = HyperparameterSearch.applyCombination(INIT, combination(MIXED, SLOW_BC));
    assertEquals(QuantizationPreset.MIXED, o.preset());
    assertEquals(false, o.fastBiasCorrection());
    assertEquals(10, o.subsetSize());
    assertEquals(true, INIT.fastBiasCorrection());
  }

  @Test
  void applyCombinationChangesSubparameters() {
    QuantizeOptions o = HyperparameterSearch.applyCombination(INIT, combination(RULE, ACT));
    AdvancedQuantizationParameters expected = AdvancedQuantizationParameters.DEFAULT.toBuilder()
        .quantizerPropagationRule(QuantizerPropagationRule.MERGE_IF_ALL_BRANCHES_SAME)
        .activationsRangeEstimatorParams(QUANTILES).build();
    assertEquals(expected, o.advancedParameters());
    assertNull(o.preset());
    // a parameter and a sub-parameter, on top of user advanced parameters whose other fields stay
    QuantizeOptions user = QuantizeOptions.builder().advancedParameters(AdvancedQuantizationParameters.builder()
        .disableBiasCorrection(true).build()).build();
    QuantizeOptions o2 = HyperparameterSearch.applyCombination(user, combination(ACT, MIXED));
    assertEquals(true, o2.advanced().disableBiasCorrection());
    assertEquals(QUANTILES, o2.advanced().activationsRangeEstimatorParams());
    assertEquals(QuantizationPreset.MIXED, o2.preset());
    assertEquals(RangeEstimatorParameters.UNSET, user.advanced().activationsRangeEstimatorParams());
  }

  @Test
  void applyCombinationRejectsAValueUnderAnotherName() {
    Map<String, TunerParameter> bad = Map.of("preset", SLOW_BC);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HyperparameterSearch.applyCombination(INIT, bad));
    assertEquals("grid key 'preset' holds a value of 'fast_bias_correction'", e.getMessage());
  }

  private static List<Integer> best(SequencedMap<String, List<Object>> grid, Map<List<Integer>, Double> scores) {
    var combinations = HyperparameterSearch.createCombinations(grid);
    return HyperparameterSearch.findBestCombination(combinations, scores::get, grid);
  }

  @Test
  void findBestOneParameterDifferentScores() {
    Map<List<Integer>, Double> s = new HashMap<>();
    s.put(keyOf((Integer) null), 0.1);
    s.put(keyOf(0), 0.3);
    s.put(keyOf(1), 0.2);
    assertEquals(keyOf(0), best(grid("x", List.of(0, 1)), s));
  }

  @Test
  void findBestOneParameterEqualScoresKeepsTheUnchangedValue() {
    Map<List<Integer>, Double> s = new HashMap<>();
    s.put(keyOf((Integer) null), 0.1);
    s.put(keyOf(0), 0.1);
    s.put(keyOf(1), 0.1);
    assertEquals(keyOf((Integer) null), best(grid("x", List.of(0, 1)), s));
  }

  @Test
  void findBestTwoParametersDifferentScores() {
    Map<List<Integer>, Double> s = new HashMap<>();
    s.put(keyOf(null, null), 0.1);
    s.put(keyOf(0, null), 0.2);
    s.put(keyOf(1, null), 0.4);
    s.put(keyOf(2, null), 0.1);
    s.put(keyOf(1, 0), 0.6);
    s.put(keyOf(1, 1), 0.7);
    assertEquals(keyOf(1, 1), best(grid("x", List.of(0, 1, 2), "y", List.of(true, false)), s));
  }

  @Test
  void findBestTwoParametersNoBestValueForTheSecond() {
    Map<List<Integer>, Double> s = new HashMap<>();
    s.put(keyOf(null, null), 0.1);
    s.put(keyOf(0, null), 0.5);
    s.put(keyOf(1, null), 0.2);
    s.put(keyOf(2, null), 0.3);
    s.put(keyOf(0, 0), 0.3);
    s.put(keyOf(0, 1), 0.4);
    assertEquals(keyOf(0, null), best(grid("x", List.of(0, 1, 2), "y", List.of(true, false)), s));
  }

  @Test
  void findBestThreeParametersNoBestValueForTheFirstAndThird() {
    Map<List<Integer>, Double> s = new HashMap<>();
    s.put(keyOf(null, null, null), 0.5);
    s.put(keyOf(0, null, null), 0.4);
    s.put(keyOf(1, null, null), 0.3);
    s.put(keyOf(null, 0, null), 0.6);
    s.put(keyOf(null, 1, null), 0.7);
    s.put(keyOf(null, 1, 0), 0.6);
    s.put(keyOf(null, 1, 1), 0.5);
    assertEquals(keyOf(null, 1, null), best(grid("x", List.of(0, 1), "y", List.of(2, 3), "z", List.of(4, 5)), s));
  }

  private static int calls(SequencedMap<String, List<Object>> grid) {
    int[] n = {0};
    HyperparameterSearch.findBestCombination(HyperparameterSearch.createCombinations(grid), k -> {
      n[0]++;
      return 1;
    }, grid);
    return n[0];
  }

  @Test
  void numberOfCombinationsConsidered() {
    assertEquals(2 + 5, calls(grid("param_1", List.of(0, 1, 2), "param_2", List.of(true, false))));
    assertEquals(3 + 7, calls(grid("param_1", List.of(0, 1), "param_2", List.of(2, 3, 8), "param_3",
        List.of(4, 5))));
  }

  @Test
  void smoothQuantGrid() {
    var g = HyperparameterSearch.smoothQuantGrid();
    assertEquals(List.of("advanced_parameters:smooth_quant_alphas"), new ArrayList<>(g.keySet()));
    List<TunerParameter> values = g.firstEntry().getValue();
    double[] alphas = {0.15, 0.25, 0.5, 0.75, 0.95};
    assertEquals(alphas.length, values.size());
    for (int i = 0; i < alphas.length; i++) {
      assertEquals(new TunerParameter.SmoothQuantAlphas(new AdvancedSmoothQuantParameters(-1, alphas[i])),
          values.get(i));
    }
  }

  @Test
  void minMaxGrid() {
    var g = HyperparameterSearch.minMaxGrid();
    assertEquals(List.of("advanced_parameters:quantizer_propagation_rule", "preset",
        "advanced_parameters:weights_range_estimator_params", "advanced_parameters:activations_range_estimator_params"),
        new ArrayList<>(g.keySet()));
    assertEquals(List.of(RULE), g.get("advanced_parameters:quantizer_propagation_rule"));
    assertEquals(List.of(new TunerParameter.Preset(QuantizationPreset.PERFORMANCE), MIXED), g.get("preset"));
    TunerParameter.WeightsRange w =
        (TunerParameter.WeightsRange) g.get("advanced_parameters:weights_range_estimator_params").getFirst();
    assertEquals(StatisticsType.MIN, w.range().min().statisticsType());
    assertNull(w.range().min().aggregatorType());
    assertEquals(StatisticsType.MAX, w.range().max().statisticsType());
    assertNull(w.range().max().aggregatorType());
    List<String> acts = g.get("advanced_parameters:activations_range_estimator_params").stream()
        .map(TunerParameter::value).toList();
    assertEquals(List.of(
        "min=min/min, max=max/max", "min=min/min, max=quantile/mean/0.001", "min=min/min, max=quantile/mean/1.0E-4",
        "min=quantile/mean/0.001, max=max/max", "min=quantile/mean/0.001, max=quantile/mean/0.001",
        "min=quantile/mean/0.001, max=quantile/mean/1.0E-4", "min=quantile/mean/1.0E-4, max=max/max",
        "min=quantile/mean/1.0E-4, max=quantile/mean/0.001", "min=quantile/mean/1.0E-4, max=quantile/mean/1.0E-4"),
        acts);
  }

  @Test
  void pipelineGrids() {
    var plain = HyperparameterSearch.quantizationGrids(QuantizeOptions.DEFAULT);
    assertEquals(1, plain.size());
    assertEquals(List.of("advanced_parameters:quantizer_propagation_rule", "preset",
        "advanced_parameters:weights_range_estimator_params", "advanced_parameters:activations_range_estimator_params",
        "fast_bias_correction"), new ArrayList<>(plain.getFirst().keySet()));
    assertEquals(List.of(new TunerParameter.FastBiasCorrection(true), SLOW_BC),
        plain.getFirst().get("fast_bias_correction"));
    var transformer = HyperparameterSearch.quantizationGrids(QuantizeOptions.builder().modelType(ModelType.TRANSFORMER)
        .build());
    assertEquals(2, transformer.size());
    assertEquals(List.of("advanced_parameters:smooth_quant_alphas"), new ArrayList<>(transformer.get(0).keySet()));
    assertEquals(5, transformer.get(1).size());
    var noBias = HyperparameterSearch.quantizationGrids(QuantizeOptions.builder().modelType(ModelType.TRANSFORMER)
        .advancedParameters(AdvancedQuantizationParameters.builder().disableBiasCorrection(true)
            .smoothQuantAlphas(new AdvancedSmoothQuantParameters(-1, -1)).build()).build());
    assertEquals(1, noBias.size());
    assertEquals(4, noBias.getFirst().size());
  }
}
