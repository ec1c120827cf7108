package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import java.util.List;

/**
 * Reference kernels for ops OpenVINO's ONNX frontend emits that the registry lacked: BatchNormInference-5,
 * LRN-1 and Interpolate-11 ({@link Interpolation}). Values are computed in double and rounded once to
 * the element type.
 */
final class FrontendKernels {
  private FrontendKernels() {}

  static void register() {
    KernelRegistry.register("BatchNormInference", (in, a) -> List.of(batchNorm(KernelRegistry.in(in, 0, a),
        KernelRegistry.in(in, 1, a), KernelRegistry.in(in, 2, a), KernelRegistry.in(in, 3, a),
        KernelRegistry.in(in, 4, a), a.doubleValue("epsilon"), a.op())), 5);
    KernelRegistry.register("LRN", (in, a) -> List.of(lrn(KernelRegistry.in(in, 0, a), KernelRegistry.in(in, 1, a),
        a.doubleValue("alpha"), a.doubleValue("beta"), a.doubleValue("bias"), a.longValue("size"), a.op())), 0);
    KernelRegistry.register("Interpolate", (in, a) -> List.of(Interpolation.interpolate(KernelRegistry.in(in, 0, a),
        KernelRegistry.in(in, 1, a), KernelRegistry.opt(in, 2), Interpolation.Attrs.parse(a))), 11);
  }

  private static void checkFloat(NdArray x, String op) {
    if (x.storage() != Storage.FLOAT && x.storage() != Storage.DOUBLE) {
      throw new UnsupportedOpException(op, "input type " + x.type() + " is not supported");
    }
  }

  /** {@code gamma * (x - mean) / sqrt(variance + epsilon) + beta}, per channel (axis 1). */
  static NdArray batchNorm(NdArray x, NdArray gamma, NdArray beta, NdArray mean, NdArray var, double eps,
      String op) {
    checkFloat(x, op);
    if (x.rank() < 2) {
      throw new OpInputException(op, 0, "needs rank >= 2, got " + Shapes.str(x.shape()));
    }
    long channels = x.dim(1);
    NdArray[] params = {gamma, beta, mean, var};
    for (int i = 0; i < 4; i++) {
      if (params[i].size() != channels) {
        throw new OpInputException(op, i + 1, "needs " + channels + " values, got " + Shapes.str(params[i].shape()));
      }
    }
    int inner = Shapes.product(x.shape(), 2, x.rank());
    int c = (int) channels;
    NdArray y = NdArray.zeros(x.type(), x.shape());
    for (int i = 0; i < x.size(); i++) {
      int ch = (i / inner) % c;
      double norm = (x.getDouble(i) - mean.getDouble(ch)) / Math.sqrt(var.getDouble(ch) + eps);
      y.setDouble(i, gamma.getDouble(ch) * norm + beta.getDouble(ch));
    }
    return y;
  }

  /**
   * Local response normalization across channels: {@code x / (bias + alpha / size * sum)^beta}, the sum
   * of squares over channels {@code c - floor((size-1)/2) .. c + ceil((size-1)/2)} clipped to the
   * tensor (for odd sizes the symmetric window of OpenVINO's LRN).
   */
  static NdArray lrn(NdArray x, NdArray axes, double alpha, double beta, double bias, long size, String op) {
    checkFloat(x, op);
    long[] ax = axes.toLongArray();
    if (ax.length != 1 || (ax[0] != 1 && ax[0] != 1 - x.rank())) {
      throw new UnsupportedOpException(op, "only normalization across channels (axes = [1]) is implemented");
    }
    if (size <= 0) {
      throw new OpAttributeException(op, "size", size, "must be positive");
    }
    int c = (int) x.dim(1);
    int inner = Shapes.product(x.shape(), 2, x.rank());
    int before = (int) ((size - 1) / 2);
    int after = (int) (size - 1 - before);
    NdArray y = NdArray.zeros(x.type(), x.shape());
    int batches = x.size() / Math.max(1, c * inner);
    for (int b = 0; b < batches; b++) {
      for (int ch = 0; ch < c; ch++) {
        int lo = Math.max(0, ch - before);
        int hi = Math.min(c - 1, ch + after);
        for (int s = 0; s < inner; s++) {
          double sum = 0;
          for (int k = lo; k <= hi; k++) {
            double v = x.getDouble((b * c + k) * inner + s);
            sum += v * v;
          }
          int i = (b * c + ch) * inner + s;
          y.setDouble(i, x.getDouble(i) / Math.pow(bias + alpha / size * sum, beta));
        }
      }
    }
    return y;
  }
}
