package dev.jvino.ir.io;

import java.util.Locale;

/**
 * FOR TESTS ONLY: named points in the IR writer where a test can stop the JVM, to prove that an
 * interrupted write leaves the destination untouched or complete. Inactive unless a system property
 * names a point:
 *
 * <ul>
 *   <li>{@code -Djvino.test.haltAt=<point>} halts the JVM there ({@link Runtime#halt}: no shutdown
 *       hooks, no {@code finally} blocks, like {@code kill -9} or a power cut);
 *   <li>{@code -Djvino.test.pauseAt=<point>} prints {@code jvino.test: paused at <point>} to standard
 *       error and sleeps there, so a test can send a signal (Ctrl-C) at that exact moment.
 * </ul>
 *
 * <p>Points: {@code before-first-byte} (temporary {@code .bin} created, nothing written),
 * {@code mid-bin} (about half of the {@code .bin} written) and {@code between-renames} (the first of
 * the two files renamed into place, the second not yet). Production runs never set these properties.
 */
final class TestHaltPoints {
  /** A point in {@link IrWriter#write}. */
  enum Point {
    BEFORE_FIRST_BYTE, MID_BIN, BETWEEN_RENAMES;

    String propertyValue() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** The exit status of a halt, so a test can tell the hook from a crash. */
  static final int HALT_STATUS = 86;

  private static final String HALT_AT = System.getProperty("jvino.test.haltAt", "");
  private static final String PAUSE_AT = System.getProperty("jvino.test.pauseAt", "");

  private TestHaltPoints() {}

  /** Whether any point is armed (tests only). */
  static boolean armed() {
    return !HALT_AT.isEmpty() || !PAUSE_AT.isEmpty();
  }

  /** Halts or pauses here when a test asked for {@code point}; otherwise returns at once. */
  static void reach(Point point) {
    if (!armed()) {
      return;
    }
    String name = point.propertyValue();
    if (HALT_AT.equals(name)) {
      System.err.println("jvino.test: halting at " + name);
      System.err.flush();
      Runtime.getRuntime().halt(HALT_STATUS);
    }
    if (PAUSE_AT.equals(name)) {
      System.err.println("jvino.test: paused at " + name);
      System.err.flush();
      while (true) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
