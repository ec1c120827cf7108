package dev.jvino.nncf.quantization;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.nncf.ValidationException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * NNCF's {@code MinMaxTensorStatistic}: the estimated low and high bounds of a quantized tensor, per
 * tensor (one element) or per channel (the reduced, keep-dims shape).
 */
public record MinMaxStatistic(NdArray min, NdArray max) {
  /**
   * @throws ValidationException if min and max have different shapes
   */
  public MinMaxStatistic {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (!Arrays.equals(min.shape(), max.shape())) {
      throw new ValidationException("min/max statistics differ in shape: " + Shapes.str(min.shape()) + " vs "
          + Shapes.str(max.shape()));
    }
  }

  /**
   * NNCF's {@code _unify_statistics} for a unified-scale group: every statistic flattened, then the
   * element-wise minimum of the mins and maximum of the maxes (as f32 1-D tensors).
   *
   * @throws ValidationException if the group is empty or the statistics differ in size
   */
  public static MinMaxStatistic unify(List<MinMaxStatistic> group) {
    if (group.isEmpty()) {
      throw new ValidationException("cannot unify an empty group of statistics");
    }
    int n = group.getFirst().min().size();
    float[] lo = new float[n];
    float[] hi = new float[n];
    Arrays.fill(lo, Float.POSITIVE_INFINITY);
    Arrays.fill(hi, Float.NEGATIVE_INFINITY);
    for (MinMaxStatistic s : group) {
      if (s.min().size() != n) {
        throw new ValidationException("unified-scale statistics differ in size: " + n + " vs " + s.min().size());
      }
      float[] a = s.min().toFloatArray();
      float[] b = s.max().toFloatArray();
      for (int i = 0; i < n; i++) {
        lo[i] = nanMin(lo[i], a[i]);
        hi[i] = nanMax(hi[i], b[i]);
      }
    }
    long[] shape = {n};
    return new MinMaxStatistic(NdArray.f32(shape, lo), NdArray.f32(shape, hi));
  }

  // numpy's min/max propagate NaN
  private static float nanMin(float a, float b) {
    return Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : Math.min(a, b);
  }

  private static float nanMax(float a, float b) {
    return Float.isNaN(a) || Float.isNaN(b) ? Float.NaN : Math.max(a, b);
  }
}
