package dev.jvino.engine;

import dev.jvino.engine.ref.OpInputException;
import dev.jvino.engine.ref.UnsupportedOpException;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.ir.Node;
import java.util.Arrays;

/**
 * GroupConvolutionBackpropData-1, a jvino-nncf fallback kernel: filters {@code [G, Cin/G, Cout/G, k...]};
 * each group's input channels are transposed-convolved with its filters by {@link BackpropConvolution}
 * (same attributes) and the group outputs are concatenated along the channel axis. Float types only;
 * no {@code output_shape} input.
 */
final class GroupBackpropConvolution {
  private static final String OP = "GroupConvolutionBackpropData-1";

  private GroupBackpropConvolution() {}

  static NdArray run(Node n, NdArray x, NdArray w, boolean hasOutputShape) {
    if (hasOutputShape) {
      throw new UnsupportedOpException(OP, "the output_shape input is not supported by the fallback kernel");
    }
    if (x.storage() != Storage.FLOAT || w.storage() != Storage.FLOAT || x.type() != w.type()) {
      throw new UnsupportedOpException(OP, "data and filters must share an f32/f16/bf16 type, got " + x.type()
          + " and " + w.type());
    }
    if (w.rank() != x.rank() + 1 || x.rank() < 3) {
      throw new OpInputException(OP, 1, "filters " + Shapes.str(w.shape()) + " do not fit data "
          + Shapes.str(x.shape()));
    }
    int groups = (int) w.dim(0);
    int cinG = (int) w.dim(1);
    if ((long) groups * cinG != x.dim(1)) {
      throw new OpInputException(OP, 1, groups + " groups of " + cinG + " input channels do not match data "
          + Shapes.str(x.shape()));
    }
    int batch = (int) x.dim(0);
    int spatialIn = Shapes.product(x.shape(), 2, x.rank());
    long[] wg = Arrays.copyOfRange(w.shape(), 1, w.rank());
    int wSize = Shapes.size(wg);
    NdArray[] outs = new NdArray[groups];
    for (int g = 0; g < groups; g++) {
      long[] xs = x.shape();
      xs[1] = cinG;
      float[] xv = new float[batch * cinG * spatialIn];
      for (int b = 0; b < batch; b++) {
        System.arraycopy(x.floats(), (b * groups + g) * cinG * spatialIn, xv, b * cinG * spatialIn,
            cinG * spatialIn);
      }
      float[] wv = Arrays.copyOfRange(w.floats(), g * wSize, (g + 1) * wSize);
      outs[g] = BackpropConvolution.run(n, NdArray.ofFloats(x.type(), xs, xv), NdArray.ofFloats(w.type(), wg, wv),
          false);
    }
    long[] os = outs[0].shape();
    int coutG = (int) os[1];
    int spatialOut = Shapes.product(os, 2, os.length);
    os[1] = (long) coutG * groups;
    float[] y = new float[batch * coutG * groups * spatialOut];
    for (int g = 0; g < groups; g++) {
      float[] part = outs[g].toFloatArray();
      for (int b = 0; b < batch; b++) {
        System.arraycopy(part, b * coutG * spatialOut, y, (b * groups + g) * coutG * spatialOut, coutG * spatialOut);
      }
    }
    return NdArray.ofFloats(x.type(), os, y);
  }
}
