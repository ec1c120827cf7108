package dev.jvino.nncf.compression;

import dev.jvino.engine.Engine;
import dev.jvino.ir.Model;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.SensitivityMetric;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.statistics.HawqAggregator;
import dev.jvino.nncf.statistics.OfflineAggregator;
import dev.jvino.nncf.statistics.Reducer;
import dev.jvino.nncf.statistics.StatisticValue;
import dev.jvino.nncf.statistics.TensorCollector;
import dev.jvino.nncf.weights.QuantizationError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * NNCF's data-aware mixed-precision criteria: per MatMul weight, {@code weight_score * activation_score},
 * with the activation statistic gathered at the producer of the MatMul's activation input over the first
 * {@code subsetSize} dataset items (one pass for every MatMul). Embeddings score 0.
 *
 * <ul>
 *   <li>MEAN/MAX_ACTIVATION_VARIANCE: per sample the population variance over axis -2 (tokens), reduced
 *       by mean/max to a scalar; mean over samples. Weight score: {@code 1/(max_mean int8_asym error + eps)}.
 *   <li>MEAN_ACTIVATION_MAGNITUDE: per sample {@code mean(max(|x|, axis=-2))}; mean over samples.
 *   <li>HESSIAN_INPUT_ACTIVATION: {@link HawqAggregator} on the raw activation; weight score is the
 *       Frobenius norm of the int8_asym error (not inverted).
 * </ul>
 */
public final class ActivationSensitivity implements MixedPrecision.Scorer {
  private static final String KEY = "sensitivity";

  private final SensitivityMetric metric;
  private final Map<String, Double> activationScores;
  private final Map<String, Integer> lowRank;
  private final int samples;

  private ActivationSensitivity(SensitivityMetric metric, Map<String, Double> activationScores,
      Map<String, Integer> lowRank, int samples) {
    this.metric = metric;
    this.activationScores = activationScores;
    this.lowRank = lowRank;
    this.samples = samples;
  }

  /**
   * Collects the activation statistic of every MatMul weight of {@code model} in one pass.
   *
   * @throws ValidationException if the metric is not data-aware, the dataset is empty or subsetSize is not
   *     positive
   */
  public static ActivationSensitivity collect(Model model, Dataset<?> dataset, SensitivityMetric metric,
      int subsetSize, Engine engine) {
    return ActivationStatistics.collect(model, dataset, metric, false, subsetSize, engine).sensitivity()
        .orElseThrow();
  }

  /** The collector of one metric's activation statistic. */
  static TensorCollector collector(SensitivityMetric metric, int rank, int subsetSize) {
    OptionalInt n = OptionalInt.of(subsetSize);
    List<Integer> tokenAxis = List.of(rank - 2);
    return switch (metric) {
      case MEAN_ACTIVATION_VARIANCE -> new TensorCollector().register(KEY, new Reducer.MeanVariance(tokenAxis, false),
          OfflineAggregator.of(OfflineAggregator.Kind.MEAN, n));
      case MAX_ACTIVATION_VARIANCE -> new TensorCollector().register(KEY, new Reducer.MaxVariance(tokenAxis, false),
          OfflineAggregator.of(OfflineAggregator.Kind.MEAN, n));
      case MEAN_ACTIVATION_MAGNITUDE -> new TensorCollector().register(KEY, new Reducer.MeanAbsMax(tokenAxis, false),
          OfflineAggregator.of(OfflineAggregator.Kind.MEAN, n));
      case HESSIAN_INPUT_ACTIVATION -> new TensorCollector().register(KEY, new Reducer.Raw(), new HawqAggregator(n));
      case WEIGHT_QUANTIZATION_ERROR -> throw new ValidationException("sensitivity_metric " + metric
          + " does not use activations");
    };
  }

  /** The scores read from collectors filled by a statistics pass, by MatMul name. */
  static ActivationSensitivity of(SensitivityMetric metric, Map<String, TensorCollector> byOp,
      Map<String, Integer> lowRank, int samples) {
    Map<String, Double> scores = new HashMap<>();
    byOp.forEach((op, tc) -> {
      if (tc.statistic(KEY) instanceof StatisticValue.Tensor t) {
        scores.put(op, t.value().toDoubleArray()[0]);
      }
    });
    return new ActivationSensitivity(metric, Map.copyOf(scores), Map.copyOf(lowRank), samples);
  }

  /** Scores already aggregated (e.g. read from a statistics cache), by MatMul name. */
  static ActivationSensitivity ofScores(SensitivityMetric metric, Map<String, Double> scores, int samples) {
    return new ActivationSensitivity(metric, Map.copyOf(scores), Map.of(), samples);
  }

  /** The number of dataset items inferred. */
  public int samples() {
    return samples;
  }

  /** The aggregated activation score of a MatMul op, by name. */
  public double activationScore(String opName) {
    Integer rank = lowRank.get(opName);
    if (rank != null) {
      throw new ValidationException("data-aware mixed precision criteria do not support MatMuls with 1-D inputs: "
          + opName + " has an activation of rank " + rank);
    }
    Double s = activationScores.get(opName);
    if (s == null) {
      throw new ValidationException("no activation statistics were collected for '" + opName + "'");
    }
    return s;
  }

  /** The weight part of the score. */
  public double weightScore(WeightSite site) {
    if (metric == SensitivityMetric.HESSIAN_INPUT_ACTIVATION) {
      float[] w = site.constant().constantData().toFloatArray();
      return QuantizationError.frobenius(w, site.shape(), site.reductionAxes()[0], CompressWeightsMode.INT8_ASYM, -1);
    }
    return MixedPrecision.dataFreeScore(site);
  }

  @Override
  public double score(WeightSite site) {
    if (site.kind() == OpKind.EMBEDDING) {
      return 0;
    }
    return weightScore(site) * activationScore(site.op().name());
  }

  /** Whether the options ask for data-aware scores. */
  static boolean applies(CompressWeightsOptions o) {
    return o.dataset().isPresent() && o.sensitivityMetric().isDataAware();
  }
}
