package dev.jvino.nncf.quantization.placement;

import dev.jvino.nncf.QuantizationScheme;
import dev.jvino.nncf.ValidationException;
import org.jspecify.annotations.Nullable;

/**
 * User constraints on activation or weight quantizers (NNCF's {@code QuantizationParameters}); each non-null
 * field must hold for every chosen configuration.
 */
public record QuantizationParameters(@Nullable Integer numBits, @Nullable QuantizationScheme mode,
    @Nullable Boolean signednessToForce, @Nullable Boolean perChannel, @Nullable Boolean narrowRange) {
  public QuantizationParameters {
    if (numBits != null && (numBits < 1 || numBits > 32)) {
      throw new ValidationException("QuantizationParameters.num_bits must be in [1, 32], got " + numBits);
    }
    if (mode != null && mode != QuantizationScheme.SYMMETRIC && mode != QuantizationScheme.ASYMMETRIC) {
      throw new ValidationException("QuantizationParameters.mode must be symmetric or asymmetric for "
          + "nncf.quantize, got " + mode);
    }
  }

  /** No constraint at all. */
  public static final QuantizationParameters NONE = new QuantizationParameters(null, null, null, null, null);
}
