package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.Shapes;
import java.util.Arrays;

/**
 * For a reduction over flagged dimensions: the output shape and, for every input element, the flat
 * index of the output element it folds into.
 */
record ReduceMap(long[] outShape, int outSize, int[] target) {
  static ReduceMap of(long[] shape, boolean[] reduced, boolean keepDims) {
    int rank = shape.length;
    long[] kept = new long[rank];
    long[] out = new long[rank];
    int outRank = 0;
    for (int d = 0; d < rank; d++) {
      kept[d] = reduced[d] ? 1 : shape[d];
      if (!reduced[d] || keepDims) {
        out[outRank++] = kept[d];
      }
    }
    int[] keptStrides = Shapes.strides(kept);
    int n = Shapes.size(shape);
    int[] target = new int[n];
    int[] idx = new int[rank];
    for (int i = 0; i < n; i++) {
      int t = 0;
      for (int d = 0; d < rank; d++) {
        if (!reduced[d]) {
          t += idx[d] * keptStrides[d];
        }
      }
      target[i] = t;
      for (int d = rank - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) {
          break;
        }
        idx[d] = 0;
      }
    }
    long[] outShape = Arrays.copyOf(out, outRank);
    return new ReduceMap(outShape, Shapes.size(kept), target);
  }
}
