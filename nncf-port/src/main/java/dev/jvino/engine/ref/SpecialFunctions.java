package dev.jvino.engine.ref;

/** Mathematical functions the JDK lacks, accurate to about 1e-13 relative in double precision. */
public final class SpecialFunctions {
  private SpecialFunctions() {}

  private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
  private static final double INV_SQRT_PI = 0.5641895835477563;

  /** The error function. */
  public static double erf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double ax = Math.abs(x);
    if (ax < 2.5) {
      // Maclaurin series: sum over n of (-1)^n x^(2n+1) / (n! (2n+1))
      double x2 = x * x;
      double term = x;
      double sum = x;
      for (int n = 1; n < 200; n++) {
        term *= -x2 / n;
        double add = term / (2 * n + 1);
        sum += add;
        if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
          break;
        }
      }
      return TWO_OVER_SQRT_PI * sum;
    }
    double e = erfcLarge(ax);
    return x > 0 ? 1 - e : e - 1;
  }

  /** The complementary error function {@code 1 - erf(x)}. */
  public static double erfc(double x) {
    if (x >= 2.5) {
      return erfcLarge(x);
    }
    return 1 - erf(x);
  }

  /** erfc for x >= 2.5 from its continued fraction, evaluated backwards. */
  private static double erfcLarge(double x) {
    if (x > 27) {
      return 0;
    }
    double f = x;
    for (int k = 80; k >= 1; k--) {
      f = x + (k * 0.5) / f;
    }
    return Math.exp(-x * x) * INV_SQRT_PI / f;
  }
}
