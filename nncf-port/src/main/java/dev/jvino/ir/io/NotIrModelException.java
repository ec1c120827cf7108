package dev.jvino.ir.io;

import dev.jvino.ir.IrFormatException;
import java.nio.file.Path;

/**
 * The file is a model in another format (ONNX, TensorFlow, TFLite, PaddlePaddle, PyTorch...), which
 * jvino's IR layer does not convert.
 */
public final class NotIrModelException extends IrFormatException {
  private final String format;

  NotIrModelException(Path file, String format) {
    super(file, "this is a " + format + " model, not OpenVINO IR (.xml + .bin). Read it through "
        + "OpenVINO (Core.readModel) or convert it first with OpenVINO's tools (ovc or "
        + "openvino.convert_model, then openvino.save_model)");
    this.format = format;
  }

  /** The detected format, e.g. {@code ONNX}. */
  public String format() {
    return format;
  }
}
