package dev.jvino.cli;

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
import dev.jvino.nncf.SensitivityMetric;
import dev.jvino.nncf.compression.CompressionListener;
import dev.jvino.nncf.compression.CompressionPlan;
import dev.jvino.nncf.compression.WeightAssignment;
import dev.jvino.nncf.compression.WeightCompressor;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jvino compress-weights --dataset}: data-aware mixed precision from an HDF5 token dataset. */
class CompressWeightsDatasetTest {
  @TempDir Path dir;

  private static final long[][] IDS = {{1, 5, 9, 12, 40}, {3, 7, 63, 2, 0}, {11, 22, 33, 44, 55}};
  private static final long[] LENGTHS = {5, 4, 5};

  @Test
  void tokenDatasetChoosesThePrimarySetByActivationVariance() throws Exception {
    Path input = dir.resolve("decoder.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 3)), input);
    Path h5 = dir.resolve("tokens.h5");
    try (WritableHdfFile w = HdfFile.write(h5)) {
      w.putDataset("input_ids", IDS);
      w.putDataset("lengths", LENGTHS);
    }
    Path out = dir.resolve("out.xml");
    MainTest.Run r = MainTest.run("compress-weights", "-i", input.toString(), "-o", out.toString(), "--mode",
        "int4_asym", "--group-size", "16", "--ratio", "0.5", "--dataset", h5.toString(), "--subset-size", "2",
        "--sensitivity-metric", "mean_activation_variance", "--engine", "reference");
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().contains("int4_asym, group size 16"), r.out());

    // the same choice made in-process from the first two prompts
    Model model = IrReader.read(input);
    Set<String> inputs = model.parameters().stream().map(Node::name).collect(Collectors.toSet());
    List<long[]> prompts = List.of(new long[] {1, 5, 9, 12, 40}, new long[] {3, 7, 63, 2});
    CompressWeightsOptions options = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM)
        .groupSize(16).ratio(0.5f).sensitivityMetric(SensitivityMetric.MEAN_ACTIVATION_VARIANCE)
        .dataset(Dataset.of(prompts, t -> TokenSamples.forTokens(t, inputs))).build();
    CompressionPlan plan = new WeightCompressor(options, CompressionListener.NONE, ReferenceEngine::new).plan(model);
    Set<String> primary = plan.assignments().stream()
        .filter(a -> a.config() != null && a.config().mode() == CompressWeightsMode.INT4_ASYM)
        .map(a -> a.site().weightName()).collect(Collectors.toSet());
    assertTrue(!primary.isEmpty(), "some weights are int4");
    Model compressed = IrReader.read(out);
    for (WeightAssignment a : plan.assignments()) {
      String name = a.site().weightName();
      ElementType t = compressed.node(name).orElseThrow().output().elementType();
      assertEquals(primary.contains(name) ? ElementType.U4 : ElementType.U8, t, name);
    }
  }

  @Test
  void scaleEstimationFromATokenDataset() throws Exception {
    Path input = dir.resolve("decoder.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 3)), input);
    Path h5 = dir.resolve("tokens.h5");
    try (WritableHdfFile w = HdfFile.write(h5)) {
      w.putDataset("input_ids", IDS);
      w.putDataset("lengths", LENGTHS);
    }
    Path out = dir.resolve("se.xml");
    MainTest.Run r = MainTest.run("compress-weights", "-i", input.toString(), "-o", out.toString(), "--mode",
        "int4_sym", "--group-size", "16", "--dataset", h5.toString(), "--scale-estimation", "--engine", "reference");
    assertEquals(Main.OK, r.code(), r.err());
    Path plainOut = dir.resolve("plain.xml");
    MainTest.Run p = MainTest.run("compress-weights", "-i", input.toString(), "-o", plainOut.toString(), "--mode",
        "int4_sym", "--group-size", "16", "--dataset", h5.toString(), "--engine", "reference");
    assertEquals(Main.OK, p.code(), p.err());

    // the same compression in-process from the three prompts
    Model model = IrReader.read(input);
    Set<String> inputs = model.parameters().stream().map(Node::name).collect(Collectors.toSet());
    List<long[]> prompts = List.of(IDS[0], new long[] {3, 7, 63, 2}, IDS[2]);
    CompressWeightsOptions options = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_SYM)
        .groupSize(16).scaleEstimation(true)
        .dataset(Dataset.of(prompts, t -> TokenSamples.forTokens(t, inputs))).build();
    var result = new WeightCompressor(options, CompressionListener.NONE, ReferenceEngine::new).compress(model);
    Model cli = IrReader.read(out);
    Model plain = IrReader.read(plainOut);
    int int4 = 0;
    int changed = 0;
    for (var info : result.compressed()) {
      if (info.config().mode() != CompressWeightsMode.INT4_SYM) {
        continue;
      }
      int4++;
      String scale = info.weightName() + "/scale";
      float[] expected = model.node(scale).orElseThrow().constantData().toFloatArray();
      float[] got = cli.node(scale).orElseThrow().constantData().toFloatArray();
      org.junit.jupiter.api.Assertions.assertArrayEquals(expected, got, scale);
      if (!java.util.Arrays.equals(got, plain.node(scale).orElseThrow().constantData().toFloatArray())) {
        changed++;
      }
    }
    assertTrue(int4 > 0 && changed == int4, int4 + " int4 weights, " + changed + " with estimated scales");
  }

  @Test
  void awqAndScaleEstimationFromATokenDataset() throws Exception {
    Path input = dir.resolve("decoder.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 3)), input);
    Path h5 = dir.resolve("tokens.h5");
    try (WritableHdfFile w = HdfFile.write(h5)) {
      w.putDataset("input_ids", IDS);
      w.putDataset("lengths", LENGTHS);
    }
    Path out = dir.resolve("awq.xml");
    MainTest.Run r = MainTest.run("compress-weights", "-i", input.toString(), "-o", out.toString(), "--mode",
        "int4_asym", "--group-size", "16", "--dataset", h5.toString(), "--awq", "--scale-estimation", "--engine",
        "reference");
    assertEquals(Main.OK, r.code(), r.err());

    // the same compression in-process from the three prompts: identical weights, scales and AWQ Multiplies
    Model model = IrReader.read(input);
    Set<String> inputs = model.parameters().stream().map(Node::name).collect(Collectors.toSet());
    List<long[]> prompts = List.of(IDS[0], new long[] {3, 7, 63, 2}, IDS[2]);
    CompressWeightsOptions options = CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM)
        .groupSize(16).awq(true).scaleEstimation(true)
        .dataset(Dataset.of(prompts, t -> TokenSamples.forTokens(t, inputs))).build();
    new WeightCompressor(options, CompressionListener.NONE, ReferenceEngine::new).compress(model);
    Model cli = IrReader.read(out);
    int constants = 0;
    for (Node n : model.ops()) {
      if (n.type().equals("Constant") && n.name().contains(".weight")) {
        Node c = cli.node(n.name()).orElseThrow(() -> new AssertionError("missing " + n.name()));
        org.junit.jupiter.api.Assertions.assertArrayEquals(n.constantData().toFloatArray(),
            c.constantData().toFloatArray(), n.name());
        constants++;
      }
    }
    assertTrue(constants > 10, constants + " constants");
    assertEquals(model.nodesOfType("Multiply").size(), cli.nodesOfType("Multiply").size());
  }

  @Test
  void unknownMetricIsAUsageError() {
    MainTest.Run r = MainTest.run("compress-weights", "-i", "x.xml", "-o", "y.xml", "--sensitivity-metric", "nope");
    assertEquals(Main.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("nope"), r.err());
  }
}
