package dev.jvino.nncf.compression;

import dev.jvino.nncf.CompressWeightsMode;

import dev.jvino.ir.ElementType;

import dev.jvino.nncf.weights.CompressedWeight;
import dev.jvino.nncf.weights.WeightLowering;
import java.util.Arrays;

/**
 * A weight lowered by the {@code dev.jvino.nncf.weights} kernels, with codes in
 * the weight's own element order and the shapes NNCF gives the stored constants. Per-channel weights
 * with several reduction axes (convolutions) are lowered as {@code [channels, reduced]} after moving the
 * reduction axes last, which gives NNCF's per-channel statistics; the results are moved back.
 * Dequantized values are not formed: the compressed model stores codes and scales only (the kernel
 * result still forms them on demand, see {@link CompressedWeight#dequantized()}).
 *
 * @param cw the kernel result (for several reduction axes: over the permuted 2-D view)
 * @param codes one code per weight element, in the weight's order
 * @param codesShape the stored code shape: the weight shape, or {@code [a.., r/gs, gs, b..]} when grouped
 * @param scaleShape the scale (and zero point) shape: codes shape with the reduced axes kept as 1
 */
record LoweredWeight(CompressedWeight cw, byte[] codes, long[] codesShape, long[] scaleShape) {

  /** One kernel call; a CODEBOOK codebook in another type than f32 keeps its type (midpoints in it). */
  private static CompressedWeight lowerOne(
      float[] weight, long[] shape, int axis, WeightCompressionConfig config, int groupSize) {
    if (config.mode() == CompressWeightsMode.ADAPTIVE_CODEBOOK) {
      return WeightLowering.lowerWithEstimatedCodebook(weight, shape, axis, groupSize,
          java.util.Objects.requireNonNull(config.codebook(), "codebook"), config.codebookType());
    }
    if (config.mode() == CompressWeightsMode.CODEBOOK && config.codebookType() != ElementType.F32) {
      return WeightLowering.lowerWithCodebook(weight, shape, axis, groupSize, config.codebook(),
          config.codebookType());
    }
    return WeightLowering.lower(weight, shape, axis, config.mode(), groupSize, config.codebook());
  }

  static LoweredWeight lower(float[] weight, WeightSite site, WeightCompressionConfig config) {
    long[] shape = site.shape();
    int[] axes = site.reductionAxes();
    if (axes.length == 1) {
      CompressedWeight cw = lowerOne(weight, shape, axes[0], config, config.groupSize());
      return new LoweredWeight(cw, cw.codes(), cw.grouping().groupedShape(), cw.grouping().scaleShape());
    }
    if (config.groupSize() != -1 || axes.length == 0) {
      site.reductionChannelSize(); // throws NNCF's single-reduction-axis error
    }
    int rank = shape.length;
    boolean[] reduced = new boolean[rank];
    for (int a : axes) {
      reduced[a] = true;
    }
    int[] perm = new int[rank];
    int k = 0;
    long channels = 1;
    long inner = 1;
    for (int i = 0; i < rank; i++) {
      if (!reduced[i]) {
        perm[k++] = i;
        channels *= shape[i];
      }
    }
    for (int i = 0; i < rank; i++) {
      if (reduced[i]) {
        perm[k++] = i;
        inner *= shape[i];
      }
    }
    int[] index = permutedIndex(shape, perm);
    float[] view = new float[weight.length];
    for (int i = 0; i < view.length; i++) {
      view[i] = weight[index[i]];
    }
    CompressedWeight cw = lowerOne(view, new long[] {channels, inner}, 1, config, -1);
    byte[] codes = new byte[weight.length];
    byte[] viewCodes = cw.codes();
    for (int i = 0; i < view.length; i++) {
      codes[index[i]] = viewCodes[i];
    }
    long[] scaleShape = shape.clone();
    for (int a : axes) {
      scaleShape[a] = 1;
    }
    return new LoweredWeight(cw, codes, shape.clone(), scaleShape);
  }

  /** For each element of the permuted tensor (C order), its flat index in the original tensor. */
  private static int[] permutedIndex(long[] shape, int[] perm) {
    int rank = shape.length;
    long[] strides = new long[rank];
    long s = 1;
    for (int i = rank - 1; i >= 0; i--) {
      strides[i] = s;
      s *= shape[i];
    }
    int n = (int) s;
    int[] out = new int[n];
    int[] pos = new int[rank];
    for (int i = 0; i < n; i++) {
      long src = 0;
      for (int d = 0; d < rank; d++) {
        src += pos[d] * strides[perm[d]];
      }
      out[i] = (int) src;
      for (int d = rank - 1; d >= 0; d--) {
        if (++pos[d] < shape[perm[d]]) {
          break;
        }
        pos[d] = 0;
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "LoweredWeight(" + cw.mode() + ", codes " + Arrays.toString(codesShape) + ", scale "
        + Arrays.toString(scaleShape) + ")";
  }
}
