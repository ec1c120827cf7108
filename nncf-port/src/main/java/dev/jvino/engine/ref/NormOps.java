package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import java.util.Locale;

/**
 * BatchNormInference-0/5 and NormalizeL2-0.
 *
 * <p>BatchNormInference: {@code gamma * (x - mean) / sqrt(variance + epsilon) + beta} per channel (axis
 * 1), computed in double and rounded once to the element type.
 *
 * <p>NormalizeL2: {@code x / sqrt(sum(x^2) + eps)} ({@code eps_mode=add}) or
 * {@code x / sqrt(max(sum(x^2), eps))} ({@code eps_mode=max}), the sum running over the given axes;
 * with empty axes every non-zero element becomes 1 and zeros stay 0 (OpenVINO's reference).
 */
public final class NormOps {
  private NormOps() {}

  /** Where NormalizeL2 puts {@code eps}. */
  public enum L2EpsMode {
    /** {@code sqrt(sum + eps)}. */
    ADD,
    /** {@code sqrt(max(sum, eps))}. */
    MAX;

    static L2EpsMode parse(String op, String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "add" -> ADD;
        case "max" -> MAX;
        default -> throw new OpAttributeException(op, "eps_mode", text, "expected add or max");
      };
    }
  }

  /** BatchNormInference; {@code op} names the version in errors. */
  public static NdArray batchNorm(String op, NdArray x, NdArray gamma, NdArray beta, NdArray mean,
      NdArray variance, double epsilon, int[] ports) {
    if (x.storage() != Storage.FLOAT && x.storage() != Storage.DOUBLE) {
      throw new UnsupportedOpException(op, "input type " + x.type() + " is not supported (floating point only)");
    }
    if (!(epsilon >= 0)) {
      throw new OpAttributeException(op, "epsilon", epsilon, "must be non-negative");
    }
    if (x.rank() < 2) {
      throw new OpInputException(op, ports[0], "needs rank >= 2, got " + Shapes.str(x.shape()));
    }
    int channels = (int) x.dim(1);
    NdArray[] params = {gamma, beta, mean, variance};
    for (int p = 0; p < 4; p++) {
      if (params[p].rank() != 1 || params[p].size() != channels) {
        throw new OpInputException(op, ports[p + 1], "must be a 1-D tensor of " + channels + " values, got "
            + Shapes.str(params[p].shape()));
      }
    }
    int inner = Shapes.product(x.shape(), 2, x.rank());
    int batch = (int) x.dim(0);
    NdArray out = x.like(x.shape());
    for (int c = 0; c < channels; c++) {
      double scale = gamma.getDouble(c) / Math.sqrt(variance.getDouble(c) + epsilon);
      double m = mean.getDouble(c);
      double b = beta.getDouble(c);
      for (int n = 0; n < batch; n++) {
        int base = (n * channels + c) * inner;
        for (int i = 0; i < inner; i++) {
          out.setDouble(base + i, (x.getDouble(base + i) - m) * scale + b);
        }
      }
    }
    return out;
  }

  /** NormalizeL2-0 over the axes of an integer input. */
  public static NdArray normalizeL2(NdArray x, NdArray axes, double eps, L2EpsMode mode) {
    String op = "NormalizeL2-0";
    if (x.storage() != Storage.FLOAT && x.storage() != Storage.DOUBLE) {
      throw new UnsupportedOpException(op, "input type " + x.type() + " is not supported (floating point only)");
    }
    int[] ax = Axes.normalizeAll(op, 1, axes, x.rank());
    NdArray out = x.like(x.shape());
    int n = x.size();
    if (ax.length == 0) {
      for (int i = 0; i < n; i++) {
        out.setDouble(i, x.getDouble(i) == 0 ? 0 : 1);
      }
      return out;
    }
    boolean[] reduced = new boolean[x.rank()];
    for (int a : ax) {
      reduced[a] = true;
    }
    ReduceMap map = ReduceMap.of(x.shape(), reduced, true);
    double[] sums = new double[map.outSize()];
    for (int i = 0; i < n; i++) {
      double v = x.getDouble(i);
      sums[map.target()[i]] += v * v;
    }
    for (int i = 0; i < n; i++) {
      double s = sums[map.target()[i]];
      double denom = Math.sqrt(mode == L2EpsMode.ADD ? s + eps : Math.max(s, eps));
      out.setDouble(i, x.getDouble(i) / denom);
    }
    return out;
  }
}
