package dev.jvino.nncf;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/** Parsing of NNCF's string enum values, shared by the enums of this package. */
final class NncfValues {
  private NncfValues() {}

  /** The constant whose value (or name) equals {@code text}, case-insensitively. */
  static <E extends Enum<E>> E parse(Class<E> type, Function<E, String> valueOf, String what, String text) {
    String v = text.strip().toLowerCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (valueOf.apply(e).equals(v) || e.name().toLowerCase(Locale.ROOT).equals(v)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown " + what + " '" + text + "'; expected one of "
        + Arrays.stream(type.getEnumConstants()).map(valueOf).toList());
  }
}
