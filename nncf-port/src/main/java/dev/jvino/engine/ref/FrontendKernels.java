package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import java.util.List;

/**
 * Reference kernels for ops OpenVINO's ONNX frontend emits that the registry lacked: LRN-0 (opset1).
 * Values are computed in double and rounded once to the element type. (BatchNormInference and
 * Interpolate come from {@link VisionKernels}.)
 */
final class FrontendKernels {
  private FrontendKernels() {}

  static void register() {
    KernelRegistry.register("LRN", (in, a) -> List.of(lrn(KernelRegistry.in(in, 0, a), KernelRegistry.in(in, 1, a),
        a.doubleValue("alpha"), a.doubleValue("beta"), a.doubleValue("bias"), a.longValue("size"), a.op())), 0);
  }

  private static void checkFloat(NdArray x, String op) {
    if (x.storage() != Storage.FLOAT && x.storage() != Storage.DOUBLE) {
      throw new UnsupportedOpException(op, "input type " + x.type() + " is not supported");
    }
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
