package dev.jvino.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Fuzz target for {@code jvino}'s command line: the input, split at NUL bytes, is the argument list
 * given to picocli's parser ({@link CommandLine#parseArgs}); nothing is executed. For
 * {@code compress-weights} the parsed options are also turned into {@code CompressWeightsOptions}
 * (the builder's validation), still without compressing anything.
 *
 * <p>Accepted outcomes: a parse result, a {@link CommandLine.ParameterException} (usage error, exit
 * code 2), or an {@link IllegalArgumentException} or {@link dev.jvino.nncf.NncfException} (NNCF's typed
 * validation errors) from the options builder (a failure, exit code 1, with a message). Anything else fails the target.
 *
 * <p>{@code mvn test} replays {@code src/test/resources/dev/jvino/cli/CliParseFuzzTestInputs/parse/};
 * to fuzz for real see {@code docs/fuzzing.md}.
 */
class CliParseFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void parse(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    String[] args = text.isEmpty() ? new String[0] : text.split("\0", -1);
    CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    CommandLine.ParseResult result;
    try {
      result = cli.parseArgs(args);
    } catch (CommandLine.ParameterException expected) {
      if (expected.getMessage() == null || expected.getMessage().isBlank()) {
        throw new AssertionError("usage error without a message", expected);
      }
      return;
    }
    CommandLine.ParseResult sub = result.subcommand();
    if (sub != null && sub.commandSpec().userObject() instanceof CompressWeightsCommand c
        && !sub.isUsageHelpRequested() && !sub.isVersionHelpRequested()) {
      try {
        c.options();
      } catch (IllegalArgumentException | dev.jvino.nncf.NncfException expected) {
        if (expected.getMessage() == null || expected.getMessage().isBlank()) {
          throw new AssertionError("invalid options without a message", expected);
        }
      }
    }
  }
}
