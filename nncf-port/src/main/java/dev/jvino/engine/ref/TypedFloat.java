package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.Values;
import dev.jvino.ir.ElementType;

/**
 * Float arithmetic "in the element type" as OpenVINO's reference kernels do it: every operator result is
 * rounded to f16/bf16 (identity for f32), and sums use the same compensated (Kahan) step in that type.
 */
final class TypedFloat {
  private TypedFloat() {}

  static float r(ElementType t, float v) {
    return Values.roundFloat(t, v);
  }

  /** One compensated summation step into {@code sum[o]} with compensation {@code comp[o]}. */
  static void kahan(ElementType t, float[] sum, float[] comp, int o, float elem) {
    float s = sum[o];
    if (Float.isFinite(elem) && Float.isFinite(s)) {
      float y = r(t, elem - comp[o]);
      float temp = r(t, s + y);
      comp[o] = r(t, r(t, temp - s) - y);
      sum[o] = temp;
    } else {
      sum[o] = r(t, s + elem);
    }
  }

  /** The same step in double precision (f64). */
  static void kahan(double[] sum, double[] comp, int o, double elem) {
    double s = sum[o];
    if (Double.isFinite(elem) && Double.isFinite(s)) {
      double y = elem - comp[o];
      double temp = s + y;
      comp[o] = (temp - s) - y;
      sum[o] = temp;
    } else {
      sum[o] = s + elem;
    }
  }

  /** {@code std::numeric_limits<T>::max()} for a float type. */
  static double highest(ElementType t) {
    return -Pooling.lowest(t);
  }
}
