package dev.jvino.nncf;

import dev.jvino.ir.Model;
import dev.jvino.nncf.compression.CompressionListener;
import dev.jvino.nncf.compression.CompressionResult;
import dev.jvino.nncf.compression.WeightCompressor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Entry points of jvino's NNCF port, named after NNCF's functions.
 */
public final class Nncf {
  private Nncf() {}

  /**
   * NNCF's {@code nncf.compress_weights} for an OpenVINO model (data-free, or data-aware mixed precision): compresses the weights of
   * MatMul, embedding and convolution ops in place and returns the model with NNCF's bitwidth table.
   *
   * With a dataset: data-aware mixed precision, AWQ and scale estimation (4-bit integer, NF4, CB4 and
   * CODEBOOK modes, 2-D and 3-D weights), GPTQ (its layer-wise passes), LoRA correction, ADAPTIVE_CODEBOOK
   * and the statistics cache; the statistics passes run on {@link dev.jvino.engine.Engines#auto()}.
   *
   * @throws ParameterNotSupportedException for the combinations NNCF rejects (e.g. GPTQ with LoRA
   *     correction, a data-aware algorithm with a float mode or without a dataset)
   * @throws ValidationException for an ignored scope rule that matches nothing (with {@code validate})
   */
  public static CompressionResult compressWeights(Model model, CompressWeightsOptions options) {
    return compressWeights(model, options, CompressionListener.NONE);
  }

  /** {@link #compressWeights(Model, CompressWeightsOptions)} reporting progress to {@code listener}. */
  public static CompressionResult compressWeights(Model model, CompressWeightsOptions options,
      CompressionListener listener) {
    return new WeightCompressor(options, listener).compress(model);
  }

  /**
   * File to file: reads {@code inXml} (its {@code .bin} is memory-mapped and each weight is read only
   * when it is compressed), compresses the weights one at a time, largest first, spilling each
   * compressed weight's constants to a temporary file next to {@code outXml} as soon as they are built,
   * and writes {@code outXml} with its sibling {@code .bin}. The input is not modified; {@code outXml} may equal
   * {@code inXml} (the output files are replaced atomically once complete).
   *
   * @throws IOException if the output cannot be written
   * @throws dev.jvino.ir.IrFormatException if the input is not a valid IR
   */
  public static CompressionResult compressWeights(Path inXml, Path outXml, CompressWeightsOptions options)
      throws IOException {
    return compressWeights(inXml, outXml, options, CompressionListener.NONE);
  }

  /** {@link #compressWeights(Path, Path, CompressWeightsOptions)} reporting progress to {@code listener}. */
  public static CompressionResult compressWeights(Path inXml, Path outXml, CompressWeightsOptions options,
      CompressionListener listener) throws IOException {
    return new WeightCompressor(options, listener).compress(inXml, outXml);
  }

  /**
   * {@link #compressWeights(Path, Path, CompressWeightsOptions, CompressionListener)} writing the output
   * with {@code writeOptions}, e.g. {@code IrWriter.Options.DEFAULT.withCompressToF16(true)} to also store
   * the remaining f32 constants as f16, as {@code ov.save_model} does by default.
   */
  public static CompressionResult compressWeights(Path inXml, Path outXml, CompressWeightsOptions options,
      CompressionListener listener, dev.jvino.ir.io.IrWriter.Options writeOptions) throws IOException {
    return new WeightCompressor(options, listener).compress(inXml, outXml, writeOptions);
  }

  /**
   * NNCF's {@code nncf.quantize} for an OpenVINO model: post-training INT8 (or FP8) quantization with the
   * statistics pass on {@link dev.jvino.engine.Engines#auto()}. Returns the quantized copy; {@code model} is
   * not changed.
   *
   * @throws ValidationException for a non-positive subset size, an empty dataset, or an ignored-scope rule
   *     that matches nothing (with {@code validate})
   * @throws ParameterNotSupportedException for option combinations NNCF rejects (FP8 mode with a MIXED
   *     preset, a GPU/NPU target or an overflow fix, {@code fast_bias_correction=False} for a model with
   *     {@code If} ops, ...). Models with {@code If}
   *     ops are quantized body by body ({@link dev.jvino.nncf.quantization.IfModelQuantization}).
   */
  public static Model quantize(Model model, Dataset<?> calibrationDataset, QuantizeOptions options) {
    return quantize(model, calibrationDataset, options, dev.jvino.engine.Engines.auto()).model();
  }

  /** {@link #quantize(Model, Dataset, QuantizeOptions)} on {@code engine}, with what each step did. */
  public static dev.jvino.nncf.quantization.PostTrainingQuantization.Result quantize(Model model,
      Dataset<?> calibrationDataset, QuantizeOptions options, dev.jvino.engine.Engine engine) {
    if (dev.jvino.nncf.quantization.IfModelQuantization.hasIfOps(model)) {
      return dev.jvino.nncf.quantization.IfModelQuantization.run(model, calibrationDataset, options, engine);
    }
    return dev.jvino.nncf.quantization.PostTrainingQuantization.run(model, calibrationDataset, options, engine);
  }

  /**
   * File to file: reads {@code inXml}, quantizes it and writes {@code outXml} with its sibling {@code .bin}
   * (written to temporary files and renamed into place; {@code outXml} may equal {@code inXml}).
   *
   * @throws IOException if the output cannot be written
   * @throws dev.jvino.ir.IrFormatException if the input is not a valid IR
   */
  public static dev.jvino.nncf.quantization.PostTrainingQuantization.Result quantize(Path inXml, Path outXml,
      Dataset<?> calibrationDataset, QuantizeOptions options, dev.jvino.engine.Engine engine) throws IOException {
    dev.jvino.ir.io.IrWriter.checkDestination(outXml, null);
    Model model = dev.jvino.ir.io.IrReader.read(inXml);
    dev.jvino.nncf.quantization.PostTrainingQuantization.Result r = quantize(model, calibrationDataset, options, engine);
    dev.jvino.ir.io.IrWriter.write(r.model(), outXml);
    return r;
  }

  /**
   * NNCF's {@code nncf.quantize_with_accuracy_control} for an OpenVINO model, running on
   * {@link dev.jvino.engine.Engines#auto()}: quantizes, then reverts groups of quantizers to floating point,
   * most harmful first, until the metric of {@code validationFn} on {@code validationDataset} is within
   * {@code options.maxDrop()} of the float model's. Returns the model with the run's report; {@code model}
   * is not changed. With {@code tuneHyperparams}, NNCF's hyperparameter tuner runs first.
   *
   * @throws ParameterNotSupportedException for {@code tune_hyperparams} on a transformer model with If ops
   */
  public static dev.jvino.nncf.accuracy.AccuracyControl.Result quantizeWithAccuracyControl(Model model,
      Dataset<?> calibrationDataset, Dataset<?> validationDataset, ValidationFunction validationFn,
      AccuracyControlOptions options) {
    return quantizeWithAccuracyControl(model, calibrationDataset, validationDataset, validationFn, options,
        dev.jvino.engine.Engines.auto());
  }

  /** {@link #quantizeWithAccuracyControl(Model, Dataset, Dataset, ValidationFunction, AccuracyControlOptions)} on {@code engine}. */
  public static dev.jvino.nncf.accuracy.AccuracyControl.Result quantizeWithAccuracyControl(Model model,
      Dataset<?> calibrationDataset, Dataset<?> validationDataset, ValidationFunction validationFn,
      AccuracyControlOptions options, dev.jvino.engine.Engine engine) {
    return dev.jvino.nncf.accuracy.AccuracyControl.run(model, calibrationDataset, validationDataset, validationFn,
        options, engine);
  }
}
