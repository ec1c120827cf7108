package dev.jvino.nncf.quantization.placement;

import dev.jvino.nncf.QuantizationScheme;
import dev.jvino.nncf.quantization.QuantizerConfig;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A quantization configuration space of a hardware config (NNCF's {@code QConfigSpace}): one bit width and the
 * allowed schemes, granularities (per-channel first when listed first) and narrow-range choices.
 *
 * @param perChannel the granularities in preference order ({@code true} = per-channel)
 */
public record QSpace(int bits, List<QuantizationScheme> modes, List<Boolean> perChannel, List<Boolean> narrowRange,
    @Nullable Boolean signednessToForce) {
  private static final QuantizationScheme S = QuantizationScheme.SYMMETRIC;
  private static final QuantizationScheme A = QuantizationScheme.ASYMMETRIC;

  public QSpace {
    modes = List.copyOf(modes);
    perChannel = List.copyOf(perChannel);
    narrowRange = List.copyOf(narrowRange);
  }

  /** Every configuration of the space, iterating mode, then granularity, then narrow range. */
  public List<QuantizerConfig> configs() {
    List<QuantizerConfig> out = new ArrayList<>();
    for (QuantizationScheme m : modes) {
      for (boolean pc : perChannel) {
        for (boolean nr : narrowRange) {
          out.add(new QuantizerConfig(bits, m, signednessToForce, pc, nr));
        }
      }
    }
    return out;
  }

  /** 8-bit symmetric per-tensor activations. */
  public static final QSpace Q8_A_SYM = new QSpace(8, List.of(S), List.of(false), List.of(false), null);
  /** 8-bit symmetric or asymmetric per-tensor activations. */
  public static final QSpace Q8_A = new QSpace(8, List.of(S, A), List.of(false), List.of(false), null);
  /** 8-bit activations, per-channel preferred. */
  public static final QSpace Q8_A_CH = new QSpace(8, List.of(S, A), List.of(true, false), List.of(false), null);
  /** 8-bit symmetric signed narrow-range weights. */
  public static final QSpace Q8_W_SYM = new QSpace(8, List.of(S), List.of(true, false), List.of(true), true);
  /** 8-bit symmetric signed weights, narrow or not. */
  public static final QSpace Q8_W_SYM_ANY_NR = new QSpace(8, List.of(S), List.of(true, false), List.of(true, false),
      true);
  /** 8-bit asymmetric weights. */
  public static final QSpace Q8_W_ASYM = new QSpace(8, List.of(A), List.of(true, false), List.of(false), null);
  /** 16-bit counterparts (listed after the 8-bit ones, never chosen by default). */
  public static final QSpace Q16_A_SYM = new QSpace(16, List.of(S), List.of(false), List.of(false), null);
  public static final QSpace Q16_A = new QSpace(16, List.of(S, A), List.of(false), List.of(false), null);
  public static final QSpace Q16_A_CH = new QSpace(16, List.of(S, A), List.of(true, false), List.of(false), null);
  public static final QSpace Q16_W_SYM = new QSpace(16, List.of(S), List.of(true, false), List.of(true), true);
  public static final QSpace Q16_W_SYM_ANY_NR = new QSpace(16, List.of(S), List.of(true, false),
      List.of(true, false), true);
  public static final QSpace Q16_W_ASYM = new QSpace(16, List.of(A), List.of(true, false), List.of(false), null);
}
