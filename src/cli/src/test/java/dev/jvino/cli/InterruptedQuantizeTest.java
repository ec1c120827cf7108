package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.cli.ChildCli.Expected;
import dev.jvino.cli.ChildCli.Outcome;
import dev.jvino.ir.Node;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
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
 * {@code jvino quantize} killed while it writes its output, as {@link InterruptedCompressTest} does for
 * {@code compress-weights}: child JVMs ({@link ChildCli}) halted at each write-phase hook of the IR
 * writer, SIGKILLed at random times, or sent SIGINT. The destination held the float CNN before each run;
 * afterwards it is that model byte for byte, the complete quantized output (byte-identical to an
 * uninterrupted run's and readable), or - only for a halt between the two renames - a pair the reader
 * rejects. This also proves the file-to-file {@code Nncf.quantize} writes through {@code IrWriter}'s
 * temporary files and hooks.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS) // a safety bound against a hung child, not a benchmark
class InterruptedQuantizeTest {
  @TempDir static Path shared;
  static Path input;
  static Path calibration;
  static byte[] refBin;
  static Expected expected;
  static long normalRunMillis;

  @TempDir Path dir;

  @BeforeAll
  static void referenceRun() throws Exception {
    input = shared.resolve("cnn.xml");
    IrWriter.write(QuantizeCommandTest.cnn(), input);
    calibration = shared.resolve("calib.h5");
    try (WritableHdfFile w = HdfFile.write(calibration)) {
      w.putDataset("x", QuantizeCommandTest.samples(8));
    }
    Path ref = shared.resolve("ref.xml");
    long start = System.nanoTime();
    ChildCli.runToCompletion(ref, args(ref));
    normalRunMillis = (System.nanoTime() - start) / 1_000_000;
    refBin = Files.readAllBytes(Sizes.bin(ref));
    // the earlier model at each destination: the float CNN the run quantizes
    expected = new Expected(Files.readAllBytes(input), Files.readAllBytes(Sizes.bin(input)),
        Files.readAllBytes(ref), refBin);
    assertEquals(2, IrReader.read(ref).nodesOfType("FakeQuantize").size(), "the reference run quantized");
    assertFalse(Arrays.equals(refBin, expected.oldBin()), "the earlier model differs from the new output");
  }

  static List<String> args(Path out) {
    return List.of("quantize", "-i", input.toString(), "-o", out.toString(), "--dataset", calibration.toString(),
        "--subset-size", "8", "--engine", "reference");
  }

  @Test
  void aSecondUninterruptedRunWritesTheSameBytes() throws Exception {
    // the outcome checks compare with the reference run's bytes: they must not vary from run to run
    Path out = expected.destinationWithEarlierModel(dir, "again");
    ChildCli.runToCompletion(out, args(out));
    assertEquals(Outcome.COMPLETE, expected.outcome(out));
    assertEquals(List.of(), ChildCli.leftovers(out.getParent()));
  }

  @Test
  void haltBeforeTheFirstByteLeavesTheEarlierModel() throws Exception {
    Path out = expected.destinationWithEarlierModel(dir, "first-byte");
    ChildCli.haltAt(out, args(out), "before-first-byte");
    assertEquals(Outcome.UNTOUCHED, expected.outcome(out));
    // a halt runs no cleanup (like kill -9): the empty temporary .bin stays, hidden, beside the output
    assertEquals(1, ChildCli.leftovers(out.getParent()).stream().filter(n -> n.startsWith(".out.bin")).count());
  }

  @Test
  void haltInTheMiddleOfTheBinLeavesTheEarlierModel() throws Exception {
    Path out = expected.destinationWithEarlierModel(dir, "mid-bin");
    ChildCli.haltAt(out, args(out), "mid-bin");
    assertEquals(Outcome.UNTOUCHED, expected.outcome(out));
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
    Path out = expected.destinationWithEarlierModel(dir, "between");
    ChildCli.haltAt(out, args(out), "between-renames");
    assertEquals(Outcome.REJECTED_MISMATCH, expected.outcome(out));
  }

  @Test
  void haltBetweenTheRenamesOfANewDestinationLeavesNoXml() throws Exception {
    Path out = Files.createDirectories(dir.resolve("fresh")).resolve("out.xml");
    ChildCli.haltAt(out, args(out), "between-renames");
    assertFalse(Files.exists(out), "no .xml until the pair is complete");
    assertArrayEquals(refBin, Files.readAllBytes(Sizes.bin(out)));
  }

  @Test
  void killsAtRandomTimesLeaveTheEarlierOrTheCompleteModel() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path out = expected.destinationWithEarlierModel(dir, "random" + i);
      long delay = (long) ((0.25 + random.nextDouble() * 0.8) * normalRunMillis); // mostly while it works
      Process p = ChildCli.start(out, List.of(), args(out));
      Thread.sleep(delay);
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      Outcome o = expected.outcome(out);
      seen.add(delay + " ms -> " + o + " (exit " + p.exitValue() + ")");
      if (o == Outcome.COMPLETE) {
        assertTrue(ChildCli.leftovers(out.getParent()).stream().noneMatch(n -> n.endsWith(".tmp")),
            "a finished run cleaned up");
      }
    }
    System.out.println("random quantize kills (seed " + seed + ", normal run " + normalRunMillis + " ms): " + seen);
  }

  @Test
  void ctrlCRemovesTheTemporaryFilesAndLeavesTheEarlierModel() throws Exception {
    for (String point : List.of("before-first-byte", "mid-bin")) {
      Path out = expected.destinationWithEarlierModel(dir, "sigint-" + point);
      int status = ChildCli.interruptAt(out, args(out), point);
      assertEquals(130, status, "the JVM's exit status after SIGINT"); // 128 + SIGINT
      assertEquals(List.of(), ChildCli.leftovers(out.getParent()), "no temporary file left at " + point);
      assertEquals(Outcome.UNTOUCHED, expected.outcome(out));
    }
  }

  @Test
  void theQuantizedOutputKeepsTheCnnsNodes() throws Exception {
    // what COMPLETE means here: the reference output is the quantized CNN, not some other pair
    List<String> fq = IrReader.read(shared.resolve("ref.xml")).nodesOfType("FakeQuantize").stream()
        .map(Node::name).sorted().toList();
    assertEquals(List.of("conv1/relu/fq_output_0", "x/fq_output_0"), fq);
  }
}
