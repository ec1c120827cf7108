package dev.jvino.onnx;

import dev.jvino.ir.Dimension;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.RtInfo;
import dev.jvino.onnx.OnnxModel.Dim;
import dev.jvino.onnx.OnnxModel.Tensor;
import dev.jvino.onnx.OnnxModel.ValueInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts an ONNX model into jvino's OpenVINO model: graph inputs become Parameters (symbolic and
 * unknown dimensions stay dynamic; tensor names are the ONNX names), initializers become Constants,
 * each node is mapped by {@link OnnxOpTable} in file order, and each graph output (or each
 * {@link ConvertOptions#outputs()} tensor) gets a Result whose input carries the ONNX tensor name. Only
 * the nodes the outputs depend on are converted.
 *
 * <p>An operator jvino does not map raises {@link UnsupportedOnnxException} naming the operator and
 * node; a malformed graph raises {@link OnnxFormatException}.
 */
public final class OnnxConverter {
  private static final System.Logger LOG = System.getLogger(OnnxConverter.class.getName());

  private OnnxConverter() {}

  /** Reads and converts an ONNX file. */
  public static Model convert(Path onnx, ConvertOptions options) throws IOException {
    Model m = convert(OnnxReader.read(onnx), onnx.toString(), options);
    recordParameters(m, onnx, options);
    return m;
  }

  /** Converts a decoded model; {@code source} names it in errors. */
  public static Model convert(OnnxModel model, String source, ConvertOptions options) {
    OnnxModel.Graph g = model.graph();
    long opset = model.defaultOpset();
    Map<String, Output> values = new HashMap<>();
    Set<String> initNames = new HashSet<>();
    for (Tensor t : g.initializers()) {
      initNames.add(t.name());
      Node c = Ops.constant(TensorData.toConstant(t, source));
      c.setName(t.name());
      c.output().names().add(t.name());
      values.put(t.name(), c.output());
    }
    List<Node> params = new ArrayList<>();
    Set<String> unknownShapes = new HashSet<>(options.inputShapes().keySet());
    for (ValueInfo in : g.inputs()) {
      if (initNames.contains(in.name())) {
        continue;
      }
      if (!in.kind().equals("tensor")) {
        throw new UnsupportedOnnxException("graph input '" + in.name() + "' is a " + in.kind()
            + ", not a tensor; jvino converts tensor inputs only");
      }
      ElementType et = OnnxDataType.toElementType(in.elemType(), source + ": graph input '" + in.name() + "'");
      PartialShape shape = options.inputShapes().containsKey(in.name()) ? options.inputShapes().get(in.name())
          : shapeOf(in);
      unknownShapes.remove(in.name());
      Node p = Ops.parameter(in.name(), et, shape);
      params.add(p);
      values.put(in.name(), p.output());
    }
    if (!unknownShapes.isEmpty()) {
      throw new IllegalArgumentException(source + ": --input names " + unknownShapes
          + ", which is not an input of the model (inputs: " + params.stream().map(Node::name).toList() + ")");
    }
    List<String> outNames = options.outputs().isEmpty() ? g.outputs().stream().map(ValueInfo::name).toList()
        : options.outputs();
    Set<Integer> needed = neededNodes(g, outNames, values.keySet(), source, !options.outputs().isEmpty());
    Map<String, String> notProduced = new HashMap<>();
    for (int idx = 0; idx < g.nodes().size(); idx++) {
      if (!needed.contains(idx)) {
        continue;
      }
      OnnxModel.Node n = g.nodes().get(idx);
      for (String in : n.inputs()) {
        if (!in.isEmpty() && notProduced.containsKey(in)) {
          throw new UnsupportedOnnxException(n.opType(), n.displayName(), "it reads '" + in + "', an output of "
              + notProduced.get(in) + " that jvino's mapping does not produce");
        }
      }
      NodeContext c = new NodeContext(n, values, opset, source);
      OpMapper mapper = OnnxOpTable.find(n.domain(), n.opType()).orElseThrow(() -> c.unsupported(
          n.domain().isEmpty() || n.domain().equals("ai.onnx") ? "jvino has no mapping for it"
              : "operators of domain '" + n.domain() + "' are not mapped"));
      List<Output> outs = mapper.map(c);
      for (int i = 0; i < n.outputs().size(); i++) {
        String name = n.outputs().get(i);
        if (name.isEmpty()) {
          continue;
        }
        if (i >= outs.size()) {
          notProduced.put(name, n.opType() + " '" + n.displayName() + "'");
          continue;
        }
        Output o = outs.get(i);
        Node producer = o.node();
        if (!producer.is("Parameter") && !initNames.contains(producer.name()) && o.names().isEmpty()
            && producer.outputs().size() == 1) {
          producer.setName(name);
        } else if (!producer.is("Parameter") && producer.outputs().size() > 1 && i == 0) {
          producer.setName(n.displayName());
        }
        o.names().add(name);
        values.put(name, o);
      }
    }
    List<Node> results = new ArrayList<>();
    for (String name : outNames) {
      Output o = values.get(name);
      if (o == null) {
        throw notProduced.containsKey(name)
            ? new UnsupportedOnnxException("output '" + name + "' of " + notProduced.get(name)
                + " is not produced by jvino's mapping")
            : new IllegalArgumentException(source + ": no tensor named '" + name + "' in the model");
      }
      Node r = Ops.result(o);
      r.setName(name + "/sink_port_0");
      results.add(r);
    }
    String modelName = g.name().isEmpty() ? "onnx_model" : g.name();
    Model m = new Model(modelName, params, results);
    LOG.log(System.Logger.Level.DEBUG, () -> source + ": converted " + needed.size() + " ONNX nodes into "
        + m.ops().size() + " OpenVINO ops");
    return m;
  }

  private static PartialShape shapeOf(ValueInfo in) {
    if (in.shape() == null) {
      return PartialShape.dynamic();
    }
    List<Dimension> dims = new ArrayList<>();
    for (Dim d : in.shape()) {
      dims.add(d.isStatic() ? Dimension.of(d.value()) : Dimension.DYNAMIC);
    }
    return PartialShape.of(dims);
  }

  /** Indexes of the nodes the outputs depend on. */
  private static Set<Integer> neededNodes(OnnxModel.Graph g, List<String> outputs, Set<String> available,
      String source, boolean userOutputs) {
    Map<String, Integer> producer = new HashMap<>();
    for (int i = 0; i < g.nodes().size(); i++) {
      for (String o : g.nodes().get(i).outputs()) {
        if (!o.isEmpty()) {
          producer.put(o, i);
        }
      }
    }
    Set<Integer> needed = new HashSet<>();
    // each pending tensor with the node that reads it (-1: a requested output)
    Deque<Map.Entry<String, Integer>> todo = new ArrayDeque<>();
    outputs.forEach(o -> todo.push(Map.entry(o, -1)));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      Map.Entry<String, Integer> item = todo.pop();
      String v = item.getKey();
      if (!seen.add(v)) {
        continue;
      }
      Integer p = producer.get(v);
      if (p == null) {
        if (!available.contains(v)) {
          if (item.getValue() < 0 && userOutputs) {
            throw new IllegalArgumentException(source + ": no tensor named '" + v + "' in the model");
          }
          String reader = item.getValue() < 0 ? "the graph outputs"
              : "node '" + g.nodes().get(item.getValue()).displayName() + "' (" + g.nodes().get(item.getValue()).opType()
                  + ")";
          throw new OnnxFormatException(source, reader + " read '" + v
              + "', which no node, graph input or initializer produces");
        }
        continue;
      }
      if (needed.add(p)) {
        for (String in : g.nodes().get(p).inputs()) {
          if (!in.isEmpty()) {
            todo.push(Map.entry(in, p));
          }
        }
      }
    }
    return needed;
  }

  /**
   * Records the conversion in the model's rt_info as {@code ovc} does:
   * {@code <conversion_parameters>} with {@code input_model} (the file name under {@code DIR}),
   * {@code is_python_object}, and the options given.
   */
  static void recordParameters(Model m, Path onnx, ConvertOptions options) {
    Map<String, String> p = new LinkedHashMap<>();
    if (options.compressToFp16()) {
      p.put("compress_to_fp16", "True");
    }
    p.put("framework", "onnx");
    if (!options.inputShapes().isEmpty()) {
      List<String> parts = new ArrayList<>();
      options.inputShapes().forEach((k, v) -> parts.add(k + v.toString()));
      p.put("input", String.join(",", parts));
    }
    p.put("input_model", "DIR/" + onnx.getFileName());
    p.put("is_python_object", "False");
    if (!options.outputs().isEmpty()) {
      p.put("output", String.join(",", options.outputs()));
    }
    List<RtInfo.Entry> children = new ArrayList<>();
    p.forEach((k, v) -> children.add(new RtInfo.Entry(k, Map.of("value", v), List.of())));
    m.rtInfo().remove("conversion_parameters");
    m.rtInfo().add(new RtInfo.Entry("conversion_parameters", Map.of(), children));
  }
}
