package dev.jvino.cli;

import dev.jvino.engine.Engines;
import dev.jvino.nncf.AdvancedQuantizationParameters;
import dev.jvino.nncf.IgnoredScope;
import dev.jvino.nncf.ModelType;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.OverflowFix;
import dev.jvino.nncf.QuantizationMode;
import dev.jvino.nncf.QuantizationPreset;
import dev.jvino.nncf.QuantizeOptions;
import dev.jvino.nncf.TargetDevice;
import dev.jvino.nncf.quantization.PostTrainingQuantization;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jvino quantize}: NNCF's {@code quantize} (post-training INT8 or FP8 quantization) on an IR file. */
@Command(
    name = "quantize",
    mixinStandardHelpOptions = true,
    description = {
      "Quantize an OpenVINO IR model, as nncf.quantize does: SmoothQuant for transformers, quantizers",
      "placed by NNCF's CPU rules with ranges from the calibration dataset, bias correction, and weight",
      "quantizers folded into int8 constants. Writes a new IR with FakeQuantize (or FakeConvert) nodes."
    })
final class QuantizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-i", "--input"}, required = true, paramLabel = "MODEL.xml", description = "The IR to quantize.")
  Path input;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.xml", description = "Where to write the quantized IR.")
  Path output;

  @Option(names = "--dataset", required = true, paramLabel = "FILE.h5", description = "Calibration samples: an HDF5"
      + " file with one dataset per model input name, samples along axis 0.")
  Path dataset;

  @Option(names = "--subset-size", defaultValue = "300", paramLabel = "N", description = "Calibration items used (default 300).")
  int subsetSize;

  @Option(names = "--preset", paramLabel = "PRESET", converter = QuantizeConverters.Preset.class,
      description = "performance or mixed (default: mixed for transformers, else performance).")
  @Nullable QuantizationPreset preset;

  @Option(names = "--model-type", paramLabel = "TYPE", converter = QuantizeConverters.Type.class,
      description = "transformer: NNCF's transformer patterns and SmoothQuant.")
  @Nullable ModelType modelType;

  @Option(names = "--target-device", defaultValue = "ANY", paramLabel = "DEVICE",
      converter = QuantizeConverters.Device.class, description = "ANY, CPU, GPU, NPU or CPU_SPR (default ANY).")
  TargetDevice targetDevice;

  @Option(names = "--fp8", paramLabel = "TYPE", converter = QuantizeConverters.Fp8.class,
      description = "FP8 quantization (e4m3 or e5m2): FakeConvert instead of FakeQuantize.")
  @Nullable QuantizationMode fp8;

  @Option(names = "--no-fast-bias-correction", description = "Use NNCF's BiasCorrection instead of FastBiasCorrection.")
  boolean slowBiasCorrection;

  @Option(names = "--disable-bias-correction", description = "No bias correction.")
  boolean disableBiasCorrection;

  @Option(names = "--overflow-fix", paramLabel = "FIX", converter = QuantizeConverters.Overflow.class,
      description = "enable, first_layer_only or disable (default: first_layer_only; disable for FP8).")
  @Nullable OverflowFix overflowFix;

  @Option(names = "--keep-weight-quantizers", description = "Keep FakeQuantize on weights instead of int8 constants"
      + " (NNCF's backend_params compress_weights=False).")
  boolean keepWeightQuantizers;

  @Option(names = "--ignored-names", split = ",", paramLabel = "NAME", description = "Node names to leave unquantized.")
  List<String> ignoredNames = new ArrayList<>();

  @Option(names = "--ignored-patterns", split = ",", paramLabel = "REGEX", description = "Regular expressions matched from the start of node names.")
  List<String> ignoredPatterns = new ArrayList<>();

  @Option(names = "--ignored-types", split = ",", paramLabel = "TYPE", description = "Op types to leave unquantized.")
  List<String> ignoredTypes = new ArrayList<>();

  @Option(names = "--no-validate-ignored-scope", description = "Do not fail when an ignored-scope rule matches nothing.")
  boolean noValidateIgnoredScope;

  @Option(names = "--engine", paramLabel = "NAME", defaultValue = "auto",
      description = "Engine for the calibration passes (reference, openvino, auto).")
  String engine;

  @picocli.CommandLine.Mixin AccuracyControlOptionsMixin accuracyControl = new AccuracyControlOptionsMixin();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    dev.jvino.engine.Engine e = Engines.byName(engine);
    if (!Files.isRegularFile(input)) {
      throw new java.nio.file.NoSuchFileException(input + " (the model to quantize)");
    }
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (accuracyControl.enabled) {
      accuracyControl.run(input, output, dataset, options(), e, out);
      return Main.OK;
    }
    PostTrainingQuantization.Result r;
    try (dev.jvino.data.Hdf5Samples samples = dev.jvino.data.Hdf5Samples.open(dataset)) {
      // a calibration file that does not fit the model's inputs fails here, naming the file and dataset
      dev.jvino.data.CalibrationFit.check(samples, dev.jvino.ir.io.IrReader.read(input));
      r = Nncf.quantize(input, output, dev.jvino.nncf.Dataset.of(samples), options(), e);
    }
    // a model with If ops: the top-level graph and every body, each quantized as a model of its own
    List<PostTrainingQuantization.Result> graphs = new ArrayList<>(List.of(r));
    graphs.addAll(r.ifBodies().values());
    long quantizers = graphs.stream().mapToLong(g -> g.setup().points().size()).sum();
    long onWeights = graphs.stream().mapToLong(g -> g.setup().points().stream().filter(p -> p.isWeight()).count()).sum();
    long folded = graphs.stream().mapToLong(g -> g.compressedWeights().size()).sum();
    long corrected = graphs.stream().mapToLong(g -> g.fastBiasCorrections().stream().filter(c -> c.applied()).count()
        + g.biasCorrections().stream().filter(c -> c.applied()).count()).sum();
    long smoothed = graphs.stream().mapToLong(g -> g.smoothing().size()).sum();
    out.printf("Inserted %d quantizers (%d on weights, %d folded into int8 constants) from %d calibration samples;"
        + " %d biases corrected, %d SmoothQuant groups%s.%n", quantizers, onWeights, folded, r.samples(), corrected,
        smoothed, r.ifBodies().isEmpty() ? "" : ", over the main graph and " + r.ifBodies().size() + " If bodies");
    out.printf("Wrote %s (%s) and %s (%s).%n", output, Sizes.human(Files.size(output)), Sizes.bin(output),
        Sizes.human(Files.size(Sizes.bin(output))));
    return Main.OK;
  }

  QuantizeOptions options() {
    boolean scoped = !ignoredNames.isEmpty() || !ignoredPatterns.isEmpty() || !ignoredTypes.isEmpty();
    IgnoredScope scope = scoped ? IgnoredScope.builder().names(ignoredNames.toArray(String[]::new))
        .patterns(ignoredPatterns.toArray(String[]::new)).types(ignoredTypes.toArray(String[]::new))
        .validate(!noValidateIgnoredScope).build() : null;
    boolean advancedGiven = disableBiasCorrection || overflowFix != null || keepWeightQuantizers;
    AdvancedQuantizationParameters advanced = null;
    if (advancedGiven) {
      AdvancedQuantizationParameters.Builder b = AdvancedQuantizationParameters.builder()
          .disableBiasCorrection(disableBiasCorrection).overflowFix(overflowFix);
      if (keepWeightQuantizers) {
        b.backendParam(AdvancedQuantizationParameters.COMPRESS_WEIGHTS, false);
      }
      advanced = b.build();
    }
    return QuantizeOptions.builder().mode(fp8).preset(preset).targetDevice(targetDevice).subsetSize(subsetSize)
        .fastBiasCorrection(!slowBiasCorrection).modelType(modelType).ignoredScope(scope)
        .advancedParameters(advanced).build();
  }
}
