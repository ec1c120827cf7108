package dev.jvino.nncf.quantization.placement;

import dev.jvino.nncf.QuantizationParameters;
import dev.jvino.nncf.QuantizationScheme;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.quantization.QuantizerConfig;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Constraints on quantizer configurations (NNCF's {@code QuantizationConstraints}): every non-null field must
 * equal the configuration's value.
 */
record Constraints(@Nullable Integer numBits, @Nullable QuantizationScheme mode, @Nullable Boolean signednessToForce,
    @Nullable Boolean perChannel, @Nullable Boolean narrowRange) {

  /** The preset's mode overridden by the user's non-null parameters. */
  static Constraints of(QuantizationScheme presetMode, @Nullable QuantizationParameters p) {
    if (p == null) {
      return new Constraints(null, presetMode, null, null, null);
    }
    return new Constraints(p.numBits(), p.mode() != null ? p.mode() : presetMode, p.signednessToForce(),
        p.perChannel(), p.narrowRange());
  }

  Constraints withMode(QuantizationScheme m) {
    return new Constraints(numBits, m, signednessToForce, perChannel, narrowRange);
  }

  boolean accepts(QuantizerConfig c) {
    return (numBits == null || numBits == c.numBits()) && (mode == null || mode == c.mode())
        && (signednessToForce == null || signednessToForce.equals(c.signednessToForce()))
        && (perChannel == null || perChannel == c.perChannel())
        && (narrowRange == null || narrowRange == c.narrowRange());
  }

  /** {@code c} with every constrained field replaced. */
  QuantizerConfig apply(QuantizerConfig c) {
    return new QuantizerConfig(numBits != null ? numBits : c.numBits(), mode != null ? mode : c.mode(),
        signednessToForce != null ? signednessToForce : c.signednessToForce(),
        perChannel != null ? perChannel : c.perChannel(), narrowRange != null ? narrowRange : c.narrowRange());
  }

  /**
   * The configurations of {@code list} these constraints accept.
   *
   * @throws ValidationException if none is accepted
   */
  List<QuantizerConfig> filter(List<QuantizerConfig> list, String nodeName) {
    List<QuantizerConfig> out = list.stream().filter(this::accepts).toList();
    if (out.isEmpty()) {
      throw new ValidationException("Quantization parameter constraints " + this
          + " are incompatible with the hardware configuration; first conflicting quantizer location: "
          + nodeName);
    }
    return out;
  }
}
