package dev.jvino.data;

import java.nio.file.Path;

/** A dataset file jvino cannot use: names the file and, where known, the dataset inside it. */
public final class DatasetFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  public DatasetFormatException(Path file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  public DatasetFormatException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /** The file that was read. */
  public Path file() {
    return file;
  }
}
