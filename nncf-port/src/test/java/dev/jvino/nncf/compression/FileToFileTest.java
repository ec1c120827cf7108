package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Nncf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compressWeights(Path, Path, options): read the IR lazily, compress, write the compressed IR. */
class FileToFileTest {

  @Test
  void compressesAnIrOnDiskLikeInMemory(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("llm.xml");
    IrWriter.write(TestModels.llm(1, 1, 1), in);
    long inBin = Files.size(dir.resolve("llm.bin"));
    CompressWeightsOptions o = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(32)
        .build();

    Path out = dir.resolve("llm_int4.xml");
    CompressionResult fileResult = Nncf.compressWeights(in, out, o);
    Model memory = TestModels.llm(1, 1, 1);
    CompressionResult memResult = Nncf.compressWeights(memory, o);
    assertEquals(memResult.distribution(), fileResult.distribution());

    Model written = IrReader.read(out);
    Map<String, Node> w = written.byName();
    Map<String, Node> m = memory.byName();
    for (String name : List.of("model.embed_tokens.weight", "q_proj.weight", "up_proj.weight", "down_proj.weight",
        "lm_head.weight")) {
      for (String suffix : List.of("", "/scale", "/zero_point")) {
        Node a = w.get(name + suffix);
        Node b = m.get(name + suffix);
        assertEquals(b.constantData().elementType(), a.constantData().elementType(), name + suffix);
        assertArrayEquals(b.constantData().shape(), a.constantData().shape(), name + suffix);
        assertTrue(a.constantData().contentEquals(b.constantData()), name + suffix);
      }
      assertEquals("Multiply", w.get(name + "/fq_weights_" + (name.startsWith("model.embed") ? 0 : 1)).type());
    }
    assertEquals(ElementType.U4, w.get("q_proj.weight").constantData().elementType());
    assertEquals("int4_asym", NncfRtInfo.value(written.rtInfo(), "nncf", "weight_compression", "mode").orElseThrow());
    assertEquals(NncfRtInfo.NNCF_VERSION, NncfRtInfo.value(written.rtInfo(), "nncf", "version").orElseThrow());
    // the input files are untouched and the output is smaller
    assertEquals(inBin, Files.size(dir.resolve("llm.bin")));
    assertTrue(Files.size(dir.resolve("llm_int4.bin")) < inBin / 3, "compressed .bin size");
    // the temporary spill file is gone
    try (var files = Files.list(dir)) {
      assertEquals(List.of("llm.bin", "llm.xml", "llm_int4.bin", "llm_int4.xml"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void compressedConstantsAreSpilledAsSoonAsTheyAreBuilt(@TempDir Path dir) throws Exception {
    CompressWeightsOptions o = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM).groupSize(16)
        .build();
    Model spilled = TestModels.llm(1, 1, 1);
    List<Boolean> backedWhenReported = new java.util.ArrayList<>();
    CompressionListener l = new CompressionListener() {
      @Override
      public void weightCompressed(int index, int count, WeightAssignment w, long done, long total) {
        backedWhenReported.add(spilled.byName().get(w.site().weightName()).constantData().isFileBacked());
      }
    };
    try (SpillFile spill = SpillFile.create(dir)) {
      new WeightCompressor(o, l).compress(spilled, spill);
      assertTrue(spill.size() > 0);
      Model heap = TestModels.llm(1, 1, 1);
      Nncf.compressWeights(heap, o);
      for (String name : List.of("q_proj.weight", "q_proj.weight/scale", "lm_head.weight/zero_point")) {
        var a = spilled.byName().get(name).constantData();
        assertTrue(a.isFileBacked(), name);
        assertTrue(a.contentEquals(heap.byName().get(name).constantData()), name);
      }
    }
    assertEquals(List.of(true, true, true, true, true), backedWhenReported);
  }

  @Test
  void compressesInPlace(@TempDir Path dir) throws Exception {
    Path xml = dir.resolve("convnet.xml");
    IrWriter.write(TestModels.convNet(), xml);
    CompressionResult r = Nncf.compressWeights(xml, xml, CompressWeightsOptions.defaults());
    assertEquals(3, r.compressed().size());
    Model back = IrReader.read(xml);
    assertEquals(ElementType.U8, back.byName().get("conv1.weight").constantData().elementType());
    assertEquals(ElementType.U8, back.byName().get("fc.weight").constantData().elementType());
    Model memory = TestModels.convNet();
    Nncf.compressWeights(memory, CompressWeightsOptions.defaults());
    assertTrue(back.byName().get("dw.weight/scale").constantData()
        .contentEquals(memory.byName().get("dw.weight/scale").constantData()));
  }
}
