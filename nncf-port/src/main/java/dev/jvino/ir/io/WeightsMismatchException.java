package dev.jvino.ir.io;

import dev.jvino.ir.IrFormatException;
import java.nio.file.Path;

/**
 * The {@code .bin} is not the one the {@code .xml} was written with: its size or checksum differs
 * from the record jvino's writer stores in the model rt_info.
 */
public final class WeightsMismatchException extends IrFormatException {
  WeightsMismatchException(Path file, String detail) {
    super(file, detail);
  }
}
