package dev.jvino.nncf.compression;

import dev.jvino.ir.ElementType;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.weights.MixedPrecisionSelection;
import dev.jvino.nncf.weights.QuantizationError;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * NNCF's data-free mixed precision (WEIGHT_QUANTIZATION_ERROR): each ratio-defining weight is scored
 * {@code 1 / (max_mean INT8_ASYM error + eps(dtype))}; weights are taken in ascending score order (stable)
 * into the primary precision while the primary share stays below the ratio, stopping at the first one
 * that would reach it ({@link MixedPrecisionSelection}).
 */
public final class MixedPrecision {
  private MixedPrecision() {}

  /** Computes a weight's sensitivity score. */
  @FunctionalInterface
  public interface Scorer {
    double score(WeightSite site);
  }

  /** The data-free score from the weight's values (read from its Constant). */
  public static double dataFreeScore(WeightSite site) {
    float[] w = site.constant().constantData().toFloatArray();
    int axis = site.reductionAxes()[0];
    float error = QuantizationError.maxMean(w, site.shape(), axis, CompressWeightsMode.INT8_ASYM, -1);
    return QuantizationError.dataFreeSensitivity(error, machineEpsilon(site.dtype()));
  }

  /** numpy's {@code finfo(dtype).eps} for a weight type. */
  public static double machineEpsilon(ElementType t) {
    return switch (t) {
      case F16 -> 0x1p-10;
      case BF16 -> 0x1p-7;
      case F64 -> 0x1p-52;
      case F8E4M3 -> 0x1p-3;
      case F8E5M2 -> 0x1p-2;
      default -> 0x1p-23;
    };
  }

  static Set<CompressionPlanner.Entry> select(List<CompressionPlanner.Entry> entries, double ratio, Scorer scorer) {
    long[] sizes = new long[entries.size()];
    double[] scores = new double[entries.size()];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = entries.get(i).site.numWeights();
      scores[i] = scorer.score(entries.get(i).site);
    }
    Set<CompressionPlanner.Entry> primary = Collections.newSetFromMap(new IdentityHashMap<>());
    boolean[] chosen = MixedPrecisionSelection.selectPrimary(scores, sizes, ratio);
    for (int i = 0; i < chosen.length; i++) {
      if (chosen[i]) {
        primary.add(entries.get(i));
      }
    }
    return primary;
  }
}
