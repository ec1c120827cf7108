package dev.jvino.nncf.statistics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reducer values computed by hand (quantiles cross-checked with numpy 2.4.6's np.quantile). */
class ReducersTest {
  // [[1, -5, 3], [4, 2, -6]]
  static final NdArray X = NdArray.f32(new long[] {2, 3}, 1, -5, 3, 4, 2, -6);
  static final List<Integer> ROWS = List.of(1);

  private static NdArray one(Reducer r, NdArray x) {
    List<NdArray> out = r.reduce(x);
    assertEquals(1, out.size());
    return out.get(0);
  }

  @Test
  void minMaxAbsMaxKeepDims() {
    assertEquals(NdArray.f32(new long[] {1, 1}, -6), one(new Reducer.Min(null, false), X));
    assertEquals(NdArray.f32(new long[] {2, 1}, -5, -6), one(new Reducer.Min(ROWS, false), X));
    assertEquals(NdArray.f32(new long[] {1, 3}, 4, 2, 3), one(new Reducer.Max(List.of(0), false), X));
    assertEquals(NdArray.f32(new long[] {2, 1}, 5, 6), one(new Reducer.AbsMax(List.of(-1), false), X));
  }

  @Test
  void meansAndVariances() {
    assertEquals(NdArray.f32(new long[] {2, 1}, -1f / 3, 0), one(new Reducer.Mean(ROWS, false), X));
    // row variances: 104/9 and 56/3
    assertEquals(NdArray.f32(new long[0], 136f / 9), one(new Reducer.MeanVariance(ROWS, false), X));
    assertEquals(NdArray.f32(new long[0], 56f / 3), one(new Reducer.MaxVariance(ROWS, false), X));
    assertEquals(NdArray.f32(new long[0], 5.5f), one(new Reducer.MeanAbsMax(ROWS, false), X));
    assertEquals(NdArray.f32(new long[] {1, 3}, 2.5f, -1.5f, -1.5f), one(new Reducer.BatchMean(false), X));
  }

  @Test
  void meanPerChannel() {
    // [2, 3, 2]: channel c holds c*2 + {0,1} in batch 0 and 10 + c*2 + {0,1} in batch 1 -> mean 5.5 + 2c
    float[] v = new float[12];
    for (int b = 0; b < 2; b++) {
      for (int c = 0; c < 3; c++) {
        for (int s = 0; s < 2; s++) {
          v[b * 6 + c * 2 + s] = b * 10 + c * 2 + s;
        }
      }
    }
    NdArray x = NdArray.f32(new long[] {2, 3, 2}, v);
    assertEquals(NdArray.f32(new long[] {3}, 5.5f, 7.5f, 9.5f), one(new Reducer.MeanPerChannel(1, false), x));
    // channel axis 2: means over (b, c) of value s -> 7 + s
    assertEquals(NdArray.f32(new long[] {2}, 7, 8), one(new Reducer.MeanPerChannel(2, false), x));
    // rank < 3: mean over axis 0
    assertEquals(NdArray.f32(new long[] {3}, 2.5f, -1.5f, -1.5f), one(new Reducer.MeanPerChannel(1, false), X));
  }

  @Test
  void quantilesUseNumpyLinearInterpolation() {
    List<NdArray> q = new Reducer.Quantile(ROWS, List.of(0.25, 0.5)).reduce(X);
    assertEquals(2, q.size());
    // row [-5, 1, 3]: index 0.5 -> -2; median 1. row [-6, 2, 4]: -2; 2
    assertEquals(NdArray.ofDoubles(new long[] {2, 1}, new double[] {-2, -2}), q.get(0));
    assertEquals(NdArray.ofDoubles(new long[] {2, 1}, new double[] {1, 2}), q.get(1));
    NdArray v = NdArray.f32(new long[] {3}, 0, 0.1f, 0.7f);
    NdArray d = NdArray.ofDoubles(new long[] {3}, new double[] {0, 0.1, 0.7});
    // numpy: np.quantile([0, .1, .7], .99) == 0.688 and (.., .3) == 0.06 exactly (two-sided lerp)
    assertEquals(0.688, new Reducer.Quantile(null, List.of(0.99)).reduce(d).get(0).getDouble(0), 0);
    assertEquals(0.06, new Reducer.Quantile(null, List.of(0.3)).reduce(d).get(0).getDouble(0), 0);
    assertEquals(ElementType.F64, new Reducer.Quantile(null).reduce(v).get(0).type());
    assertEquals(4.96, new Reducer.AbsQuantile(null).reduce(NdArray.f32(new long[] {3}, 1, -5, 3)).get(0)
        .getDouble(0), 1e-15);
    assertThrows(StatisticsException.class, () -> new Reducer.Quantile(null, List.of(1.5)));
  }

  @Test
  void shapeRawAndNames() {
    NdArray s = one(new Reducer.Shape(false), X);
    assertEquals(ElementType.I32, s.type());
    assertArrayEquals(new long[] {2, 3}, s.longs());
    assertEquals(X, one(new Reducer.Raw(), X));
    assertFalse(new Reducer.Raw().supportsInplace());
    assertEquals(new Reducer.Min(ROWS, true).name(), new Reducer.Min(List.of(1), true).name());
    assertNotEquals(new Reducer.Min(ROWS, true).name(), new Reducer.Min(List.of(0), true).name());
    assertEquals(true, new Reducer.Min(ROWS, true).name().startsWith("MinReducer"));
    assertThrows(StatisticsException.class, () -> new Reducer.Min(List.of(2), false).reduce(X));
  }
}
