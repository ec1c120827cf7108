package dev.jvino.ir.io;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.ir.Attributes;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.InvalidGraphException;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.SubBytePacking;
import dev.jvino.ir.TestModels;
import dev.jvino.ir.WeightsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackingAndSafetyTest {
  @TempDir Path dir;

  private static String u2Model(String type, String runtimeVersion) {
    String rt = runtimeVersion == null ? "<rt_info/>"
        : "<rt_info><Runtime_version value=\"" + runtimeVersion + "\"/></rt_info>";
    return """
        <?xml version="1.0"?>
        <net name="packed" version="11"><layers>
        <layer id="0" name="q" type="Const" version="opset1">
          <data element_type="%s" shape="4" offset="0" size="3"/>
          <output><port id="0" precision="%s"><dim>4</dim></port></output></layer>
        <layer id="1" name="r" type="Result" version="opset1"><input><port id="0"><dim>4</dim></port></input></layer>
        </layers><edges><edge from-layer="0" from-port="0" to-layer="1" to-port="0"/></edges>%s</net>
        """.formatted(type, type.toUpperCase(), rt);
  }

  private Model read(String name, String xml, byte[] bin) throws IOException {
    Path x = dir.resolve(name + ".xml");
    Files.writeString(x, xml);
    Files.write(dir.resolve(name + ".bin"), bin);
    return IrReader.read(x);
  }

  @Test
  void u2FollowsTheWritingRelease() throws IOException {
    byte[] bin = {(byte) 0b1110_0100, 0, 0};
    Model old = read("u2old", u2Model("u2", "2024.6.0-17404-4c0f47d2335-releases/2024/6"), bin);
    var c = old.node("q").orElseThrow().constantData();
    assertEquals(SubBytePacking.LEGACY, c.packing());
    assertArrayEquals(new long[] {3, 2, 1, 0}, c.toLongArray());
    Model neu = read("u2new", u2Model("u2", "2026.1.0-1-abc"), bin);
    assertArrayEquals(new long[] {0, 1, 2, 3}, neu.node("q").orElseThrow().constantData().toLongArray());
  }

  @Test
  void unknownPackingIsRefused() throws IOException {
    byte[] bin = new byte[3];
    UnsupportedPackingException none = assertThrows(UnsupportedPackingException.class,
        () -> read("none", u2Model("u2", null), bin));
    assertEquals("0", none.layerId());
    assertEquals("q", none.layerName());
    assertTrue(none.getMessage().contains("Runtime_version"), none.getMessage());
    UnsupportedPackingException u3 = assertThrows(UnsupportedPackingException.class,
        () -> read("u3", u2Model("u3", "2026.0.0"), bin));
    assertTrue(u3.getMessage().contains("not confirmed"), u3.getMessage());
    // u3 from 2025 reads with the 3-byte groups
    Model m = read("u3old", u2Model("u3", "2025.4.0"), new byte[] {(byte) 0xC0, 0, (byte) 0x80});
    assertEquals(7, m.node("q").orElseThrow().constantData().getLong(0));
  }

  @Test
  void u2IsNeverWrittenAndAFailedWriteLeavesFilesAlone() throws IOException {
    Path xml = dir.resolve("m.xml");
    IrWriter.write(TestModels.mlp(), xml);
    byte[] xmlBefore = Files.readAllBytes(xml);
    byte[] binBefore = Files.readAllBytes(dir.resolve("m.bin"));
    Node q = Ops.constant(ConstantData.lazy(ElementType.U2, new long[] {4},
        WeightsFile.of(java.lang.foreign.MemorySegment.ofArray(new byte[1])), 0, 1, SubBytePacking.LEGACY));
    Model bad = new Model("bad", List.of(), List.of(Ops.result(q.output())));
    InvalidGraphException e = assertThrows(InvalidGraphException.class, () -> IrWriter.write(bad, xml));
    assertTrue(e.getMessage().contains("does not write u2"), e.getMessage());
    assertArrayEquals(xmlBefore, Files.readAllBytes(xml));
    assertArrayEquals(binBefore, Files.readAllBytes(dir.resolve("m.bin")));
    try (var s = Files.list(dir)) {
      assertEquals(List.of("m.bin", "m.xml"), s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void versionStaysInFirst512Bytes() throws IOException {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1));
    Model m = new Model("n".repeat(600), List.of(x), List.of(Ops.result(x.output())));
    byte[] xml = IrWriter.serialize(m, IrWriter.Options.DEFAULT).xml();
    String head = new String(xml, 0, 512, StandardCharsets.UTF_8);
    assertTrue(head.contains("version=\"11\""), head);
    assertEquals("n".repeat(600), IrReader.read(xml, null, IrReader.Options.DEFAULT).name());
    Model small = TestModels.mlp();
    String text = new String(IrWriter.serialize(small, IrWriter.Options.DEFAULT).xml(), StandardCharsets.UTF_8);
    assertTrue(text.startsWith("<?xml version=\"1.0\"?>\n<net name=\"mlp\" version=\"11\">\n\t<layers>\n"), text);
  }

  @Test
  void doublesAreFormattedLikePugixml() {
    assertEquals("9.9999997473787516e-06", Attributes.formatDouble((double) 1e-5f));
    assertEquals("1.0000000000000001e-05", Attributes.formatDouble(1e-5));
    assertEquals("0.5", Attributes.formatDouble(0.5));
    assertEquals("1", Attributes.formatDouble(1));
    assertEquals("-2.5", Attributes.formatDouble(-2.5));
    assertEquals("0.0001", Attributes.formatDouble(1e-4));
    assertEquals("1e+17", Attributes.formatDouble(1e17));
    assertEquals("123456789", Attributes.formatDouble(123456789));
    assertEquals("0.10000000000000001", Attributes.formatDouble(0.1));
  }
}
