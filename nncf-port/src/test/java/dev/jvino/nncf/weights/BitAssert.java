package dev.jvino.nncf.weights;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/** Bit-exact array comparisons that report the first mismatches. */
final class BitAssert {
  private BitAssert() {}

  /** Raw float bits must match; any NaN matches any NaN. */
  static void floats(String what, float[] expected, float[] actual) {
    compare(what, expected.length, actual.length,
        i -> Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])
            && !(Float.isNaN(expected[i]) && Float.isNaN(actual[i])),
        i -> String.format(" [%d] expected %s (%08x) got %s (%08x);", i, expected[i],
            Float.floatToRawIntBits(expected[i]), actual[i], Float.floatToRawIntBits(actual[i])));
  }

  static void shorts(String what, short[] expected, short[] actual) {
    compare(what, expected.length, actual.length, i -> expected[i] != actual[i],
        i -> String.format(" [%d] expected %04x got %04x;", i, expected[i], actual[i]));
  }

  static void bytes(String what, byte[] expected, byte[] actual) {
    compare(what, expected.length, actual.length, i -> expected[i] != actual[i],
        i -> String.format(" [%d] expected %d got %d;", i, expected[i], actual[i]));
  }

  static void ints(String what, int[] expected, int[] actual) {
    compare(what, expected.length, actual.length, i -> expected[i] != actual[i],
        i -> String.format(" [%d] expected %d got %d;", i, expected[i], actual[i]));
  }

  /** Fails listing how many of the {@code n} positions differ, describing the first five. */
  private static void compare(String what, int n, int actualLength, IntPredicate differs, IntFunction<String> describe) {
    if (n != actualLength) {
      fail(what + ": expected " + n + " values, got " + actualLength);
    }
    StringBuilder sb = new StringBuilder();
    int bad = 0;
    for (int i = 0; i < n; i++) {
      if (differs.test(i) && bad++ < 5) {
        sb.append(describe.apply(i));
      }
    }
    if (bad > 0) {
      fail(what + ": " + bad + " of " + n + " differ:" + sb);
    }
  }
}
