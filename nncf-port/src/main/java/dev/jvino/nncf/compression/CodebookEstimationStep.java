package dev.jvino.nncf.compression;

import dev.jvino.nncf.AdvancedCompressionParameters.AdaptiveCodebookParameters;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.statistics.WeightCompressionStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ADAPTIVE_CODEBOOK step of NNCF's {@code apply_with_parameters} ({@code CodebookEstimation.apply}): after
 * AWQ and before the weights are compressed, every 4-bit ADAPTIVE_CODEBOOK weight gets a codebook estimated
 * by {@link CodebookEstimation} from its activation statistics (all collected samples), stored in the value
 * type of {@code adaptive_codebook_params}. With {@code acrossBlocks}, the weights whose names are equal once
 * every non-letter is removed (e.g. {@code layers.0.mlp.down_proj.weight} and {@code layers.1.mlp...}) share
 * one codebook estimated on all of them.
 *
 * <p>Weights are taken as {@code [O, H]}: an {@code [H, O]} MatMul weight (reduced over axis 0) is transposed
 * first. NNCF transposes it too but then evaluates the candidates with scales over the output axis (and
 * fails for grouped ones); jvino keeps the input axis, which is the axis the weight is compressed on.
 */
final class CodebookEstimationStep {
  private CodebookEstimationStep() {}

  /**
   * Returns the plan with the estimated codebooks in the configs of the 4-bit ADAPTIVE_CODEBOOK weights.
   *
   * @throws UnsupportedModelException for such a weight that is not a 2-D MatMul weight with statistics
   */
  static CompressionPlan apply(CompressionPlan plan, Map<String, WeightCompressionStats> means,
      AdaptiveCodebookParameters params) {
    Objects.requireNonNull(params, "params");
    Map<String, WeightCompressionConfig> estimated = new HashMap<>();
    List<WeightAssignment> compressed = plan.assignments().stream().filter(WeightAssignment::isCompressed).toList();
    for (WeightAssignment a : compressed) {
      WeightCompressionConfig config = Objects.requireNonNull(a.config());
      String name = a.site().weightName();
      if (estimated.containsKey(name) || config.mode() != CompressWeightsMode.ADAPTIVE_CODEBOOK
          || config.numBits() != 4) {
        continue;
      }
      List<WeightAssignment> group = new ArrayList<>();
      group.add(a);
      if (params.acrossBlocks()) {
        String key = letters(name);
        for (WeightAssignment other : compressed) {
          if (!other.site().weightName().equals(name) && letters(other.site().weightName()).equals(key)) {
            group.add(other);
          }
        }
      }
      Map<String, CodebookEstimation.Layer> layers = new LinkedHashMap<>();
      for (WeightAssignment g : group) {
        layers.putIfAbsent(g.site().weightName(), layer(g.site(), means));
      }
      CodebookEstimation.Result r = CodebookEstimation.estimate(List.copyOf(layers.values()), config.groupSize(),
          Objects.requireNonNull(config.codebook()), params);
      for (WeightAssignment g : group) {
        WeightCompressionConfig c = Objects.requireNonNull(g.config());
        if (c.mode() == CompressWeightsMode.ADAPTIVE_CODEBOOK) {
          estimated.put(g.site().weightName(),
              new WeightCompressionConfig(c.mode(), c.groupSize(), r.codebook(), params.valueType()));
        }
      }
    }
    return new CompressionPlan(plan.assignments().stream().map(a -> {
      WeightCompressionConfig c = estimated.get(a.site().weightName());
      return c == null || !a.isCompressed() ? a : new WeightAssignment(a.site(), c, a.ratioDefining());
    }).toList(), plan.skipped());
  }

  /** The name with every character that is not a letter removed (Python's {@code str.isalpha}). */
  static String letters(String name) {
    StringBuilder b = new StringBuilder();
    name.codePoints().filter(Character::isLetter).forEach(b::appendCodePoint);
    return b.toString();
  }

  private static CodebookEstimation.Layer layer(WeightSite site, Map<String, WeightCompressionStats> means) {
    WeightCompressionStats stats = means.get(site.op().name());
    long[] shape = site.shape();
    int[] axes = site.reductionAxes();
    if (site.kind() != OpKind.MATMUL || stats == null || shape.length != 2 || axes.length != 1) {
      throw new UnsupportedModelException("ADAPTIVE_CODEBOOK estimation in jvino supports 2-D MatMul weights with"
          + " activation statistics only; " + site + " has none or another layout");
    }
    WeightCompressionStats.Processed p = stats.process(Integer.MAX_VALUE);
    int axis = axes[0];
    int hidden = (int) shape[axis];
    int out = (int) shape[1 - axis];
    if (p.x().rank() != 2 || p.s().size() != hidden) {
      throw new UnsupportedModelException("activation statistics of " + site.op().name() + " have shape "
          + java.util.Arrays.toString(p.x().shape()) + ", which does not match " + site);
    }
    float[] w = site.constant().constantData().toFloatArray();
    if (axis == 0) {
      float[] t = new float[w.length];
      for (int h = 0; h < hidden; h++) {
        for (int o = 0; o < out; o++) {
          t[o * hidden + h] = w[h * out + o];
        }
      }
      w = t;
    }
    return new CodebookEstimation.Layer(w, out, hidden, p.s().toFloatArray(), p.x().toFloatArray(),
        (int) p.x().shape()[1]);
  }
}
