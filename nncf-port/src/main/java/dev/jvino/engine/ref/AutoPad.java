package dev.jvino.engine.ref;

import java.util.Locale;

/** The {@code auto_pad} attribute of convolutions and pools. */
public enum AutoPad {
  /** Use {@code pads_begin}/{@code pads_end} as given. */
  EXPLICIT,
  /** Same as {@link #EXPLICIT} (the IR's {@code notset}). */
  NOTSET,
  /** Pad so that output = ceil(input / stride); an odd extra pad goes at the end. */
  SAME_UPPER,
  /** Like {@link #SAME_UPPER} with an odd extra pad at the beginning. */
  SAME_LOWER,
  /** No padding. */
  VALID;

  /** Parses the IR spelling ({@code explicit}, {@code notset}, {@code same_upper}, ...). */
  public static AutoPad parse(String op, String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "explicit", "" -> EXPLICIT;
      case "notset" -> NOTSET;
      case "same_upper" -> SAME_UPPER;
      case "same_lower" -> SAME_LOWER;
      case "valid" -> VALID;
      default -> throw new OpAttributeException(op, "auto_pad", text,
          "expected explicit, notset, same_upper, same_lower or valid");
    };
  }

  /**
   * The pads actually applied for one spatial dimension, as {@code {begin, end}}: the explicit ones
   * for EXPLICIT/NOTSET, zeros for VALID, and {@code max(0, (ceil(in/s) - 1) * s + dk - in)} split
   * between both sides for SAME_*.
   */
  long[] resolve(long in, long dilatedKernel, long stride, long padBegin, long padEnd) {
    return switch (this) {
      case EXPLICIT, NOTSET -> new long[] {padBegin, padEnd};
      case VALID -> new long[] {0, 0};
      case SAME_UPPER, SAME_LOWER -> {
        long out = (in + stride - 1) / stride;
        long total = Math.max(0, (out - 1) * stride + dilatedKernel - in);
        long small = total / 2;
        yield this == SAME_UPPER ? new long[] {small, total - small} : new long[] {total - small, small};
      }
    };
  }
}
