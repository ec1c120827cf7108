package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.data.TokenSamples;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.compression.CompressionListener;
import dev.jvino.nncf.compression.WeightCompressor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jvino compress-weights --lora-correction} and {@code --mode adaptive_codebook} end to end on a tiny
 * decoder IR and an HDF5 token dataset: the written IR has NNCF's INT8 adapters after every int4 MatMul, or
 * estimated f8e4m3 codebooks, identical to an in-process run.
 */
class CompressWeightsLoraCliTest {
  @TempDir Path dir;

  private static final long[][] IDS = {{1, 5, 9, 12, 40}, {3, 7, 63, 2, 0}, {11, 22, 33, 44, 55}};
  private static final long[] LENGTHS = {5, 4, 5};

  private Path decoder() throws Exception {
    Path input = dir.resolve("decoder.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 3)), input);
    return input;
  }

  private Path tokens() throws Exception {
    Path h5 = dir.resolve("tokens.h5");
    try (WritableHdfFile w = HdfFile.write(h5)) {
      w.putDataset("input_ids", IDS);
      w.putDataset("lengths", LENGTHS);
    }
    return h5;
  }

  private static Dataset<?> prompts(Model model) {
    Set<String> inputs = model.parameters().stream().map(Node::name).collect(Collectors.toSet());
    List<long[]> prompts = List.of(IDS[0], new long[] {3, 7, 63, 2}, IDS[2]);
    return Dataset.of(prompts, t -> TokenSamples.forTokens(t, inputs));
  }

  @Test
  void loraCorrectionFlag() throws Exception {
    Path input = decoder();
    Path out = dir.resolve("lora.xml");
    MainTest.Run r = MainTest.run("compress-weights", "-i", input.toString(), "-o", out.toString(), "--mode",
        "int4_sym", "--group-size", "16", "--dataset", tokens().toString(), "--lora-correction", "--engine",
        "reference");
    assertEquals(Main.OK, r.code(), r.err());

    Model model = IrReader.read(input);
    CompressWeightsOptions options = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM)
        .groupSize(16).loraCorrection(true).dataset(prompts(model)).build();
    var result = new WeightCompressor(options, CompressionListener.NONE, ReferenceEngine::new).compress(model);
    Model cli = IrReader.read(out);
    int adapters = 0;
    for (var info : result.compressed()) {
      if (info.config().mode() != CompressWeightsMode.INT4_SYM) {
        continue;
      }
      for (String suffix : List.of("_lora_A", "_lora_B")) {
        String name = info.opName() + suffix;
        Node c = cli.node(name).orElseThrow(() -> new AssertionError("missing " + name));
        assertEquals(ElementType.U8, c.output().elementType(), name);
        assertArrayEquals(model.node(name).orElseThrow().constantData().toFloatArray(),
            c.constantData().toFloatArray(), name);
        assertArrayEquals(model.node(name + "/scale").orElseThrow().constantData().toFloatArray(),
            cli.node(name + "/scale").orElseThrow().constantData().toFloatArray(), name);
        adapters++;
      }
    }
    assertTrue(adapters >= 8, adapters + " adapters");
    int originalAdds = IrReader.read(input).nodesOfType("Add").size();
    assertEquals(adapters / 2, cli.nodesOfType("Add").size() - originalAdds, "one Add per corrected MatMul");
    // the written model runs
    var engine = new ReferenceEngine().compile(cli).createSession();
    var outputs = engine.infer(TokenSamples.forTokens(IDS[0], Set.copyOf(cli.parameters().stream()
        .map(Node::name).toList())));
    assertTrue(outputs.size() > 0);
  }

  @Test
  void adaptiveCodebookMode() throws Exception {
    Path input = decoder();
    Path out = dir.resolve("acb.xml");
    MainTest.Run r = MainTest.run("compress-weights", "-i", input.toString(), "-o", out.toString(), "--mode",
        "adaptive_codebook", "--dataset", tokens().toString(), "--engine", "reference");
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().contains("adaptive_codebook"), r.out());

    Model model = IrReader.read(input);
    CompressWeightsOptions options = CompressWeightsOptions.builder().mode(CompressWeightsMode.ADAPTIVE_CODEBOOK)
        .dataset(prompts(model)).build();
    var result = new WeightCompressor(options, CompressionListener.NONE, ReferenceEngine::new).compress(model);
    Model cli = IrReader.read(out);
    int estimated = 0;
    for (var info : result.compressed()) {
      if (info.config().mode() != CompressWeightsMode.ADAPTIVE_CODEBOOK) {
        continue;
      }
      Node c = cli.node(info.weightName()).orElseThrow();
      assertEquals(ElementType.F8E4M3, c.output().elementType(), info.weightName());
      assertArrayEquals(model.node(info.weightName()).orElseThrow().constantData().toFloatArray(),
          c.constantData().toFloatArray(), info.weightName());
      assertArrayEquals(info.config().codebook(), c.constantData().toFloatArray(), info.weightName());
      assertTrue(cli.node(info.weightName() + "_nncf_codebook").isPresent(), info.weightName());
      estimated++;
    }
    assertTrue(estimated >= 4, estimated + " estimated codebooks");
    MainTest.Run noData = MainTest.run("compress-weights", "-i", input.toString(), "-o",
        dir.resolve("x.xml").toString(), "--mode", "adaptive_codebook");
    assertTrue(noData.code() != Main.OK && noData.err().contains("needs a dataset"), noData.err());
  }
}
