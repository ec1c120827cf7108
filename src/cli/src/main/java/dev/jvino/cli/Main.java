package dev.jvino.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jvino}: OpenVINO and NNCF from the command line. Exit codes: 0 success, 1 failure, 2 usage
 * error. Failures print one line; {@code --verbose} adds the stack trace.
 */
@Command(
    name = "jvino",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "OpenVINO and NNCF for Java: inspect runtimes and models, compress and quantize OpenVINO IR.",
    subcommands = {InfoCommand.class, DemoCommand.class, CompressWeightsCommand.class, QuantizeCommand.class,
        BenchmarkCommand.class,
        ConvertCommand.class, RunCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {
  /** Exit code of a successful run. */
  public static final int OK = 0;
  /** Exit code of a failed run (bad input, failed operation). */
  public static final int FAILURE = 1;
  /** Exit code of a command-line usage error. */
  public static final int USAGE = 2;

  @Option(names = "--verbose", description = "Print stack traces with errors.", scope = CommandLine.ScopeType.INHERIT)
  boolean verbose;

  public static void main(String[] args) {
    int code;
    try {
      code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    } catch (OutOfMemoryError e) {
      System.err.println("jvino: error: out of memory (" + e.getMessage() + "); give the JVM more with"
          + " JVINO_JAVA_OPTS=-Xmx<size> (the default is a quarter of the machine's memory)");
      code = FAILURE;
    }
    System.exit(code);
  }

  /** Runs {@code jvino args}, writing to {@code out} and {@code err}; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    // Library code logs through System.Logger (java.util.logging here); the commands print their own
    // results, so library INFO lines (e.g. NNCF's bitwidth table) show only with --verbose.
    boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
    java.util.logging.Logger.getLogger("").setLevel(verbose ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The configured command line: exit codes, one-line errors, {@code --verbose} stack traces. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(t -> FAILURE);
    cli.setParameterExceptionHandler((ex, argv) -> {
      CommandLine c = ex.getCommandLine();
      c.getErr().println("jvino: " + ex.getMessage());
      c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
      c.getErr().flush();
      return USAGE;
    });
    cli.setExecutionExceptionHandler((ex, c, parseResult) -> {
      boolean verbose = parseResult.hasMatchedOption("--verbose")
          || (parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose"));
      c.getErr().println("jvino: error: " + oneLine(ex));
      if (verbose) {
        ex.printStackTrace(c.getErr());
      }
      c.getErr().flush();
      return FAILURE;
    });
    return cli;
  }

  /** The first line of the exception's message, or its type when it has none. */
  static String oneLine(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t.getClass().getSimpleName();
    }
    String text = message.strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline).stripTrailing();
  }

  /** {@code jvino --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {
        "jvino " + (v == null ? "(development build)" : v),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor", "?") + ")"
      };
    }
  }
}
