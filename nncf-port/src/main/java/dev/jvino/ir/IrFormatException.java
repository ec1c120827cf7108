package dev.jvino.ir;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A malformed or unsupported OpenVINO IR. The message names the file, the line (when known) and the
 * layer (id and name, when the problem belongs to one).
 */
public class IrFormatException extends RuntimeException {
  private final @Nullable Path file;
  private final int line;
  private final @Nullable String layerId;
  private final @Nullable String layerName;
  private final String detail;

  public IrFormatException(@Nullable Path file, int line, @Nullable String layerId,
      @Nullable String layerName, String detail, @Nullable Throwable cause) {
    super(format(file, line, layerId, layerName, detail), cause);
    this.file = file;
    this.line = line;
    this.layerId = layerId;
    this.layerName = layerName;
    this.detail = detail;
  }

  public IrFormatException(@Nullable Path file, String detail) {
    this(file, -1, null, null, detail, null);
  }

  private static String format(@Nullable Path file, int line, @Nullable String id,
      @Nullable String name, String detail) {
    StringBuilder sb = new StringBuilder();
    sb.append(file == null ? "<memory>" : file.toString());
    if (line > 0) {
      sb.append(':').append(line);
    }
    if (id != null || name != null) {
      sb.append(": layer id=").append(id).append(" name='").append(name).append('\'');
    }
    return sb.append(": ").append(detail).toString();
  }

  /** The file at fault, or {@code null} for in-memory input. */
  public @Nullable Path file() {
    return file;
  }

  /** 1-based line in the {@code .xml}, or -1. */
  public int line() {
    return line;
  }

  public @Nullable String layerId() {
    return layerId;
  }

  public @Nullable String layerName() {
    return layerName;
  }

  /** The problem, without the location prefix. */
  public String detail() {
    return detail;
  }
}
