package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;

/**
 * CumSum-3: running sums along one axis. {@code exclusive} leaves the current element out (the first
 * output of each run is 0); {@code reverse} runs from the end of the axis. Floats accumulate in double
 * and round each output once to the element type; integers accumulate exactly and wrap to the type.
 */
public final class CumSum {
  private CumSum() {}

  private static final String OP = "CumSum-3";

  /** CumSum-3 with a scalar integer {@code axis} input (null means axis 0). */
  public static NdArray cumSum(NdArray x, NdArray axisInput, boolean exclusive, boolean reverse) {
    if (x.storage() == Storage.BOOL) {
      throw new UnsupportedOpException(OP, "boolean input is not supported");
    }
    if (x.rank() == 0) {
      throw new OpInputException(OP, 0, "needs rank >= 1");
    }
    long rawAxis = axisInput == null ? 0 : Axes.scalar(OP, 1, axisInput);
    if (axisInput != null && axisInput.rank() != 0 && axisInput.size() != 1) {
      throw new OpInputException(OP, 1, "axis must be a scalar");
    }
    int axis = Axes.normalize(OP, "axis", rawAxis, x.rank());
    long[] shape = x.shape();
    int len = (int) shape[axis];
    int inner = Shapes.product(shape, axis + 1, shape.length);
    int outer = Shapes.product(shape, 0, axis);
    NdArray out = x.like(shape);
    boolean integer = x.storage() == Storage.LONG;
    long[] src = integer ? x.longs() : null;
    long[] dst = integer ? out.longs() : null;
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        double acc = 0;
        long iacc = 0;
        for (int step = 0; step < len; step++) {
          int j = reverse ? len - 1 - step : step;
          int flat = (o * len + j) * inner + i;
          if (integer) {
            if (!exclusive) {
              iacc += src[flat];
            }
            dst[flat] = dev.jvino.engine.tensor.Values.wrap(x.type(), iacc);
            if (exclusive) {
              iacc += src[flat];
            }
          } else {
            double v = x.getDouble(flat);
            if (!exclusive) {
              acc += v;
            }
            out.setDouble(flat, acc);
            if (exclusive) {
              acc += v;
            }
          }
        }
      }
    }
    return out;
  }
}
