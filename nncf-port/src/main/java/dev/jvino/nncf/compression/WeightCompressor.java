package dev.jvino.nncf.compression;

import dev.jvino.ir.Model;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.ParameterNotSupportedException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * NNCF's {@code compress_weights} on an OpenVINO IR model: chooses each weight's precision
 * ({@link CompressionPlanner}; with a dataset and {@code ratio < 1}, by a data-aware sensitivity metric whose
 * activation statistics are gathered in one pass on an engine, see {@link ActivationSensitivity}, or read
 * from {@code advanced_parameters.statistics_path}, see {@link WeightStatisticsCache}), then, as
 * NNCF orders them, applies AWQ ({@link AwqStep}: rescales INT4 MatMul weights, data-aware with a dataset, else
 * data-free), ADAPTIVE_CODEBOOK's codebook estimation ({@link CodebookEstimationStep}) and scale estimation
 * ({@link ScaleEstimationStep}: INT4 MatMul scales fitted to the dataset's activation means, which AWQ rescaled),
 * then compresses the weights one at a time, largest first, replacing each weight Constant by its decompression
 * subgraph (followed, with LoRA correction, by the low-rank adapters of {@link LoraCorrectionStep}), and records
 * NNCF's rt_info.
 *
 * <p>Only one weight's float values are held at a time: they are read from the (possibly file-backed,
 * lazily mapped) Constant, lowered, and dropped once the compressed constants are built.
 */
public final class WeightCompressor {
  private static final System.Logger LOG = System.getLogger(WeightCompressor.class.getName());

  private final CompressWeightsOptions options;
  private final CompressionListener listener;
  private final java.util.function.Supplier<dev.jvino.engine.Engine> engine;

  public WeightCompressor(CompressWeightsOptions options, CompressionListener listener) {
    this(options, listener, dev.jvino.engine.Engines::auto);
  }

  /** With the engine that runs the dataset for data-aware mixed precision (asked for only when needed). */
  public WeightCompressor(CompressWeightsOptions options, CompressionListener listener,
      java.util.function.Supplier<dev.jvino.engine.Engine> engine) {
    this.options = Objects.requireNonNull(options, "options");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.engine = Objects.requireNonNull(engine, "engine");
    rejectUnsupported(options);
  }

  /**
   * The checks NNCF makes beyond {@link CompressWeightsOptions}' own: LoRA correction only with INT4_SYM,
   * INT4_ASYM or NF4, and ADAPTIVE_CODEBOOK only with a dataset (its codebook is estimated from the
   * activations; NNCF fails without one).
   *
   * @throws ParameterNotSupportedException naming the option
   */
  public static void rejectUnsupported(CompressWeightsOptions o) {
    if (o.loraCorrection() && o.mode() != CompressWeightsMode.INT4_SYM && o.mode() != CompressWeightsMode.INT4_ASYM
        && o.mode() != CompressWeightsMode.NF4) {
      throw new ParameterNotSupportedException(o.mode().value() + " mode is invalid for Lora Correction algorithm."
          + " Supported modes: INT4_SYM, INT4_ASYM, NF4");
    }
    if (o.mode() == CompressWeightsMode.ADAPTIVE_CODEBOOK && o.dataset().isEmpty()) {
      throw new ParameterNotSupportedException("mode=adaptive_codebook estimates its codebook from activation"
          + " statistics and needs a dataset (NNCF fails without one); pass a dataset or use mode=cb4/codebook.");
    }
  }

  /** Chooses the precisions without changing the model. */
  public CompressionPlan plan(Model model) {
    return plan(model, statistics(model, false));
  }

  private CompressionPlan plan(Model model, @Nullable ActivationStatistics stats) {
    MixedPrecision.Scorer scorer = MixedPrecision::dataFreeScore;
    if (stats != null && stats.sensitivity().isPresent()) {
      scorer = stats.sensitivity().get();
    }
    return new CompressionPlanner(options).plan(model, scorer);
  }

  /**
   * One statistics pass for what the options need: the data-aware mixed-precision statistic and, when
   * {@code withMeans}, the weight-compression means of scale estimation; null when nothing is needed.
   */
  private @Nullable ActivationStatistics statistics(Model model, boolean withMeans) {
    boolean sensitivity = ActivationSensitivity.applies(options)
        && CompressionPlanner.effectiveRatio(options.ratio()) < 1;
    if (options.advancedParameters().statisticsPath().isPresent()) {
      // NNCF's statistics_path flow: collect and save when the directory is missing, then load (and
      // validate) the cache even when this run needs nothing from it
      return WeightStatisticsCache.resolve(model, options, sensitivity ? options.sensitivityMetric() : null,
          withMeans, engine);
    }
    if (!sensitivity && !withMeans) {
      return null;
    }
    return ActivationStatistics.collect(model, options.dataset().orElseThrow(),
        sensitivity ? options.sensitivityMetric() : null, withMeans, options.subsetSize(), engine.get());
  }

  /** Compresses the model's weights in place (new constants on the heap) and returns the result. */
  public CompressionResult compress(Model model) {
    return compress(model, null);
  }

  /**
   * File to file: reads {@code inXml} lazily (its {@code .bin} is mapped; a weight's values are read when
   * it is compressed), writes each compressed weight's constants to a temporary file next to
   * {@code outXml} as soon as they are built (so the heap holds about one weight at a time), then writes
   * the compressed IR to {@code outXml} and its sibling {@code .bin} and deletes the temporary file.
   *
   * @throws IOException if a file cannot be written
   */
  public CompressionResult compress(Path inXml, Path outXml) throws IOException {
    return compress(inXml, outXml, IrWriter.Options.DEFAULT);
  }

  /** {@link #compress(Path, Path)} writing the output with {@code writeOptions} (e.g. f16 constants). */
  public CompressionResult compress(Path inXml, Path outXml, IrWriter.Options writeOptions) throws IOException {
    IrWriter.checkDestination(outXml, null); // before any work: a device or folder is refused
    Model model = IrReader.read(inXml);
    Path dir = outXml.toAbsolutePath().getParent();
    try (SpillFile spill = SpillFile.create(dir)) {
      CompressionResult result = compress(model, spill);
      IrWriter.write(model, outXml, null, writeOptions);
      return result;
    }
  }

  CompressionResult compress(Model model, @Nullable SpillFile spill) {
    boolean estimate = options.scaleEstimation() && options.dataset().isPresent() && !options.gptq();
    boolean adaptive = options.mode() == CompressWeightsMode.ADAPTIVE_CODEBOOK;
    boolean withMeans = (estimate || options.awq() || options.loraCorrection() || adaptive)
        && options.dataset().isPresent();
    ActivationStatistics stats = statistics(model, withMeans);
    CompressionPlan plan = plan(model, stats);
    java.util.Map<String, dev.jvino.nncf.statistics.WeightCompressionStats> means =
        withMeans && stats != null ? stats.means() : null;
    if (options.awq()) {
      means = AwqStep.apply(model, plan, options.advancedParameters().awq(), means);
    }
    if (adaptive && means != null) {
      plan = CodebookEstimationStep.apply(plan, means, options.advancedParameters().adaptiveCodebook());
    }
    ScaleEstimationStep scaleEstimation = estimate && means != null
        ? new ScaleEstimationStep(means, options.advancedParameters().scaleEstimation()) : null;
    LoraCorrectionStep lora = options.loraCorrection() && means != null
        ? new LoraCorrectionStep(means, options.advancedParameters().loraCorrection()) : null;
    BitwidthDistribution distribution = plan.distribution();
    LOG.log(Level.INFO, distribution.toTable());
    listener.planned(plan);
    List<WeightAssignment> todo = plan.processingOrder();
    checkGroupSizes(todo);
    GptqStep gptq = options.gptq() ? GptqStep.apply(model, plan, options, engine.get()) : null;
    if (lora != null) {
      LoraCorrectionStep.checkActivations(todo);
    }
    long total = todo.stream().mapToLong(a -> a.site().numWeights()).sum();
    long done = 0;
    List<CompressedWeightInfo> infos = new ArrayList<>();
    java.util.Map<String, dev.jvino.ir.Node> replacements = new java.util.HashMap<>();
    for (int i = 0; i < todo.size(); i++) {
      WeightAssignment a = todo.get(i);
      List<dev.jvino.ir.Node> adapters = new ArrayList<>();
      DecompressionSubgraph.Built built = gptq != null ? gptq.compressOne(model, a)
          : compressOne(model, a, scaleEstimation, lora, adapters);
      if (spill != null) {
        for (dev.jvino.ir.Node c : adapters) {
          c.setConstant(spill.spill(c.constantData()));
        }
        for (dev.jvino.ir.Node c : built.constants()) {
          c.setConstant(spill.spill(c.constantData()));
        }
      }
      replacements.put(a.site().weightName(), built.codes());
      infos.add(new CompressedWeightInfo(a.site().weightName(), a.site().op().name(), a.config(),
          built.codeType(), built.codesShape(), built.output().node().name()));
      done += a.site().numWeights();
      listener.weightCompressed(i, todo.size(), a, done, total);
    }
    NncfRtInfo.dump(model.rtInfo(), options);
    CompressionResult result = new CompressionResult(model, plan.rebind(replacements), distribution, infos);
    listener.finished(result);
    return result;
  }

  /** Fails before anything changes if a grouped config does not fit its weight (NNCF fails mid-way). */
  private static void checkGroupSizes(List<WeightAssignment> todo) {
    for (WeightAssignment a : todo) {
      int gs = Objects.requireNonNull(a.config()).groupSize();
      if (gs != -1) {
        long channel = a.site().reductionChannelSize();
        if (channel % gs != 0) {
          throw new InvalidGroupSizeConfigException(a.site().weightName(), a.site().op().name(), channel, gs);
        }
      }
    }
  }

  /** Lowers one weight (reading its values now) and puts its decompression subgraph in the model. */
  static DecompressionSubgraph.Built compressOne(Model model, WeightAssignment a) {
    return compressOne(model, a, null);
  }

  /** As {@link #compressOne(Model, WeightAssignment)}, with scale estimation when it applies to the weight. */
  static DecompressionSubgraph.Built compressOne(Model model, WeightAssignment a,
      @Nullable ScaleEstimationStep scaleEstimation) {
    return compressOne(model, a, scaleEstimation, null, new ArrayList<>());
  }

  /** As above, then LoRA correction's adapters (their Constants are added to {@code adapters}). */
  static DecompressionSubgraph.Built compressOne(Model model, WeightAssignment a,
      @Nullable ScaleEstimationStep scaleEstimation, @Nullable LoraCorrectionStep lora,
      List<dev.jvino.ir.Node> adapters) {
    WeightSite site = a.site();
    WeightCompressionConfig config = Objects.requireNonNull(a.config());
    float[] weight = site.constant().constantData().toFloatArray();
    LoweredWeight estimated = scaleEstimation == null ? null : scaleEstimation.lower(weight, site, config);
    LoweredWeight low = estimated != null ? estimated : LoweredWeight.lower(weight, site, config);
    DecompressionSubgraph.Built built = DecompressionSubgraph.insert(model, site, config, low);
    if (lora != null) {
      adapters.addAll(lora.apply(model, site, config, weight, low.cw()));
    }
    return built;
  }
}
