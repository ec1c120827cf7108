package dev.jvino.nncf.statistics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.engine.tensor.NdArray;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class HistogramAggregatorTest {
  static final OptionalInt ALL = OptionalInt.empty();

  private static NdArray v(float... x) {
    return NdArray.f32(new long[] {x.length}, x);
  }

  @Test
  void numpyHistogramBinning() {
    HistogramAggregator h = new HistogramAggregator(4, 1, ALL);
    // range [0, 4]: edges 0,1,2,3,4; the last bin includes its right edge
    assertArrayEquals(new double[] {1, 2, 0, 2}, h.histogram(new float[] {0, 1, 1.5f, 3, 4}, 0, 4));
    // values outside the range are dropped; an empty range is widened by 0.5 on each side
    assertArrayEquals(new double[] {0, 0, 2, 0}, h.histogram(new float[] {2, 2, 9}, 2, 2));
  }

  @Test
  void runningHistogramAddsAndRebins() {
    HistogramAggregator h = new HistogramAggregator(4, 1, ALL);
    h.register(v(0, 1, 2, 3, 4));
    assertArrayEquals(new double[] {1, 1, 1, 2}, h.histogram());
    h.register(v(0, 4));
    assertArrayEquals(new double[] {2, 1, 1, 3}, h.histogram());
    // range grows to [0, 8]: each old bin (width 1) spreads 16 sub-bins into the new bins of width 2:
    // old bins 0,1 -> new bin 0, old bins 2,3 -> new bin 1; plus the new sample's own histogram
    h.register(v(8));
    assertArrayEquals(new double[] {3, 4, 0, 1}, h.histogram());
  }

  @Test
  void pairwiseSumMatchesNumpyOrder() {
    // a sequential sum loses every +1 next to 1e16 (ulp 2, ties to even); numpy's pairwise sum keeps
    // some: np.sum([1e16] + [1.0] * 15) - 1e16 == 14 and np.sum([1e16] + [1.0] * 299) - 1e16 == 290
    double[] a = new double[300];
    java.util.Arrays.fill(a, 1);
    a[0] = 1e16;
    assertEquals(1e16 + 14, HistogramAggregator.pairwiseSum(a, 0, 16));
    assertEquals(1e16 + 290, HistogramAggregator.pairwiseSum(a, 0, 300));
    assertEquals(36.0, HistogramAggregator.pairwiseSum(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 8));
  }

  /** The fixture's expected ranges come from tools/fixtures/gen_histogram_fixture.py (numpy 2.4.6). */
  @Test
  void rangesMatchTheNumpyFixture() throws IOException {
    int cases = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        getClass().getResourceAsStream("/fixtures/statistics/histogram.txt"), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.startsWith("case ")) {
          continue;
        }
        String[] f = line.split(" ");
        HistogramAggregator h = new HistogramAggregator(Integer.parseInt(f[2]), Integer.parseInt(f[3]), ALL);
        float min = bits(f[4]);
        float max = bits(f[5]);
        int n = Integer.parseInt(f[6]);
        for (int i = 0; i < n; i++) {
          String[] hex = r.readLine().split(" ");
          float[] x = new float[hex.length];
          for (int k = 0; k < hex.length; k++) {
            x[k] = bits(hex[k]);
          }
          h.register(v(x));
        }
        StatisticValue.Range range = (StatisticValue.Range) h.aggregate();
        assertEquals(min, range.min().getDouble(0), 0, f[1] + " min");
        assertEquals(max, range.max().getDouble(0), 0, f[1] + " max");
        cases++;
      }
    }
    assertEquals(4, cases);
  }

  @Test
  void validation() {
    assertThrows(StatisticsException.class, () -> new HistogramAggregator(0, 8, ALL));
    HistogramAggregator h = new HistogramAggregator(2048, 8, ALL);
    // 2048 f32 bins cannot split [1, 1 + 2^-20]
    assertThrows(StatisticsException.class, () -> h.register(v(1f, 1f + 0x1p-20f)));
    assertThrows(StatisticsException.class, () -> new HistogramAggregator(ALL).register(v(1, Float.NaN)));
    assertThrows(StatisticsException.class,
        () -> new HistogramAggregator(ALL).register(v(1, Float.POSITIVE_INFINITY)));
  }

  private static float bits(String hex) {
    return Float.intBitsToFloat(Integer.parseUnsignedInt(hex, 16));
  }
}
