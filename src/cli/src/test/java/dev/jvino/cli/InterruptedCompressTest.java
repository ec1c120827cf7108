package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import dev.jvino.ir.io.WeightsMismatchException;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jvino compress-weights} killed while it writes its output. Each run is a child JVM with the
 * CLI's class path, stopped at a named point of the IR writer ({@code -Djvino.test.haltAt}, a
 * test-only hook that calls {@link Runtime#halt}, i.e. no cleanup at all), at random times
 * ({@link Process#destroyForcibly}, SIGKILL) or with Ctrl-C (SIGINT). The destination held an earlier
 * model before each run; afterwards it must be that earlier model byte for byte, or the complete new
 * output (byte-identical to an uninterrupted run and readable), or - only when the kill fell between
 * the two renames - a pair that {@link IrReader} rejects with {@link WeightsMismatchException}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a safety bound against a hung child, not a benchmark
class InterruptedCompressTest {
  static final int HALT_STATUS = 86; // TestHaltPoints.HALT_STATUS

  @TempDir static Path shared;
  static Path input;
  static byte[] refXml;
  static byte[] refBin;
  static byte[] oldXml;
  static byte[] oldBin;
  static long normalRunMillis;

  @TempDir Path dir;

  /** What the destination holds after an interrupted run. */
  enum Outcome { UNTOUCHED, COMPLETE, REJECTED_MISMATCH }

  @BeforeAll
  static void referenceRun() throws Exception {
    input = shared.resolve("decoder.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 3)), input);
    Path earlier = shared.resolve("earlier.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 4)), earlier);
    oldXml = Files.readAllBytes(earlier);
    oldBin = Files.readAllBytes(shared.resolve("earlier.bin"));
    Path ref = shared.resolve("ref.xml");
    long start = System.nanoTime();
    Process p = start(ref, List.of());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    normalRunMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(0, p.exitValue(), log(ref));
    refXml = Files.readAllBytes(ref);
    refBin = Files.readAllBytes(shared.resolve("ref.bin"));
    assertFalse(Arrays.equals(refBin, oldBin), "the earlier model differs from the new output");
  }

  /** Starts {@code jvino compress-weights -i input -o out} in a child JVM with extra JVM options. */
  static Process start(Path out, List<String> jvmOptions) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector", "-XX:TieredStopAtLevel=1"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.jvino.cli.Main", "compress-weights",
        "-i", input.toString(), "-o", out.toString()));
    return new ProcessBuilder(cmd).redirectOutput(logFile(out).toFile()).start();
  }

  static Path logFile(Path out) {
    return out.resolveSibling(out.getFileName() + ".log");
  }

  static String log(Path out) throws IOException {
    return Files.exists(logFile(out)) ? Files.readString(logFile(out)) : "";
  }

  /** A destination folder holding the earlier model as out.xml / out.bin. */
  Path destinationWithEarlierModel(String name) throws IOException {
    Path d = Files.createDirectories(dir.resolve(name));
    Files.write(d.resolve("out.xml"), oldXml);
    Files.write(d.resolve("out.bin"), oldBin);
    return d.resolve("out.xml");
  }

  static Outcome outcome(Path out) throws IOException {
    Path bin = out.resolveSibling("out.bin");
    byte[] xml = Files.exists(out) ? Files.readAllBytes(out) : null;
    byte[] weights = Files.exists(bin) ? Files.readAllBytes(bin) : null;
    if (Arrays.equals(xml, oldXml) && Arrays.equals(weights, oldBin)) {
      return Outcome.UNTOUCHED;
    }
    if (Arrays.equals(xml, refXml) && Arrays.equals(weights, refBin)) {
      IrReader.read(out); // complete and readable
      return Outcome.COMPLETE;
    }
    // anything else must be the state between the two renames: the new .xml beside the old .bin,
    // which the .xml's weights record rejects
    assertArrayEquals(refXml, xml, "only the state between the renames may mix files");
    assertArrayEquals(oldBin, weights, "only the state between the renames may mix files");
    WeightsMismatchException e = assertThrows(WeightsMismatchException.class, () -> IrReader.read(out));
    assertTrue(e.getMessage().contains("the pair does not match"), e.getMessage());
    return Outcome.REJECTED_MISMATCH;
  }

  static List<String> leftovers(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
    }
  }

  Process haltAt(Path out, String point) throws Exception {
    Process p = start(out, List.of("-Djvino.test.haltAt=" + point));
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(HALT_STATUS, p.exitValue(), err + log(out));
    assertTrue(err.contains("jvino.test: halting at " + point), err);
    return p;
  }

  @Test
  void haltBeforeTheFirstByteLeavesTheEarlierModel() throws Exception {
    Path out = destinationWithEarlierModel("first-byte");
    haltAt(out, "before-first-byte");
    assertEquals(Outcome.UNTOUCHED, outcome(out));
    // a halt runs no cleanup (like kill -9): the empty temporary .bin stays, hidden, beside the output
    assertEquals(1, leftovers(out.getParent()).stream().filter(n -> n.startsWith(".out.bin")).count());
  }

  @Test
  void haltInTheMiddleOfTheBinLeavesTheEarlierModel() throws Exception {
    Path out = destinationWithEarlierModel("mid-bin");
    haltAt(out, "mid-bin");
    assertEquals(Outcome.UNTOUCHED, outcome(out));
    Path partial;
    try (Stream<Path> s = Files.list(out.getParent())) {
      partial = s.filter(p -> p.getFileName().toString().startsWith(".out.bin")).findFirst().orElseThrow();
    }
    long size = Files.size(partial);
    assertTrue(size * 2 >= refBin.length && size < refBin.length, "halted half-way: " + size + " of " + refBin.length);
    assertArrayEquals(Arrays.copyOf(refBin, (int) size), Files.readAllBytes(partial), "the written half is the real one");
  }

  @Test
  void haltBetweenTheRenamesOverAnEarlierModelLeavesAPairTheReaderRejects() throws Exception {
    Path out = destinationWithEarlierModel("between");
    haltAt(out, "between-renames");
    // the .xml goes first when it replaces one: its record names the new .bin, the old one fails it
    assertEquals(Outcome.REJECTED_MISMATCH, outcome(out));
  }

  @Test
  void haltBetweenTheRenamesOfANewDestinationLeavesNoXml() throws Exception {
    Path out = Files.createDirectories(dir.resolve("fresh")).resolve("out.xml");
    haltAt(out, "between-renames");
    assertFalse(Files.exists(out), "no .xml until the pair is complete");
    assertArrayEquals(refBin, Files.readAllBytes(out.resolveSibling("out.bin")));
  }

  @Test
  void killsAtRandomTimesLeaveTheEarlierOrTheCompleteModel() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path out = destinationWithEarlierModel("random" + i);
      long delay = (long) ((0.25 + random.nextDouble() * 0.8) * normalRunMillis); // mostly while it works
      Process p = start(out, List.of());
      Thread.sleep(delay);
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      Outcome o = outcome(out);
      seen.add(delay + " ms -> " + o + " (exit " + p.exitValue() + ")");
      if (o == Outcome.COMPLETE) {
        assertTrue(leftovers(out.getParent()).stream().noneMatch(n -> n.endsWith(".tmp")), "a finished run cleaned up");
      }
    }
    System.out.println("random kills (seed " + seed + ", normal run " + normalRunMillis + " ms): " + seen);
  }

  /** Starts a run paused at {@code point}, sends SIGINT and returns the exit status. */
  int interruptAt(Path out, String point) throws Exception {
    Process p = start(out, List.of("-Djvino.test.pauseAt=" + point));
    BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    String line;
    StringBuilder seen = new StringBuilder();
    while ((line = err.readLine()) != null && !line.equals("jvino.test: paused at " + point)) {
      seen.append(line).append('\n');
    }
    if (line == null) {
      fail("the run never paused at " + point + ":\n" + seen + log(out));
    }
    assertFalse(leftovers(out.getParent()).isEmpty(), "temporary files exist while paused");
    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
    assertEquals(0, kill.waitFor());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the run ended after Ctrl-C");
    return p.exitValue();
  }

  @Test
  void ctrlCRemovesTheTemporaryFilesAndLeavesTheEarlierModel() throws Exception {
    for (String point : List.of("before-first-byte", "mid-bin")) {
      Path out = destinationWithEarlierModel("sigint-" + point);
      int status = interruptAt(out, point);
      assertEquals(130, status, "the JVM's exit status after SIGINT"); // 128 + SIGINT
      assertEquals(List.of(), leftovers(out.getParent()), "no temporary file left at " + point);
      assertEquals(Outcome.UNTOUCHED, outcome(out));
    }
  }
}
