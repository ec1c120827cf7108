package dev.jvino.cli;

import java.nio.file.Path;

/** Byte counts and IR file names for messages. */
final class Sizes {
  private Sizes() {}

  static String human(long bytes) {
    return dev.jvino.ir.ModelSummary.humanBytes(bytes);
  }

  /** The {@code .bin} beside an {@code .xml}. */
  static Path bin(Path xml) {
    return dev.jvino.ir.io.IrReader.siblingBin(xml);
  }
}
