package dev.jvino.nncf.quantization;

import dev.jvino.engine.Engine;
import dev.jvino.ir.Model;
import dev.jvino.ir.Models;
import dev.jvino.nncf.AdvancedQuantizationParameters;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.ModelType;
import dev.jvino.nncf.QuantizationParameters;
import dev.jvino.nncf.QuantizeOptions;
import dev.jvino.nncf.QuantizerParameters;
import dev.jvino.nncf.quantization.bias.BiasCorrection;
import dev.jvino.nncf.quantization.bias.FastBiasCorrection;
import dev.jvino.nncf.quantization.placement.Metatype;
import dev.jvino.nncf.quantization.placement.PlacementOptions;
import dev.jvino.nncf.quantization.placement.QuantizerPlacement;
import dev.jvino.nncf.quantization.smoothquant.SmoothQuant;
import dev.jvino.nncf.statistics.StatisticPoint;
import dev.jvino.nncf.statistics.StatisticsCollector;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * NNCF's post-training quantization pipeline for OpenVINO models ({@code create_ptq_pipeline} followed by
 * {@code native_quantize_impl}'s tail). Each step collects its statistics in one pass on the model the
 * previous step produced:
 *
 * <ol>
 *   <li>SmoothQuant, for {@link ModelType#TRANSFORMER} models when an alpha is not negative;
 *   <li>ChannelAlignment, when {@code disable_channel_alignment} is false (not the default);
 *   <li>MinMax (placement by {@link QuantizerPlacement}, ranges by {@link MinMaxQuantization}) together
 *       with FastBiasCorrection (threshold 2, the whole subset) or BiasCorrection (threshold 1000, 20% of
 *       the subset), unless bias correction is disabled;
 * </ol>
 *
 * then the weight quantizers are folded into int8 constants (unless {@code compress_weights} is off) and
 * NNCF's parameters are written to the model rt_info. The input model is not modified.
 */
public final class PostTrainingQuantization {
  private static final System.Logger LOG = System.getLogger(PostTrainingQuantization.class.getName());

  private PostTrainingQuantization() {}

  /**
   * What the pipeline did. For a model with If ops ({@link IfModelQuantization}) the fields describe its top-level
   * graph and {@code ifBodies} holds the result of each If body, quantized as a model of its own, keyed
   * {@code "IfName/then_body"} or {@code "IfName/else_body"} (nested bodies extend the key); it is empty otherwise.
   */
  public record Result(Model model, QuantizerSetup setup, List<SmoothQuant.Smoothing> smoothing,
      List<FastBiasCorrection.Correction> fastBiasCorrections, List<BiasCorrection.Correction> biasCorrections,
      List<String> compressedWeights, int samples, List<String> unusedBackendParams,
      java.util.Map<String, Result> ifBodies) {
    public Result {
      unusedBackendParams = List.copyOf(unusedBackendParams);
      ifBodies = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ifBodies));
    }

    /** A result without If bodies. */
    public Result(Model model, QuantizerSetup setup, List<SmoothQuant.Smoothing> smoothing,
        List<FastBiasCorrection.Correction> fastBiasCorrections, List<BiasCorrection.Correction> biasCorrections,
        List<String> compressedWeights, int samples, List<String> unusedBackendParams) {
      this(model, setup, smoothing, fastBiasCorrections, biasCorrections, compressedWeights, samples,
          unusedBackendParams, java.util.Map.of());
    }
  }

  /** OpenVINO backend parameters that tune OpenVINO's runtime only (infer request counts, ...). */
  static final java.util.Set<String> RUNTIME_ONLY = java.util.Set.of("stat_requests_number", "eval_requests_number",
      "activations", "weights", "level_low", "level_high");

  /**
   * Quantizes a copy of {@code model} on {@code engine}: its top-level graph only, If bodies are left as they are
   * ({@link dev.jvino.nncf.Nncf#quantize} sends models with If ops to {@link IfModelQuantization}).
   */
  public static Result run(Model model, Dataset<?> dataset, QuantizeOptions options, Engine engine) {
    Result r = algorithms(model, dataset, options, engine);
    List<String> compressed = options.advanced().compressWeights() ? CompressQuantizeWeights.apply(r.model())
        : List.of();
    dumpParameters(r.model(), options);
    LOG.log(Level.DEBUG, "quantize: {0} quantizers, {1} smoothed groups, {2} biases corrected, {3} weights compressed",
        r.setup().points().size(), r.smoothing().size(),
        r.fastBiasCorrections().stream().filter(FastBiasCorrection.Correction::applied).count()
            + r.biasCorrections().stream().filter(BiasCorrection.Correction::applied).count(), compressed.size());
    return new Result(r.model(), r.setup(), r.smoothing(), r.fastBiasCorrections(), r.biasCorrections(), compressed,
        r.samples(), r.unusedBackendParams());
  }

  /** Writes NNCF's {@code nncf/quantization} parameters of {@code options} into the rt_info of {@code model}. */
  static void dumpParameters(Model model, QuantizeOptions options) {
    QuantizationRtInfo.dump(model.rtInfo(), new QuantizationRtInfo.Arguments(options.preset(),
        options.targetDevice(), options.subsetSize(), options.fastBiasCorrection(), options.modelType(),
        options.ignoredScope(), options.advancedParameters()));
  }

  /**
   * The pipeline's algorithms on one graph (NNCF's {@code PostTrainingQuantization.apply}): SmoothQuant, MinMax and
   * bias correction, without the weight compression and the rt_info record that follow them.
   */
  static Result algorithms(Model model, Dataset<?> dataset, QuantizeOptions options, Engine engine) {
    Objects.requireNonNull(engine, "engine");
    AdvancedQuantizationParameters adv = options.advanced();
    int subset = options.subsetSize();
    Model work = Models.copy(model);
    List<String> unused = engine.name().equals("openvino") ? List.of()
        : adv.backendParams().keySet().stream().filter(RUNTIME_ONLY::contains).sorted().toList();
    if (!unused.isEmpty()) {
      LOG.log(Level.WARNING, "backend_params {0} only tune OpenVINO''s runtime; unused on the {1} engine", unused,
          engine.name());
    }

    List<SmoothQuant.Smoothing> smoothing = smoothQuant(work, dataset, options, engine);

    if (!adv.disableChannelAlignment()) { // NNCF's own step, with statistics of the smoothed model
      var ca = new dev.jvino.nncf.quantization.channelalignment.ChannelAlignment(subset);
      List<StatisticPoint> caPoints = ca.statisticPoints(work);
      if (!caPoints.isEmpty()) {
        new StatisticsCollector(engine).collect(work, caPoints, dataset, subset);
        ca.apply(work, caPoints);
      }
    }

    QuantizerSetup setup = QuantizerPlacement.place(work, placement(options));
    FastBiasCorrection fbc = null;
    BiasCorrection bc = null;
    List<StatisticPoint> biasPoints = List.of();
    if (!adv.disableBiasCorrection()) {
      @Nullable Double threshold = adv.biasCorrectionParams().threshold();
      if (options.fastBiasCorrection()) {
        fbc = new FastBiasCorrection(subset, threshold != null ? threshold : FastBiasCorrection.DEFAULT_THRESHOLD,
            adv.inplaceStatistics());
        biasPoints = fbc.statisticPoints(work);
      } else {
        bc = new BiasCorrection(Math.max((int) (subset * 0.2), 1),
            threshold != null ? threshold : BiasCorrection.DEFAULT_THRESHOLD, adv.inplaceStatistics());
        biasPoints = bc.statisticPoints(work);
      }
    }
    MinMaxOptions base = MinMaxOptions.from(subset, options.mode(), adv);
    MinMaxOptions minMax = new MinMaxOptions(base.subsetSize(), base.mode(), base.activationsFp8Type(),
        base.weightsFp8Type(), base.inplaceStatistics(), base.batchwiseStatistics(), base.activationsRangeEstimator(),
        base.weightsRangeEstimator(), false, engine);
    MinMaxQuantization.Result r = MinMaxQuantization.quantize(work, setup, dataset, minMax, biasPoints);
    Model quantized = r.model();
    List<FastBiasCorrection.Correction> fast = fbc == null ? List.of() : fbc.apply(quantized, biasPoints, engine);
    List<BiasCorrection.Correction> slow = bc == null ? List.of() : bc.apply(quantized, biasPoints, engine);
    return new Result(quantized, setup, smoothing, fast, slow, List.of(), r.samples(), unused, java.util.Map.of());
  }

  /**
   * The pipeline's first step alone (SmoothQuant, run only for {@link ModelType#TRANSFORMER} models with an alpha that
   * is not negative): a smoothed copy of {@code model}. The hyperparameter tuner runs the steps one by one.
   */
  public static Model smoothQuantStep(Model model, Dataset<?> dataset, QuantizeOptions options, Engine engine) {
    Model work = Models.copy(model);
    smoothQuant(work, dataset, options, engine);
    return work;
  }

  /** Whether the pipeline of {@code options} starts with a SmoothQuant step. */
  public static boolean hasSmoothQuantStep(QuantizeOptions options) {
    double[] alphas = smoothQuantAlphas(options.advanced());
    return options.modelType() == ModelType.TRANSFORMER && (alphas[0] >= 0 || alphas[1] >= 0);
  }

  /** The MatMul and convolution alphas in force (the deprecated single alpha wins). */
  private static double[] smoothQuantAlphas(AdvancedQuantizationParameters adv) {
    double matmulAlpha = adv.smoothQuantAlphas().matmul();
    double convAlpha = adv.smoothQuantAlphas().convolution();
    if (adv.smoothQuantAlpha() != null) { // deprecated single alpha
      matmulAlpha = adv.smoothQuantAlpha();
      if (adv.smoothQuantAlpha() < 0) {
        convAlpha = -1;
      }
    }
    return new double[] {matmulAlpha, convAlpha};
  }

  private static List<SmoothQuant.Smoothing> smoothQuant(Model work, Dataset<?> dataset, QuantizeOptions options,
      Engine engine) {
    AdvancedQuantizationParameters adv = options.advanced();
    int subset = options.subsetSize();
    double[] alphas = smoothQuantAlphas(adv);
    double matmulAlpha = alphas[0];
    double convAlpha = alphas[1];
    List<SmoothQuant.Smoothing> smoothing = List.of();
    if (options.modelType() == ModelType.TRANSFORMER && (matmulAlpha >= 0 || convAlpha >= 0)) {
      SmoothQuant sq = new SmoothQuant(subset, adv.inplaceStatistics(), matmulAlpha, convAlpha,
          n -> Metatype.QUANTIZATION_AGNOSTIC.contains(Metatype.of(n)));
      List<StatisticPoint> points = sq.statisticPoints(work);
      if (!points.isEmpty()) {
        new StatisticsCollector(engine).collect(work, points, dataset, subset);
        smoothing = sq.apply(work, points);
      }
    }
    return smoothing;
  }

  /**
   * The placement options of {@code options}, with NNCF's mode-based adjustments: outside FP8 mode, an
   * 8-bit activations and weights scheme (A8W8, the default) on GPU or NPU is placed with the CPU rules,
   * and a scheme other than A8W8 turns an unset overflow fix into DISABLE.
   */
  static PlacementOptions placement(QuantizeOptions options) {
    AdvancedQuantizationParameters adv = options.advanced();
    QuantizationParameters activations = constraints(adv.activationsQuantizationParams());
    QuantizationParameters weights = constraints(adv.weightsQuantizationParams());
    dev.jvino.nncf.TargetDevice device = options.targetDevice();
    dev.jvino.nncf.OverflowFix overflowFix = adv.overflowFix();
    if (options.mode() == null) {
      int actBits = activations != null && activations.numBits() != null ? activations.numBits() : 8;
      int weightBits = weights != null && weights.numBits() != null ? weights.numBits() : 8;
      boolean a8w8 = actBits == 8 && weightBits == 8;
      if (a8w8 && (device == dev.jvino.nncf.TargetDevice.GPU || device == dev.jvino.nncf.TargetDevice.NPU)) {
        LOG.log(Level.DEBUG, "Target device {0} was changed to CPU!", device);
        device = dev.jvino.nncf.TargetDevice.CPU;
      }
      if (overflowFix == null && !a8w8) {
        overflowFix = dev.jvino.nncf.OverflowFix.DISABLE;
      }
    }
    return PlacementOptions.builder().preset(options.preset()).targetDevice(device)
        .modelType(options.modelType()).ignoredScope(options.ignored()).overflowFix(overflowFix)
        .quantizeOutputs(adv.quantizeOutputs()).propagationRule(adv.quantizerPropagationRule())
        .activations(activations).weights(weights).mode(options.mode()).build();
  }

  private static @Nullable QuantizationParameters constraints(@Nullable QuantizerParameters p) {
    // FP8 parameters only choose the FakeConvert type (MinMax options)
    return p instanceof QuantizationParameters q ? q : null;
  }
}
