package dev.jvino.nncf;

import dev.jvino.ir.Model;
import dev.jvino.nncf.compression.CompressionListener;
import dev.jvino.nncf.compression.CompressionResult;
import dev.jvino.nncf.compression.WeightCompressor;

/**
 * Entry points of jvino's NNCF port, named after NNCF's functions.
 */
public final class Nncf {
  private Nncf() {}

  /**
   * NNCF's {@code nncf.compress_weights} for an OpenVINO model, data-free: compresses the weights of
   * MatMul, embedding and convolution ops in place and returns the model with NNCF's bitwidth table.
   *
   * @throws ParameterNotSupportedException for options that need a dataset (dataset, AWQ, scale
   *     estimation, GPTQ, LoRA correction, data-aware sensitivity metrics, adaptive codebook), which jvino
   *     does not implement yet
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
}
