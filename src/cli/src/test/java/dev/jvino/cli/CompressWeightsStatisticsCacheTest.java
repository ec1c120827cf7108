package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.io.IrWriter;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jvino compress-weights --statistics-path}: the second run loads the cache and infers nothing. */
class CompressWeightsStatisticsCacheTest {
  @TempDir Path dir;

  @BeforeEach
  void on() {
    System.setProperty(CountingEngineProvider.SWITCH, "1");
  }

  @AfterEach
  void off() {
    System.clearProperty(CountingEngineProvider.SWITCH);
  }

  private Path tokens(String name, long[][] ids, long[] lengths) throws Exception {
    Path h5 = dir.resolve(name);
    try (WritableHdfFile w = HdfFile.write(h5)) {
      w.putDataset("input_ids", ids);
      w.putDataset("lengths", lengths);
    }
    return h5;
  }

  private MainTest.Run compress(Path input, Path out, Path h5, Path cache) {
    return MainTest.run("compress-weights", "-i", input.toString(), "-o", out.toString(), "--mode", "int4_asym",
        "--group-size", "16", "--ratio", "0.5", "--dataset", h5.toString(), "--subset-size", "2",
        "--sensitivity-metric", "max_activation_variance", "--engine", "counting", "--statistics-path",
        cache.toString());
  }

  @Test
  void secondRunLoadsTheCacheAndInfersNothing() throws Exception {
    Path input = dir.resolve("decoder.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 3)), input);
    Path h5 = tokens("tokens.h5", new long[][] {{1, 5, 9, 12, 40}, {3, 7, 63, 2, 0}}, new long[] {5, 4});
    Path cache = dir.resolve("stats");

    int before = CountingEngineProvider.COMPILES.get();
    MainTest.Run r1 = compress(input, dir.resolve("a.xml"), h5, cache);
    assertEquals(Main.OK, r1.code(), r1.err());
    int afterFirst = CountingEngineProvider.COMPILES.get();
    assertTrue(afterFirst > before, "the first run collects the statistics");
    List<String> files;
    try (Stream<Path> s = Files.list(cache)) {
      files = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertTrue(files.contains("statistics_metadata.json"), files.toString());
    assertTrue(files.stream().anyMatch(f -> f.startsWith("WCTensorStatistic_")), files.toString());
    assertTrue(Files.readString(cache.resolve("statistics_metadata.json")).contains("\"backend\": \"openvino\""));

    // other prompts: were they inferred, the statistics (and perhaps the choice) would change
    Path other = tokens("other.h5", new long[][] {{60, 61, 62, 63, 0}, {2, 2, 2, 0, 0}}, new long[] {4, 3});
    MainTest.Run r2 = compress(input, dir.resolve("b.xml"), other, cache);
    assertEquals(Main.OK, r2.code(), r2.err());
    assertEquals(afterFirst, CountingEngineProvider.COMPILES.get(), "the second run infers nothing");
    assertTrue(r1.out().contains("int4_asym, group size 16"), r1.out());
    assertEquals(r1.out().lines().filter(l -> !l.startsWith("Wrote ")).toList(),
        r2.out().lines().filter(l -> !l.startsWith("Wrote ")).toList());
    assertArrayEquals(Files.readAllBytes(dir.resolve("a.bin")), Files.readAllBytes(dir.resolve("b.bin")));
  }

  /** Runs {@code jvino} in a JVM of its own (fresh node-name counter, as two CLI invocations are). */
  private static void runProcess(Path log, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
        "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), "dev.jvino.cli.Main"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "jvino did not finish");
    assertEquals(0, p.exitValue(), Files.readString(log));
  }

  @Test
  void twoProcessesWriteByteIdenticalIrWithTheCache() throws Exception {
    Path input = dir.resolve("decoder.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 3)), input);
    Path h5 = tokens("tokens.h5", new long[][] {{1, 5, 9, 12, 40}, {3, 7, 63, 2, 0}}, new long[] {5, 4});
    Path cache = dir.resolve("stats");
    for (String out : List.of("first", "second")) {
      runProcess(dir.resolve(out + ".log"), "compress-weights", "-i", input.toString(), "-o",
          dir.resolve(out + ".xml").toString(), "--mode", "int4_asym", "--group-size", "16", "--ratio", "0.5",
          "--dataset", h5.toString(), "--subset-size", "2", "--statistics-path", cache.toString());
    }
    // the first run collected and saved the statistics, the second only loaded them: same IR, byte for byte
    assertArrayEquals(Files.readAllBytes(dir.resolve("first.xml")), Files.readAllBytes(dir.resolve("second.xml")));
    assertArrayEquals(Files.readAllBytes(dir.resolve("first.bin")), Files.readAllBytes(dir.resolve("second.bin")));
  }

  @Test
  void int8ModesRejectTheOption() throws Exception {
    Path input = dir.resolve("decoder.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 3)), input);
    MainTest.Run r = MainTest.run("compress-weights", "-i", input.toString(), "-o", dir.resolve("y.xml").toString(),
        "--statistics-path", dir.resolve("s").toString());
    assertTrue(r.code() != Main.OK);
    assertTrue(r.err().contains("INT8 modes do not support the `statistics_path` option"), r.err());
    assertTrue(!Files.exists(dir.resolve("s")));
  }
}
