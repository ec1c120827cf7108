package dev.jvino.ir;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A memory-mapped weights file could not be read because it changed on disk after it was opened (most
 * often it was truncated or replaced in place by another program): the JVM reports such a read as an
 * {@link InternalError}, which jvino turns into this error naming the file. Reopen the model.
 */
public final class WeightsFileChangedException extends IrFormatException {
  private static final long serialVersionUID = 1L;

  public WeightsFileChangedException(@Nullable Path file, String detail, Throwable cause) {
    super(file, -1, null, null, detail, cause);
  }
}
