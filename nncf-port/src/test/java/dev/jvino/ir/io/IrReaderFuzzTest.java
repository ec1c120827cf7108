package dev.jvino.ir.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.IrFormatException;
import dev.jvino.ir.Model;
import dev.jvino.ir.ModelSummary;
import dev.jvino.ir.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fuzz target for the IR reader: one input is an {@code .xml} and its {@code .bin} together.
 *
 * <p>Input layout: 4 bytes (big-endian) give the length of the {@code .xml} (clamped to what is
 * there); those bytes are the {@code .xml}, the rest is the {@code .bin}. Both are written to a temp
 * folder and read with {@link IrReader#read(Path)}; a model that reads is then summarized
 * ({@link ModelSummary}) and its small constants decoded, so lazy weight access is exercised too.
 *
 * <p>Accepted outcomes: a model, or an {@link IrFormatException} (with its subclasses). Anything
 * else (NPE, index errors, OOM, stack overflow, a hang) fails the target.
 *
 * <p>{@code mvn test} replays the corpus in {@code src/test/resources/dev/jvino/ir/io/
 * IrReaderFuzzTestInputs/readPair/} (seeds plus every former finding). To fuzz for real, see
 * {@code docs/fuzzing.md}: {@code JAZZER_FUZZ=1 mvn -pl nncf-port test -Dtest=IrReaderFuzzTest#readPair}.
 */
class IrReaderFuzzTest {
  private static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("jvino-ir-fuzz");
      DIR.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits fuzz bytes into the {@code .xml} and {@code .bin} of one IR. */
  static byte[][] split(byte[] data) {
    if (data.length < 4) {
      return new byte[][] {data, new byte[0]};
    }
    int declared = ByteBuffer.wrap(data, 0, 4).getInt();
    int rest = data.length - 4;
    int n = declared < 0 || declared > rest ? rest : declared;
    return new byte[][] {Arrays.copyOfRange(data, 4, 4 + n), Arrays.copyOfRange(data, 4 + n, data.length)};
  }

  /** Joins an {@code .xml} and {@code .bin} into one fuzz input (for seeds). */
  static byte[] join(byte[] xml, byte[] bin) {
    return ByteBuffer.allocate(4 + xml.length + bin.length).putInt(xml.length).put(xml).put(bin).array();
  }

  @FuzzTest(maxDuration = "10s")
  void readPair(byte[] data) throws IOException {
    byte[][] parts = split(data);
    Path xml = DIR.resolve("m.xml");
    Path bin = DIR.resolve("m.bin");
    Files.write(xml, parts[0]);
    Files.write(bin, parts[1]);
    Model m;
    try {
      m = IrReader.read(xml);
    } catch (IrFormatException expected) {
      if (expected.getMessage() == null || expected.getMessage().isBlank()) {
        throw new AssertionError("typed error without a message", expected);
      }
      return;
    }
    ModelSummary s = ModelSummary.of(m);
    s.toText();
    s.toJson();
    for (Node n : m.ops()) {
      if (n.is("Constant")) {
        touch(n.constantData());
      }
    }
  }

  /** Decodes a small constant's values, as engines and compression do. */
  private static void touch(ConstantData c) {
    if (c.elementCount() > 4096) {
      return;
    }
    if (c.elementType() == ElementType.STRING) {
      c.strings();
    } else {
      c.toDoubleArray();
    }
  }
}
