package dev.jvino.ir.io;

import dev.jvino.ir.IrFormatException;
import dev.jvino.ir.Model;
import dev.jvino.ir.RtInfo;
import dev.jvino.ir.WeightsFile;
import dev.jvino.ir.io.XmlTree.Elem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Reads OpenVINO IR v10/v11. The {@code .xml} is parsed with a hardened StAX parser; the {@code .bin}
 * is memory-mapped and constants keep lazy views of it, so opening a model reads no weight bytes
 * (except a checksum pass when the {@code .xml} was written by jvino and {@link Options#verifyChecksum}
 * is on). Every problem is an {@link IrFormatException} naming the file, line and layer.
 */
public final class IrReader {
  private static final System.Logger LOG = System.getLogger(IrReader.class.getName());

  /** Model rt_info key under which jvino's writer records the {@code .bin}'s size and CRC32C. */
  public static final String WEIGHTS_RECORD = "jvino_weights";

  /**
   * Reading options.
   *
   * @param verifyChecksum check the CRC32C recorded by jvino's writer (reads the whole {@code .bin});
   *     the size is always checked
   * @param validateOps run jvino's shape inference on known ops to reject bad attributes
   */
  public record Options(boolean verifyChecksum, boolean validateOps) {
    public static final Options DEFAULT = new Options(true, true);
  }

  private IrReader() {}

  /** Reads {@code model.xml} with its sibling {@code model.bin}. */
  public static Model read(Path xml) {
    return read(xml, null, Options.DEFAULT);
  }

  /**
   * Reads an IR whose weights file has another name ({@code bin}), or none ({@code null}: the
   * sibling {@code .bin} if it exists; a model without constants needs none).
   */
  public static Model read(Path xml, @Nullable Path bin, Options options) {
    checkXmlFile(xml);
    Path binPath = bin != null ? bin : siblingBin(xml);
    Supplier<WeightsFile> weights = memo(() -> mapBin(binPath));
    Elem root;
    try (InputStream in = Files.newInputStream(xml)) {
      root = XmlTree.parse(in, xml);
    } catch (IOException e) {
      throw new IrFormatException(xml, -1, null, null, "cannot read: " + e, e);
    }
    return build(root, xml, weights, options);
  }

  /** Reads an IR from memory: the {@code .xml} bytes and the weights (may be {@code null}). */
  public static Model read(byte[] xml, @Nullable MemorySegment weights, Options options) {
    WeightsFile w = weights == null ? null : WeightsFile.of(weights);
    Supplier<WeightsFile> sup = () -> {
      if (w == null) {
        throw new IrFormatException(null, "the model has constants but no weights were given");
      }
      return w;
    };
    if (xml.length == 0) {
      throw new IrFormatException(null, "the .xml is empty");
    }
    return build(XmlTree.parse(new ByteArrayInputStream(xml), null), null, sup, options);
  }

  private static Model build(Elem root, @Nullable Path xml, Supplier<WeightsFile> weights,
      Options options) {
    if (!root.name().equals("net")) {
      throw new IrFormatException(xml, root.line(), null, null,
          "the root element is <" + root.name() + ">, not <net>: not an OpenVINO IR", null);
    }
    String v = root.attr("version");
    int version;
    try {
      version = v == null ? -1 : Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      version = -1;
    }
    if (version != 10 && version != 11) {
      throw new IrFormatException(xml, root.line(), null, null,
          "IR version '" + v + "' is not supported (10 or 11 are)", null);
    }
    RtInfo modelRt = new RtInfo();
    GraphParser.readRtInfo(root.child("rt_info"), modelRt);
    String runtimeVersion = modelRt.value("Runtime_version").orElse(null);
    Optional<RtInfo.Entry> record = modelRt.find(WEIGHTS_RECORD);
    if (record.isPresent()) {
      boolean emptyRecorded = record.get().children().stream()
          .anyMatch(c -> c.tag().equals("size") && "0".equals(c.attributes().get("value")));
      WeightsFile w;
      try {
        w = weights.get();
      } catch (IrFormatException e) {
        if (!emptyRecorded) {
          throw e;
        }
        w = null; // written without weights, read without weights: nothing to compare
      }
      if (w != null) {
        w.checkIntact("its bytes for the CRC32C check");
        try {
          verifyRecord(xml, record.get(), w, options.verifyChecksum());
        } catch (InternalError e) {
          throw w.changed(e, "its bytes for the CRC32C check");
        }
      }
      modelRt.remove(WEIGHTS_RECORD);
    }
    GraphParser p = new GraphParser(xml, weights, version, runtimeVersion, options.validateOps());
    String name = root.attr("name") == null ? "" : root.attr("name");
    Model m = p.parse(root, name);
    m.rtInfo().addAll(modelRt);
    LOG.log(System.Logger.Level.DEBUG, () -> "read " + xml + ": " + m.ops().size() + " ops");
    return m;
  }

  private static void verifyRecord(@Nullable Path xml, RtInfo.Entry rec, WeightsFile w,
      boolean checksum) {
    String size = null;
    String crc = null;
    for (RtInfo.Entry c : rec.children()) {
      if (c.tag().equals("size")) {
        size = c.attributes().get("value");
      } else if (c.tag().equals("crc32c")) {
        crc = c.attributes().get("value");
      }
    }
    Path where = w.path() != null ? w.path() : xml;
    if (size != null && !size.equals(Long.toString(w.size()))) {
      throw new WeightsMismatchException(where, "the weights file has " + w.size()
          + " bytes but the .xml was written with one of " + size + " bytes: the pair does not match");
    }
    if (checksum && crc != null) {
      String actual = crc32c(w);
      if (!crc.equalsIgnoreCase(actual)) {
        throw new WeightsMismatchException(where, "the weights file's CRC32C is " + actual
            + " but the .xml was written with " + crc + ": the pair does not match");
      }
    }
  }

  /** CRC32C of a weights file, as 8 lower-case hex digits. */
  static String crc32c(WeightsFile w) {
    return crc32c(wholeFile(w));
  }

  static String crc32c(MemorySegment all) {
    CRC32C crc = new CRC32C();
    new SafeCopy(all.byteSize()).checksum(all, crc);
    return String.format(Locale.ROOT, "%08x", crc.getValue());
  }

  private static MemorySegment wholeFile(WeightsFile w) {
    return w.size() == 0 ? MemorySegment.ofArray(new byte[0]) : w.slice(0, w.size());
  }

  /** The weights file OpenVINO pairs with {@code xml}: the same name with {@code .bin} for the extension. */
  public static Path siblingBin(Path xml) {
    String n = xml.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return xml.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + ".bin");
  }

  private static WeightsFile mapBin(Path bin) {
    if (!Files.exists(bin)) {
      throw new IrFormatException(bin, "the weights file does not exist");
    }
    if (Files.isDirectory(bin)) {
      throw new IrFormatException(bin, "the weights path is a folder, not a .bin file");
    }
    try {
      return WeightsFile.map(bin);
    } catch (IOException e) {
      throw new IrFormatException(bin, -1, null, null, "cannot map the weights file: " + e, e);
    }
  }

  private static <T> Supplier<T> memo(Supplier<T> s) {
    return new Supplier<>() {
      private @Nullable T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = s.get();
        }
        return value;
      }
    };
  }

  /** Refuses folders, empty files and models in other formats before parsing. */
  static void checkXmlFile(Path xml) {
    if (!Files.exists(xml)) {
      throw new IrFormatException(xml, "the file does not exist");
    }
    if (Files.isDirectory(xml)) {
      throw new IrFormatException(xml, "this is a folder, not an IR .xml file");
    }
    String n = xml.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".bin")) {
      throw new IrFormatException(xml, "this is an IR weights file; open the .xml next to it");
    }
    String format = formatByExtension(n);
    if (format != null) {
      throw new NotIrModelException(xml, format);
    }
    byte[] head = new byte[16];
    int got;
    try (InputStream in = Files.newInputStream(xml)) {
      got = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new IrFormatException(xml, -1, null, null, "cannot read: " + e, e);
    }
    if (got == 0) {
      throw new IrFormatException(xml, "the file is empty");
    }
    int i = 0;
    if (got >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
      i = 3;
    }
    while (i < got && Character.isWhitespace(head[i])) {
      i++;
    }
    if (i < got && head[i] != '<') {
      if (head[0] == 0x08) {
        throw new NotIrModelException(xml, "ONNX (protobuf)");
      }
      if (got >= 8 && head[4] == 'T' && head[5] == 'F' && head[6] == 'L' && head[7] == '3') {
        throw new NotIrModelException(xml, "TensorFlow Lite");
      }
      if (head[0] == 'P' && head[1] == 'K') {
        throw new NotIrModelException(xml, "zip archive (PyTorch or Keras)");
      }
      throw new IrFormatException(xml, "not an XML file (it does not start with '<')");
    }
  }

  private static @Nullable String formatByExtension(String n) {
    if (n.endsWith(".onnx")) {
      return "ONNX";
    } else if (n.endsWith(".pb") || n.endsWith(".pbtxt") || n.endsWith(".savedmodel")) {
      return "TensorFlow";
    } else if (n.endsWith(".tflite")) {
      return "TensorFlow Lite";
    } else if (n.endsWith(".pdmodel") || n.endsWith(".pdiparams")) {
      return "PaddlePaddle";
    } else if (n.endsWith(".pt") || n.endsWith(".pth") || n.endsWith(".torchscript")) {
      return "PyTorch";
    } else if (n.endsWith(".h5") || n.endsWith(".keras")) {
      return "Keras";
    } else if (n.endsWith(".safetensors") || n.endsWith(".gguf")) {
      return n.substring(n.lastIndexOf('.') + 1).toUpperCase(Locale.ROOT) + " weights";
    }
    return null;
  }
}
