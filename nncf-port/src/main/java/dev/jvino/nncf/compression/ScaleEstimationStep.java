package dev.jvino.nncf.compression;

import dev.jvino.nncf.AdvancedCompressionParameters.ScaleEstimationParameters;
import dev.jvino.nncf.statistics.WeightCompressionStats;
import dev.jvino.nncf.weights.CompressedWeight;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Applies {@link ScaleEstimation} to one weight during compression, as NNCF's
 * {@code ScaleEstimation.apply} does for each weight: only 4-bit configs (INT4, NF4, CB4, a CODEBOOK of up to 16
 * entries) of MatMul weights with collected statistics are estimated (8-bit backup weights and weights without statistics are lowered as usual), and
 * the estimated scale (with the unchanged zero point) is used as a precomputed scale.
 */
final class ScaleEstimationStep {
  private final Map<String, WeightCompressionStats> means;
  private final ScaleEstimationParameters params;

  ScaleEstimationStep(Map<String, WeightCompressionStats> means, ScaleEstimationParameters params) {
    this.means = Map.copyOf(means);
    this.params = Objects.requireNonNull(params, "params");
  }

  /**
   * Lowers {@code weight} with estimated scales when scale estimation applies to it, else returns null.
   * A 3-D (MoE) weight {@code [E, ., .]} is estimated expert by expert with that expert's statistics
   * ({@code s[e]}, {@code X[e]}): NNCF's batched computation treats the experts independently.
   *
   * @throws UnsupportedModelException for an estimated weight that is not 2-D or 3-D, or statistics whose shape
   *     does not match the weight
   */
  @Nullable LoweredWeight lower(float[] weight, WeightSite site, WeightCompressionConfig config) {
    WeightCompressionStats stats = means.get(site.op().name());
    if (config.numBits() != 4 || site.kind() != OpKind.MATMUL || stats == null) {
      return null;
    }
    ModeQuantizer q = ModeQuantizer.of(config);
    long[] shape = site.shape();
    int[] axes = site.reductionAxes();
    if ((shape.length != 2 && shape.length != 3) || axes.length != 1 || (shape.length == 3 && axes[0] == 0)) {
      throw new UnsupportedModelException("scale estimation in jvino supports 2-D and 3-D (MoE) MatMul weights; "
          + site + " has shape " + Arrays.toString(shape));
    }
    WeightCompressionStats.Processed p = stats.process(params.subsetSize(), channelAxis(site));
    float[] s = p.s().toFloatArray();
    float[] x = p.x().toFloatArray();
    int batch = shape.length == 3 ? (int) shape[0] : 1;
    int axis = axes[0] - (shape.length - 2);
    long[] matrix = {shape[shape.length - 2], shape[shape.length - 1]};
    int hidden = (int) matrix[axis];
    long[] xs = p.x().shape();
    // s is [H] or [E, H] (squeezed: one expert gives [H]); x is s's shape plus the samples
    if (p.s().size() != batch * hidden || xs.length != p.s().rank() + 1) {
      throw new UnsupportedModelException("activation statistics of " + site.op().name() + " have shape "
          + Arrays.toString(xs) + ", which does not match " + site);
    }
    int n = (int) xs[xs.length - 1];
    int per = (int) (matrix[0] * matrix[1]);
    float[] scale = null;
    int[] zp = null;
    for (int e = 0; e < batch; e++) {
      ScaleEstimation.Result r = ScaleEstimation.estimate(
          batch == 1 ? weight : Arrays.copyOfRange(weight, e * per, (e + 1) * per), matrix, axis, q,
          config.groupSize(), Arrays.copyOfRange(s, e * hidden, (e + 1) * hidden),
          Arrays.copyOfRange(x, e * hidden * n, (e + 1) * hidden * n), n, params);
      if (scale == null) {
        scale = new float[r.scale().length * batch];
        zp = r.zeroPoint() == null ? null : new int[scale.length];
      }
      System.arraycopy(r.scale(), 0, scale, e * r.scale().length, r.scale().length);
      if (zp != null) {
        System.arraycopy(r.zeroPoint(), 0, zp, e * r.scale().length, r.scale().length);
      }
    }
    CompressedWeight cw = q.lowerWithScale(weight, shape, axes[0], config.groupSize(), scale, zp);
    return new LoweredWeight(cw, cw.codes(), cw.grouping().groupedShape(), cw.grouping().scaleShape());
  }

  /** The hidden axis of the MatMul's activation (for the token counts of NNCF's sub-sampling), or -1. */
  static int channelAxis(WeightSite site) {
    int actPort = 1 - site.port();
    var shape = site.op().input(actPort).source().shape();
    return shape.isRankStatic() ? ActivationAxes.channelAxis(site.op(), actPort, shape.rank()) : -1;
  }
}
