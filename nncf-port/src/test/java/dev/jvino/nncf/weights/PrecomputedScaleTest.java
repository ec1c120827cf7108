package dev.jvino.nncf.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.nncf.CompressWeightsMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Lowering with precomputed scales / zero points (NNCF's precomputed_scale path). */
class PrecomputedScaleTest {

  @ParameterizedTest
  @EnumSource(value = CompressWeightsMode.class, names = {"NVFP4", "ADAPTIVE_CODEBOOK"}, mode = EnumSource.Mode.EXCLUDE)
  void ownScaleReproducesTheComputedResult(CompressWeightsMode mode) {
    float[] w = ReferenceVectors.weight("adversarial_32x128");
    long[] shape = {32, 128};
    float[] cb = mode == CompressWeightsMode.CODEBOOK ? new float[] {-4, -2, -1, -0.5f, 0, 0.5f, 1, 2, 3} : null;
    CompressedWeight ref = WeightLowering.lower(w, shape, 1, mode, 32, cb);
    CompressedWeight again = WeightLowering.lowerWithScale(w, shape, 1, mode, 32, ref.scale(), ref.zeroPoint(), cb);
    BitAssert.bytes(mode + " codes", ref.codes(), again.codes());
    BitAssert.floats(mode + " dequant", ref.dequantized(), again.dequantized());
    BitAssert.floats(mode + " scale", ref.scale(), again.scale());
  }

  @Test
  void givenScaleIsUsedAsIs() {
    // weight (k - 5) / 10 for k = 0..10 in one channel, scale -0.01: codes -(k - 5) * 10
    float[] w = new float[11];
    for (int k = 0; k < 11; k++) {
      w[k] = (k - 5) / 10f;
    }
    CompressedWeight cw = WeightLowering.lowerWithScale(
        w, new long[] {1, 11}, 1, CompressWeightsMode.INT8_SYM, -1, new float[] {-0.01f}, null, null);
    byte[] expected = new byte[11];
    for (int k = 0; k < 11; k++) {
      expected[k] = (byte) (-(k - 5) * 10);
    }
    assertArrayEquals(expected, cw.codes());
    assertEquals(-0.01f, cw.scale()[0]);
    // asym with zero point 3 and scale 0.1: codes round(w / 0.1 + 3) clipped to [0, 15]
    CompressedWeight a = WeightLowering.lowerWithScale(
        w, new long[] {1, 11}, 1, CompressWeightsMode.INT4_ASYM, -1, new float[] {0.1f}, new int[] {3}, null);
    assertArrayEquals(new byte[] {0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8}, a.codes());
  }

  @Test
  void rejectsInconsistentParameters() {
    float[] w = new float[8];
    long[] shape = {2, 4};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        WeightLowering.lowerWithScale(w, shape, 1, CompressWeightsMode.INT8_ASYM, -1, new float[2], null, null));
    assertEquals("If precomputed quantization parameters are provided, both scale and zero point are required "
        + "for asymmetric quantization.", e.getMessage());
    assertThrows(IllegalArgumentException.class, () ->
        WeightLowering.lowerWithScale(w, shape, 1, CompressWeightsMode.INT8_SYM, -1, new float[2], new int[2], null));
    assertThrows(IllegalArgumentException.class, () ->
        WeightLowering.lowerWithScale(w, shape, 1, CompressWeightsMode.INT8_SYM, -1, new float[3], null, null));
    assertThrows(IllegalArgumentException.class, () ->
        WeightLowering.lowerWithScale(w, shape, 1, CompressWeightsMode.NVFP4, -1, new float[2], null, null));
    assertThrows(IllegalArgumentException.class, () ->
        WeightLowering.lowerWithScale(w, shape, 1, CompressWeightsMode.MXFP4, -1, new float[] {3f, 1f}, null, null));
  }
}
