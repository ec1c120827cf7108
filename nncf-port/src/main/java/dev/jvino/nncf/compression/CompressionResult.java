package dev.jvino.nncf.compression;

import dev.jvino.ir.Model;
import java.util.List;

/**
 * The outcome of {@code compressWeights}.
 *
 * @param model the compressed model (the same instance that was passed in, edited in place)
 * @param plan the precision chosen for every weight
 * @param distribution NNCF's bitwidth distribution table
 * @param compressed the weights compressed, in processing order (largest first)
 */
public record CompressionResult(Model model, CompressionPlan plan, BitwidthDistribution distribution,
    List<CompressedWeightInfo> compressed) {

  public CompressionResult {
    compressed = List.copyOf(compressed);
  }
}
