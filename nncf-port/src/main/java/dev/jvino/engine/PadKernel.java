package dev.jvino.engine;

import dev.jvino.engine.ref.OpAttributeException;
import dev.jvino.engine.ref.OpInputException;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.ir.Node;
import java.util.Locale;

/**
 * Pad-1 and Pad-12, a jvino-nncf fallback kernel: {@code pads_begin}/{@code pads_end} per axis (Pad-12
 * also accepts negative pads, which crop), {@code pad_mode} constant (with the optional
 * {@code pad_value} input, default 0), edge, reflect (mirror without the border element) or symmetric
 * (mirror with it).
 */
final class PadKernel {
  private PadKernel() {}

  static NdArray run(Node n, NdArray data, NdArray begin, NdArray end, NdArray padValue) {
    boolean v12 = n.version().equalsIgnoreCase("opset12");
    String op = v12 ? "Pad-12" : "Pad-1";
    int rank = data.rank();
    long[] b = ints(op, 1, begin, rank);
    long[] e = ints(op, 2, end, rank);
    String mode = n.attributes().string("pad_mode", "constant").strip().toLowerCase(Locale.ROOT);
    if (!mode.equals("constant") && !mode.equals("edge") && !mode.equals("reflect") && !mode.equals("symmetric")) {
      throw new OpAttributeException(op, "pad_mode", mode, "expected constant, edge, reflect or symmetric");
    }
    long[] in = data.shape();
    long[] out = new long[rank];
    for (int d = 0; d < rank; d++) {
      if (!v12 && (b[d] < 0 || e[d] < 0)) {
        throw new OpInputException(op, b[d] < 0 ? 1 : 2, "negative pads need Pad-12");
      }
      out[d] = in[d] + b[d] + e[d];
      if (out[d] < 0) {
        throw new OpInputException(op, 1, "pads crop more than dimension " + d + " holds");
      }
      long limit = mode.equals("reflect") ? in[d] - 1 : in[d];
      if (!mode.equals("constant") && (Math.max(b[d], e[d]) > limit || in[d] == 0) && out[d] > in[d]) {
        throw new OpInputException(op, 1, "pads of " + Math.max(b[d], e[d]) + " exceed what " + mode
            + " mode allows for dimension " + d + " of size " + in[d]);
      }
    }
    NdArray fill = null;
    if (mode.equals("constant")) {
      fill = NdArray.zeros(data.type(), new long[0]);
      if (padValue != null) {
        if (padValue.size() != 1 || padValue.type() != data.type()) {
          throw new OpInputException(op, 3, "pad_value must be one " + data.type() + " value");
        }
        fill = padValue;
      }
    }
    NdArray r = NdArray.zeros(data.type(), out);
    int[] inStrides = Shapes.strides(in);
    int[] idx = new int[rank];
    int total = Shapes.size(out);
    for (int i = 0; i < total; i++) {
      int src = 0;
      boolean outside = false;
      for (int d = 0; d < rank && !outside; d++) {
        long p = idx[d] - b[d];
        if (p < 0 || p >= in[d]) {
          switch (mode) {
            case "constant" -> outside = true;
            case "edge" -> p = p < 0 ? 0 : in[d] - 1;
            case "reflect" -> p = p < 0 ? -p : 2 * (in[d] - 1) - p;
            default -> p = p < 0 ? -p - 1 : 2 * in[d] - 1 - p;
          }
        }
        src += (int) p * inStrides[d];
      }
      if (outside) {
        r.copyElement(fill, 0, i);
      } else {
        r.copyElement(data, src, i);
      }
      for (int d = rank - 1; d >= 0; d--) {
        if (++idx[d] < out[d]) {
          break;
        }
        idx[d] = 0;
      }
    }
    return r;
  }

  private static long[] ints(String op, int input, NdArray a, int rank) {
    if (a.storage() != Storage.LONG || a.size() != rank) {
      throw new OpInputException(op, input, "must be " + rank + " integers, got " + a);
    }
    return a.longs().clone();
  }
}
