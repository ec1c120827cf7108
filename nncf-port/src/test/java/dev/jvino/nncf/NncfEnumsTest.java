package dev.jvino.nncf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NncfEnumsTest {

  @Test
  void compressWeightsModeValuesAreNncfs() {
    String[] expected = {"int8_sym", "int8_asym", "int4_sym", "int4_asym", "nf4", "cb4", "mxfp4", "mxfp8_e4m3",
        "fp8_e4m3", "fp4", "nvfp4", "codebook", "adaptive_codebook"};
    CompressWeightsMode[] modes = CompressWeightsMode.values();
    assertEquals(expected.length, modes.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], modes[i].value());
      assertEquals(modes[i], CompressWeightsMode.fromValue(expected[i]));
      assertEquals(expected[i], modes[i].toString());
    }
    assertEquals(CompressWeightsMode.INT4_SYM, CompressWeightsMode.fromValue(" INT4_SYM "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompressWeightsMode.fromValue("int3"));
    assertTrue(e.getMessage().contains("int3") && e.getMessage().contains("nvfp4"));
  }

  @Test
  void defaultsFollowNncf() {
    assertEquals(-1, CompressWeightsMode.INT8_ASYM.defaultGroupSize());
    assertEquals(128, CompressWeightsMode.INT4_SYM.defaultGroupSize());
    assertEquals(128, CompressWeightsMode.FP8_E4M3.defaultGroupSize());
    assertEquals(32, CompressWeightsMode.MXFP4.defaultGroupSize());
    assertEquals(16, CompressWeightsMode.NVFP4.defaultGroupSize());
    assertEquals(-1, CompressWeightsMode.CB4.defaultGroupSize());
    assertEquals(BackupMode.MXFP8_E4M3, BackupMode.defaultFor(CompressWeightsMode.MXFP4));
    assertEquals(BackupMode.FP8_E4M3, BackupMode.defaultFor(CompressWeightsMode.FP4));
    assertEquals(BackupMode.INT8_ASYM, BackupMode.defaultFor(CompressWeightsMode.NVFP4));
    assertEquals(Optional.empty(), BackupMode.NONE.compressionMode());
    assertEquals(Optional.of(CompressWeightsMode.INT8_SYM), BackupMode.fromValue("int8_sym").compressionMode());
    assertEquals(GroupSizeFallbackMode.ADJUST, GroupSizeFallbackMode.fromValue("adjust"));
    assertThrows(IllegalArgumentException.class, () -> BackupMode.fromValue("int4"));
    assertEquals(8, CompressWeightsMode.FP8_E4M3.numBits());
    assertEquals(4, CompressWeightsMode.NF4.numBits());
  }
}
