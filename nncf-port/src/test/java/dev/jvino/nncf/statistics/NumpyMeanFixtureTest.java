package dev.jvino.nncf.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Mean and outlier-free mean over samples, bit for bit as numpy computes them (f32 pairwise or running
 * sums; the masked mean in f64). Expected values: tools/fixtures/gen_mean_fixture.py, numpy 2.4.6.
 */
class NumpyMeanFixtureTest {
  @Test
  void meansMatchNumpyBitForBit() throws IOException {
    int cases = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        getClass().getResourceAsStream("/fixtures/statistics/means.txt"), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.startsWith("case ")) {
          continue;
        }
        String[] f = line.split(" ");
        int n = Integer.parseInt(f[2]);
        int m = Integer.parseInt(f[3]);
        String[] mean = f[4].split(",");
        String[] masked = f[5].split(",");
        Aggregator plain = OfflineAggregator.of(OfflineAggregator.Kind.MEAN, OptionalInt.empty());
        Aggregator noOutliers = OfflineAggregator.of(OfflineAggregator.Kind.MEAN_NO_OUTLIERS, OptionalInt.empty());
        for (int i = 0; i < n; i++) {
          String[] hex = r.readLine().split(" ");
          float[] x = new float[m];
          for (int k = 0; k < m; k++) {
            x[k] = Float.intBitsToFloat(Integer.parseUnsignedInt(hex[k], 16));
          }
          NdArray sample = NdArray.f32(new long[] {m}, x);
          plain.register(sample);
          noOutliers.register(sample);
        }
        NdArray a = plain.aggregate().tensor();
        NdArray b = noOutliers.aggregate().tensor();
        assertEquals(ElementType.F32, a.type());
        assertEquals(ElementType.F64, b.type());
        for (int k = 0; k < m; k++) {
          assertEquals(mean[k], String.format("%08x", Float.floatToRawIntBits(a.floats()[k])), f[1] + " mean " + k);
          assertEquals(masked[k], String.format("%016x", Double.doubleToRawLongBits(b.doubles()[k])),
              f[1] + " masked mean " + k);
        }
        cases++;
      }
    }
    assertEquals(4, cases);
  }
}
