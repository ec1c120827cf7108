package dev.jvino.engine.ref;

import dev.jvino.engine.ref.Interpolate.Attrs;
import dev.jvino.engine.ref.Interpolate.Mode;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.engine.tensor.Values;
import java.util.Arrays;

/**
 * The per-mode loops of {@link Interpolate} over an already padded input and an allocated output.
 * {@code scales[i]} belongs to {@code axes[i]}.
 */
final class InterpolateKernels {
  private final String op;
  private final NdArray in;
  private final NdArray out;
  private final int[] axes;
  private final float[] scales;
  private final Attrs attrs;
  private final long[] inShape;
  private final long[] outShape;
  private final int[] inStrides;
  private final int rank;

  InterpolateKernels(String op, NdArray in, NdArray out, int[] axes, float[] scales, Attrs attrs) {
    this.op = op;
    this.in = in;
    this.out = out;
    this.axes = axes;
    this.scales = scales;
    this.attrs = attrs;
    this.inShape = in.shape();
    this.outShape = out.shape();
    this.inStrides = Shapes.strides(inShape);
    this.rank = inShape.length;
  }

  private float value(int flat) {
    return (float) in.getDouble(flat);
  }

  /** Source coordinate along {@code axes[i]} of output coordinate {@code c}. */
  private float source(int i, long c) {
    int axis = axes[i];
    return attrs.transform().source((float) c, scales[i], (float) outShape[axis], (float) inShape[axis]);
  }

  private static boolean next(int[] idx, long[] shape) {
    for (int d = idx.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) {
        return true;
      }
      idx[d] = 0;
    }
    return false;
  }

  void nearest() {
    float[] all = new float[rank];
    Arrays.fill(all, 1.0f);
    for (int i = 0; i < axes.length; i++) {
      all[axes[i]] = scales[i];
    }
    int[] idx = new int[rank];
    int n = out.size();
    for (int o = 0; o < n; o++) {
      int src = 0;
      for (int d = 0; d < rank; d++) {
        float c = attrs.transform().source(idx[d], all[d], outShape[d], inShape[d]);
        long p = attrs.nearest().pick(c, all[d] < 1.0f);
        p = Math.max(0, Math.min(p, inShape[d] - 1));
        src += (int) p * inStrides[d];
      }
      out.copyElement(in, src, o);
      next(idx, outShape);
    }
  }

  void linear() {
    int k = axes.length;
    boolean downsample = false;
    for (float s : scales) {
      downsample |= s < 1.0f;
    }
    boolean antialias = downsample && attrs.antialias();
    float[] a = new float[k];
    long[] r = new long[k];
    long[] window = new long[k];
    float prodA = 1;
    for (int i = 0; i < k; i++) {
      a[i] = antialias ? scales[i] : 1.0f;
      prodA *= a[i];
      r[i] = scales[i] > 1.0f ? 2 : (long) Math.ceil(2.0f / a[i]);
      window[i] = 2 * r[i] + 1;
    }
    int[] idx = new int[rank];
    int n = out.size();
    float[] icoord = new float[k];
    long[] iround = new long[k];
    int[] w = new int[k];
    for (int o = 0; o < n; o++) {
      int base = 0;
      for (int d = 0; d < rank; d++) {
        base += idx[d] * inStrides[d];
      }
      for (int i = 0; i < k; i++) {
        icoord[i] = source(i, idx[axes[i]]);
        iround[i] = Interpolate.roundHalfAway(icoord[i]);
        base -= idx[axes[i]] * inStrides[axes[i]];
      }
      float sum = 0;
      float wsum = 0;
      Arrays.fill(w, 0);
      do {
        boolean inside = true;
        float weight = prodA;
        int flat = base;
        for (int i = 0; i < k && inside; i++) {
          long c = w[i] + iround[i] - r[i];
          inside = c >= 0 && c < inShape[axes[i]];
          float dz = icoord[i] - (float) c;
          weight *= Math.max(0.0f, 1.0f - Math.abs(a[i] * dz));
          flat += (int) c * inStrides[axes[i]];
        }
        if (inside) {
          wsum += weight;
          sum += weight * value(flat);
        }
      } while (next(w, window));
      Interpolate.store(out, o, wsum == 0.0f ? 0.0 : sum / wsum, Mode.LINEAR);
      next(idx, outShape);
    }
  }

  /**
   * The positions in {@code axes} linear_onnx interpolates: OpenVINO accepts all axes in order (for rank
   * 4 and up only the spatial ones are interpolated) or, from rank 4, exactly the spatial axes.
   */
  private int[] onnxAxes() {
    int k = axes.length;
    boolean ok;
    int[] all = new int[rank];
    Arrays.setAll(all, i -> i);
    int[] spatial = Arrays.copyOfRange(all, Math.min(2, rank), rank);
    if (rank == 2 || rank == 3) {
      ok = Arrays.equals(axes, all);
    } else {
      ok = rank >= 4 && (Arrays.equals(axes, all) || Arrays.equals(axes, spatial));
    }
    if (!ok) {
      throw new OpInputException(op, -1, "linear_onnx interpolates all axes or all axes but the first two, in order;"
          + " got axes " + Arrays.toString(axes) + " for rank " + rank);
    }
    if (rank >= 4 && k == rank) {
      for (int d = 0; d < 2; d++) {
        if (inShape[d] != outShape[d]) {
          throw new UnsupportedOpException(op, "linear_onnx cannot resize batch or channel dimension " + d);
        }
      }
      return spatial;
    }
    int[] pos = new int[k];
    Arrays.setAll(pos, i -> i);
    return pos;
  }

  void linearOnnx() {
    int[] axisIdx = onnxAxes(); // positions in axes[] that are interpolated
    int s = axisIdx.length;
    int[] idx = new int[rank];
    int n = out.size();
    long[] in1 = new long[s];
    long[] in2 = new long[s];
    float[] d1 = new float[s];
    float[] d2 = new float[s];
    int points = 1 << s;
    for (int o = 0; o < n; o++) {
      int base = 0;
      for (int d = 0; d < rank; d++) {
        base += idx[d] * inStrides[d];
      }
      for (int j = 0; j < s; j++) {
        int i = axisIdx[j];
        int axis = axes[i];
        base -= idx[axis] * inStrides[axis];
        long len = inShape[axis];
        float c = source(i, idx[axis]);
        c = Math.max(0.0f, Math.min(c, (float) (len - 1)));
        in1[j] = Math.min((long) c, len - 1);
        in2[j] = Math.min(in1[j] + 1, len - 1);
        d1[j] = Math.abs(c - in1[j]);
        d2[j] = Math.abs(c - in2[j]);
        if (in1[j] == in2[j]) {
          d1[j] = 0.5f;
          d2[j] = 0.5f;
        }
      }
      float sum = 0;
      for (int p = 0; p < points; p++) {
        float coeff = 1.0f;
        int flat = base;
        for (int j = 0; j < s; j++) {
          boolean far = (p & (1 << (s - 1 - j))) != 0;
          coeff *= far ? d1[j] : d2[j];
          flat += (int) (far ? in2[j] : in1[j]) * inStrides[axes[axisIdx[j]]];
        }
        sum += coeff * value(flat);
      }
      Interpolate.store(out, o, sum, Mode.LINEAR_ONNX);
      next(idx, outShape);
    }
  }

  void cubic() {
    int k = axes.length;
    float a = (float) attrs.cubeCoeff();
    int[] idx = new int[rank];
    int n = out.size();
    long[] baseCoord = new long[k];
    float[][] coeffs = new float[k][];
    long[] four = new long[k];
    Arrays.fill(four, 4);
    int[] w = new int[k];
    for (int o = 0; o < n; o++) {
      int base = 0;
      for (int d = 0; d < rank; d++) {
        base += idx[d] * inStrides[d];
      }
      for (int i = 0; i < k; i++) {
        float c = source(i, idx[axes[i]]);
        baseCoord[i] = (long) Math.floor(c);
        coeffs[i] = cubicCoeffs(c - (float) baseCoord[i], a);
        base -= idx[axes[i]] * inStrides[axes[i]];
      }
      float sum = 0;
      Arrays.fill(w, 0);
      do {
        float prod = 1.0f;
        int flat = base;
        for (int i = 0; i < k; i++) {
          long c = Math.max(0, Math.min(baseCoord[i] + w[i] - 1, inShape[axes[i]] - 1));
          flat += (int) c * inStrides[axes[i]];
          prod *= coeffs[i][w[i]];
        }
        sum += prod * value(flat);
      } while (next(w, four));
      Interpolate.store(out, o, sum, Mode.CUBIC);
      next(idx, outShape);
    }
  }

  private static float[] cubicCoeffs(float s, float a) {
    float t = Math.abs(s);
    float u = 1 - t;
    float v = 2 - t;
    return new float[] {
      ((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a,
      ((a + 2) * t - (a + 3)) * t * t + 1,
      ((a + 2) * u - (a + 3)) * u * u + 1,
      ((a * v - 5 * a) * v + 8 * a) * v - 4 * a
    };
  }

  void pillow(boolean cubic) {
    if (axes.length != 2) {
      throw new OpInputException(op, -1, "the Pillow modes resize exactly two axes (H, W), got " + axes.length);
    }
    int hAxis = axes[0];
    int wAxis = axes[1];
    int hIn = (int) inShape[hAxis];
    int wIn = (int) inShape[wAxis];
    int hOut = (int) outShape[hAxis];
    int wOut = (int) outShape[wAxis];
    int[] outStrides = Shapes.strides(outShape);
    long[] outer = outShape.clone();
    outer[hAxis] = 1;
    outer[wAxis] = 1;
    int planes = Shapes.size(outer);
    int[] idx = new int[rank];
    double[] plane = new double[hIn * wIn];
    InterpolatePillow.Store round = roundToType();
    for (int p = 0; p < planes; p++) {
      int inBase = 0;
      int outBase = 0;
      for (int d = 0; d < rank; d++) {
        inBase += idx[d] * inStrides[d];
        outBase += idx[d] * outStrides[d];
      }
      for (int y = 0; y < hIn; y++) {
        for (int x = 0; x < wIn; x++) {
          plane[y * wIn + x] = in.getDouble(inBase + y * inStrides[hAxis] + x * inStrides[wAxis]);
        }
      }
      double[] r = InterpolatePillow.resize(plane, hIn, wIn, hOut, wOut, cubic, attrs.cubeCoeff(), round);
      for (int y = 0; y < hOut; y++) {
        for (int x = 0; x < wOut; x++) {
          Interpolate.store(out, outBase + y * outStrides[hAxis] + x * outStrides[wAxis], r[y * wOut + x],
              attrs.mode());
        }
      }
      next(idx, outer);
    }
  }

  private InterpolatePillow.Store roundToType() {
    if (out.storage() == Storage.FLOAT) {
      return v -> Values.roundFloat(out.type(), (float) v);
    }
    if (out.storage() == Storage.LONG) {
      NdArray one = NdArray.zeros(out.type(), new long[] {1});
      return v -> {
        Interpolate.store(one, 0, v, attrs.mode());
        return one.getDouble(0);
      };
    }
    return v -> v;
  }
}
