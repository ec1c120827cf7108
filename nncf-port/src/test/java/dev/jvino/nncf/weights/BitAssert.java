package dev.jvino.nncf.weights;

import static org.junit.jupiter.api.Assertions.fail;

/** Bit-exact array comparisons that report the first mismatches. */
final class BitAssert {
  private BitAssert() {}

  static void floats(String what, float[] expected, float[] actual) {
    length(what, expected.length, actual.length);
    StringBuilder sb = new StringBuilder();
    int bad = 0;
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])
          && !(Float.isNaN(expected[i]) && Float.isNaN(actual[i]))) {
        if (bad++ < 5) {
          sb.append(String.format(" [%d] expected %s (%08x) got %s (%08x);", i, expected[i],
              Float.floatToRawIntBits(expected[i]), actual[i], Float.floatToRawIntBits(actual[i])));
        }
      }
    }
    if (bad > 0) {
      fail(what + ": " + bad + " of " + expected.length + " differ:" + sb);
    }
  }

  static void shorts(String what, short[] expected, short[] actual) {
    length(what, expected.length, actual.length);
    StringBuilder sb = new StringBuilder();
    int bad = 0;
    for (int i = 0; i < expected.length; i++) {
      if (expected[i] != actual[i]) {
        if (bad++ < 5) {
          sb.append(String.format(" [%d] expected %04x got %04x;", i, expected[i], actual[i]));
        }
      }
    }
    if (bad > 0) {
      fail(what + ": " + bad + " of " + expected.length + " differ:" + sb);
    }
  }

  static void bytes(String what, byte[] expected, byte[] actual) {
    length(what, expected.length, actual.length);
    StringBuilder sb = new StringBuilder();
    int bad = 0;
    for (int i = 0; i < expected.length; i++) {
      if (expected[i] != actual[i]) {
        if (bad++ < 5) {
          sb.append(String.format(" [%d] expected %d got %d;", i, expected[i], actual[i]));
        }
      }
    }
    if (bad > 0) {
      fail(what + ": " + bad + " of " + expected.length + " differ:" + sb);
    }
  }

  static void ints(String what, int[] expected, int[] actual) {
    length(what, expected.length, actual.length);
    StringBuilder sb = new StringBuilder();
    int bad = 0;
    for (int i = 0; i < expected.length; i++) {
      if (expected[i] != actual[i]) {
        if (bad++ < 5) {
          sb.append(String.format(" [%d] expected %d got %d;", i, expected[i], actual[i]));
        }
      }
    }
    if (bad > 0) {
      fail(what + ": " + bad + " of " + expected.length + " differ:" + sb);
    }
  }

  private static void length(String what, int expected, int actual) {
    if (expected != actual) {
      fail(what + ": expected " + expected + " values, got " + actual);
    }
  }
}
