package dev.jvino.ir.io;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.GraphAssert;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.TestModels;
import dev.jvino.ir.WeightsFile;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link IrWriter#serialize}: the weights are the read file's own mapping when nothing changed
 * (zero copy), otherwise one buffer with each distinct constant copied once; both equal what
 * {@link IrWriter#write} puts in the files.
 */
class SerializeZeroCopyTest {
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
  void unchangedModelHandsOnTheMappedFile(String name, Supplier<Model> build) throws IOException {
    Path xml = dir.resolve(name + ".xml");
    IrWriter.write(build.get(), xml);
    Model read = IrReader.read(xml);

    IrWriter.Serialized s = IrWriter.serialize(read, IrWriter.Options.DEFAULT);

    assertTrue(s.zeroCopy());
    assertEquals(0, s.bytesCopied());
    if (constants(read).isEmpty()) { // "if" holds none: no weights at all
      assertEquals(0, s.weights().byteSize());
    } else {
      WeightsFile file = theWeightsFile(read);
      assertSame(file.mapping(), s.weights(), "the weights are the mapping itself");
      assertTrue(s.weights().isReadOnly());
    }
    assertArrayEquals(Files.readAllBytes(dir.resolve(name + ".bin")), bytes(s.weights()));
    assertWriteGivesTheSame(read, IrWriter.Options.DEFAULT, s);
  }

  @Test
  void replacedConstantIsCopiedOnceWithTheOthers() throws IOException {
    Path xml = dir.resolve("mlp.xml");
    IrWriter.write(TestModels.mlp(), xml);
    Model read = IrReader.read(xml);
    WeightsFile file = theWeightsFile(read);
    Node bias = read.node("fc1.bias").orElseThrow();
    float[] v = new float[32];
    for (int i = 0; i < v.length; i++) {
      v[i] = i * 0.25f;
    }
    read.setConstant(bias, ConstantData.ofFloats(ElementType.F32, new long[] {1, 32}, v));

    IrWriter.Serialized s = IrWriter.serialize(read, IrWriter.Options.DEFAULT);

    assertFalse(s.zeroCopy());
    // fc1.weight [32,16] + fc1.bias [1,32] + fc2.weight [4,32], f32, each once
    assertEquals(4L * (32 * 16 + 32 + 4 * 32), s.bytesCopied());
    assertEquals(s.bytesCopied(), s.weights().byteSize(), "f32 blobs need no padding");
    assertNotEquals(file.mapping().address(), s.weights().address());
    assertWriteGivesTheSame(read, IrWriter.Options.DEFAULT, s);
    Model back = IrReader.read(s.xml(), s.weights(), IrReader.Options.DEFAULT);
    assertArrayEquals(v, back.node("fc1.bias").orElseThrow().constantData().toFloatArray());
  }

  @Test
  void modelBuiltInMemoryIsCopiedOncePerDistinctConstant() throws IOException {
    Model m = twoConstants();
    // the same f32 blob twice: de-duplicated, so copied once
    IrWriter.Serialized s = IrWriter.serialize(m, IrWriter.Options.DEFAULT);
    assertFalse(s.zeroCopy());
    assertEquals(3 + 4 * 3, s.bytesCopied());
    assertEquals(4 + 4 * 3, s.weights().byteSize(), "one padding byte before the f32 blob");
    assertWriteGivesTheSame(m, IrWriter.Options.DEFAULT, s);
  }

  @Test
  void offsetsTheWriterWouldMoveForceACopy() throws IOException {
    IrWriter.Options old = IrWriter.Options.DEFAULT.withStyle(IrWriter.Style.OPENVINO_2024);
    Path xml = dir.resolve("packed.xml");
    IrWriter.write(twoConstants(), xml, null, old);
    Model read = IrReader.read(xml);
    WeightsFile file = theWeightsFile(read);
    assertEquals(3 + 4 * 3, file.size(), "2024 layout: no padding");

    // the 2026 layout pads the f32 blob to offset 4: the file cannot stand for it
    IrWriter.Serialized padded = IrWriter.serialize(read, IrWriter.Options.DEFAULT);
    assertFalse(padded.zeroCopy());
    assertEquals(3 + 4 * 3, padded.bytesCopied());
    assertWriteGivesTheSame(read, IrWriter.Options.DEFAULT, padded);

    // the layout it was written with keeps every offset: no copy
    IrWriter.Serialized same = IrWriter.serialize(read, old);
    assertTrue(same.zeroCopy());
    assertSame(file.mapping(), same.weights());
    assertWriteGivesTheSame(read, old, same);
  }

  @Test
  void weightsReadFromMemoryAreHandedBackWithoutCopy() {
    IrWriter.Serialized first = IrWriter.serialize(TestModels.convNet(), IrWriter.Options.DEFAULT);
    assertFalse(first.zeroCopy());
    Model fromMemory = IrReader.read(first.xml(), first.weights(), IrReader.Options.DEFAULT);

    IrWriter.Serialized again = IrWriter.serialize(fromMemory, IrWriter.Options.DEFAULT);

    assertTrue(again.zeroCopy());
    assertEquals(0, again.bytesCopied());
    assertEquals(first.weights().address(), again.weights().address(), "same memory");
    assertEquals(first.weights().byteSize(), again.weights().byteSize());
    assertArrayEquals(first.xml(), again.xml());
  }

  @Test
  void fileWithBlobsTheWriterDropsIsHandedOnAsItsPrefix() throws IOException {
    // written without de-duplication: the repeated blob is stored twice, the second copy last
    Model m = twoConstants();
    IrWriter.Options noDedup = new IrWriter.Options(false, IrWriter.Style.OPENVINO_2026, true, false);
    Path xml = dir.resolve("dup.xml");
    IrWriter.write(m, xml, null, noDedup);
    Model read = IrReader.read(xml);
    WeightsFile file = theWeightsFile(read);
    assertEquals(4 + 2 * 4 * 3, file.size());

    IrWriter.Serialized s = IrWriter.serialize(read, IrWriter.Options.DEFAULT);

    assertTrue(s.zeroCopy());
    assertEquals(file.mapping().address(), s.weights().address());
    assertEquals(4 + 4 * 3, s.weights().byteSize(), "the duplicate at the end is left out");
    assertWriteGivesTheSame(read, IrWriter.Options.DEFAULT, s);
  }

  @Test
  void compressionMakesNewConstantsSoTheyAreCopied() throws IOException {
    Path xml = dir.resolve("mlp.xml");
    IrWriter.write(TestModels.mlp(), xml);
    Model read = IrReader.read(xml);
    IrWriter.Options f16 = IrWriter.Options.DEFAULT.withCompressToF16(true);
    IrWriter.Serialized s = IrWriter.serialize(read, f16);
    assertFalse(s.zeroCopy());
    assertEquals(2L * (32 * 16 + 32 + 4 * 32), s.bytesCopied());
    assertWriteGivesTheSame(read, f16, s);
  }

  @Test
  void blobsSharingTheirFirstKibibytesAreStillStoredApart() throws IOException {
    float[] a = new float[4096]; // 16 KiB: beyond the hashed prefix
    for (int i = 0; i < a.length; i++) {
      a[i] = i;
    }
    float[] b = a.clone();
    b[b.length - 1] = -1f; // differs only in the last element
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 4096));
    Node ca = Ops.constant("a", ConstantData.ofFloats(ElementType.F32, new long[] {1, 4096}, a));
    Node cb = Ops.constant("b", ConstantData.ofFloats(ElementType.F32, new long[] {1, 4096}, b));
    Node ca2 = Ops.constant("a2", ConstantData.ofFloats(ElementType.F32, new long[] {1, 4096}, a));
    Node sum = Ops.add(Ops.add(Ops.add(x.output(), ca.output()).output(), cb.output()).output(),
        ca2.output());
    Model m = new Model("prefix", List.of(x), List.of(Ops.result(sum.output())));

    IrWriter.Serialized s = IrWriter.serialize(m, IrWriter.Options.DEFAULT);

    assertEquals(2 * 4 * 4096, s.bytesCopied(), "a and b stored, a2 shares a's bytes");
    assertWriteGivesTheSame(m, IrWriter.Options.DEFAULT, s);
    Model back = IrReader.read(s.xml(), s.weights(), IrReader.Options.DEFAULT);
    assertArrayEquals(b, back.node("b").orElseThrow().constantData().toFloatArray());
    assertArrayEquals(a, back.node("a2").orElseThrow().constantData().toFloatArray());
  }

  /** x[1,3] + Convert(u8 [3]) + f32 [3] + the same f32 values again, in that order. */
  private static Model twoConstants() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 3));
    Node u8 = Ops.constant("u8", ConstantData.ofBytes(ElementType.U8, new long[] {3},
        new byte[] {1, 2, 3}));
    Node f = Ops.constant("f", ConstantData.ofFloats(ElementType.F32, new long[] {3}, 1f, 2f, 3f));
    Node g = Ops.constant("g", ConstantData.ofFloats(ElementType.F32, new long[] {3}, 1f, 2f, 3f));
    Node a = Ops.add(x.output(), Ops.convert(u8.output(), ElementType.F32).output());
    Node b = Ops.add(Ops.add(a.output(), f.output()).output(), g.output());
    return new Model("two", List.of(x), List.of(Ops.result(b.output())));
  }

  /** Writes {@code m} with {@code options} and checks both files equal {@code s}. */
  private void assertWriteGivesTheSame(Model m, IrWriter.Options options, IrWriter.Serialized s)
      throws IOException {
    Path xml = Files.createTempFile(dir, "check", ".xml");
    Path bin = dir.resolve(xml.getFileName().toString().replace(".xml", ".bin"));
    IrWriter.write(m, xml, bin, options);
    assertArrayEquals(Files.readAllBytes(bin), bytes(s.weights()), "weights differ from write()");
    assertEquals(Files.readString(xml), new String(s.xml(), StandardCharsets.UTF_8));
    GraphAssert.assertSameGraph(IrReader.read(xml),
        IrReader.read(s.xml(), s.weights(), IrReader.Options.DEFAULT));
  }

  /** The one weights file every constant of {@code m} (bodies included) reads. */
  private static WeightsFile theWeightsFile(Model m) {
    Map<WeightsFile, Boolean> files = new IdentityHashMap<>();
    for (ConstantData c : constants(m)) {
      files.put(c.fileRange().orElseThrow().file(), true);
    }
    assertEquals(1, files.size());
    return files.keySet().iterator().next();
  }

  private static List<ConstantData> constants(Model m) {
    List<ConstantData> out = new ArrayList<>();
    List<Node> todo = new ArrayList<>(m.ops());
    while (!todo.isEmpty()) {
      Node n = todo.removeLast();
      n.constant().ifPresent(out::add);
      n.bodies().forEach(b -> todo.addAll(b.body().ops()));
    }
    return out;
  }

  private static byte[] bytes(MemorySegment s) {
    return s.toArray(ValueLayout.JAVA_BYTE);
  }
}
