package dev.jvino.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.nncf.statistics.Reducer;
import dev.jvino.numeric.SubBytePacking;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kernel suites feed their kernels what their Javadoc says. */
class KernelSuitesTest {
  @Test
  void nibbleCodesAreRealLoweringsInTheirRanges() {
    NibblePackingBench.Codes i4 = new NibblePackingBench.Codes();
    i4.kind = "i4";
    i4.setUp();
    int min = 0;
    int max = 0;
    for (byte c : i4.codes) {
      min = Math.min(min, c);
      max = Math.max(max, c);
    }
    assertEquals(4096 * 4096, i4.codes.length);
    assertEquals(-8, min);
    assertEquals(7, max);
    assertArrayEquals(i4.codes, SubBytePacking.unpackI4(new NibblePackingBench().pack4(i4), i4.codes.length));

    NibblePackingBench.Plain plain = new NibblePackingBench.Plain();
    plain.setUp();
    assertEquals(plain.unpacked.length / 2, plain.packed.length);
    assertArrayEquals(plain.unpacked, new NibblePackingBench().unpackU4(plain));
    assertArrayEquals(plain.packed, new NibblePackingBench().copyPackedSize(plain));
  }

  @Test
  void reducersReduceTheTokenAxes() {
    StatisticsReducerBench.Activation a = new StatisticsReducerBench.Activation();
    a.setUp();
    List<Reducer> absMax = StatisticsReducerBench.forName("abs_max");
    NdArray r = absMax.get(0).reduce(a.x).get(0);
    assertArrayEquals(new long[] {1, 1, 2048}, r.shape());
    float[] v = a.x.floats();
    float[] expected = new float[2048];
    for (int t = 0; t < 128; t++) {
      for (int c = 0; c < 2048; c++) {
        expected[c] = Math.max(expected[c], Math.abs(v[t * 2048 + c]));
      }
    }
    assertArrayEquals(expected, r.toFloatArray());
    float overall = 0;
    for (float e : expected) {
      overall = Math.max(overall, e);
    }
    assertEquals(overall, new StatisticsReducerBench().maxAbsBaseline(a));
    assertEquals(List.of(Reducer.Min.class, Reducer.Max.class),
        StatisticsReducerBench.forName("min_max").stream().map(Object::getClass).toList());
    assertThrows(IllegalArgumentException.class, () -> StatisticsReducerBench.forName("median"));
  }
}
