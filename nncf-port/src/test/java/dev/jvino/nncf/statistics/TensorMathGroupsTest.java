package dev.jvino.nncf.statistics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The reduction grouping against a direct index computation, for every subset of axes of a few shapes. */
class TensorMathGroupsTest {
  @Test
  void groupsHoldEachOutputsInputsInOrder() {
    SplittableRandom r = new SplittableRandom(9);
    long[][] shapes = {{7}, {3, 5}, {2, 3, 4}, {1, 4, 1, 3}, {2, 1, 3, 2, 2}};
    for (long[] shape : shapes) {
      int n = Shapes.size(shape);
      float[] fv = new float[n];
      double[] dv = new double[n];
      for (int i = 0; i < n; i++) {
        fv[i] = (float) r.nextGaussian();
        dv[i] = r.nextGaussian();
      }
      for (NdArray x : List.of(NdArray.f32(shape, fv), NdArray.ofDoubles(shape, dv))) {
        for (int mask = 0; mask < (1 << shape.length); mask++) {
          List<Integer> axesList = new ArrayList<>();
          for (int d = 0; d < shape.length; d++) {
            if ((mask & (1 << d)) != 0) {
              axesList.add(d);
            }
          }
          int[] axes = TensorMath.axes(axesList, shape.length);
          double[][] got = TensorMath.groups(x, axes);
          double[][] want = naive(x, axes);
          assertEquals(want.length, got.length);
          for (int o = 0; o < want.length; o++) {
            assertArrayEquals(want[o], got[o], "shape " + Shapes.str(shape) + " axes " + axesList + " output " + o);
          }
        }
      }
    }
  }

  private static double[][] naive(NdArray x, int[] axes) {
    long[] shape = x.shape();
    long[] out = TensorMath.reducedShape(shape, axes, true);
    int outCount = Shapes.size(out);
    int n = x.size();
    List<List<Double>> g = new ArrayList<>();
    for (int o = 0; o < outCount; o++) {
      g.add(new ArrayList<>());
    }
    int[] strides = Shapes.strides(shape);
    int[] outStrides = Shapes.strides(out);
    for (int i = 0; i < n; i++) {
      int o = 0;
      for (int d = 0; d < shape.length; d++) {
        int c = (i / strides[d]) % (int) shape[d];
        o += out[d] == 1 ? 0 : c * outStrides[d];
      }
      g.get(o).add(x.getDouble(i));
    }
    return g.stream().map(l -> l.stream().mapToDouble(Double::doubleValue).toArray()).toArray(double[][]::new);
  }
}
