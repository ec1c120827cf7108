package dev.jvino.engine;

import dev.jvino.engine.ref.OpAttributeException;
import dev.jvino.engine.ref.OpInputException;
import dev.jvino.engine.ref.UnsupportedOpException;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.ir.Attributes;
import dev.jvino.ir.Node;
import java.util.Arrays;
import java.util.Locale;

/**
 * ConvolutionBackpropData-1 (transposed convolution), a jvino-nncf fallback kernel: data
 * {@code [N, C_in, D...]}, filters {@code [C_in, C_out, K...]}; output spatial size
 * {@code (D-1)*stride + dilation*(K-1) + 1 - pad_begin - pad_end + output_padding}; each input element
 * adds {@code x * w} at {@code i*stride + k*dilation - pad_begin}. Explicit and valid padding only (no
 * {@code output_shape} input, no same_upper/same_lower). Sums in double, rounded once to the type.
 */
final class BackpropConvolution {
  private BackpropConvolution() {}

  private static final String OP = "ConvolutionBackpropData-1";

  static NdArray run(Node n, NdArray x, NdArray w, boolean hasOutputShape) {
    if (hasOutputShape) {
      throw new UnsupportedOpException(OP, "the output_shape input is not supported by the fallback kernel");
    }
    if (x.type() != w.type() || (x.storage() != Storage.FLOAT && x.storage() != Storage.DOUBLE)) {
      throw new OpInputException(OP, 1, "data and filters must share a float type, got " + x.type() + " and "
          + w.type());
    }
    int spatial = x.rank() - 2;
    if (spatial < 1 || w.rank() != x.rank() || w.dim(0) != x.dim(1)) {
      throw new OpInputException(OP, 1, "filters " + Shapes.str(w.shape()) + " do not fit data "
          + Shapes.str(x.shape()));
    }
    Attributes a = n.attributes();
    String autoPad = a.string("auto_pad", "explicit").toLowerCase(Locale.ROOT);
    long[] zeros = new long[spatial];
    long[] strides = list(a, "strides", spatial, null);
    long[] dilations = list(a, "dilations", spatial, null);
    long[] padsBegin = switch (autoPad) {
      case "explicit", "notset" -> list(a, "pads_begin", spatial, null);
      case "valid" -> zeros;
      default -> throw new UnsupportedOpException(OP, "auto_pad=" + autoPad + " is not supported by the fallback kernel");
    };
    long[] padsEnd = autoPad.equals("valid") ? zeros : list(a, "pads_end", spatial, null);
    long[] outPad = list(a, "output_padding", spatial, zeros);
    int batch = (int) x.dim(0);
    int cin = (int) x.dim(1);
    int cout = (int) w.dim(1);
    long[] in = Arrays.copyOfRange(x.shape(), 2, x.rank());
    long[] k = Arrays.copyOfRange(w.shape(), 2, w.rank());
    long[] out = new long[spatial];
    for (int d = 0; d < spatial; d++) {
      out[d] = (in[d] - 1) * strides[d] + dilations[d] * (k[d] - 1) + 1 - padsBegin[d] - padsEnd[d] + outPad[d];
      if (out[d] <= 0) {
        throw new OpAttributeException(OP, "pads_begin", padsBegin[d], "leaves no output in dimension " + d);
      }
    }
    int inSize = Shapes.size(in);
    int kSize = Shapes.size(k);
    int outSize = Shapes.size(out);
    double[] acc = new double[batch * cout * outSize];
    int[] inIdx = new int[spatial];
    int[] kIdx = new int[spatial];
    int[] outStrides = Shapes.strides(out);
    for (int b = 0; b < batch; b++) {
      for (int ci = 0; ci < cin; ci++) {
        Arrays.fill(inIdx, 0);
        for (int i = 0; i < inSize; i++) {
          double xv = x.getDouble((b * cin + ci) * inSize + i);
          Arrays.fill(kIdx, 0);
          for (int kk = 0; kk < kSize; kk++) {
            int o = 0;
            boolean inside = true;
            for (int d = 0; d < spatial && inside; d++) {
              long pos = inIdx[d] * strides[d] + kIdx[d] * dilations[d] - padsBegin[d];
              inside = pos >= 0 && pos < out[d];
              o += (int) pos * outStrides[d];
            }
            if (inside) {
              for (int co = 0; co < cout; co++) {
                acc[(b * cout + co) * outSize + o] += xv * w.getDouble((ci * cout + co) * kSize + kk);
              }
            }
            increment(kIdx, k);
          }
          increment(inIdx, in);
        }
      }
    }
    long[] shape = new long[x.rank()];
    shape[0] = batch;
    shape[1] = cout;
    System.arraycopy(out, 0, shape, 2, spatial);
    NdArray r = NdArray.zeros(x.type(), shape);
    for (int i = 0; i < acc.length; i++) {
      r.setDouble(i, acc[i]);
    }
    return r;
  }

  private static void increment(int[] idx, long[] shape) {
    for (int d = idx.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) {
        return;
      }
      idx[d] = 0;
    }
  }

  private static long[] list(Attributes a, String name, int spatial, long[] dflt) {
    if (!a.has(name) && dflt != null) {
      return dflt;
    }
    long[] v = a.integers(name);
    if (v.length != spatial) {
      throw new OpAttributeException(OP, name, Arrays.toString(v), "needs " + spatial + " values");
    }
    return v;
  }
}
