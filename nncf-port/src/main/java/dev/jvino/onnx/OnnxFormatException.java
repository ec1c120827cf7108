package dev.jvino.onnx;

/**
 * An ONNX file that cannot be decoded: truncated or malformed protobuf, a field of the wrong wire
 * type, tensor data that does not fill its shape, or external data that is missing or outside the
 * model's folder. The message names the file and the element (graph, node, tensor) being read.
 */
public final class OnnxFormatException extends RuntimeException {
  private final String file;

  public OnnxFormatException(String file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  public OnnxFormatException(String file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /** The file (or in-memory source label) that failed to decode. */
  public String file() {
    return file;
  }
}
