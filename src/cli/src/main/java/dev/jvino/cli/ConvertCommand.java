package dev.jvino.cli;

import dev.jvino.ir.Model;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.onnx.Convert;
import dev.jvino.onnx.ConvertOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code jvino convert}: ONNX to OpenVINO IR in pure Java, as {@code ovc model.onnx}. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Convert an ONNX model to OpenVINO IR (.xml + .bin), as OpenVINO's ovc does, without OpenVINO.",
      "Operators jvino does not map fail with their name and node; convert those models with ovc."
    })
final class ConvertCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "The ONNX model (external data beside it).")
  Path model;

  @Option(names = {"-o", "--output-model"}, paramLabel = "OUT.xml",
      description = "Where to write the IR (default: MODEL.xml beside the ONNX file).")
  Path outputModel;

  @Option(names = "--compress-to-fp16", description = "Store f32 constants as f16 with a Convert, as ov.save_model does by default.")
  boolean compressToFp16;

  @Option(names = "--input", paramLabel = "NAME[SHAPE]",
      description = "Override an input's shape, e.g. x[1,3,224,224] or x[?,3,224,224] (? or -1: dynamic); repeat or separate with commas.")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--output", split = ",", paramLabel = "NAME",
      description = "Tensors to keep as the model's outputs (cuts the graph after them); default: the graph's outputs.")
  List<String> outputs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isRegularFile(model)) {
      throw new java.nio.file.NoSuchFileException(model + " (the ONNX model to convert)");
    }
    Path xml = outputModel != null ? outputModel : defaultXml(model);
    ConvertOptions options = new ConvertOptions(compressToFp16, parseInputs(inputs), outputs);
    Path parent = xml.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Model m = Convert.onnxToIr(model, xml, options);
    for (Output in : m.inputs()) {
      out.println("input  " + in.displayName() + " " + in.elementType() + " " + in.shape());
    }
    for (Output o : m.outputs()) {
      out.println("output " + o.displayName() + " " + o.elementType() + " " + o.shape());
    }
    out.println("wrote " + xml + " (" + m.ops().size() + " ops" + (compressToFp16 ? ", f16 constants" : "") + ")");
    return Main.OK;
  }

  private static Path defaultXml(Path onnx) {
    String name = onnx.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return onnx.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".xml");
  }

  /** {@code name[d0,d1,...]} items, repeated or comma-separated outside the brackets. */
  Map<String, PartialShape> parseInputs(List<String> specs) {
    Map<String, PartialShape> m = new LinkedHashMap<>();
    for (String spec : specs) {
      int depth = 0;
      int start = 0;
      for (int i = 0; i <= spec.length(); i++) {
        char ch = i < spec.length() ? spec.charAt(i) : ',';
        if (ch == '[') {
          depth++;
        } else if (ch == ']') {
          depth--;
        } else if (ch == ',' && depth == 0) {
          String item = spec.substring(start, i).strip();
          if (!item.isEmpty()) {
            parseOne(item, m);
          }
          start = i + 1;
        }
      }
    }
    return m;
  }

  private void parseOne(String item, Map<String, PartialShape> m) {
    int open = item.indexOf('[');
    if (open <= 0 || !item.endsWith("]")) {
      throw new ParameterException(spec.commandLine(), "--input '" + item
          + "' must be NAME[SHAPE], e.g. x[1,3,224,224]");
    }
    try {
      m.put(item.substring(0, open).strip(), PartialShape.parse(item.substring(open)));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--input '" + item + "': " + e.getMessage());
    }
  }
}
