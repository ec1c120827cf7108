package dev.jvino.cli;

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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressWeightsCommandTest {
  @TempDir Path dir;
  Path input;

  @BeforeEach
  void writeModel() throws Exception {
    input = dir.resolve("decoder.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 3)), input);
  }

  private static Set<ElementType> constantTypes(Model m) {
    return m.nodesOfType("Constant").stream().map(n -> n.output().elementType()).collect(Collectors.toSet());
  }

  @Test
  void int4SymWithRatioWritesNncfsLayoutAndPrintsTheTable() throws Exception {
    Path out = dir.resolve("out/int4.xml");
    MainTest.Run r = MainTest.run("compress-weights", "--input", input.toString(), "--output", out.toString(),
        "--mode", "int4_sym", "--ratio", "0.8", "--group-size", "16");
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().contains("int4_sym, group size 16"), r.out());
    assertTrue(r.out().contains("int8_asym, per-channel"), r.out());
    Model m = IrReader.read(out);
    Set<ElementType> types = constantTypes(m);
    assertTrue(types.contains(ElementType.I4), types.toString());
    assertTrue(types.contains(ElementType.U8), types.toString());
    // the embedding stays at the INT8_ASYM backup, with NNCF's constant names
    Node embedding = m.node("model.embed_tokens.weight").orElseThrow();
    assertEquals(ElementType.U8, embedding.output().elementType());
    assertTrue(m.node("model.embed_tokens.weight/zero_point").isPresent());
    assertTrue(m.node("model.embed_tokens.weight/scale").isPresent());
    assertTrue(Files.size(Sizes.bin(out)) * 3 < Files.size(Sizes.bin(input)), "compressed .bin is much smaller");
  }

  @Test
  void defaultIsInt8AsymAndCompressToFp16StoresNoF32Constants() throws Exception {
    Path out = dir.resolve("int8.xml");
    MainTest.Run r = MainTest.run("compress-weights", "-i", input.toString(), "-o", out.toString(),
        "--compress-to-fp16");
    assertEquals(Main.OK, r.code(), r.err());
    Set<ElementType> types = constantTypes(IrReader.read(out));
    assertTrue(types.contains(ElementType.U8), types.toString());
    assertTrue(types.contains(ElementType.F16), types.toString());
    assertFalse(types.contains(ElementType.I4), types.toString());
    // f32 survives only where OpenVINO's f16 compression keeps it: the -1e9 of the attention bias,
    // outside f16's range
    var f32 = IrReader.read(out).nodesOfType("Constant").stream()
        .filter(n -> n.output().elementType() == ElementType.F32).toList();
    assertEquals(1, f32.size(), f32.toString());
    assertEquals(-1e9f, f32.get(0).constantData().toFloatArray()[0]);
  }

  @Test
  void codebookTypeStoresTheCodebookInThatType() throws Exception {
    Path out = dir.resolve("cb.xml");
    MainTest.Run r = MainTest.run("compress-weights", "-i", input.toString(), "-o", out.toString(),
        "--mode", "codebook", "--codebook", "-8,-2,0,2,8", "--codebook-type", "i8", "--group-size", "16");
    assertEquals(Main.OK, r.code(), r.err());
    Model m = IrReader.read(out);
    var i8 = m.nodesOfType("Constant").stream().filter(n -> n.output().elementType() == ElementType.I8).toList();
    assertFalse(i8.isEmpty());
    assertEquals(-8L, i8.get(0).constantData().toLongArray()[0]);
    MainTest.Run bad = MainTest.run("compress-weights", "-i", input.toString(), "-o", dir.resolve("bad.xml").toString(),
        "--mode", "codebook", "--codebook", "-1,0.5,1", "--codebook-type", "i8", "--group-size", "16");
    assertEquals(Main.FAILURE, bad.code());
    assertTrue(bad.err().contains("0.5 is not representable as i8"), bad.err());
    MainTest.Run unknown = MainTest.run("compress-weights", "-i", input.toString(), "-o", dir.resolve("u.xml").toString(),
        "--mode", "codebook", "--codebook", "-1,1", "--codebook-type", "q7");
    assertEquals(Main.USAGE, unknown.code());
    assertTrue(unknown.err().contains("q7"), unknown.err());
  }

  @Test
  void nncfsValidationMessagesAndUsageErrors() {
    Path out = dir.resolve("x.xml");
    MainTest.Run ratio = MainTest.run("compress-weights", "-i", input.toString(), "-o", out.toString(), "--ratio", "0.5");
    assertEquals(Main.FAILURE, ratio.code());
    assertTrue(ratio.err().startsWith("jvino: error: Default values of `ratio` (1) or `group_size` (-1)"), ratio.err());
    MainTest.Run mode = MainTest.run("compress-weights", "-i", input.toString(), "-o", out.toString(), "--mode", "int3");
    assertEquals(Main.USAGE, mode.code());
    assertTrue(mode.err().contains("int4_sym"), mode.err());
    MainTest.Run missing = MainTest.run("compress-weights", "-i", dir.resolve("nope.xml").toString(), "-o", out.toString());
    assertEquals(Main.FAILURE, missing.code());
    assertTrue(missing.err().contains("nope.xml"), missing.err());
    MainTest.Run ignored = MainTest.run("compress-weights", "-i", input.toString(), "-o", out.toString(),
        "--ignored-names", "no.such.node");
    assertEquals(Main.FAILURE, ignored.code());
    assertTrue(ignored.err().contains("no.such.node"), ignored.err());
    assertFalse(Files.exists(out), "nothing is written when compression fails");
  }
}
