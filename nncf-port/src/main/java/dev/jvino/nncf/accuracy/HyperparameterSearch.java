package dev.jvino.nncf.accuracy;

import dev.jvino.nncf.AdvancedSmoothQuantParameters;
import dev.jvino.nncf.AggregatorType;
import dev.jvino.nncf.QuantizationPreset;
import dev.jvino.nncf.QuantizeOptions;
import dev.jvino.nncf.QuantizerPropagationRule;
import dev.jvino.nncf.RangeEstimatorParameters;
import dev.jvino.nncf.StatisticsCollectorParameters;
import dev.jvino.nncf.StatisticsType;
import dev.jvino.nncf.quantization.PostTrainingQuantization;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.function.ToDoubleFunction;

/**
 * The search part of NNCF's hyperparameter tuner ({@code hyperparameter_tuner/algorithm.py} and
 * {@code param_grid.py}): parameter grids, their combinations, and the greedy per-parameter search.
 *
 * <p>A grid maps parameter names, in order, to the values to try. A combination key holds, per parameter,
 * the index of its value or {@code null} for "leave the parameter as it is".
 */
public final class HyperparameterSearch {
  private static final System.Logger LOG = System.getLogger(HyperparameterSearch.class.getName());

  private HyperparameterSearch() {}

  /**
   * NNCF's {@code create_combinations}: every key of the cartesian product of {@code {null, 0, .., n_i - 1}} over
   * the parameters (the last parameter varies fastest, null first), each with the values it sets.
   */
  public static <V> SequencedMap<List<Integer>, SequencedMap<String, V>> createCombinations(
      SequencedMap<String, List<V>> grid) {
    List<String> names = new ArrayList<>(grid.keySet());
    List<List<V>> values = new ArrayList<>(grid.values());
    SequencedMap<List<Integer>, SequencedMap<String, V>> out = new LinkedHashMap<>();
    Integer[] key = new Integer[names.size()];
    fill(0, key, names, values, out);
    return out;
  }

  private static <V> void fill(int i, Integer[] key, List<String> names, List<List<V>> values,
      SequencedMap<List<Integer>, SequencedMap<String, V>> out) {
    if (i == key.length) {
      SequencedMap<String, V> combination = new LinkedHashMap<>();
      for (int p = 0; p < key.length; p++) {
        if (key[p] != null) {
          combination.put(names.get(p), values.get(p).get(key[p]));
        }
      }
      out.put(keyOf(key.clone()), combination);
      return;
    }
    key[i] = null;
    fill(i + 1, key, names, values, out);
    for (int v = 0; v < values.get(i).size(); v++) {
      key[i] = v;
      fill(i + 1, key, names, values, out);
    }
  }

  /** A combination key (null entries allowed), immutable. */
  public static List<Integer> keyOf(Integer... indices) {
    return Collections.unmodifiableList(Arrays.asList(indices.clone()));
  }

  /**
   * NNCF's {@code apply_combination} for quantize options: {@code init} with every value of
   * {@code combination} set, in order; {@code init} itself is immutable and stays as it is.
   */
  public static QuantizeOptions applyCombination(QuantizeOptions init, Map<String, TunerParameter> combination) {
    QuantizeOptions o = init;
    for (var e : combination.entrySet()) {
      if (!e.getKey().equals(e.getValue().name())) {
        throw new IllegalArgumentException("grid key '" + e.getKey() + "' holds a value of '"
            + e.getValue().name() + "'");
      }
      o = e.getValue().applyTo(o);
    }
    return o;
  }

  /**
   * NNCF's {@code find_best_combination}: parameter by parameter, in grid order, try each of its values (null first)
   * with the other parameters at the best key found so far; a value replaces the parameter's best only when its
   * score is strictly higher ({@code <}), and the parameter's best replaces the overall best when it is at least as
   * high ({@code <=}). {@code score} is called once per tried key, repeats included (callers cache).
   */
  public static <V> List<Integer> findBestCombination(SequencedMap<List<Integer>, SequencedMap<String, V>> combinations,
      ToDoubleFunction<List<Integer>> score, SequencedMap<String, List<V>> grid) {
    Integer[] best = new Integer[grid.size()];
    Double bestScore = null;
    int p = 0;
    for (var e : grid.entrySet()) {
      LOG.log(Level.DEBUG, "searching the best value of {0}", e.getKey());
      Integer[] paramBest = null;
      Double paramBestScore = null;
      for (int v = -1; v < e.getValue().size(); v++) {
        Integer[] key = best.clone();
        key[p] = v < 0 ? null : v;
        double s = score.applyAsDouble(keyOf(key));
        if (paramBestScore == null || paramBestScore < s) {
          paramBestScore = s;
          paramBest = key;
        }
        LOG.log(Level.DEBUG, "combination {0}: score {1}", combinations.get(keyOf(key)), s);
      }
      if (bestScore == null || bestScore <= paramBestScore) {
        bestScore = paramBestScore;
        best = paramBest;
      }
      p++;
    }
    LOG.log(Level.DEBUG, "best combination {0}: score {1}", combinations.get(keyOf(best)), bestScore);
    return keyOf(best);
  }

  /**
   * NNCF's {@code get_quantization_param_grids} for jvino's pipeline of {@code options}: the SmoothQuant grid when
   * the pipeline has a SmoothQuant step, then the grid of the MinMax step, which also holds the bias-correction grid
   * unless bias correction is disabled (NNCF merges the grids of the algorithms of one step).
   */
  public static List<SequencedMap<String, List<TunerParameter>>> quantizationGrids(QuantizeOptions options) {
    List<SequencedMap<String, List<TunerParameter>>> grids = new ArrayList<>();
    if (PostTrainingQuantization.hasSmoothQuantStep(options)) {
      grids.add(smoothQuantGrid());
    }
    SequencedMap<String, List<TunerParameter>> minMax = minMaxGrid();
    if (!options.advanced().disableBiasCorrection()) {
      minMax.putAll(biasCorrectionGrid());
    }
    grids.add(minMax);
    return grids;
  }

  /** NNCF's SmoothQuant grid: MatMul alpha 0.15, 0.25, 0.5, 0.75 and 0.95, convolutions at their default (-1). */
  public static SequencedMap<String, List<TunerParameter>> smoothQuantGrid() {
    List<TunerParameter> values = new ArrayList<>();
    for (double alpha : new double[] {0.15, 0.25, 0.5, 0.75, 0.95}) {
      values.add(new TunerParameter.SmoothQuantAlphas(new AdvancedSmoothQuantParameters(
          AdvancedSmoothQuantParameters.DEFAULT.convolution(), alpha)));
    }
    return grid(values);
  }

  /**
   * NNCF's MinMax grid: the MERGE_IF_ALL_BRANCHES_SAME propagation rule; PERFORMANCE or MIXED preset; MIN/MAX
   * statistics for weights (aggregators unset); and the 9 activation estimators pairing a low bound of
   * MIN/MIN, QUANTILE(1e-3)/MEAN or QUANTILE(1e-4)/MEAN with a high bound of MAX/MAX, QUANTILE(1e-3)/MEAN or
   * QUANTILE(1e-4)/MEAN (low bound varying slowest).
   */
  public static SequencedMap<String, List<TunerParameter>> minMaxGrid() {
    SequencedMap<String, List<TunerParameter>> g = grid(
        List.of(new TunerParameter.PropagationRule(QuantizerPropagationRule.MERGE_IF_ALL_BRANCHES_SAME)));
    g.putAll(grid(List.of(new TunerParameter.Preset(QuantizationPreset.PERFORMANCE),
        new TunerParameter.Preset(QuantizationPreset.MIXED))));
    g.putAll(grid(List.of(new TunerParameter.WeightsRange(new RangeEstimatorParameters(
        StatisticsCollectorParameters.builder().statisticsType(StatisticsType.MIN).build(),
        StatisticsCollectorParameters.builder().statisticsType(StatisticsType.MAX).build())))));
    List<StatisticsCollectorParameters> lows = List.of(StatisticsCollectorParameters.of(StatisticsType.MIN,
        AggregatorType.MIN), quantile(1e-3), quantile(1e-4));
    List<StatisticsCollectorParameters> highs = List.of(StatisticsCollectorParameters.of(StatisticsType.MAX,
        AggregatorType.MAX), quantile(1e-3), quantile(1e-4));
    List<TunerParameter> activations = new ArrayList<>();
    for (StatisticsCollectorParameters low : lows) {
      for (StatisticsCollectorParameters high : highs) {
        activations.add(new TunerParameter.ActivationsRange(new RangeEstimatorParameters(low, high)));
      }
    }
    g.putAll(grid(activations));
    return g;
  }

  /** NNCF's bias-correction grid: {@code fast_bias_correction} true or false. */
  public static SequencedMap<String, List<TunerParameter>> biasCorrectionGrid() {
    return grid(List.of(new TunerParameter.FastBiasCorrection(true), new TunerParameter.FastBiasCorrection(false)));
  }

  private static StatisticsCollectorParameters quantile(double outlierProb) {
    return StatisticsCollectorParameters.builder().statisticsType(StatisticsType.QUANTILE)
        .aggregatorType(AggregatorType.MEAN).quantileOutlierProb(outlierProb).build();
  }

  private static SequencedMap<String, List<TunerParameter>> grid(List<TunerParameter> values) {
    SequencedMap<String, List<TunerParameter>> g = new LinkedHashMap<>();
    g.put(values.getFirst().name(), List.copyOf(values));
    return g;
  }
}
