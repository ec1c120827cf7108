package dev.jvino.onnx;

import dev.jvino.ir.Model;
import dev.jvino.ir.io.IrWriter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Entry points of ONNX to OpenVINO IR conversion, the pure-Java counterpart of
 * {@code ov.convert_model("model.onnx")} followed by {@code ov.save_model}.
 */
public final class Convert {
  private Convert() {}

  /** Converts an ONNX file into an in-memory model (with the conversion recorded in its rt_info). */
  public static Model onnxToIr(Path onnx, ConvertOptions options) throws IOException {
    return OnnxConverter.convert(onnx, options);
  }

  /**
   * Converts an ONNX file and writes {@code xml} with its sibling {@code .bin}; float constants are
   * stored as f16 when {@link ConvertOptions#compressToFp16()} is set.
   *
   * @return the converted model (uncompressed; compression applies to the written copy)
   */
  public static Model onnxToIr(Path onnx, Path xml, ConvertOptions options) throws IOException {
    Model m = OnnxConverter.convert(onnx, options);
    IrWriter.write(m, xml, null, IrWriter.Options.DEFAULT.withCompressToF16(options.compressToFp16()));
    return m;
  }
}
