package dev.jvino.cli;

import java.nio.file.Path;
import java.util.Locale;

/** Byte counts and IR file names for messages. */
final class Sizes {
  private Sizes() {}

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** The {@code .bin} beside an {@code .xml}. */
  static Path bin(Path xml) {
    String name = xml.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return xml.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".bin");
  }
}
