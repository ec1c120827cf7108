package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.WeightsMismatchException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Test support for interrupted CLI runs: starts {@code jvino} in a child JVM (this test's JDK and
 * class path) writing {@code out.xml}, stops it at a test hook of the IR writer
 * ({@code -Djvino.test.haltAt}/{@code pauseAt}) and classifies what the destination holds afterwards.
 */
final class ChildCli {
  static final int HALT_STATUS = 86; // TestHaltPoints.HALT_STATUS

  private ChildCli() {}

  /** What the destination holds after an interrupted run. */
  enum Outcome { UNTOUCHED, COMPLETE, REJECTED_MISMATCH }

  /**
   * The destination's possible contents: the earlier pair it held before the run, and the pair an
   * uninterrupted run writes.
   */
  record Expected(byte[] oldXml, byte[] oldBin, byte[] refXml, byte[] refBin) {
    /** Classifies {@code out} (and its sibling {@code .bin}), failing on any silently mixed state. */
    Outcome outcome(Path out) throws IOException {
      Path bin = Sizes.bin(out);
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

    /** A folder {@code name} under {@code dir} holding the earlier pair as out.xml / out.bin. */
    Path destinationWithEarlierModel(Path dir, String name) throws IOException {
      Path d = Files.createDirectories(dir.resolve(name));
      Files.write(d.resolve("out.xml"), oldXml);
      Files.write(d.resolve("out.bin"), oldBin);
      return d.resolve("out.xml");
    }
  }

  /** Starts {@code jvino <cliArgs>} in a child JVM with extra JVM options; stdout goes to {@link #logFile}. */
  static Process start(Path out, List<String> jvmOptions, List<String> cliArgs) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector", "-XX:TieredStopAtLevel=1"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.jvino.cli.Main"));
    cmd.addAll(cliArgs);
    return new ProcessBuilder(cmd).redirectOutput(logFile(out).toFile()).start();
  }

  static Path logFile(Path out) {
    return out.resolveSibling(out.getFileName() + ".log");
  }

  static String log(Path out) throws IOException {
    return Files.exists(logFile(out)) ? Files.readString(logFile(out)) : "";
  }

  /** Hidden (dot) files in {@code d}: the writer's temporary files. */
  static List<String> leftovers(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
    }
  }

  /** Runs to completion and checks the exit status is 0. */
  static void runToCompletion(Path out, List<String> cliArgs) throws Exception {
    Process p = start(out, List.of(), cliArgs);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), err + log(out));
  }

  /** Runs with {@code -Djvino.test.haltAt=point} and checks that the hook (not a crash) ended it. */
  static void haltAt(Path out, List<String> cliArgs, String point) throws Exception {
    Process p = start(out, List.of("-Djvino.test.haltAt=" + point), cliArgs);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(HALT_STATUS, p.exitValue(), err + log(out));
    assertTrue(err.contains("jvino.test: halting at " + point), err);
  }

  /** Starts a run paused at {@code point}, sends SIGINT and returns the exit status. */
  static int interruptAt(Path out, List<String> cliArgs, String point) throws Exception {
    Process p = start(out, List.of("-Djvino.test.pauseAt=" + point), cliArgs);
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
}
