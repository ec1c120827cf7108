package dev.jvino.ir.io;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.ir.IrFormatException;
import dev.jvino.ir.Model;
import dev.jvino.ir.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
  @TempDir Path dir;

  /** The tiny MLP of the IR reference: x[1,4] . W[4,2] + b[1,2] -> ReLU; W at 0 (32 B), b at 32. */
  static final String TINY = """
      <?xml version="1.0"?>
      <net name="tiny_mlp" version="11">
        <layers>
          <layer id="0" name="x" type="Parameter" version="opset1">
            <data shape="1,4" element_type="f32"/>
            <output><port id="0" precision="FP32" names="x"><dim>1</dim><dim>4</dim></port></output>
          </layer>
          <layer id="1" name="fc.weight" type="Const" version="opset1">
            <data element_type="f32" shape="4, 2" offset="0" size="32"/>
            <output><port id="0" precision="FP32"><dim>4</dim><dim>2</dim></port></output>
          </layer>
          <layer id="2" name="fc/MatMul" type="MatMul" version="opset1">
            <data transpose_a="false" transpose_b="false"/>
            <input>
              <port id="0" precision="FP32"><dim>1</dim><dim>4</dim></port>
              <port id="1" precision="FP32"><dim>4</dim><dim>2</dim></port>
            </input>
            <output><port id="2" precision="FP32"><dim>1</dim><dim>2</dim></port></output>
          </layer>
          <layer id="3" name="fc.bias" type="Const" version="opset1">
            <data element_type="f32" shape="1, 2" offset="32" size="8"/>
            <output><port id="0" precision="FP32"><dim>1</dim><dim>2</dim></port></output>
          </layer>
          <layer id="4" name="fc/Add" type="Add" version="opset1">
            <data auto_broadcast="numpy"/>
            <input>
              <port id="0" precision="FP32"><dim>1</dim><dim>2</dim></port>
              <port id="1" precision="FP32"><dim>1</dim><dim>2</dim></port>
            </input>
            <output><port id="2" precision="FP32"><dim>1</dim><dim>2</dim></port></output>
          </layer>
          <layer id="5" name="relu" type="ReLU" version="opset1">
            <input><port id="0" precision="FP32"><dim>1</dim><dim>2</dim></port></input>
            <output><port id="1" precision="FP32" names="y"><dim>1</dim><dim>2</dim></port></output>
          </layer>
          <layer id="6" name="y/sink_port_0" type="Result" version="opset1">
            <input><port id="0" precision="FP32"><dim>1</dim><dim>2</dim></port></input>
          </layer>
        </layers>
        <edges>
          <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
          <edge from-layer="1" from-port="0" to-layer="2" to-port="1"/>
          <edge from-layer="2" from-port="2" to-layer="4" to-port="0"/>
          <edge from-layer="3" from-port="0" to-layer="4" to-port="1"/>
          <edge from-layer="4" from-port="2" to-layer="5" to-port="0"/>
          <edge from-layer="5" from-port="1" to-layer="6" to-port="0"/>
        </edges>
        <rt_info/>
      </net>
      """;

  private Path write(String name, String xml, int binSize) throws IOException {
    Path x = dir.resolve(name + ".xml");
    Files.writeString(x, xml);
    if (binSize >= 0) {
      Files.write(dir.resolve(name + ".bin"), new byte[binSize]);
    }
    return x;
  }

  private IrFormatException fails(Path xml) {
    return fails(() -> IrReader.read(xml));
  }

  private static IrFormatException fails(Executable e) {
    IrFormatException ex = assertThrows(IrFormatException.class, e);
    assertNotNull(ex.getMessage());
    return ex;
  }

  private static void assertAt(IrFormatException e, Path file, String layerId, String layerName,
      String detailPart) {
    assertEquals(file, e.file(), e.getMessage());
    assertTrue(e.line() > 0, "line missing: " + e.getMessage());
    assertEquals(layerId, e.layerId(), e.getMessage());
    assertEquals(layerName, e.layerName(), e.getMessage());
    assertTrue(e.getMessage().contains(detailPart), e.getMessage());
    assertTrue(e.getMessage().startsWith(file.toString() + ":" + e.line()), e.getMessage());
  }

  @Test
  void validTinyModelReads() throws IOException {
    Model m = IrReader.read(write("ok", TINY, 40));
    assertEquals(7, m.ops().size());
    assertEquals("Relu", m.node("relu").orElseThrow().type());
  }

  @Test
  void dimTextKeepsItsValueAcrossSpacesLinesAndComments() throws IOException {
    String xml = TINY.replace(
        "<port id=\"0\" precision=\"FP32\" names=\"x\"><dim>1</dim><dim>4</dim></port>",
        "<port id=\"0\" precision=\"FP32\" names=\"x\"><dim>\n  1\t</dim><dim> <!-- c -->4 </dim></port>");
    assertNotEquals(TINY, xml);
    Model m = IrReader.read(write("dims", xml, 40));
    assertEquals("[1,4]", m.parameters().get(0).output().shape().toString().replace(" ", ""));

    Path bad = write("dims2", xml.replace("<!-- c -->4 ", "4 <!-- c --> 2"), 40);
    IrFormatException e = fails(bad);
    assertAt(e, bad, "0", "x", "'4  2'");
  }

  @Test
  void truncatedBin() throws IOException {
    Path x = write("t", TINY, 36);
    assertAt(fails(x), x, "3", "fc.bias", "beyond the end of the weights file (36 bytes)");
  }

  @Test
  void missingBin() throws IOException {
    Path x = write("m", TINY, -1);
    IrFormatException e = fails(x);
    assertAt(e, x, "1", "fc.weight", "does not exist");
    assertTrue(e.getMessage().contains("m.bin"), e.getMessage());
  }

  @Test
  void offsetsAndSizesOutOfRange() throws IOException {
    Path a = write("o1", TINY.replace("offset=\"32\"", "offset=\"9223372036854775800\""), 40);
    assertAt(fails(a), a, "3", "fc.bias", "beyond the end");
    Path b = write("o2", TINY.replace("offset=\"32\"", "offset=\"-8\""), 40);
    assertAt(fails(b), b, "3", "fc.bias", "offset -8 is below 0");
    Path c = write("o3", TINY.replace("size=\"8\"", "size=\"99999999999999999999\""), 40);
    assertAt(fails(c), c, "3", "fc.bias", "not an integer (or overflows)");
  }

  @Test
  void sizeSmallerThanShapeTimesBitwidth() throws IOException {
    Path x = write("s", TINY.replace("size=\"32\"", "size=\"31\""), 40);
    assertAt(fails(x), x, "1", "fc.weight", "size 31 is smaller than shape [4, 2] of f32 needs (32 bytes)");
  }

  @Test
  void overflowingDims() throws IOException {
    Path a = write("d1", TINY.replace("shape=\"4, 2\"",
        "shape=\"4294967296, 4294967296, 4294967296\""), 40);
    assertAt(fails(a), a, "1", "fc.weight", "overflows");
    Path b = write("d2", TINY.replace("<dim>4</dim><dim>2</dim></port></output>",
        "<dim>99999999999999999999</dim><dim>2</dim></port></output>"), 40);
    assertAt(fails(b), b, "1", "fc.weight", "not an integer (or overflows)");
  }

  @Test
  void negativeOrNonNumericAttributes() throws IOException {
    Path a = write("n1", TINY.replace("<layer id=\"5\"", "<layer id=\"five\""), 40);
    IrFormatException e = fails(a);
    assertTrue(e.getMessage().contains("layer id 'five' is not an integer"), e.getMessage());
    Path b = write("n2", TINY.replace("<dim>1</dim><dim>4</dim></port></output>",
        "<dim>-3</dim><dim>4</dim></port></output>"), 40);
    assertAt(fails(b), b, "0", "x", "dimension -3 is below 0");
    Path c = write("n3", TINY.replace("transpose_a=\"false\"", "transpose_a=\"maybe\""), 40);
    assertAt(fails(c), c, "2", "fc/MatMul", "transpose_a='maybe' is not a boolean");
    Path d = write("n4", TINY.replace("<port id=\"2\" precision=\"FP32\"><dim>1</dim><dim>2</dim></port></output>\n    </layer>\n    <layer id=\"3\"",
        "<port id=\"x2\" precision=\"FP32\"><dim>1</dim><dim>2</dim></port></output>\n    </layer>\n    <layer id=\"3\""), 40);
    assertAt(fails(d), d, "2", "fc/MatMul", "port id 'x2' is not an integer");
  }

  @Test
  void unknownElementTypes() throws IOException {
    Path a = write("e1", TINY.replace("element_type=\"f32\" shape=\"4, 2\"", "element_type=\"q7\" shape=\"4, 2\""), 40);
    assertAt(fails(a), a, "1", "fc.weight", "unknown element type 'q7'");
    Path b = write("e2", TINY.replace("<port id=\"1\" precision=\"FP32\"", "<port id=\"1\" precision=\"FP99\""), 40);
    assertAt(fails(b), b, "5", "relu", "unknown element type 'FP99'");
  }

  @Test
  void duplicateLayerIds() throws IOException {
    Path x = write("dup", TINY.replace("<layer id=\"5\"", "<layer id=\"4\""), 40);
    assertAt(fails(x), x, "4", "relu", "duplicate layer id 4");
  }

  @Test
  void edgesToMissingLayersOrPorts() throws IOException {
    Path a = write("g1", TINY.replace("to-layer=\"6\"", "to-layer=\"60\""), 40);
    IrFormatException e = fails(a);
    assertEquals("60", e.layerId());
    assertTrue(e.getMessage().contains("edge to missing layer 60"), e.getMessage());
    Path b = write("g2", TINY.replace("from-layer=\"5\" from-port=\"1\"", "from-layer=\"5\" from-port=\"7\""), 40);
    assertAt(fails(b), b, "5", "relu", "edge from missing output port 7");
    Path c = write("g3", TINY.replace("<edge from-layer=\"3\" from-port=\"0\" to-layer=\"4\" to-port=\"1\"/>", ""), 40);
    assertAt(fails(c), c, "4", "fc/Add", "input port 1 has no incoming edge");
  }

  @Test
  void cycles() throws IOException {
    // relu feeds the Add instead of fc/MatMul: Add -> ReLU -> Add
    Path x = write("cyc", TINY.replace("<edge from-layer=\"2\" from-port=\"2\" to-layer=\"4\" to-port=\"0\"/>",
        "<edge from-layer=\"5\" from-port=\"1\" to-layer=\"4\" to-port=\"0\"/>"), 40);
    IrFormatException e = fails(x);
    assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    assertEquals(x, e.file());
  }

  @Test
  void nonUtf8Text() throws IOException {
    byte[] bytes = TINY.replace("name=\"relu\"", "name=\"r@lu\"").getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '@') {
        bytes[i] = (byte) 0xC3; // a lead byte followed by 'l': invalid UTF-8
      }
    }
    Path x = dir.resolve("utf.xml");
    Files.write(x, bytes);
    Files.write(dir.resolve("utf.bin"), new byte[40]);
    IrFormatException e = fails(x);
    assertEquals(x, e.file());
    assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    assertTrue(e.line() >= 1, e.getMessage());
  }

  @Test
  void entityExpansionAndExternalEntitiesAreRefused() throws IOException {
    String laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE net [\n <!ENTITY a \"aaaaaaaaaa\">\n"
        + " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        + "]>\n<net name=\"&c;\" version=\"11\"><layers/></net>\n";
    Path a = write("laughs", laughs, -1);
    IrFormatException e = fails(a);
    assertEquals(a, e.file());
    String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE net [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
        + "<net name=\"&x;\" version=\"11\"><layers/></net>\n";
    Path b = write("xxe", xxe, -1);
    IrFormatException e2 = fails(b);
    assertFalse(e2.getMessage().contains("root:"), e2.getMessage());
  }

  @Test
  void emptyFileFolderAndMissingFile() throws IOException {
    Path empty = write("empty", "", -1);
    assertTrue(fails(empty).getMessage().contains("the file is empty"));
    Path folder = Files.createDirectory(dir.resolve("folder.xml"));
    assertTrue(fails(folder).getMessage().contains("folder"));
    assertTrue(fails(dir.resolve("nope.xml")).getMessage().contains("does not exist"));
    Path blank = write("blank", "   \n", -1);
    assertTrue(fails(blank).getMessage().contains("malformed XML"), fails(blank).getMessage());
  }

  @Test
  void truncatedXml() throws IOException {
    Path x = write("cut", TINY.substring(0, TINY.length() / 2), 40);
    IrFormatException e = fails(x);
    assertTrue(e.line() > 1, e.getMessage());
    assertTrue(e.getMessage().contains("malformed XML"), e.getMessage());
  }

  @Test
  void wrongRootOrVersion() throws IOException {
    Path a = write("root", "<?xml version=\"1.0\"?><graph/>", -1);
    assertTrue(fails(a).getMessage().contains("not <net>"));
    Path b = write("ver", TINY.replace("version=\"11\"", "version=\"7\""), 40);
    assertTrue(fails(b).getMessage().contains("IR version '7' is not supported"));
  }

  @Test
  void otherFormatsAreRefusedWithAdvice() throws IOException {
    Path onnx = dir.resolve("model.onnx");
    Files.write(onnx, new byte[] {0x08, 0x07, 0x12, 0x04});
    NotIrModelException e = assertThrows(NotIrModelException.class, () -> IrReader.read(onnx));
    assertEquals("ONNX", e.format());
    assertTrue(e.getMessage().contains("Core.readModel"), e.getMessage());
    Path disguised = dir.resolve("model.xml");
    Files.write(disguised, new byte[] {0x08, 0x07, 0x12, 0x04, 0x6f, 0x6e, 0x6e, 0x78});
    assertEquals("ONNX (protobuf)",
        assertThrows(NotIrModelException.class, () -> IrReader.read(disguised)).format());
    Path pb = dir.resolve("saved_model.pb");
    Files.write(pb, new byte[] {1, 2, 3});
    assertEquals("TensorFlow", assertThrows(NotIrModelException.class, () -> IrReader.read(pb)).format());
    Path bin = write("w", TINY, 40).resolveSibling("w.bin");
    assertTrue(fails(bin).getMessage().contains("open the .xml next to it"));
  }

  @Test
  void mismatchedBinIsDetected() throws IOException {
    Path a = dir.resolve("a.xml");
    IrWriter.write(TestModels.mlp(), a);
    Path bin = dir.resolve("a.bin");
    // same size, different bytes
    byte[] bytes = Files.readAllBytes(bin);
    bytes[5] ^= 1;
    Files.write(bin, bytes);
    WeightsMismatchException crc = assertThrows(WeightsMismatchException.class, () -> IrReader.read(a));
    assertTrue(crc.getMessage().contains("CRC32C"), crc.getMessage());
    // other size
    Files.write(bin, new byte[100]);
    WeightsMismatchException size = assertThrows(WeightsMismatchException.class, () -> IrReader.read(a));
    assertTrue(size.getMessage().contains("100 bytes"), size.getMessage());
  }

  @Test
  void binWithAnotherNameOrNone() throws IOException {
    Path x = write("named", TINY, -1);
    Path other = dir.resolve("weights.data");
    byte[] w = new byte[40];
    w[3] = 0x3f;
    w[2] = (byte) 0x80; // W[0] = 1.0f
    Files.write(other, w);
    Model m = IrReader.read(x, other, IrReader.Options.DEFAULT);
    assertEquals(1.0f, m.node("fc.weight").orElseThrow().constantData().toFloatArray()[0]);
    // a model without constants needs no .bin
    String noConst = """
        <?xml version="1.0"?>
        <net name="id" version="10"><layers>
        <layer id="0" name="x" type="Parameter" version="opset1"><data shape="2" element_type="f16"/>
        <output><port id="0" precision="FP16"><dim>2</dim></port></output></layer>
        <layer id="1" name="r" type="Result" version="opset1"><input><port id="0"><dim>2</dim></port></input></layer>
        </layers><edges><edge from-layer="0" from-port="0" to-layer="1" to-port="0"/></edges></net>
        """;
    Model id = IrReader.read(write("noconst", noConst, -1));
    assertEquals(1, id.parameters().size());
  }

  @Test
  void corruptStringConstant() throws IOException {
    String xml = """
        <?xml version="1.0"?>
        <net name="s" version="11"><layers>
        <layer id="0" name="words" type="Const" version="opset1">
          <data element_type="string" shape="2" offset="0" size="19"/>
          <output><port id="0" precision="STRING"><dim>2</dim></port></output></layer>
        <layer id="1" name="r" type="Result" version="opset1"><input><port id="0"><dim>2</dim></port></input></layer>
        </layers><edges><edge from-layer="0" from-port="0" to-layer="1" to-port="0"/></edges></net>
        """;
    Path x = dir.resolve("str.xml");
    Files.writeString(x, xml);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(19).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putInt(2).putInt(0).putInt(5).putInt(3).put("abc".getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve("str.bin"), b.array());
    assertAt(fails(x), x, "0", "words", "out of order");
    b.clear();
    b.putInt(2).putInt(0).putInt(2).putInt(3).put("abc".getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve("str.bin"), b.array());
    assertEquals(List.of("ab", "c"),
        IrReader.read(x).node("words").orElseThrow().constantData().strings());
  }
}
