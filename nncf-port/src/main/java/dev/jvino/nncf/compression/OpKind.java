package dev.jvino.nncf.compression;

/**
 * The role of an op that may carry a compressible weight, with the weight layout NNCF's OpenVINO backend
 * assumes for it (its metatype).
 */
public enum OpKind {
  /** MatMul: the weight's last two axes are [C_OUT, C_IN] or [C_IN, C_OUT] depending on transpose. */
  MATMUL,
  /** A Gather whose data is a float constant: [vocab, hidden], channel axis 0. */
  EMBEDDING,
  /** Convolution: (C_OUT, C_IN, spatial...). */
  CONVOLUTION,
  /** ConvolutionBackpropData: (C_IN, C_OUT, spatial...). */
  CONVOLUTION_BACKPROP_DATA,
  /** GroupConvolution (grouped or depthwise): (GROUPS, C_OUT, C_IN, spatial...). */
  GROUP_CONVOLUTION,
  /** GroupConvolutionBackpropData: (GROUPS, C_IN, C_OUT, spatial...). */
  GROUP_CONVOLUTION_BACKPROP_DATA;

  /** Whether this is one of the convolution kinds (always kept at the backup precision). */
  public boolean isConvolution() {
    return this != MATMUL && this != EMBEDDING;
  }
}
