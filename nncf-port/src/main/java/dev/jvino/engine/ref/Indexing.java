package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.engine.tensor.Values;
import dev.jvino.ir.ElementType;
import java.util.Arrays;

/** Gather-8, Broadcast-3 and Range-4. */
public final class Indexing {
  private Indexing() {}

  /**
   * Gather-8: picks slices of {@code data} along the scalar {@code axis} input at {@code indices}.
   * {@code batchDims} (negative counts from the indices' rank) leading dimensions are shared by data
   * and indices. Negative indices count from the end of the axis; indices out of {@code [-dim, dim)}
   * yield zeros, as OpenVINO's Gather-8 reference does.
   */
  public static NdArray gather(NdArray data, NdArray indices, NdArray axis, long batchDims) {
    String op = "Gather-8";
    long[] idx = Axes.integers(op, 1, indices);
    int rank = data.rank();
    int ax = Axes.normalize(op, "axis", Axes.scalar(op, 2, axis), rank);
    long bd = batchDims < 0 ? batchDims + indices.rank() : batchDims;
    if (bd < 0 || bd > indices.rank() || bd > ax) {
      throw new OpAttributeException(op, "batch_dims", batchDims, "must lie in [0, min(axis "
          + ax + ", indices rank " + indices.rank() + ")] after normalisation");
    }
    int b = (int) bd;
    long[] ds = data.shape();
    long[] is = indices.shape();
    for (int i = 0; i < b; i++) {
      if (ds[i] != is[i]) {
        throw new OpInputException(op, 1, "batch dimension " + i + " differs: data " + Shapes.str(ds)
            + ", indices " + Shapes.str(is));
      }
    }
    long[] out = new long[rank - 1 + is.length - b];
    int p = 0;
    for (int i = 0; i < ax; i++) {
      out[p++] = ds[i];
    }
    for (int i = b; i < is.length; i++) {
      out[p++] = is[i];
    }
    for (int i = ax + 1; i < rank; i++) {
      out[p++] = ds[i];
    }
    int batch = Shapes.product(ds, 0, b);
    int outerPerBatch = Shapes.product(ds, b, ax);
    long axisDim = ds[ax];
    int inner = Shapes.product(ds, ax + 1, rank);
    int idxPerBatch = Shapes.product(is, b, is.length);
    NdArray r = NdArray.zeros(data.type(), out);
    for (int bi = 0; bi < batch; bi++) {
      for (int o = 0; o < outerPerBatch; o++) {
        int slab = bi * outerPerBatch + o;
        for (int j = 0; j < idxPerBatch; j++) {
          long k = idx[bi * idxPerBatch + j];
          if (k < 0) {
            k += axisDim;
          }
          if (k < 0 || k >= axisDim) {
            continue; // out of range: stays zero
          }
          r.copyRange(data, (int) ((slab * axisDim + k) * inner), (slab * idxPerBatch + j) * inner, inner);
        }
      }
    }
    return r;
  }

  /** Broadcast-1/3 modes. */
  public enum BroadcastMode { NUMPY, EXPLICIT, BIDIRECTIONAL, PDPD }

  /**
   * Broadcast-3: replicates {@code data} to {@code targetShape} (NUMPY: data right-aligned into the
   * target; BIDIRECTIONAL: the NUMPY broadcast of both shapes; EXPLICIT: data dimension i goes to output
   * axis {@code axesMapping[i]}; PDPD: data, without its trailing 1s, aligned to the end of the target).
   */
  public static NdArray broadcast(NdArray data, NdArray targetShape,
      @org.jspecify.annotations.Nullable NdArray axesMapping, BroadcastMode mode) {
    String op = "Broadcast-3";
    long[] target = Axes.integers(op, 1, targetShape);
    long[] in = data.shape();
    long[] out;
    long[] aligned;
    switch (mode) {
      case NUMPY -> {
        out = target;
        if (in.length > out.length) {
          throw new OpInputException(op, 0, "rank of " + Shapes.str(in) + " exceeds target " + Shapes.str(out));
        }
        aligned = new long[out.length];
        Arrays.fill(aligned, 1);
        for (int i = 0; i < in.length; i++) {
          int o = i + out.length - in.length;
          if (in[i] != 1 && in[i] != out[o]) {
            throw new OpInputException(op, 0, Shapes.str(in) + " does not broadcast to " + Shapes.str(out));
          }
          aligned[o] = in[i];
        }
      }
      case BIDIRECTIONAL -> {
        out = Broadcasting.numpy(op, in, target);
        aligned = new long[out.length];
        Arrays.fill(aligned, 1);
        System.arraycopy(in, 0, aligned, out.length - in.length, in.length);
      }
      case EXPLICIT -> {
        if (axesMapping == null) {
          throw new OpInputException(op, 2, "explicit mode needs axes_mapping");
        }
        long[] map = Axes.integers(op, 2, axesMapping);
        out = target;
        if (map.length != in.length) {
          throw new OpInputException(op, 2, "axes_mapping " + Arrays.toString(map)
              + " must have one entry per data dimension " + Shapes.str(in));
        }
        aligned = new long[out.length];
        Arrays.fill(aligned, 1);
        long prev = -1;
        for (int i = 0; i < map.length; i++) {
          if (map[i] <= prev || map[i] >= out.length) {
            throw new OpInputException(op, 2, "axes_mapping " + Arrays.toString(map)
                + " must be increasing and below the target rank " + out.length);
          }
          prev = map[i];
          if (in[i] != 1 && in[i] != out[(int) map[i]]) {
            throw new OpInputException(op, 0, "dimension " + i + " of " + Shapes.str(in)
                + " does not match target " + Shapes.str(out) + " at axis " + map[i]);
          }
          aligned[(int) map[i]] = in[i];
        }
      }
      case PDPD -> {
        out = target;
        // data aligned to the trailing target dimensions after dropping its own trailing 1s
        aligned = Broadcasting.pdpdAlign(op, out, in, -1);
      }
      default -> throw new IllegalStateException();
    }
    for (long d : out) {
      if (d < 0) {
        throw new OpInputException(op, 1, "negative dimension in target " + Shapes.str(out));
      }
    }
    int[] map = Broadcasting.indexMap(out, aligned);
    NdArray r = NdArray.zeros(data.type(), out);
    for (int i = 0; i < map.length; i++) {
      r.copyElement(data, map[i], i);
    }
    return r;
  }

  /**
   * Range-4: {@code start, start+step, ...} below {@code stop} (above it for a negative step), of
   * {@code outputType}. Start, stop and step are first converted to the output type (integers truncate
   * toward zero), then the length is {@code max(0, ceil((stop - start) / step))} with the difference
   * taken in the output type; float values are {@code start + i * step} in the output type.
   */
  public static NdArray range(NdArray start, NdArray stop, NdArray step, ElementType outputType) {
    String op = "Range-4";
    if (!Storage.supports(outputType) || outputType == ElementType.BOOLEAN) {
      throw new OpAttributeException(op, "output_type", outputType, "must be a numeric type");
    }
    double s0 = scalarValue(op, 0, start);
    double s1 = scalarValue(op, 1, stop);
    double st = scalarValue(op, 2, step);
    boolean integer = Storage.of(outputType) == Storage.LONG;
    if (integer) {
      s0 = (double) Convert.floatToInteger(s0, outputType);
      s1 = (double) Convert.floatToInteger(s1, outputType);
      st = (double) Convert.floatToInteger(st, outputType);
    }
    if (Storage.of(outputType) == Storage.FLOAT) {
      // cast to the output type first, and take the span in that type, as OpenVINO does
      s0 = Values.roundFloat(outputType, (float) s0);
      s1 = Values.roundFloat(outputType, (float) s1);
      st = Values.roundFloat(outputType, (float) st);
      s1 = s0 + Values.roundFloat(outputType, (float) s1 - (float) s0);
    }
    if (st == 0 || Double.isNaN(st) || Double.isNaN(s0) || Double.isNaN(s1)) {
      throw new OpInputException(op, 2, "step must be a non-zero number (start " + s0 + ", stop " + s1
          + ", step " + st + ")");
    }
    double len = Math.max(0, Math.ceil((s1 - s0) / st));
    if (len > Integer.MAX_VALUE - 8) {
      throw new OpInputException(op, 1, "range of " + len + " elements is too large");
    }
    int n = (int) len;
    long[] shape = {n};
    return switch (Storage.of(outputType)) {
      case LONG -> {
        long[] r = new long[n];
        long a = (long) s0;
        long d = (long) st;
        for (int i = 0; i < n; i++) {
          r[i] = a + i * d;
        }
        yield NdArray.ofLongs(outputType, shape, r);
      }
      case FLOAT -> {
        float a = Values.roundFloat(outputType, (float) s0);
        float d = Values.roundFloat(outputType, (float) st);
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
          r[i] = a + Values.roundFloat(outputType, i * d);
        }
        yield NdArray.ofFloats(outputType, shape, r);
      }
      case DOUBLE -> {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
          r[i] = s0 + i * st;
        }
        yield NdArray.ofDoubles(shape, r);
      }
      case BOOL -> throw new IllegalStateException();
    };
  }

  private static double scalarValue(String op, int input, NdArray x) {
    if (x.size() != 1) {
      throw new OpInputException(op, input, "must be a scalar, got shape " + Shapes.str(x.shape()));
    }
    return x.getDouble(0);
  }
}
