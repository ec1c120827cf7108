package dev.jvino.nncf;

import org.jspecify.annotations.Nullable;

/**
 * NNCF's {@code FP8QuantizationParameters}: the FakeConvert destination type of one quantizer group in
 * the FP8 modes (null: the mode's type, E4M3 for {@link QuantizationMode#FP8_E4M3}, E5M2 for
 * {@link QuantizationMode#FP8_E5M2}).
 */
public record FP8QuantizationParameters(@Nullable FP8Type destinationType) implements QuantizerParameters {
  /** The destination type, or the one {@code mode} implies when unset. */
  public FP8Type destinationTypeOr(QuantizationMode mode) {
    if (destinationType != null) {
      return destinationType;
    }
    return mode == QuantizationMode.FP8_E5M2 ? FP8Type.E5M2 : FP8Type.E4M3;
  }
}
