package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ffm.loader.LookupEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path sandbox;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  @AfterEach
  void restore() {
    InfoCommand.environment = null;
  }

  private LookupEnvironment emptyEnvironment(Map<String, String> vars) {
    return new LookupEnvironment(vars::get, k -> null, sandbox.resolve("opt/intel"),
        List.of(sandbox.resolve("usr/lib")), List.of(sandbox.resolve("site")), List.of(), sandbox.resolve("x"));
  }

  @Test
  void infoListsEveryPlaceTriedWhenNoRuntimeExists() {
    InfoCommand.environment = emptyEnvironment(Map.of("LD_LIBRARY_PATH", "/nowhere"));
    Run r = run("info");
    assertEquals(Main.OK, r.code(), r.err());
    assertTrue(r.out().contains("OpenVINO runtime: none. Places tried, in order:"), r.out());
    assertTrue(r.out().contains("  - LD_LIBRARY_PATH (/nowhere): does not exist"), r.out());
    assertTrue(r.out().contains("  - OPENVINO_INSTALL_DIR: not set"), r.out());
    assertTrue(r.out().contains("-Djvino.openvino.dir=DIR"), r.out());
    assertTrue(r.out().contains("Java:    " + Runtime.version()), r.out());
  }

  @Test
  void infoReportsAFoundRuntimeThatCannotBeLoaded() throws Exception {
    Path dir = Files.createDirectories(sandbox.resolve("ov"));
    Files.writeString(dir.resolve("libopenvino_c.so.2026.0.0"), "not a library");
    Files.writeString(dir.resolve("libopenvino.so.2026.0.0"), "not a library");
    InfoCommand.environment = emptyEnvironment(Map.of("JVINO_OPENVINO_DIR", dir.toString()));
    Run r = run("info");
    assertEquals(Main.OK, r.code());
    assertTrue(r.out().contains("OpenVINO runtime: none. cannot load " + dir.resolve("libopenvino.so.2026.0.0")), r.out());
  }

  @Test
  void helpIsAvailableOnEveryCommand() {
    Run root = run("--help");
    assertEquals(Main.OK, root.code());
    assertTrue(root.out().contains("Usage: jvino"), root.out());
    assertTrue(root.out().contains("info"), root.out());
    Run info = run("info", "--help");
    assertEquals(Main.OK, info.code());
    assertTrue(info.out().contains("Usage: jvino info"), info.out());
  }

  @Test
  void usageErrorsExitWithTwoAndOneLine() {
    Run r = run("no-such-command");
    assertEquals(Main.USAGE, r.code());
    assertEquals("jvino: Unmatched argument at index 0: 'no-such-command'", r.err().lines().findFirst().orElseThrow());
    assertTrue(r.err().contains("Try 'jvino --help'"), r.err());
    Run bad = run("info", "--bogus");
    assertEquals(Main.USAGE, bad.code());
    assertTrue(bad.err().contains("Unknown option: '--bogus'"), bad.err());
  }

  /** A test double: a command whose work fails, to exercise the shared error handling. */
  @picocli.CommandLine.Command(name = "fail")
  static final class FailingCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      throw new java.io.IOException("cannot open model.xml: no such file\nsecond line");
    }
  }

  static Run runWithFailingCommand(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Main.commandLine(new PrintWriter(out), new PrintWriter(err));
    cli.addSubcommand("fail", new FailingCommand());
    cli.setOut(cli.getOut()).setErr(cli.getErr()); // picocli hands writers only to subcommands present at the call
    int code = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void failuresPrintOneLineAndStackTracesOnlyWithVerbose() {
    Run quiet = runWithFailingCommand("fail");
    assertEquals(Main.FAILURE, quiet.code());
    assertEquals("jvino: error: cannot open model.xml: no such file", quiet.err().strip());
    Run verbose = runWithFailingCommand("--verbose", "fail");
    assertEquals(Main.FAILURE, verbose.code());
    assertTrue(verbose.err().startsWith("jvino: error: cannot open model.xml: no such file"), verbose.err());
    assertTrue(verbose.err().contains("java.io.IOException: cannot open model.xml"), verbose.err());
    assertTrue(verbose.err().contains("\tat dev.jvino.cli.MainTest$FailingCommand.call"), verbose.err());
  }

  @Test
  void oneLineKeepsTheFirstLineOrTheTypeName() {
    assertEquals("first", Main.oneLine(new IllegalStateException("first\nsecond")));
    assertEquals("IllegalStateException", Main.oneLine(new IllegalStateException()));
    assertEquals("after a leading newline", Main.oneLine(new IllegalStateException("\nafter a leading newline\nmore")));
  }
}
