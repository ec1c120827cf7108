package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jvino compress-weights} with hostile destinations: {@code --output} equal to {@code --input}
 * (the input's {@code .bin} is still mapped while the output is written), a symlinked output, and a
 * device as output. Each gives the correct result or a clear error, never a corrupted file.
 */
class CompressInPlaceTest {
  @TempDir Path dir;
  Path input;

  @BeforeEach
  void writeModel() throws Exception {
    input = dir.resolve("decoder.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 3)), input);
  }

  private static List<String> u8Weights(Model m) {
    return m.nodesOfType("Constant").stream().filter(n -> n.output().elementType() == ElementType.U8)
        .map(Node::name).sorted().toList();
  }

  @Test
  void outputEqualToInputGivesTheSameResultAsASeparateOutput() throws Exception {
    Path separate = dir.resolve("separate.xml");
    MainTest.Run a = MainTest.run("compress-weights", "-i", input.toString(), "-o", separate.toString());
    assertEquals(Main.OK, a.code(), a.err());
    MainTest.Run b = MainTest.run("compress-weights", "-i", input.toString(), "-o", input.toString());
    assertEquals(Main.OK, b.code(), b.err());
    // byte-identical to compressing into another file: the mapped input was read intact while the
    // output replaced it (new files renamed over the old ones, whose pages stay valid)
    assertArrayEquals(Files.readAllBytes(Sizes.bin(separate)), Files.readAllBytes(Sizes.bin(input)));
    Model m = IrReader.read(input);
    assertFalse(u8Weights(m).isEmpty());
    assertEquals(u8Weights(IrReader.read(separate)), u8Weights(m));
    try (var s = Files.list(dir)) {
      assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList());
    }
  }

  @Test
  void symlinkedOutputReplacesTheLinkNotItsTarget() throws Exception {
    Path target = dir.resolve("precious.txt");
    Files.writeString(target, "do not overwrite");
    Path out = dir.resolve("out.xml");
    Files.createSymbolicLink(out, target);
    Files.createSymbolicLink(dir.resolve("out.bin"), target);
    MainTest.Run r = MainTest.run("compress-weights", "-i", input.toString(), "-o", out.toString());
    assertEquals(Main.OK, r.code(), r.err());
    assertEquals("do not overwrite", Files.readString(target));
    assertFalse(Files.isSymbolicLink(out));
    assertFalse(u8Weights(IrReader.read(out)).isEmpty());
  }

  @Test
  void deviceOutputIsAClearErrorAndTheDeviceStays() throws Exception {
    Path full = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full) && !Files.isRegularFile(full));
    MainTest.Run r = MainTest.run("compress-weights", "-i", input.toString(), "-o", full.toString());
    assertEquals(Main.FAILURE, r.code(), r.err());
    assertTrue(r.err().contains("/dev/full") && r.err().contains("not a regular file"), r.err());
    assertFalse(Files.isRegularFile(full));
    try (var s = Files.list(Path.of("/dev"))) {
      assertEquals(List.of(), s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(".full") || n.startsWith(".jvino-compress-")).toList());
    }
  }
}
