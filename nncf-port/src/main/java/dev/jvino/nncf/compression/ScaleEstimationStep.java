package dev.jvino.nncf.compression;

import dev.jvino.nncf.AdvancedCompressionParameters.ScaleEstimationParameters;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.statistics.WeightCompressionStats;
import dev.jvino.nncf.weights.CompressedWeight;
import dev.jvino.nncf.weights.WeightLowering;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Applies {@link ScaleEstimation} to one weight during compression, as NNCF's
 * {@code ScaleEstimation.apply} does for each weight: only 4-bit configs of MatMul weights with collected
 * statistics are estimated (8-bit backup weights and weights without statistics are lowered as usual), and
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
   *
   * @throws UnsupportedModelException for an estimated weight that is not 2-D, a MatMul with transposed
   *     activations, or statistics whose hidden size does not match the weight
   */
  @Nullable LoweredWeight lower(float[] weight, WeightSite site, WeightCompressionConfig config) {
    CompressWeightsMode mode = config.mode();
    boolean fourBit = mode == CompressWeightsMode.INT4_SYM || mode == CompressWeightsMode.INT4_ASYM;
    WeightCompressionStats stats = means.get(site.op().name());
    if (!fourBit || site.kind() != OpKind.MATMUL || stats == null) {
      return null;
    }
    long[] shape = site.shape();
    int[] axes = site.reductionAxes();
    if (shape.length != 2 || axes.length != 1) {
      throw new UnsupportedModelException("scale estimation in jvino supports 2-D MatMul weights only; "
          + site + " has shape " + java.util.Arrays.toString(shape));
    }
    int actPort = 1 - site.port();
    if (site.op().attributes().bool(actPort == 0 ? "transpose_a" : "transpose_b", false)) {
      throw new UnsupportedModelException("scale estimation in jvino does not support transposed activations: "
          + site.op().name());
    }
    WeightCompressionStats.Processed p = stats.process(params.subsetSize());
    float[] s = p.s().toFloatArray();
    float[] x = p.x().toFloatArray();
    int axis = axes[0];
    if (s.length != shape[axis] || p.x().rank() != 2) {
      throw new UnsupportedModelException("activation statistics of " + site.op().name() + " have shape "
          + java.util.Arrays.toString(p.x().shape()) + ", which does not match " + site);
    }
    int n = (int) p.x().shape()[1];
    ScaleEstimation.Result r = ScaleEstimation.estimate(weight, shape, axis, mode, config.groupSize(), s, x, n,
        params);
    CompressedWeight cw = WeightLowering.lowerWithScale(weight, shape, axis, mode, config.groupSize(), r.scale(),
        r.zeroPoint(), null);
    return new LoweredWeight(cw, cw.codes(), cw.grouping().groupedShape(), cw.grouping().scaleShape());
  }
}
