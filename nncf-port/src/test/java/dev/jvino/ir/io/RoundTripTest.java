package dev.jvino.ir.io;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.ir.ElementType;
import dev.jvino.ir.GraphAssert;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {
  @TempDir Path dir;

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("mlp", (Supplier<Model>) TestModels::mlp),
        Arguments.of("convnet", (Supplier<Model>) TestModels::convNet),
        Arguments.of("transformer", (Supplier<Model>) TestModels::transformerBlock),
        Arguments.of("llm", (Supplier<Model>) TestModels::llmDecoder),
        Arguments.of("stateful", (Supplier<Model>) TestModels::stateful),
        Arguments.of("loop", (Supplier<Model>) TestModels::loop),
        Arguments.of("if", (Supplier<Model>) TestModels::ifModel));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void readWriteReadKeepsGraphAndBytes(String name, Supplier<Model> build) throws IOException {
    Model built = build.get();
    Path xml1 = dir.resolve(name + "1.xml");
    IrWriter.write(built, xml1);
    Model read1 = IrReader.read(xml1);
    GraphAssert.assertSameGraph(built, read1);

    Path xml2 = dir.resolve(name + "2.xml");
    IrWriter.write(read1, xml2);
    Model read2 = IrReader.read(xml2);
    GraphAssert.assertSameGraph(read1, read2);
    // deterministic: same bytes for the same graph
    assertArrayEquals(Files.readAllBytes(dir.resolve(name + "1.bin")),
        Files.readAllBytes(dir.resolve(name + "2.bin")));
    assertEquals(Files.readString(xml1), Files.readString(xml2));
    // in-memory serialization gives the same text
    IrWriter.Serialized mem = IrWriter.serialize(read2, IrWriter.Options.DEFAULT);
    assertEquals(Files.readString(xml1), new String(mem.xml(), java.nio.charset.StandardCharsets.UTF_8));
    Model fromMem = IrReader.read(mem.xml(), mem.weights(), IrReader.Options.DEFAULT);
    GraphAssert.assertSameGraph(built, fromMem);
    // no temporary files left behind
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void fp16CompressionKeepsValuesWithinHalfPrecision(String name, Supplier<Model> build)
      throws IOException {
    Model built = build.get();
    Path xml = dir.resolve(name + "_fp16.xml");
    IrWriter.write(built, xml, null, IrWriter.Options.DEFAULT.withCompressToF16(true));
    Model read = IrReader.read(xml);
    for (Node n : built.ops()) {
      if (n.is("Constant") && n.constantData().elementType() == ElementType.F32
          && !n.output().consumers().isEmpty()) {
        Node cvt = read.node(n.name()).orElseThrow();
        assertEquals("Convert", cvt.type());
        assertTrue(cvt.rtInfo().find("decompression").isPresent());
        Node c = cvt.inputNode(0);
        assertEquals(n.name() + "_compressed", c.name());
        assertEquals(n.output().names(), c.output().names());
        assertEquals(ElementType.F16, c.constantData().elementType());
        float[] orig = n.constantData().toFloatArray();
        float[] half = c.constantData().toFloatArray();
        for (int i = 0; i < orig.length; i++) {
          assertEquals(Float.float16ToFloat(Float.floatToFloat16(orig[i])), half[i]);
        }
      }
    }
    // the model given to the writer is not changed
    assertTrue(built.ops().stream().noneMatch(n -> n.name().endsWith("_compressed")));
  }
}
