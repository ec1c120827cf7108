package dev.jvino.nncf.quantization;

import dev.jvino.nncf.QuantizationScheme;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * NNCF's {@code QuantizerConfig}: the bit width, the scheme, a forced signedness (null lets the
 * statistics decide), per-channel or per-tensor, and whether the range is narrow (one level fewer).
 */
public record QuantizerConfig(int numBits, QuantizationScheme mode, @Nullable Boolean signednessToForce,
    boolean perChannel, boolean narrowRange) {
  public QuantizerConfig {
    Objects.requireNonNull(mode, "mode");
    if (numBits < 1 || numBits > 32) {
      throw new IllegalArgumentException("num_bits must be in [1, 32], got " + numBits);
    }
  }

  /** The number of quantization levels: {@code 2^bits}, one fewer when narrow. */
  public long levels() {
    long levels = 1L << numBits;
    return narrowRange ? levels - 1 : levels;
  }
}
