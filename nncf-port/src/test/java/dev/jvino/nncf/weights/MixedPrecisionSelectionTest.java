package dev.jvino.nncf.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.nncf.CompressWeightsMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The data-free (WEIGHT_QUANTIZATION_ERROR) selections of NNCF's {@code test_mixed_precision} on its
 * SequentialMatmulModel: five 4x4 weights {@code arange(16)} whose last element is 10000, 1000, 1, 10,
 * 10000, each reduced over axis 1 (transpose_b). Without {@code all_layers} the last MatMul is not
 * ratio-defining.
 */
class MixedPrecisionSelectionTest {

  private static float[] weight(int i) {
    float[] w = new float[16];
    for (int k = 0; k < 16; k++) {
      w[k] = k;
    }
    w[15] = new float[] {10000f, 1000f, 1f, 10f, 10000f}[i];
    return w;
  }

  @ParameterizedTest(name = "all_layers={0} ratio={1} -> {2}")
  @CsvSource(delimiter = ';', value = {
    "true; 1; 0 1 2 3 4", "true; 0.8; 0 3 4", "true; 0.4; 0", "true; 0.2; ''",
    "false; 1; 0 1 2 3", "false; 0.8; 0 1 3", "false; 0.4; 0", "false; 0.2; ''",
  })
  void dataFreeSelectionMatchesNncf(boolean allLayers, double ratio, String expected) {
    int n = allLayers ? 5 : 4;
    double[] scores = new double[n];
    long[] sizes = new long[n];
    for (int i = 0; i < n; i++) {
      float err = QuantizationError.maxMean(weight(i), new long[] {4, 4}, 1, CompressWeightsMode.INT8_ASYM, -1);
      scores[i] = QuantizationError.dataFreeSensitivity(err, 0x1p-23);
      sizes[i] = 16;
    }
    boolean[] primary = MixedPrecisionSelection.selectPrimary(scores, sizes, ratio);
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (primary[i]) {
        ids.add(i);
      }
    }
    int[] want = expected.isBlank() ? new int[0]
        : java.util.Arrays.stream(expected.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    assertArrayEquals(want, ids.stream().mapToInt(Integer::intValue).toArray());
  }

  @Test
  void greedyStopsAtTheFirstOverflowAndKeepsTiesStable() {
    // ascending scores: 1 (size 50), 2 (size 40), 3 (size 5): 50/95 < 0.6, 90/95 >= 0.6 -> stop, 3 not taken
    assertArrayEquals(new boolean[] {true, false, false},
        MixedPrecisionSelection.selectPrimary(new double[] {1, 2, 3}, new long[] {50, 40, 5}, 0.6));
    // equal scores keep index order
    assertArrayEquals(new boolean[] {true, false},
        MixedPrecisionSelection.selectPrimary(new double[] {5, 5}, new long[] {10, 10}, 0.6));
    assertThrows(IllegalArgumentException.class,
        () -> MixedPrecisionSelection.selectPrimary(new double[] {1}, new long[] {1}, 1.5));
    assertThrows(IllegalArgumentException.class,
        () -> MixedPrecisionSelection.selectPrimary(new double[] {1, 2}, new long[] {1}, 0.5));
  }
}
