package dev.jvino.nncf.compression;

import dev.jvino.ir.ElementType;

/**
 * One compressed weight as it ended up in the model.
 *
 * @param weightName the weight Constant's friendly name (now the codes, or the codebook, Constant)
 * @param opName the op consuming the weight
 * @param config how it was compressed
 * @param codeType the element type of the stored codes (or codebook indices)
 * @param codesShape the stored shape (grouped when a group size is used)
 * @param outputNode the name of the last node of the decompression subgraph
 */
public record CompressedWeightInfo(String weightName, String opName, WeightCompressionConfig config,
    ElementType codeType, long[] codesShape, String outputNode) {

  public CompressedWeightInfo {
    codesShape = codesShape.clone();
  }

  @Override
  public long[] codesShape() {
    return codesShape.clone();
  }
}
