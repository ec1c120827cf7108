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
 * {@code jvino compress-weights --mode nf4 --awq --scale-estimation --dataset tokens.h5} end to end on a small
 * decoder: the written IR holds NF4 codes and the same constants and Multiplies as the in-process compression
 * with the same options (the decoder's MLPs are MatMul-Multiply-MatMul patterns, so AWQ merges its scales into
 * weights), and its NF4 scales differ from the data-free NF4 compression's.
 */
class CompressWeightsFloatModeAwqTest {
  @TempDir Path dir;

  private static final long[][] IDS = {{1, 5, 9, 12, 40}, {3, 7, 63, 2, 0}, {11, 22, 33, 44, 55}};
  private static final long[] LENGTHS = {5, 4, 5};

  @Test
  void nf4WithAwqAndScaleEstimationFromATokenDataset() throws Exception {
    Path input = dir.resolve("decoder.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 3)), input);
    Path h5 = dir.resolve("tokens.h5");
    try (WritableHdfFile w = HdfFile.write(h5)) {
      w.putDataset("input_ids", IDS);
      w.putDataset("lengths", LENGTHS);
    }
    Path out = dir.resolve("nf4.xml");
    MainTest.Run r = MainTest.run("compress-weights", "-i", input.toString(), "-o", out.toString(), "--mode", "nf4",
        "--group-size", "16", "--dataset", h5.toString(), "--awq", "--scale-estimation", "--engine", "reference");
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().contains("nf4, group size 16"), r.out());

    Model model = IrReader.read(input);
    Set<String> inputs = model.parameters().stream().map(Node::name).collect(Collectors.toSet());
    List<long[]> prompts = List.of(IDS[0], new long[] {3, 7, 63, 2}, IDS[2]);
    CompressWeightsOptions options = CompressWeightsOptions.builder().mode(CompressWeightsMode.NF4).groupSize(16)
        .awq(true).scaleEstimation(true).dataset(Dataset.of(prompts, t -> TokenSamples.forTokens(t, inputs)))
        .build();
    new WeightCompressor(options, CompressionListener.NONE, ReferenceEngine::new).compress(model);
    Model cli = IrReader.read(out);
    int nf4 = 0;
    for (Node n : model.ops()) {
      if (n.type().equals("Constant") && n.name().contains(".weight")) {
        Node c = cli.node(n.name()).orElseThrow(() -> new AssertionError("missing " + n.name()));
        assertArrayEquals(n.constantData().toFloatArray(), c.constantData().toFloatArray(), n.name());
        nf4 += c.constantData().elementType() == ElementType.NF4 ? 1 : 0;
      }
    }
    assertTrue(nf4 > 4, nf4 + " NF4 weights");
    assertEquals(model.nodesOfType("Multiply").size(), cli.nodesOfType("Multiply").size());

    Path free = dir.resolve("free.xml");
    MainTest.Run f = MainTest.run("compress-weights", "-i", input.toString(), "-o", free.toString(), "--mode", "nf4",
        "--group-size", "16", "--engine", "reference");
    assertEquals(Main.OK, f.code(), f.err());
    Model plain = IrReader.read(free);
    int differ = 0;
    for (Node n : cli.ops()) {
      if (n.type().equals("Constant") && n.name().endsWith(".weight/scale")
          && plain.node(n.name()).isPresent()
          && !java.util.Arrays.equals(n.constantData().toFloatArray(),
              plain.node(n.name()).orElseThrow().constantData().toFloatArray())) {
        differ++;
      }
    }
    assertTrue(differ >= nf4, differ + " of " + nf4 + " NF4 scales changed by AWQ / scale estimation");
  }
}
