package dev.jvino.cli;

import dev.jvino.ffm.loader.Attempt;
import dev.jvino.ffm.loader.LookupEnvironment;
import dev.jvino.ffm.loader.OpenVinoLibrary;
import dev.jvino.ffm.loader.OpenVinoNotFoundException;
import dev.jvino.ffm.loader.RuntimeLocation;
import dev.jvino.ir.ModelSummary;
import dev.jvino.ir.io.IrReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jvino info}: the Java and OpenVINO runtimes jvino sees. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = {
      "Without a model: print the OpenVINO runtime jvino found (path, version, where it was found),",
      "or every place it looked and how to point it at one.",
      "With MODEL.xml: print a summary of the IR (inputs, outputs, op types, opsets, weights per",
      "element type, NNCF records in rt_info) without reading its weights."
    })
final class InfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL.xml", description = "An OpenVINO IR to summarise.")
  @Nullable Path model;

  @Option(names = "--json", description = "Print the model summary as JSON.")
  boolean json;

  /** Replaced in tests by an environment over fake directory trees. */
  static LookupEnvironment environment = null;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (model != null) {
      // the checksum check would read every weight byte; a summary needs none of them
      ModelSummary summary = ModelSummary.of(IrReader.read(model, null, new IrReader.Options(false, true)));
      out.print(json ? summary.toJson() + System.lineSeparator() : summary.toText());
      return Main.OK;
    }
    if (json) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--json needs a MODEL.xml");
    }
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
        try (dev.jvino.openvino.Core core = dev.jvino.openvino.Core.create()) {
          out.println("  OpenVINO:   " + dev.jvino.openvino.Core.version());
          out.println("  devices:    " + String.join(", ", core.availableDevices()));
        } catch (RuntimeException e) {
          out.println("  (the runtime loaded, but creating a Core failed: " + Main.oneLine(e) + ")");
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
