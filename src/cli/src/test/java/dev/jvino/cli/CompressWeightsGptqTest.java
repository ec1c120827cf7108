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
import dev.jvino.nncf.compression.CompressedWeightInfo;
import dev.jvino.nncf.compression.CompressionListener;
import dev.jvino.nncf.compression.CompressionResult;
import dev.jvino.nncf.compression.WeightCompressor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jvino compress-weights --gptq} on a tiny stateful decoder IR with an HDF5 token dataset: the CLI
 * writes the same codes, scales and zero points as the in-process {@link WeightCompressor} with
 * {@code gptq(true)}, and every INT4 weight's codes differ from the run without GPTQ.
 */
class CompressWeightsGptqTest {
  @TempDir Path dir;

  private static final long[][] IDS = {{1, 5, 9, 12, 40}, {3, 7, 63, 2, 0}, {11, 22, 33, 44, 55}};
  private static final long[] LENGTHS = {5, 4, 5};

  @Test
  void gptqFromATokenDataset() throws Exception {
    Path input = dir.resolve("decoder.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 3)), input);
    Path h5 = dir.resolve("tokens.h5");
    try (WritableHdfFile w = HdfFile.write(h5)) {
      w.putDataset("input_ids", IDS);
      w.putDataset("lengths", LENGTHS);
    }
    Path out = dir.resolve("gptq.xml");
    MainTest.Run r = MainTest.run("compress-weights", "-i", input.toString(), "-o", out.toString(), "--mode",
        "int4_asym", "--group-size", "16", "--dataset", h5.toString(), "--gptq", "--engine", "reference");
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().contains("int4_asym, group size 16"), r.out());
    Path plainOut = dir.resolve("plain.xml");
    MainTest.Run p = MainTest.run("compress-weights", "-i", input.toString(), "-o", plainOut.toString(), "--mode",
        "int4_asym", "--group-size", "16", "--engine", "reference");
    assertEquals(Main.OK, p.code(), p.err());

    // the same compression in-process from the three prompts
    Model model = IrReader.read(input);
    Set<String> inputs = model.parameters().stream().map(Node::name).collect(Collectors.toSet());
    List<long[]> prompts = List.of(IDS[0], new long[] {3, 7, 63, 2}, IDS[2]);
    CompressWeightsOptions options = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM)
        .groupSize(16).gptq(true).dataset(Dataset.of(prompts, t -> TokenSamples.forTokens(t, inputs))).build();
    CompressionResult result = new WeightCompressor(options, CompressionListener.NONE, ReferenceEngine::new)
        .compress(model);
    Model cli = IrReader.read(out);
    Model plain = IrReader.read(plainOut);
    int int4 = 0;
    for (CompressedWeightInfo info : result.compressed()) {
      String w = info.weightName();
      for (String suffix : List.of("", "/scale", "/zero_point")) {
        assertArrayEquals(model.node(w + suffix).orElseThrow().constantData().toFloatArray(),
            cli.node(w + suffix).orElseThrow().constantData().toFloatArray(), w + suffix);
      }
      if (info.config().mode() != CompressWeightsMode.INT4_ASYM) {
        continue;
      }
      int4++;
      assertEquals(ElementType.U4, cli.node(w).orElseThrow().output().elementType(), w);
      assertTrue(!Arrays.equals(cli.node(w).orElseThrow().constantData().toFloatArray(),
          plain.node(w).orElseThrow().constantData().toFloatArray()), w + ": GPTQ did not change the codes");
    }
    assertTrue(int4 >= 10, int4 + " int4 weights");
  }

  @Test
  void gptqWithoutADatasetIsAnError() throws Exception {
    Path input = dir.resolve("decoder.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 3)), input);
    MainTest.Run r = MainTest.run("compress-weights", "-i", input.toString(), "-o", dir.resolve("y.xml").toString(),
        "--mode", "int4_sym", "--gptq");
    assertTrue(r.code() != Main.OK, r.out());
    assertTrue(r.err().contains("dataset is None"), r.err());
  }
}
