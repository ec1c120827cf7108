package dev.jvino.cli;

import dev.jvino.engine.Engine;
import dev.jvino.engine.Engines;
import dev.jvino.engine.InferResult;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.ir.Output;
import dev.jvino.ir.io.IrReader;
import dev.jvino.onnx.OnnxTensors;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jvino run}: one inference of an IR, outputs written as {@code .npy}. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run an OpenVINO IR model once and write each output as .npy, to check a converted or compressed",
      "model against another runtime. Inputs are .npy files or ONNX TensorProto .pb files."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL.xml", description = "The IR (.xml; its .bin beside it).")
  Path model;

  @Option(names = {"-i", "--input"}, paramLabel = "NAME=FILE",
      description = "An input tensor: NAME=FILE.npy or NAME=FILE.pb (NAME may be left out when the model has one input).")
  List<String> inputs = new ArrayList<>();

  @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", defaultValue = ".",
      description = "Folder for the outputs, one NAME.npy per output (default: the current folder).")
  Path outputDir;

  @Option(names = "--engine", paramLabel = "NAME", defaultValue = "reference",
      description = "Engine to run on: reference (default), openvino, auto.")
  String engine;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isRegularFile(model)) {
      throw new java.nio.file.NoSuchFileException(model + " (the model to run)");
    }
    Engine e = Engines.byName(engine);
    Model m = IrReader.read(model);
    Map<String, NdArray> feeds = feeds(m);
    InferResult r = e.compile(m).createSession().infer(feeds);
    Files.createDirectories(outputDir);
    for (int i = 0; i < r.size(); i++) {
      Output o = m.outputs().get(i);
      String name = o.displayName().replaceAll("[^A-Za-z0-9._-]", "_");
      Path file = outputDir.resolve(name + ".npy");
      NdArray v = r.get(i);
      Npy.write(v, file);
      out.println("wrote " + file + " " + v.type() + " " + Arrays.toString(v.shape()));
    }
    return Main.OK;
  }

  private Map<String, NdArray> feeds(Model m) throws Exception {
    Map<String, NdArray> feeds = new LinkedHashMap<>();
    for (String spec : inputs) {
      int eq = spec.indexOf('=');
      String name;
      Path file;
      if (eq < 0) {
        if (m.inputs().size() != 1) {
          throw new ParameterException(this.spec.commandLine(), "-i " + spec + ": the model has "
              + m.inputs().size() + " inputs; write NAME=FILE");
        }
        name = m.inputs().get(0).displayName();
        file = Path.of(spec);
      } else {
        name = spec.substring(0, eq);
        file = Path.of(spec.substring(eq + 1));
      }
      if (!Files.isRegularFile(file)) {
        throw new java.nio.file.NoSuchFileException(file + " (input '" + name + "')");
      }
      NdArray v = file.toString().endsWith(".pb") ? OnnxTensors.read(file) : Npy.read(file);
      feeds.put(name, v);
    }
    return feeds;
  }
}
