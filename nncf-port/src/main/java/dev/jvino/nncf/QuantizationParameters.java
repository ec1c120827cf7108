package dev.jvino.nncf;

import org.jspecify.annotations.Nullable;

/**
 * NNCF's {@code QuantizationParameters}: constraints on the quantizers of one group. Every field is
 * optional (null: not constrained, the hardware configuration and preset decide).
 *
 * @param numBits bits of the quantized values
 * @param mode symmetric or asymmetric
 * @param signednessToForce force a signed (true) or unsigned (false) range
 * @param perChannel per-channel (true) or per-tensor (false)
 * @param narrowRange one level fewer (e.g. [-127, 127] instead of [-128, 127])
 */
public record QuantizationParameters(@Nullable Integer numBits, @Nullable QuantizationScheme mode,
    @Nullable Boolean signednessToForce, @Nullable Boolean perChannel, @Nullable Boolean narrowRange)
    implements QuantizerParameters {

  /** NNCF's {@code QuantizationParameters()}: nothing constrained. */
  public static final QuantizationParameters NONE = builder().build();

  /**
   * @throws ValidationException if numBits is outside [1, 32]
   */
  public QuantizationParameters {
    if (numBits != null && (numBits < 1 || numBits > 32)) {
      throw new ValidationException("QuantizationParameters.num_bits must be in [1, 32], got " + numBits);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link QuantizationParameters}; unset fields stay null. */
  public static final class Builder {
    private @Nullable Integer numBits;
    private @Nullable QuantizationScheme mode;
    private @Nullable Boolean signednessToForce;
    private @Nullable Boolean perChannel;
    private @Nullable Boolean narrowRange;

    private Builder() {}

    public Builder numBits(@Nullable Integer v) {
      numBits = v;
      return this;
    }

    public Builder mode(@Nullable QuantizationScheme v) {
      mode = v;
      return this;
    }

    public Builder signednessToForce(@Nullable Boolean v) {
      signednessToForce = v;
      return this;
    }

    public Builder perChannel(@Nullable Boolean v) {
      perChannel = v;
      return this;
    }

    public Builder narrowRange(@Nullable Boolean v) {
      narrowRange = v;
      return this;
    }

    /**
     * @throws ValidationException if numBits is outside [1, 32]
     */
    public QuantizationParameters build() {
      return new QuantizationParameters(numBits, mode, signednessToForce, perChannel, narrowRange);
    }
  }
}
