package dev.jvino.ir.io;

import dev.jvino.ir.IrFormatException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A u2/u3/u6 constant whose bit packing cannot be determined: the model does not record the OpenVINO
 * release that wrote it ({@code Runtime_version} in the model rt_info), and the releases disagree.
 */
public final class UnsupportedPackingException extends IrFormatException {
  UnsupportedPackingException(@Nullable Path file, int line, String id, String name, String detail) {
    super(file, line, id, name, detail, null);
  }
}
