package dev.jvino.ir.io;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.ir.IrFormatException;
import dev.jvino.ir.Model;
import dev.jvino.ir.ModelSummary;
import dev.jvino.ir.TestModels;
import dev.jvino.ir.WeightsFileChangedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and failing files for the IR reader and writer, beyond {@link BadInputTest}: deep nesting,
 * huge layer counts, overflowing shapes, a {@code .bin} that shrinks while mapped, full disks, device
 * and symlinked destinations. Timeouts here are safety bounds (a hang fails the test), not benchmarks.
 */
class HostileFilesTest {
  @TempDir Path dir;

  @AfterEach
  void restoreChannels() {
    IrWriter.channels = IrWriter.FILE_CHANNELS;
  }

  private Path tiny(String name) throws IOException {
    Path x = dir.resolve(name + ".xml");
    Files.writeString(x, BadInputTest.TINY);
    byte[] bin = new byte[40];
    for (int i = 0; i < 10; i++) {
      int bits = Float.floatToIntBits(i + 0.5f);
      for (int b = 0; b < 4; b++) {
        bin[4 * i + b] = (byte) (bits >>> (8 * b));
      }
    }
    Files.write(dir.resolve(name + ".bin"), bin);
    return x;
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void hundredThousandNestedElementsAreRefusedEarly() throws IOException {
    int depth = 100_000;
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<net name=\"deep\" version=\"11\"><rt_info>");
    sb.append("<a>".repeat(depth)).append("</a>".repeat(depth)).append("</rt_info><layers/></net>\n");
    Path x = dir.resolve("deep.xml");
    Files.writeString(x, sb.toString());
    IrFormatException e = assertThrows(IrFormatException.class, () -> IrReader.read(x));
    assertEquals(x, e.file());
    // the JDK's StAX parser stops at depth 100 (jdk.xml.maxElementDepth), jvino's own bound is 256
    assertTrue(e.getMessage().contains("depth") || e.getMessage().contains("nested deeper than 256"),
        e.getMessage());
    assertTrue(e.line() > 0, e.getMessage());
  }

  @Test
  void parameterShapeWhoseElementCountOverflowsReadsAndSummarizes() throws IOException {
    String big = "4294967296";
    String xml = BadInputTest.TINY
        .replace("<data shape=\"1,4\" element_type=\"f32\"/>",
            "<data shape=\"" + big + "," + big + "," + big + "\" element_type=\"f32\"/>")
        .replace("<port id=\"0\" precision=\"FP32\" names=\"x\"><dim>1</dim><dim>4</dim></port>",
            "<port id=\"0\" precision=\"FP32\" names=\"x\"><dim>" + big + "</dim><dim>" + big + "</dim><dim>"
                + big + "</dim></port>");
    Path x = dir.resolve("ovf.xml");
    Files.writeString(x, xml);
    Files.write(dir.resolve("ovf.bin"), new byte[40]);
    // the MatMul cannot take a rank-3 [2^32]^3 input against [4,2]: a typed error, never an
    // ArithmeticException or an allocation
    IrFormatException e = assertThrows(IrFormatException.class, () -> IrReader.read(x));
    assertEquals(x, e.file());
    assertEquals("2", e.layerId(), e.getMessage());
    // without validation the model reads, and its summary shows the declared shape
    Model m = IrReader.read(x, null, new IrReader.Options(true, false));
    ModelSummary s = ModelSummary.of(m);
    assertEquals("[" + big + "," + big + "," + big + "]", s.inputs().get(0).shape().toString().replace(" ", ""));
    assertFalse(s.toText().isEmpty());
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void hundredThousandLayersReadInBoundedTime() throws IOException {
    int n = 100_000;
    StringBuilder sb = new StringBuilder(n * 260);
    sb.append("<?xml version=\"1.0\"?>\n<net name=\"long\" version=\"11\">\n<layers>\n");
    sb.append("<layer id=\"0\" name=\"x\" type=\"Parameter\" version=\"opset1\"><data shape=\"1,4\" element_type=\"f32\"/>"
        + "<output><port id=\"0\" precision=\"FP32\"><dim>1</dim><dim>4</dim></port></output></layer>\n");
    for (int i = 1; i <= n; i++) {
      sb.append("<layer id=\"").append(i).append("\" name=\"r").append(i).append("\" type=\"ReLU\" version=\"opset1\">"
          + "<input><port id=\"0\" precision=\"FP32\"><dim>1</dim><dim>4</dim></port></input>"
          + "<output><port id=\"1\" precision=\"FP32\"><dim>1</dim><dim>4</dim></port></output></layer>\n");
    }
    sb.append("<layer id=\"").append(n + 1).append("\" name=\"y\" type=\"Result\" version=\"opset1\">"
        + "<input><port id=\"0\" precision=\"FP32\"><dim>1</dim><dim>4</dim></port></input></layer>\n</layers>\n<edges>\n");
    for (int i = 0; i <= n; i++) {
      sb.append("<edge from-layer=\"").append(i).append("\" from-port=\"").append(i == 0 ? 0 : 1)
          .append("\" to-layer=\"").append(i + 1).append("\" to-port=\"0\"/>\n");
    }
    sb.append("</edges>\n</net>\n");
    Path x = dir.resolve("long.xml");
    Files.writeString(x, sb.toString());
    Model m = IrReader.read(x);
    assertEquals(n + 2, m.ops().size());
    assertEquals(Integer.valueOf(n), ModelSummary.of(m).opTypes().get("Relu"));
  }

  @Test
  void binThatShrinksWhileMappedGivesATypedErrorNamingIt() throws IOException {
    Path x = tiny("shrink");
    Path bin = dir.resolve("shrink.bin");
    Model m = IrReader.read(x, null, new IrReader.Options(false, true));
    // the weights are still only mapped; now another program truncates the file
    try (FileChannel ch = FileChannel.open(bin, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
    var weight = m.node("fc.weight").orElseThrow().constantData();
    WeightsFileChangedException e = assertThrows(WeightsFileChangedException.class, weight::toFloatArray);
    assertEquals(bin, e.file());
    assertTrue(e.getMessage().contains("changed after it was opened (it had 40 bytes, now 0)"), e.getMessage());
    // refused by the size check before the read (the JVM's InternalError for a vanished page can surface
    // after the reading method returned when the copy is compiled, so jvino does not rely on catching it)
    assertEquals(null, e.getCause());
    assertThrows(WeightsFileChangedException.class, () -> weight.getDouble(1));
    // writing the model reads the same pages: typed error, and nothing is left behind
    Path out = dir.resolve("copy.xml");
    WeightsFileChangedException w = assertThrows(WeightsFileChangedException.class, () -> IrWriter.write(m, out));
    assertEquals(bin, w.file());
    assertFalse(Files.exists(out));
    assertFalse(Files.exists(dir.resolve("copy.bin")));
    assertNoTemporaryFiles();
  }

  @Test
  void fullDiskMidBinOrXmlLeavesTheOldFilesAndNoTemporaries() throws IOException {
    Path dest = dir.resolve("out.xml");
    IrWriter.write(TestModels.mlp(), dest);
    byte[] xmlBefore = Files.readAllBytes(dest);
    byte[] binBefore = Files.readAllBytes(dir.resolve("out.bin"));
    Model other = TestModels.convNet();
    for (long capacity : new long[] {0, 100, 20_000}) { // before the first byte, mid-.bin, mid-.xml
      IrWriter.channels = tmp -> new FullDiskChannel(IrWriter.FILE_CHANNELS.open(tmp), capacity);
      FileSystemException e = assertThrows(FileSystemException.class, () -> IrWriter.write(other, dest));
      assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
      assertTrue(e.getFile().equals(dest.toString()) || e.getFile().equals(dir.resolve("out.bin").toString()),
          e.getMessage());
      assertArrayEquals(xmlBefore, Files.readAllBytes(dest));
      assertArrayEquals(binBefore, Files.readAllBytes(dir.resolve("out.bin")));
      assertNoTemporaryFiles();
    }
    IrWriter.channels = IrWriter.FILE_CHANNELS;
    IrWriter.write(other, dest);
    assertEquals(other.ops().size(), IrReader.read(dest).ops().size());
  }

  @Test
  void deviceDestinationsLikeDevFullAreRefusedAndLeftAlone() throws IOException {
    Path full = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full) && !Files.isRegularFile(full));
    FileSystemException e = assertThrows(FileSystemException.class,
        () -> IrWriter.write(TestModels.mlp(), dir.resolve("m.xml"), full, IrWriter.Options.DEFAULT));
    assertEquals("/dev/full", e.getFile());
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    assertFalse(Files.isRegularFile(full));
    assertFalse(Files.exists(dir.resolve("m.xml")));
    Path folder = Files.createDirectory(dir.resolve("f.xml"));
    assertThrows(FileSystemException.class, () -> IrWriter.write(TestModels.mlp(), folder));
    assertTrue(Files.isDirectory(folder));
    assertNoTemporaryFiles();
  }

  @Test
  void symlinkedDestinationIsReplacedAndItsTargetNeverWritten() throws IOException {
    Path victim = dir.resolve("victim.txt");
    Files.writeString(victim, "keep me");
    Path xml = dir.resolve("linked.xml");
    Path bin = dir.resolve("linked.bin");
    Files.createSymbolicLink(xml, victim);
    Files.createSymbolicLink(bin, victim);
    Model m = TestModels.mlp();
    IrWriter.write(m, xml);
    assertEquals("keep me", Files.readString(victim));
    assertFalse(Files.isSymbolicLink(xml));
    assertFalse(Files.isSymbolicLink(bin));
    assertEquals(m.ops().size(), IrReader.read(xml).ops().size());
    // a symlinked folder on the way is followed: the files land in the real folder
    Path real = Files.createDirectory(dir.resolve("real"));
    Path via = Files.createSymbolicLink(dir.resolve("via"), real);
    IrWriter.write(m, via.resolve("m.xml"));
    assertTrue(Files.isRegularFile(real.resolve("m.xml")));
    assertTrue(Files.isRegularFile(real.resolve("m.bin")));
    assertEquals(m.ops().size(), IrReader.read(real.resolve("m.xml")).ops().size());
  }

  private void assertNoTemporaryFiles() throws IOException {
    try (var s = Files.walk(dir)) {
      List<String> tmp = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
      assertEquals(List.of(), tmp);
    }
  }

  static String text(Path p) throws IOException {
    return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
  }
}
