package dev.jvino.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.Model;
import dev.jvino.ir.io.IrReader;
import dev.jvino.nncf.compression.BitwidthDistribution;
import dev.jvino.nncf.compression.CompressionResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 1B suite's benchmark bodies on a small model of the same layout (the 1B one takes minutes). */
class CompressWeights1BBenchTest {
  @TempDir Path dir;

  private CompressWeights1BBench.ModelFiles small() throws Exception {
    CompressWeights1BBench.ModelFiles f = new CompressWeights1BBench.ModelFiles();
    f.dir = dir;
    f.xml = dir.resolve("small.xml");
    f.parameters = LargeModelGenerator.generate(f.xml, 2, 128, 256, 512, new PrintStream(PrintStream.nullOutputStream()));
    f.bin = IrReader.siblingBin(f.xml);
    f.outXml = dir.resolve("compressed.xml");
    f.copy = dir.resolve("copy.bin");
    return f;
  }

  @Test
  void theGeneratorWritesTheLlmLayoutInF16() throws Exception {
    CompressWeights1BBench.ModelFiles f = small();
    // embedding + lm_head 2 x 512x128, per layer 4 x 128x128 + 3 x 256x128
    assertEquals(2 * 512 * 128 + 2 * (4 * 128 * 128 + 3 * 256 * 128), f.parameters);
    assertEquals(2 * f.parameters + 8, Files.size(f.bin), "f16 weights and the embedding Gather's i64 axis");
    Model m = IrReader.read(f.xml);
    assertEquals(2 * 7 + 1, m.nodesOfType("MatMul").size());
    assertEquals(2 * 7 + 2, m.nodesOfType("Convert").size());
  }

  @Test
  void int4SymCompressesEveryWeightFileToFile() throws Exception {
    CompressWeights1BBench.ModelFiles f = small();
    CompressWeights1BBench.Modes m = new CompressWeights1BBench.Modes();
    m.mode = "int4_sym";
    m.setUp();
    CompressionResult r = new CompressWeights1BBench().compressWeights(f, m);
    BitwidthDistribution d = r.distribution();
    assertEquals(f.parameters, d.totalWeights());
    // NNCF's defaults: the embedding and lm_head take the INT8_ASYM backup, the rest INT4_SYM in groups of 128
    assertEquals(List.of(new BitwidthDistribution.Row("int8_asym, per-channel", 8, 2 * 512 * 128, 2, 0, 0),
        new BitwidthDistribution.Row("int4_sym, group size 128", 4, 2 * (4 * 128 * 128 + 3 * 256 * 128), 14,
            2 * (4 * 128 * 128 + 3 * 256 * 128), 14)), d.rows());
    long out = Files.size(IrReader.siblingBin(f.outXml));
    assertTrue(out < Files.size(f.bin) / 2, "compressed .bin " + out + " bytes");
    assertEquals(2 * 7 + 1, IrReader.read(f.outXml).nodesOfType("MatMul").size());
  }

  @Test
  void theBaselineCopiesTheBinByteForByte() throws Exception {
    CompressWeights1BBench.ModelFiles f = small();
    Path copy = new CompressWeights1BBench().copyBin(f);
    assertEquals(-1, Files.mismatch(f.bin, copy));
  }

  @Test
  void aChosenFolderWins() throws Exception {
    Path chosen = dir.resolve("chosen");
    String before = System.getProperty("jvino.bench.dir");
    System.setProperty("jvino.bench.dir", chosen.toString());
    try {
      assertEquals(chosen, CompressWeights1BBench.folder());
      assertTrue(Files.isDirectory(chosen));
    } finally {
      if (before == null) {
        System.clearProperty("jvino.bench.dir");
      } else {
        System.setProperty("jvino.bench.dir", before);
      }
    }
  }
}
