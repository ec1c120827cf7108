package dev.jvino.engine.ref;

/**
 * The two Pillow-compatible resampling filters of Interpolate-11 ({@code bilinear_pillow} with support
 * 1 and {@code bicubic_pillow} with support 2 and the {@code cube_coeff} parameter): a separable
 * two-pass resize of one [H, W] plane in double, with per-output filter windows widened by the
 * downscale factor and normalised to sum 1, as Pillow's {@code Resample.c} defines it. The horizontal
 * pass's result is rounded to the element type before the vertical pass (via {@code store}).
 */
final class InterpolatePillow {
  private InterpolatePillow() {}

  /** Rounds an intermediate or final value to the element type. */
  interface Store {
    double apply(double v);
  }

  private record Window(int[] start, int[] count, double[] weights, int width) {}

  private static double filter(boolean cubic, double x, double a) {
    x = Math.abs(x);
    if (!cubic) {
      return x < 1 ? 1 - x : 0;
    }
    if (x < 1) {
      return ((a + 2) * x - (a + 3)) * x * x + 1;
    }
    if (x < 2) {
      return (((x - 5) * x + 8) * x - 4) * a;
    }
    return 0;
  }

  private static Window window(int inSize, int outSize, boolean cubic, double a) {
    double scale = (double) (float) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = (cubic ? 2.0 : 1.0) * filterScale;
    int width = (int) Math.ceil(support) * 2 + 1;
    int[] start = new int[outSize];
    int[] count = new int[outSize];
    double[] w = new double[outSize * width];
    for (int o = 0; o < outSize; o++) {
      double center = (o + 0.5) * scale;
      int lo = Math.max(0, (int) (center - support + 0.5));
      int hi = Math.min(inSize, (int) (center + support + 0.5));
      int n = hi - lo;
      double sum = 0;
      for (int i = 0; i < n; i++) {
        double v = filter(cubic, (i + lo - center + 0.5) / filterScale, a);
        w[o * width + i] = v;
        sum += v;
      }
      if (sum != 0) {
        for (int i = 0; i < n; i++) {
          w[o * width + i] /= sum;
        }
      }
      start[o] = lo;
      count[o] = Math.max(n, 0);
    }
    return new Window(start, count, w, width);
  }

  /** Resizes {@code in} ([hIn, wIn] row-major) to [hOut, wOut]. */
  static double[] resize(double[] in, int hIn, int wIn, int hOut, int wOut, boolean cubic, double a, Store store) {
    boolean horizontal = wOut != wIn;
    boolean vertical = hOut != hIn;
    Window wx = window(wIn, wOut, cubic, a);
    Window wy = window(hIn, hOut, cubic, a);
    int firstRow = wy.start()[0];
    int lastRow = wy.start()[hOut - 1] + wy.count()[hOut - 1];
    double[] src = in;
    int rowOffset = 0;
    if (horizontal) {
      int rows = lastRow - firstRow;
      double[] tmp = new double[rows * wOut];
      for (int y = 0; y < rows; y++) {
        for (int x = 0; x < wOut; x++) {
          double s = 0;
          for (int i = 0; i < wx.count()[x]; i++) {
            s += in[(y + firstRow) * wIn + wx.start()[x] + i] * wx.weights()[x * wx.width() + i];
          }
          tmp[y * wOut + x] = store.apply(s);
        }
      }
      src = tmp;
      rowOffset = firstRow;
    }
    if (!vertical) {
      return horizontal ? src : in.clone();
    }
    double[] out = new double[hOut * wOut];
    for (int y = 0; y < hOut; y++) {
      for (int x = 0; x < wOut; x++) {
        double s = 0;
        for (int i = 0; i < wy.count()[y]; i++) {
          int row = wy.start()[y] + i - rowOffset;
          s += src[row * wOut + x] * wy.weights()[y * wy.width() + i];
        }
        out[y * wOut + x] = store.apply(s);
      }
    }
    return out;
  }
}
