package dev.jvino.nncf.compression;

import dev.jvino.ir.ElementType;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.ValidationException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * How one weight is compressed (NNCF's {@code WeightCompressionConfig}): a mode, a group size (-1 = per
 * channel) and, for the codebook modes, the codebook.
 *
 * @param mode the compression mode
 * @param groupSize elements per group along the reduction axis, or -1
 * @param codebook the codebook values for CB4/CODEBOOK, else null
 * @param codebookType the element type a CODEBOOK codebook is stored in (f32 otherwise)
 */
public record WeightCompressionConfig(
    CompressWeightsMode mode, int groupSize, float @Nullable [] codebook, ElementType codebookType) {

  public WeightCompressionConfig {
    if (groupSize == 0 || groupSize < -1) {
      throw new ValidationException("Invalid group_size=" + groupSize + ". Group size must be a positive integer or -1.");
    }
    codebook = codebook == null ? null : codebook.clone();
    java.util.Objects.requireNonNull(codebookType, "codebookType");
  }

  public WeightCompressionConfig(CompressWeightsMode mode, int groupSize, float @Nullable [] codebook) {
    this(mode, groupSize, codebook, ElementType.F32);
  }

  public WeightCompressionConfig(CompressWeightsMode mode, int groupSize) {
    this(mode, groupSize, null);
  }

  /** Bits per stored value: by codebook size for codebooks, 8 for INT8/FP8/MXFP8, else 4. */
  public int numBits() {
    if (codebook != null) {
      return codebook.length <= 16 ? 4 : codebook.length <= 256 ? 8 : 16;
    }
    return mode.numBits();
  }

  /** The bitwidth-table label: {@code "int4_asym, group size 128"} or {@code "int8_asym, per-channel"}. */
  public String label() {
    return mode.value() + ", " + (groupSize != -1 ? "group size " + groupSize : "per-channel");
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof WeightCompressionConfig c && c.mode == mode && c.groupSize == groupSize
        && Arrays.equals(c.codebook, codebook) && c.codebookType == codebookType;
  }

  @Override
  public int hashCode() {
    return mode.hashCode() * 31 + groupSize;
  }

  @Override
  public String toString() {
    return label();
  }
}
