package dev.jvino.cli;

import dev.jvino.ffm.loader.Attempt;
import dev.jvino.ffm.loader.LookupEnvironment;
import dev.jvino.ffm.loader.OpenVinoLibrary;
import dev.jvino.ffm.loader.OpenVinoNotFoundException;
import dev.jvino.ffm.loader.RuntimeLocation;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jvino info}: the Java and OpenVINO runtimes jvino sees. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = {
      "Print the OpenVINO runtime jvino found (path, version, where it was found),",
      "or every place it looked and how to point it at one."
    })
final class InfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Replaced in tests by an environment over fake directory trees. */
  static LookupEnvironment environment = null;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("jvino:   " + new Main.Version().getVersion()[0].substring("jvino ".length()));
    out.println("Java:    " + Runtime.version() + " (" + System.getProperty("java.home") + ")");
    OpenVinoLibrary.Availability availability =
        environment == null ? OpenVinoLibrary.system() : OpenVinoLibrary.probe(environment);
    switch (availability) {
      case OpenVinoLibrary.Loaded loaded -> {
        RuntimeLocation l = loaded.library().location();
        out.println("OpenVINO runtime: found via " + l.source().label());
        out.println("  C library:  " + l.cLibrary());
        out.println("  version:    " + l.fileVersion().orElse("(not in the file name)"));
        out.println("  plugins:    " + l.pluginDir());
        for (var p : l.preload()) {
          out.println("  preloaded:  " + p);
        }
      }
      case OpenVinoLibrary.Unavailable u -> {
        out.println("OpenVINO runtime: none. " + (u.error() instanceof OpenVinoNotFoundException
            ? "Places tried, in order:" : u.error().getMessage()));
        for (Attempt a : u.attempts()) {
          out.println("  - " + a);
        }
        out.println(OpenVinoNotFoundException.HOW_TO_FIX);
        out.println("Without a runtime, jvino's NNCF port runs models on its pure-Java reference engine.");
      }
    }
    return Main.OK;
  }
}
