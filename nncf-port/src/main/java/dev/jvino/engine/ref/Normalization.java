package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.ir.ElementType;
import java.util.Locale;

/** MVN-6: mean-variance normalisation over the axes given by an integer input. */
public final class Normalization {
  private Normalization() {}

  /** Where MVN-6 adds {@code eps}. */
  public enum EpsMode {
    /** {@code (x - mean) / sqrt(var + eps)}. */
    INSIDE_SQRT,
    /** {@code (x - mean) / (sqrt(var) + eps)}. */
    OUTSIDE_SQRT;

    public static EpsMode parse(String op, String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "inside_sqrt" -> INSIDE_SQRT;
        case "outside_sqrt" -> OUTSIDE_SQRT;
        default -> throw new OpAttributeException(op, "eps_mode", text, "expected inside_sqrt or outside_sqrt");
      };
    }
  }

  /** MVN-6 attributes. */
  public record MvnAttrs(boolean normalizeVariance, double eps, EpsMode epsMode) {
    public MvnAttrs {
      if (!(eps >= 0) || Double.isInfinite(eps)) {
        throw new OpAttributeException("MVN-6", "eps", eps, "must be a finite non-negative number");
      }
    }
  }

  /**
   * MVN-6, step by step as OpenVINO's reference in the element type: {@code d = x - mean(x)} (mean by
   * compensated summation), then for normalize_variance {@code var = mean(d * d)} and
   * {@code d / sqrt(var + eps)} (inside) or {@code d / (sqrt(var) + eps)} (outside), with {@code eps}
   * converted to the element type.
   */
  public static NdArray mvn(NdArray data, NdArray axes, MvnAttrs attrs) {
    String op = "MVN-6";
    if (data.storage() != Storage.FLOAT && data.storage() != Storage.DOUBLE) {
      throw new UnsupportedOpException(op, "element type " + data.type() + " is not supported");
    }
    int rank = data.rank();
    int[] ax = Axes.normalizeAll(op, 1, axes, rank);
    long[] shape = data.shape();
    long[] kept = shape.clone();
    long count = 1;
    for (int a : ax) {
      kept[a] = 1;
      count *= shape[a];
    }
    int[] group = Broadcasting.indexMap(shape, kept);
    int groups = dev.jvino.engine.tensor.Shapes.size(kept);
    if (data.storage() == Storage.FLOAT) {
      return mvnFloat(data, group, groups, count, attrs);
    }
    double[] x = data.doubles();
    int n = x.length;
    double[] mean = new double[groups];
    double[] comp = new double[groups];
    for (int i = 0; i < n; i++) {
      TypedFloat.kahan(mean, comp, group[i], x[i]);
    }
    for (int g = 0; g < groups; g++) {
      mean[g] /= count;
    }
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = x[i] - mean[group[i]];
    }
    if (attrs.normalizeVariance()) {
      double[] var = new double[groups];
      java.util.Arrays.fill(comp, 0);
      for (int i = 0; i < n; i++) {
        TypedFloat.kahan(var, comp, group[i], d[i] * d[i]);
      }
      for (int g = 0; g < groups; g++) {
        double v = var[g] / count;
        var[g] = attrs.epsMode() == EpsMode.INSIDE_SQRT ? Math.sqrt(v + attrs.eps()) : Math.sqrt(v) + attrs.eps();
      }
      for (int i = 0; i < n; i++) {
        d[i] /= var[group[i]];
      }
    }
    return NdArray.ofDoubles(shape, d);
  }

  private static NdArray mvnFloat(NdArray data, int[] group, int groups, long count, MvnAttrs attrs) {
    ElementType t = data.type();
    float[] x = data.floats();
    int n = x.length;
    float[] mean = new float[groups];
    float[] comp = new float[groups];
    for (int i = 0; i < n; i++) {
      TypedFloat.kahan(t, mean, comp, group[i], x[i]);
    }
    for (int g = 0; g < groups; g++) {
      mean[g] = TypedFloat.r(t, mean[g] / (float) count);
    }
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = TypedFloat.r(t, x[i] - mean[group[i]]);
    }
    if (attrs.normalizeVariance()) {
      float eps = TypedFloat.r(t, (float) attrs.eps());
      float[] var = new float[groups];
      java.util.Arrays.fill(comp, 0);
      for (int i = 0; i < n; i++) {
        TypedFloat.kahan(t, var, comp, group[i], TypedFloat.r(t, d[i] * d[i]));
      }
      for (int g = 0; g < groups; g++) {
        float v = TypedFloat.r(t, var[g] / (float) count);
        var[g] = attrs.epsMode() == EpsMode.INSIDE_SQRT
            ? TypedFloat.r(t, (float) Math.sqrt(TypedFloat.r(t, v + eps)))
            : TypedFloat.r(t, TypedFloat.r(t, (float) Math.sqrt(v)) + eps);
      }
      for (int i = 0; i < n; i++) {
        d[i] = d[i] / var[group[i]];
      }
    }
    return NdArray.ofFloats(t, data.shape(), d);
  }
}
