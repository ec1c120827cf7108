package dev.jvino.ir.io;

import dev.jvino.ir.Model;
import dev.jvino.ir.TestModels;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the seed corpus of the fuzz targets (small valid inputs) into
 * {@code src/test/resources}. Run from {@code nncf-port} with the test class path:
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) dev.jvino.ir.io.FuzzSeedsMain}.
 * Findings are added next to the seeds by hand (named {@code finding-...}) when they are fixed.
 */
public final class FuzzSeedsMain {
  private FuzzSeedsMain() {}

  public static void main(String[] args) throws Exception {
    Path res = Path.of(args.length > 0 ? args[0] : "src/test/resources");
    Path ir = Files.createDirectories(res.resolve("dev/jvino/ir/io/IrReaderFuzzTestInputs/readPair"));
    Files.write(ir.resolve("seed-tiny-mlp"), IrReaderFuzzTest.join(
        BadInputTest.TINY.getBytes(StandardCharsets.UTF_8), new byte[40]));
    Map<String, Model> models = Map.of("mlp", TestModels.mlp(), "conv", TestModels.convNet(),
        "loop", TestModels.loop(), "if", TestModels.ifModel(), "stateful", TestModels.stateful());
    for (Map.Entry<String, Model> e : models.entrySet()) {
      IrWriter.Serialized s = IrWriter.serialize(e.getValue(), IrWriter.Options.DEFAULT);
      byte[] bin = s.weights().toArray(ValueLayout.JAVA_BYTE);
      Files.write(ir.resolve("seed-" + e.getKey()), IrReaderFuzzTest.join(s.xml(), bin));
    }
    Path h5 = Files.createDirectories(res.resolve("dev/jvino/data/Hdf5SamplesFuzzTestInputs/readFile"));
    Path tmp = Files.createTempFile("seed", ".h5");
    write(tmp, h5.resolve("seed-floats-and-ids"), w -> {
      w.putDataset("pixel_values", new float[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}});
      w.putDataset("ids", new long[][] {{1, 2, 3}, {4, 5, 6}});
    });
    write(tmp, h5.resolve("seed-tokens-mask"), w -> {
      w.putDataset("input_ids", new long[][] {{0, 7, 8}, {9, 10, 11}});
      w.putDataset("attention_mask", new long[][] {{0, 1, 1}, {1, 1, 1}});
    });
    write(tmp, h5.resolve("seed-tokens-lengths"), w -> {
      w.putDataset("input_ids", new int[][] {{5, 6, 0}, {7, 0, 0}});
      w.putDataset("lengths", new int[] {2, 1});
    });
    write(tmp, h5.resolve("seed-chunked-deflate"), w -> w.putDataset("x", new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}},
        DatasetCreationOptions.builder().chunkDimensions(1, 4).shuffle().deflate(4).build()));
    write(tmp, h5.resolve("seed-bytes-doubles-bools"), w -> {
      w.putDataset("b", new byte[][] {{1, 2}, {3, 4}});
      w.putDataset("d", new double[][] {{1.5}, {2.5}});
    });
    Files.delete(tmp);
    Path cli = res.resolve("../../../../src/cli/src/test/resources/dev/jvino/cli/CliParseFuzzTestInputs/parse");
    Files.createDirectories(cli);
    String[][] lines = {
      {"compress-weights", "-i", "m.xml", "-o", "out.xml", "--mode", "int4_sym", "--group-size", "64", "--ratio", "0.8"},
      {"compress-weights", "--input=m.xml", "--output", "o.xml", "--mode", "codebook", "--codebook", "-1,0,1",
        "--codebook-type", "f16", "--ignored-names", "a,b", "--ignored-patterns", ".*head", "--backup-mode", "none"},
      {"compress-weights", "-i", "m.xml", "-o", "o.xml", "--dataset", "d.h5", "--subset-size", "8",
        "--sensitivity-metric", "hessian_input_activation", "--group-size-fallback", "adjust", "--all-layers"},
      {"info", "--verbose", "model.xml"},
      {"benchmark", "-m", "model.xml", "-d", "CPU", "-t", "1"},
      {"demo", "--help"},
      {"--version"},
      {"help", "compress-weights"},
    };
    for (int i = 0; i < lines.length; i++) {
      Files.writeString(cli.resolve("seed-" + i), String.join("\0", lines[i]));
    }
  }

  private static void write(Path tmp, Path dest, java.util.function.Consumer<WritableHdfFile> body)
      throws java.io.IOException {
    Files.deleteIfExists(tmp);
    try (WritableHdfFile w = HdfFile.write(tmp)) {
      body.accept(w);
    }
    Files.copy(tmp, dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
