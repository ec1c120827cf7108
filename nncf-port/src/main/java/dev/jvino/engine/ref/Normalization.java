package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Storage;
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
   * MVN-6. Mean and variance (biased, {@code mean((x - mean)^2)}) are accumulated in double; each result
   * is rounded once to the element type.
   */
  public static NdArray mvn(NdArray data, NdArray axes, MvnAttrs attrs) {
    String op = "MVN-6";
    if (data.storage() != Storage.FLOAT && data.storage() != Storage.DOUBLE) {
      throw new UnsupportedOpException(op, "element type " + data.type() + " is not supported");
    }
    int rank = data.rank();
    int[] ax = Axes.normalizeAll(op, 1, axes, rank);
    boolean[] reduced = new boolean[rank];
    for (int a : ax) {
      reduced[a] = true;
    }
    long[] shape = data.shape();
    long[] kept = shape.clone();
    long count = 1;
    for (int d = 0; d < rank; d++) {
      if (reduced[d]) {
        kept[d] = 1;
        count *= shape[d];
      }
    }
    int n = data.size();
    int[] group = Broadcasting.indexMap(shape, kept);
    int groups = dev.jvino.engine.tensor.Shapes.size(kept);
    double[] mean = new double[groups];
    for (int i = 0; i < n; i++) {
      mean[group[i]] += data.getDouble(i);
    }
    for (int g = 0; g < groups; g++) {
      mean[g] /= count;
    }
    double[] denom = new double[groups];
    java.util.Arrays.fill(denom, 1);
    if (attrs.normalizeVariance()) {
      double[] var = new double[groups];
      for (int i = 0; i < n; i++) {
        double c = data.getDouble(i) - mean[group[i]];
        var[group[i]] += c * c;
      }
      for (int g = 0; g < groups; g++) {
        double v = var[g] / count;
        denom[g] = attrs.epsMode() == EpsMode.INSIDE_SQRT ? Math.sqrt(v + attrs.eps()) : Math.sqrt(v) + attrs.eps();
      }
    }
    NdArray r = NdArray.zeros(data.type(), shape);
    for (int i = 0; i < n; i++) {
      r.setDouble(i, (data.getDouble(i) - mean[group[i]]) / denom[group[i]]);
    }
    return r;
  }
}
