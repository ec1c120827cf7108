package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.cli.ChildCli.Expected;
import dev.jvino.cli.ChildCli.Outcome;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import dev.jvino.ir.io.WeightsMismatchException;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import java.io.IOException;
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
 * CLI's class path ({@link ChildCli}), stopped at a named point of the IR writer ({@code -Djvino.test.haltAt}, a
 * test-only hook that calls {@link Runtime#halt}, i.e. no cleanup at all), at random times
 * ({@link Process#destroyForcibly}, SIGKILL) or with Ctrl-C (SIGINT). The destination held an earlier
 * model before each run; afterwards it must be that earlier model byte for byte, or the complete new
 * output (byte-identical to an uninterrupted run and readable), or - only when the kill fell between
 * the two renames - a pair that {@link IrReader} rejects with {@link WeightsMismatchException}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a safety bound against a hung child, not a benchmark
class InterruptedCompressTest {
  @TempDir static Path shared;
  static Path input;
  static byte[] refBin;
  static byte[] oldBin;
  static Expected expected;
  static long normalRunMillis;

  @TempDir Path dir;

  @BeforeAll
  static void referenceRun() throws Exception {
    input = shared.resolve("decoder.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 3)), input);
    Path earlier = shared.resolve("earlier.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 64, 10000, 4)), earlier);
    byte[] oldXml = Files.readAllBytes(earlier);
    oldBin = Files.readAllBytes(shared.resolve("earlier.bin"));
    Path ref = shared.resolve("ref.xml");
    long start = System.nanoTime();
    Process p = start(ref, List.of());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    normalRunMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(0, p.exitValue(), ChildCli.log(ref));
    byte[] refXml = Files.readAllBytes(ref);
    refBin = Files.readAllBytes(shared.resolve("ref.bin"));
    expected = new Expected(oldXml, oldBin, refXml, refBin);
    assertFalse(Arrays.equals(refBin, oldBin), "the earlier model differs from the new output");
  }

  static List<String> args(Path out) {
    return List.of("compress-weights", "-i", input.toString(), "-o", out.toString());
  }

  static Process start(Path out, List<String> jvmOptions) throws IOException {
    return ChildCli.start(out, jvmOptions, args(out));
  }

  Path destinationWithEarlierModel(String name) throws IOException {
    return expected.destinationWithEarlierModel(dir, name);
  }

  static Outcome outcome(Path out) throws IOException {
    return expected.outcome(out);
  }

  static List<String> leftovers(Path d) throws IOException {
    return ChildCli.leftovers(d);
  }

  void haltAt(Path out, String point) throws Exception {
    ChildCli.haltAt(out, args(out), point);
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

  int interruptAt(Path out, String point) throws Exception {
    return ChildCli.interruptAt(out, args(out), point);
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
