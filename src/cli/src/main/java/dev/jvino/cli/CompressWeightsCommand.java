package dev.jvino.cli;

import dev.jvino.engine.Engines;
import dev.jvino.ir.io.IrWriter;
import dev.jvino.nncf.AdvancedCompressionParameters;
import dev.jvino.nncf.BackupMode;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.GroupSizeFallbackMode;
import dev.jvino.nncf.IgnoredScope;
import dev.jvino.nncf.compression.CompressionResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jvino compress-weights}: NNCF's {@code compress_weights} on an IR file. */
@Command(
    name = "compress-weights",
    mixinStandardHelpOptions = true,
    description = {
      "Compress the weights of an OpenVINO IR model, as nncf.compress_weights does (data-free, or with",
      "--dataset for data-aware mixed precision, --awq, --scale-estimation, --lora-correction and",
      "--mode adaptive_codebook; --statistics-path caches the statistics).",
      "Writes a new IR whose MatMul, embedding and convolution weights are stored in low precision",
      "with NNCF's decompression subgraphs, and prints NNCF's bitwidth distribution table."
    })
final class CompressWeightsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-i", "--input"}, required = true, paramLabel = "MODEL.xml", description = "The IR to compress (.xml; its .bin beside it).")
  Path input;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.xml", description = "Where to write the compressed IR (.xml and .bin).")
  Path output;

  @Option(names = "--mode", defaultValue = "int8_asym", paramLabel = "MODE", converter = Converters.Mode.class,
      description = "Compression mode (NNCF's values): int8_asym (default), int8_sym, int4_sym, int4_asym, nf4, cb4,"
          + " mxfp4, mxfp8_e4m3, fp8_e4m3, fp4, nvfp4, codebook, adaptive_codebook (needs --dataset).")
  CompressWeightsMode mode;

  @Option(names = "--group-size", paramLabel = "N", description = "Weights per group sharing a scale; -1 for per-channel. Default: the mode's (128 for int4/nf4).")
  Integer groupSize;

  @Option(names = "--ratio", paramLabel = "R", description = "Share of the ratio-defining weights in the primary precision (0..1); the rest use the backup mode. Default 1.")
  Float ratio;

  @Option(names = "--all-layers", description = "Also compress embeddings and the last layer to the primary precision.")
  Boolean allLayers;

  @Option(names = "--backup-mode", paramLabel = "MODE", converter = Converters.Backup.class,
      description = "Precision of the weights kept out of the primary mode: none, int8_sym, int8_asym, mxfp8_e4m3, fp8_e4m3.")
  BackupMode backupMode;

  @Option(names = "--ignored-names", split = ",", paramLabel = "NAME", description = "Node names to leave uncompressed.")
  List<String> ignoredNames = new ArrayList<>();

  @Option(names = "--ignored-patterns", split = ",", paramLabel = "REGEX", description = "Regular expressions matched from the start of node names (Python's re.match).")
  List<String> ignoredPatterns = new ArrayList<>();

  @Option(names = "--ignored-types", split = ",", paramLabel = "TYPE", description = "Op types to leave uncompressed (e.g. Gather, Convolution).")
  List<String> ignoredTypes = new ArrayList<>();

  @Option(names = "--no-validate-ignored-scope", description = "Do not fail when an ignored-scope rule matches nothing.")
  boolean noValidateIgnoredScope;

  @Option(names = "--group-size-fallback", paramLabel = "MODE", converter = Converters.Fallback.class,
      description = "When a weight's channel is not divisible by the group size: error (default), ignore, adjust.")
  GroupSizeFallbackMode groupSizeFallback;

  @Option(names = "--codebook", split = ",", paramLabel = "V", description = "Codebook values for --mode codebook, strictly increasing.")
  List<Float> codebook = new ArrayList<>();

  @Option(names = "--codebook-type", paramLabel = "TYPE", converter = Converters.CodebookType.class,
      description = "Element type the --codebook is stored in (as the numpy dtype of NNCF's codebook): f32 (default),"
          + " f16, bf16, f8e4m3, i8, u8, ...; every value must be exact in it.")
  dev.jvino.ir.ElementType codebookType = dev.jvino.ir.ElementType.F32;

  @Option(names = "--compress-to-fp16", description = "Also store the remaining f32 constants as f16, as ov.save_model does by default.")
  boolean compressToFp16;

  @Option(names = "--engine", paramLabel = "NAME", defaultValue = "auto",
      description = "Engine for steps that run the model (reference, openvino, auto). Data-free compression runs no inference.")
  String engine;

  @Option(names = "--dataset", paramLabel = "FILE.h5", description = "Calibration samples for data-aware mixed"
      + " precision: an HDF5 file of model inputs (one dataset per input name, samples along axis 0) or of token"
      + " prompts (input_ids [N, L] with attention_mask or lengths).")
  Path dataset;

  @Option(names = "--subset-size", paramLabel = "N", description = "Dataset items used for statistics (default 128).")
  Integer subsetSize;

  @Option(names = "--sensitivity-metric", paramLabel = "NAME", converter = Converters.Metric.class,
      description = "Mixed-precision sensitivity: weight_quantization_error (data-free), hessian_input_activation,"
          + " mean_activation_variance, max_activation_variance (default with --dataset), mean_activation_magnitude.")
  dev.jvino.nncf.SensitivityMetric sensitivityMetric;

  @Option(names = "--statistics-path", paramLabel = "DIR", description = "Statistics cache (NNCF's"
      + " advanced_parameters.statistics_path): if DIR does not exist, every activation statistic is collected from"
      + " --dataset and saved there; if it exists, the statistics are loaded from it and nothing is inferred.")
  Path statisticsPath;

  @Option(names = "--scale-estimation", description = "With --dataset and a 4-bit mode (int4, nf4, cb4, codebook): estimate each 4-bit"
      + " MatMul weight's scales from the activations (NNCF's scale estimation).")
  boolean scaleEstimation;

  @Option(names = "--awq", description = "Activation-aware weight quantization for 4-bit modes (NNCF's AWQ):"
      + " data-aware with --dataset, else data-free.")
  boolean awq;

  @Option(names = "--gptq", description = "With --dataset and a 4-bit mode: GPTQ (NNCF's gptq), quantizing each"
      + " 4-bit MatMul weight column by column with error compensation, layer after layer.")
  boolean gptq;

  @Option(names = "--lora-correction", description = "With --dataset and int4_sym, int4_asym or nf4: add NNCF's"
      + " low-rank adapters (LoRA correction) after each 4-bit MatMul to cancel part of the compression error.")
  boolean loraCorrection;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Engines.byName(engine); // fails fast on a bad name; data-free compression runs no inference
    if (!Files.isRegularFile(input)) {
      throw new java.nio.file.NoSuchFileException(input + " (the model to compress)");
    }
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    long inputBin = Files.exists(Sizes.bin(input)) ? Files.size(Sizes.bin(input)) : 0;
    CompressionResult result;
    try (dev.jvino.data.Hdf5Samples samples = dataset == null ? null : dev.jvino.data.Hdf5Samples.open(dataset);
        ProgressReporter progress = ProgressReporter.forTerminal(err)) {
      CompressWeightsOptions options = options(samples == null ? null : calibration(samples));
      // file to file: weights are read from the mapped .bin one at a time, largest first
      result = new dev.jvino.nncf.compression.WeightCompressor(options, progress, () -> Engines.byName(engine))
          .compress(input, output, IrWriter.Options.DEFAULT.withCompressToF16(compressToFp16));
    }
    out.println(result.distribution().toTable());
    out.printf("Wrote %s (%s) and %s (%s); the input's weights were %s.%n", output, Sizes.human(Files.size(output)),
        Sizes.bin(output), Sizes.human(Files.size(Sizes.bin(output))), Sizes.human(inputBin));
    return Main.OK;
  }

  /** The dataset: token prompts when the file holds input_ids, else one model input map per sample. */
  private dev.jvino.nncf.Dataset<?> calibration(dev.jvino.data.Hdf5Samples samples) {
    java.util.Set<String> inputs = dev.jvino.ir.io.IrReader.read(input).parameters().stream()
        .map(dev.jvino.ir.Node::name).collect(java.util.stream.Collectors.toSet());
    if (samples.names().contains("input_ids")) {
      return dev.jvino.nncf.Dataset.of(dev.jvino.data.TokenSamples.fromHdf5(samples, inputs));
    }
    return dev.jvino.nncf.Dataset.of(samples);
  }

  CompressWeightsOptions options() {
    return options(null);
  }

  CompressWeightsOptions options(dev.jvino.nncf.@org.jspecify.annotations.Nullable Dataset<?> data) {
    IgnoredScope.Builder scope = IgnoredScope.builder()
        .names(ignoredNames.toArray(String[]::new))
        .patterns(ignoredPatterns.toArray(String[]::new))
        .types(ignoredTypes.toArray(String[]::new))
        .validate(!noValidateIgnoredScope);
    AdvancedCompressionParameters.Builder advanced = AdvancedCompressionParameters.builder();
    if (statisticsPath != null) {
      advanced.statisticsPath(statisticsPath);
    }
    if (groupSizeFallback != null) {
      advanced.groupSizeFallbackMode(groupSizeFallback);
    }
    if (!codebook.isEmpty()) {
      float[] cb = new float[codebook.size()];
      for (int i = 0; i < cb.length; i++) {
        cb[i] = codebook.get(i);
      }
      advanced.codebook(codebookType, cb);
    }
    return CompressWeightsOptions.builder()
        .mode(mode)
        .groupSize(groupSize)
        .ratio(ratio)
        .allLayers(allLayers)
        .backupMode(backupMode)
        .ignoredScope(scope.build())
        .advancedParameters(advanced.build())
        .dataset(data)
        .sensitivityMetric(sensitivityMetric)
        .subsetSize(subsetSize == null ? 128 : subsetSize)
        .scaleEstimation(scaleEstimation ? Boolean.TRUE : null)
        .awq(awq ? Boolean.TRUE : null)
        .gptq(gptq ? Boolean.TRUE : null)
        .loraCorrection(loraCorrection ? Boolean.TRUE : null)
        .build();
  }
}
