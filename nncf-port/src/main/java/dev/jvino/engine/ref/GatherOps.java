package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.ir.ElementType;
import java.util.Arrays;

/** GatherElements-6, GatherND-5/8 and NonZero-3. */
public final class GatherOps {
  private GatherOps() {}

  /**
   * GatherElements-6: {@code out[pos] = data[pos with pos[axis] = indices[pos]]}. {@code indices} has
   * the rank of {@code data} and its shape except along {@code axis}; the output has the shape of
   * {@code indices}. Indices must lie in {@code [0, data.shape[axis])}, as the spec requires.
   */
  public static NdArray gatherElements(NdArray data, NdArray indices, long axisAttr) {
    String op = "GatherElements-6";
    long[] idx = Axes.integers(op, 1, indices);
    int rank = data.rank();
    if (rank < 1) {
      throw new OpInputException(op, 0, "must have rank >= 1");
    }
    int axis = Axes.normalize(op, "axis", axisAttr, rank);
    long[] ds = data.shape();
    long[] is = indices.shape();
    if (is.length != rank) {
      throw new OpInputException(op, 1, "indices rank " + is.length + " must equal data rank " + rank);
    }
    for (int d = 0; d < rank; d++) {
      if (d != axis && is[d] != ds[d]) {
        throw new OpInputException(op, 1, "indices shape " + Shapes.str(is) + " must equal data shape "
            + Shapes.str(ds) + " except along axis " + axis);
      }
    }
    int[] strides = Shapes.strides(ds);
    int[] coord = new int[rank];
    NdArray out = NdArray.zeros(data.type(), is);
    for (int i = 0; i < idx.length; i++) {
      long k = idx[i];
      if (k < 0 || k >= ds[axis]) {
        throw new OpInputException(op, 1, "index " + k + " out of range [0, " + ds[axis] + ") on axis " + axis);
      }
      int src = 0;
      for (int d = 0; d < rank; d++) {
        src += (d == axis ? (int) k : coord[d]) * strides[d];
      }
      out.copyElement(data, src, i);
      for (int d = rank - 1; d >= 0; d--) {
        if (++coord[d] < is[d]) {
          break;
        }
        coord[d] = 0;
      }
    }
    return out;
  }

  /**
   * GatherND-8 ({@code flattenBatch = false}) and GatherND-5 ({@code flattenBatch = true}): the first
   * {@code batchDims} dimensions of data and indices are shared batches; inside each batch every tuple in
   * the last dimension of {@code indices} (length {@code k}) picks an element or slice of the remaining
   * data dimensions. Output shape: {@code indices.shape[:b] + indices.shape[b:-1] + data.shape[b+k:]} (v8)
   * or with the batch dimensions multiplied into one (v5, only when {@code b > 0}). Negative indices count
   * from the end. Batch dimensions must be equal (the spec's broadcast of size-1 batch dimensions is
   * rejected with {@link OpInputException}).
   */
  public static NdArray gatherNd(String op, NdArray data, NdArray indices, long batchDims, boolean flattenBatch) {
    long[] idx = Axes.integers(op, 1, indices);
    long[] ds = data.shape();
    long[] is = indices.shape();
    if (ds.length < 1 || is.length < 1) {
      throw new OpInputException(op, ds.length < 1 ? 0 : 1, "must have rank >= 1");
    }
    if (batchDims < 0 || batchDims >= Math.min(ds.length, is.length)) {
      throw new OpAttributeException(op, "batch_dims", batchDims, "must lie in [0, min(data rank "
          + ds.length + ", indices rank " + is.length + "))");
    }
    int b = (int) batchDims;
    for (int i = 0; i < b; i++) {
      if (ds[i] != is[i]) {
        throw new OpInputException(op, 1, "batch dimension " + i + " differs: data " + Shapes.str(ds)
            + ", indices " + Shapes.str(is) + " (broadcast batch dimensions are not supported)");
      }
    }
    int k = (int) is[is.length - 1];
    if (b + k > ds.length) {
      throw new OpInputException(op, 1, "tuples of length " + k + " after " + b
          + " batch dimensions exceed data rank " + ds.length);
    }
    int batch = Shapes.product(ds, 0, b);
    int tuplesPerBatch = Shapes.product(is, b, is.length - 1);
    int slice = Shapes.product(ds, b + k, ds.length);
    int batchStride = Shapes.product(ds, b, ds.length);
    int[] strides = Shapes.strides(ds);
    long[] out;
    long[] tail = Arrays.copyOfRange(ds, b + k, ds.length);
    long[] mid = Arrays.copyOfRange(is, b, is.length - 1);
    if (flattenBatch && b > 0) {
      out = concat(new long[] {batch}, mid, tail);
    } else {
      out = concat(Arrays.copyOfRange(is, 0, b), mid, tail);
    }
    NdArray r = NdArray.zeros(data.type(), out);
    for (int bi = 0; bi < batch; bi++) {
      for (int t = 0; t < tuplesPerBatch; t++) {
        int tuple = (bi * tuplesPerBatch + t) * k;
        int src = bi * batchStride;
        for (int j = 0; j < k; j++) {
          long v = idx[tuple + j];
          long dim = ds[b + j];
          long n = v < 0 ? v + dim : v;
          if (n < 0 || n >= dim) {
            throw new OpInputException(op, 1, "index " + v + " out of range [-" + dim + ", " + dim
                + ") for data dimension " + (b + j));
          }
          src += (int) n * strides[b + j];
        }
        r.copyRange(data, src, (bi * tuplesPerBatch + t) * slice, slice);
      }
    }
    return r;
  }

  private static long[] concat(long[]... parts) {
    int n = 0;
    for (long[] p : parts) {
      n += p.length;
    }
    long[] out = new long[n];
    int at = 0;
    for (long[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /**
   * NonZero-3: the coordinates of every non-zero element (NaN counts as non-zero) in row-major order, as
   * a {@code [rank, count]} tensor of {@code outputType} (i32 or i64); a non-zero scalar gives
   * {@code [[0]]} (shape [1, 1]), a zero scalar shape [0, 0].
   */
  public static NdArray nonZero(NdArray x, ElementType outputType) {
    String op = "NonZero-3";
    if (outputType != ElementType.I32 && outputType != ElementType.I64) {
      throw new OpAttributeException(op, "output_type", outputType, "must be i32 or i64");
    }
    int n = x.size();
    int count = 0;
    boolean[] nz = new boolean[n];
    for (int i = 0; i < n; i++) {
      nz[i] = switch (x.storage()) {
        case LONG -> x.longs()[i] != 0;
        case BOOL -> x.booleans()[i];
        case FLOAT, DOUBLE -> x.getDouble(i) != 0;
      };
      if (nz[i]) {
        count++;
      }
    }
    int rank = x.rank();
    if (rank == 0) {
      return count > 0 ? NdArray.ofLongs(outputType, new long[] {1, 1}, new long[] {0})
          : NdArray.ofLongs(outputType, new long[] {0, 0}, new long[0]);
    }
    long[] shape = x.shape();
    int[] strides = Shapes.strides(shape);
    long[] out = new long[rank * count];
    int col = 0;
    for (int i = 0; i < n; i++) {
      if (!nz[i]) {
        continue;
      }
      int rem = i;
      for (int d = 0; d < rank; d++) {
        out[d * count + col] = rem / strides[d];
        rem %= strides[d];
      }
      col++;
    }
    return NdArray.ofLongs(outputType, new long[] {rank, count}, out);
  }
}
