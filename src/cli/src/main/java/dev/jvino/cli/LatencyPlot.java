package dev.jvino.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws a latency histogram as a PNG with java.awt, headless. */
final class LatencyPlot {
  static final int WIDTH = 800;
  static final int HEIGHT = 500;
  private static final int BINS = 30;

  private LatencyPlot() {}

  /** Writes the histogram of {@code millis} (with the median marked) to {@code png}. */
  static void write(double[] millis, LatencyStats stats, String title, Path png) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      int left = 70;
      int right = WIDTH - 30;
      int top = 50;
      int bottom = HEIGHT - 60;
      double lo = stats.min();
      double span = Math.max(stats.max() - lo, 1e-9);
      int[] counts = new int[BINS];
      for (double v : millis) {
        counts[Math.min(BINS - 1, (int) ((v - lo) / span * BINS))]++;
      }
      int peak = 1;
      for (int c : counts) {
        peak = Math.max(peak, c);
      }
      double binWidth = (right - left) / (double) BINS;
      g.setColor(new Color(70, 130, 180));
      for (int b = 0; b < BINS; b++) {
        int h = (int) Math.round((bottom - top) * counts[b] / (double) peak);
        g.fillRect(left + (int) (b * binWidth), bottom - h, Math.max(1, (int) binWidth - 1), h);
      }
      g.setColor(Color.BLACK);
      g.drawLine(left, bottom, right, bottom);
      g.drawLine(left, top, left, bottom);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString(fmt(lo) + " ms", left, bottom + 18);
      String hi = fmt(stats.max()) + " ms";
      g.drawString(hi, right - g.getFontMetrics().stringWidth(hi), bottom + 18);
      g.drawString(String.valueOf(peak), left - 8 - g.getFontMetrics().stringWidth(String.valueOf(peak)), top + 5);
      g.drawString("0", left - 15, bottom);
      g.drawString("latency (ms), " + stats.count() + " inferences", (left + right) / 2 - 80, HEIGHT - 20);
      int mx = left + (int) Math.round((stats.median() - lo) / span * (right - left));
      g.setColor(Color.RED);
      g.setStroke(new BasicStroke(2));
      g.drawLine(mx, top, mx, bottom);
      g.drawString("median " + fmt(stats.median()) + " ms", Math.min(mx + 4, right - 130), top + 15);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(title, left, 30);
    } finally {
      g.dispose();
    }
    try {
      if (!ImageIO.write(img, "png", png.toFile())) {
        throw new IOException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write --plot " + png + ": " + e.getMessage(), e);
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
