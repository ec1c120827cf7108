package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import java.util.Arrays;

/**
 * ConvolutionBackpropData-1 and GroupConvolutionBackpropData-1 (transposed convolution), 1-D to 3-D.
 * Data is {@code [N, G*C_in, X...]}, filters {@code [C_in, C_out, K...]} or, grouped,
 * {@code [G, C_in, C_out, K...]}; the output is {@code [N, G*C_out, Y...]}. Every input element adds
 * {@code x * w} at output position {@code i*stride + k*dilation - pad_begin} (positions outside the
 * output are dropped).
 *
 * <p>Without an {@code output_shape} input, {@code Y = stride*(X-1) + dilation*(K-1) + 1 - pad_begin -
 * pad_end + output_padding}, the pads being the explicit ones for {@code explicit}/{@code notset} and
 * zero for any other {@code auto_pad}. With it, {@code Y = output_shape}; for {@code same_upper} and
 * {@code same_lower} the pads come from {@code total = max(0, stride*(X-1) + dilation*(K-1) + 1 - Y +
 * output_padding)}, {@code total // 2} going to the end ({@code same_upper}) or the beginning
 * ({@code same_lower}) and the rest to the other side; {@code valid} uses no pads and
 * {@code explicit}/{@code notset} the given ones (OpenVINO's shape inference, which the spec's prose
 * describes differently for {@code explicit}). Sums run in double and round once to the element type.
 */
public final class TransposedConvolution {
  private TransposedConvolution() {}

  /** The attributes (spatial lists; {@code padsBegin}/{@code padsEnd} may be null unless explicit). */
  public record Attrs(long[] strides, long[] dilations, long[] padsBegin, long[] padsEnd, AutoPad autoPad,
      long[] outputPadding) {}

  /** Evaluates the op; {@code grouped} selects the 5-D filter layout of the group version. */
  public static NdArray run(String op, boolean grouped, NdArray x, NdArray w, NdArray outputShape, Attrs a) {
    if (x.storage() != Storage.FLOAT && x.storage() != Storage.DOUBLE) {
      throw new UnsupportedOpException(op, "input type " + x.type() + " is not supported (floating point only)");
    }
    int spatial = x.rank() - 2;
    int wLead = grouped ? 3 : 2;
    if (spatial < 1 || spatial > 3) {
      throw new OpInputException(op, 0, "needs rank 3, 4 or 5, got " + Shapes.str(x.shape()));
    }
    if (w.rank() != spatial + wLead) {
      throw new OpInputException(op, 1, "filters " + Shapes.str(w.shape()) + " need rank " + (spatial + wLead)
          + " for data " + Shapes.str(x.shape()));
    }
    int groups = grouped ? (int) w.dim(0) : 1;
    int cin = (int) w.dim(wLead - 2);
    int cout = (int) w.dim(wLead - 1);
    if (groups < 1 || x.dim(1) != (long) groups * cin) {
      throw new OpInputException(op, 1, "filters " + Shapes.str(w.shape()) + " expect " + ((long) groups * cin)
          + " input channels, data has " + x.dim(1));
    }
    long[] strides = check(op, "strides", a.strides(), spatial, 1);
    long[] dil = check(op, "dilations", a.dilations(), spatial, 1);
    long[] outPad = a.outputPadding() == null ? new long[spatial] : check(op, "output_padding", a.outputPadding(),
        spatial, 0);
    long[] in = Arrays.copyOfRange(x.shape(), 2, x.rank());
    long[] k = Arrays.copyOfRange(w.shape(), wLead, w.rank());
    long[] out = new long[spatial];
    long[] pb = new long[spatial];
    boolean explicit = a.autoPad() == AutoPad.EXPLICIT || a.autoPad() == AutoPad.NOTSET;
    long[] target = null;
    if (outputShape != null) {
      target = Axes.integers(op, 2, outputShape);
      if (target.length != spatial) {
        throw new OpInputException(op, 2, "output_shape needs " + spatial + " values, got " + target.length);
      }
    }
    if (explicit) {
      check(op, "pads_begin", a.padsBegin(), spatial, 0);
      check(op, "pads_end", a.padsEnd(), spatial, 0);
    }
    for (int d = 0; d < spatial; d++) {
      long full = strides[d] * (in[d] - 1) + dil[d] * (k[d] - 1) + 1 + outPad[d];
      if (target != null) {
        out[d] = target[d];
        long total = Math.max(0, full - target[d]);
        long half = total / 2;
        pb[d] = switch (a.autoPad()) {
          case SAME_UPPER -> total - half;
          case SAME_LOWER -> half;
          case VALID -> 0;
          case EXPLICIT, NOTSET -> a.padsBegin()[d];
        };
      } else {
        long b = explicit ? a.padsBegin()[d] : 0;
        long e = explicit ? a.padsEnd()[d] : 0;
        out[d] = full - b - e;
        pb[d] = b;
      }
      if (out[d] <= 0) {
        throw new OpInputException(op, -1, "the output would have no elements in spatial dimension " + d
            + " (size " + out[d] + ")");
      }
    }
    int batch = (int) x.dim(0);
    int inSize = Shapes.size(in);
    int kSize = Shapes.size(k);
    int outSize = Shapes.size(out);
    int[] outStrides = Shapes.strides(out);
    double[] acc = new double[batch * groups * cout * outSize];
    // output offset of every (input position, kernel position) pair, -1 when it falls outside
    int[] offset = new int[inSize * kSize];
    int[] inIdx = new int[spatial];
    for (int i = 0; i < inSize; i++) {
      int[] kIdx = new int[spatial];
      for (int kk = 0; kk < kSize; kk++) {
        int o = 0;
        for (int d = 0; d < spatial && o >= 0; d++) {
          long pos = inIdx[d] * strides[d] + kIdx[d] * dil[d] - pb[d];
          o = pos >= 0 && pos < out[d] ? o + (int) pos * outStrides[d] : -1;
        }
        offset[i * kSize + kk] = o;
        increment(kIdx, k);
      }
      increment(inIdx, in);
    }
    for (int b = 0; b < batch; b++) {
      for (int g = 0; g < groups; g++) {
        for (int ci = 0; ci < cin; ci++) {
          int xBase = (b * groups * cin + g * cin + ci) * inSize;
          int wBase = (g * cin + ci) * cout * kSize;
          for (int i = 0; i < inSize; i++) {
            double xv = x.getDouble(xBase + i);
            for (int kk = 0; kk < kSize; kk++) {
              int o = offset[i * kSize + kk];
              if (o < 0) {
                continue;
              }
              for (int co = 0; co < cout; co++) {
                acc[(b * groups * cout + g * cout + co) * outSize + o] += xv * w.getDouble(wBase + co * kSize + kk);
              }
            }
          }
        }
      }
    }
    long[] shape = new long[x.rank()];
    shape[0] = batch;
    shape[1] = (long) groups * cout;
    System.arraycopy(out, 0, shape, 2, spatial);
    NdArray r = NdArray.zeros(x.type(), shape);
    for (int i = 0; i < acc.length; i++) {
      r.setDouble(i, acc[i]);
    }
    return r;
  }

  private static long[] check(String op, String name, long[] v, int spatial, long min) {
    if (v == null || v.length != spatial) {
      throw new OpAttributeException(op, name, v == null ? "<missing>" : v, "needs " + spatial + " values");
    }
    for (long e : v) {
      if (e < min) {
        throw new OpAttributeException(op, name, v, "values must be >= " + min);
      }
    }
    return v;
  }

  private static void increment(int[] idx, long[] shape) {
    for (int d = idx.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) {
        return;
      }
      idx[d] = 0;
    }
  }
}
