package dev.jvino.ir.io;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.Dimension;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.InvalidGraphException;
import dev.jvino.ir.IrFormatException;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.RtInfo;
import dev.jvino.ir.ShapeInference;
import dev.jvino.ir.SubBytePacking;
import dev.jvino.ir.SubgraphBody;
import dev.jvino.ir.WeightsFile;
import dev.jvino.ir.io.XmlTree.Elem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Builds a {@link Model} from a parsed {@code <net>} (or subgraph body) element. */
final class GraphParser {
  private final @Nullable Path file;
  private final Supplier<WeightsFile> weights;
  private final int irVersion;
  private final @Nullable String runtimeVersion;
  private final boolean validate;

  /** A layer read from the file, before its inputs are connected. */
  private record Layer(long id, Node node, Elem elem, List<Long> inputPorts, List<Long> outputPorts,
      List<Elem> inputElems) {}

  GraphParser(@Nullable Path file, Supplier<WeightsFile> weights, int irVersion,
      @Nullable String runtimeVersion, boolean validate) {
    this.file = file;
    this.weights = weights;
    this.irVersion = irVersion;
    this.runtimeVersion = runtimeVersion;
    this.validate = validate;
  }

  private IrFormatException fail(Elem at, @Nullable Layer layer, String msg) {
    return fail(at, layer == null ? null : String.valueOf(layer.id),
        layer == null ? null : layer.node.name(), msg, null);
  }

  private IrFormatException fail(Elem at, @Nullable String id, @Nullable String name, String msg,
      @Nullable Throwable cause) {
    return new IrFormatException(file, at.line(), id, name, msg, cause);
  }

  private static String required(Elem e, String attr, GraphParser p, @Nullable String id,
      @Nullable String name) {
    String v = e.attr(attr);
    if (v == null) {
      throw p.fail(e, id, name, "<" + e.name() + "> lacks the '" + attr + "' attribute", null);
    }
    return v;
  }

  private long parseLong(Elem e, String what, String text, @Nullable String id, @Nullable String name,
      long min) {
    long v;
    try {
      v = Long.parseLong(text.strip());
    } catch (NumberFormatException ex) {
      throw fail(e, id, name, what + " '" + text + "' is not an integer (or overflows)", null);
    }
    if (v < min) {
      throw fail(e, id, name, what + " " + v + " is below " + min, null);
    }
    return v;
  }

  /** Parses a graph: the {@code <layers>} and {@code <edges>} of {@code net}. */
  Model parse(Elem net, String name) {
    Elem layersEl = net.child("layers");
    if (layersEl == null) {
      throw fail(net, null, null, "<" + net.name() + "> has no <layers>", null);
    }
    Map<Long, Layer> layers = new LinkedHashMap<>();
    for (Elem le : layersEl.all("layer")) {
      Layer l = readLayer(le);
      if (layers.put(l.id, l) != null) {
        throw fail(le, l, "duplicate layer id " + l.id);
      }
    }
    connect(net, layers);
    List<Node> params = new ArrayList<>();
    List<Node> results = new ArrayList<>();
    List<Node> sinks = new ArrayList<>();
    for (Layer l : layers.values()) {
      Node n = l.node;
      if (n.is("Parameter")) {
        params.add(n);
      } else if (n.is("Result")) {
        results.add(n);
      } else if (n.is("Assign") && !n.hasConsumers()) {
        sinks.add(n);
      }
    }
    Model m = new Model(name, params, results, sinks);
    List<Node> order;
    try {
      order = m.ops();
    } catch (InvalidGraphException e) {
      throw fail(net, null, null, "the graph has a cycle: " + e.getMessage(), e);
    }
    if (validate) {
      for (Node n : order) {
        try {
          ShapeInference.infer(n);
        } catch (InvalidGraphException | ArithmeticException | IllegalStateException e) {
          Layer l = layers.get(n.sourceId());
          throw fail(l.elem, l, "invalid op: " + e.getMessage());
        }
      }
    }
    return m;
  }

  private Layer readLayer(Elem le) {
    String idText = le.attr("id");
    String lname = le.attr("name");
    if (idText == null) {
      throw fail(le, null, lname, "<layer> lacks the 'id' attribute", null);
    }
    long id = parseLong(le, "layer id", idText, idText, lname, 0);
    String sid = Long.toString(id);
    lname = required(le, "name", this, sid, null);
    String type = required(le, "type", this, sid, lname);
    String version = required(le, "version", this, sid, lname);
    String opType = IrNames.opType(type);
    List<Long> inPorts = new ArrayList<>();
    List<Long> outPorts = new ArrayList<>();
    Node node = new Node(opType, version, lname, List.of());
    node.setSourceId(id);
    Layer layer = new Layer(id, node, le, inPorts, outPorts, new ArrayList<>());
    Elem data = le.child("data");
    if (data != null) {
      for (int i = 0; i < data.attrCount(); i++) {
        node.attributes().set(data.attrName(i), data.attrValue(i));
      }
    }
    if (irVersion > 10) {
      readRtInfo(le.child("rt_info"), node.rtInfo());
    }
    Elem in = le.child("input");
    if (in != null) {
      for (Elem p : in.all("port")) {
        long pid = parseLong(p, "port id", required(p, "id", this, sid, lname), sid, lname, 0);
        if (inPorts.contains(pid)) {
          throw fail(p, layer, "duplicate input port id " + pid);
        }
        inPorts.add(pid);
        layer.inputElems().add(p);
        readDims(p, layer); // validated even though types come from the producer
      }
    }
    Elem out = le.child("output");
    if (out != null) {
      for (Elem p : out.all("port")) {
        long pid = parseLong(p, "port id", required(p, "id", this, sid, lname), sid, lname, 0);
        if (outPorts.contains(pid) || inPorts.contains(pid)) {
          throw fail(p, layer, "duplicate port id " + pid);
        }
        outPorts.add(pid);
        String prec = required(p, "precision", this, sid, lname);
        ElementType et = IrNames.fromPrecision(prec)
            .orElseThrow(() -> fail(p, layer, "unknown element type '" + prec + "'"));
        Output o = node.addOutput(et, readDims(p, layer));
        String names = p.attr("names");
        if (names != null) {
          o.names().addAll(IrNames.splitNames(names));
        }
        if (irVersion > 10) {
          readRtInfo(p.child("rt_info"), o.rtInfo());
        }
      }
    }
    if (node.is("Constant")) {
      readConstant(le, layer);
    } else if (node.is("Parameter")) {
      try {
        ElementType et = node.attributes().elementType("element_type");
        PartialShape ps = node.attributes().shape("shape");
        if (node.outputs().isEmpty()) {
          node.addOutput(et, ps);
        }
      } catch (InvalidGraphException e) {
        throw fail(le, layer, e.getMessage());
      }
    }
    for (String bodyTag : List.of("body", "then_body", "else_body")) {
      Elem b = le.child(bodyTag);
      if (b != null) {
        readBody(le, layer, b, bodyTag);
      }
    }
    return layer;
  }

  private PartialShape readDims(Elem port, Layer layer) {
    List<Dimension> dims = new ArrayList<>();
    for (Elem d : port.all("dim")) {
      String t = d.text().strip();
      try {
        if (t.equals("-1") || t.equals("?")) {
          dims.add(Dimension.DYNAMIC);
        } else if (t.contains("..")) {
          dims.add(Dimension.parse(t));
        } else {
          dims.add(Dimension.of(parseLong(d, "dimension", t, String.valueOf(layer.id),
              layer.node.name(), 0)));
        }
      } catch (IllegalArgumentException e) {
        throw fail(d, layer, "bad dimension '" + t + "'");
      }
    }
    return PartialShape.of(dims);
  }

  private void readConstant(Elem le, Layer layer) {
    Node node = layer.node;
    Elem data = le.child("data");
    if (data == null) {
      throw fail(le, layer, "Const layer has no <data>");
    }
    String sid = String.valueOf(layer.id);
    String etText = required(data, "element_type", this, sid, node.name());
    ElementType et = ElementType.fromIrName(etText)
        .orElseThrow(() -> fail(data, layer, "unknown element type '" + etText + "'"));
    if (et == ElementType.DYNAMIC) {
      throw fail(data, layer, "a constant cannot have element type " + etText);
    }
    String shapeText = required(data, "shape", this, sid, node.name());
    long[] shape;
    try {
      String st = shapeText.strip();
      String[] parts = st.isEmpty() ? new String[0] : st.split(",");
      shape = new long[parts.length];
      for (int i = 0; i < parts.length; i++) {
        shape[i] = parseLong(data, "constant dimension", parts[i], sid, node.name(), 0);
      }
    } catch (IrFormatException e) {
      throw e;
    }
    long count;
    try {
      count = PartialShape.elementCount(shape);
    } catch (ArithmeticException e) {
      throw fail(data, layer, "shape [" + shapeText + "] overflows the element count");
    }
    long offset = parseLong(data, "offset", required(data, "offset", this, sid, node.name()), sid,
        node.name(), 0);
    long size = parseLong(data, "size", required(data, "size", this, sid, node.name()), sid,
        node.name(), 0);
    if (et != ElementType.STRING) {
      long need;
      try {
        need = et.byteSize(count);
      } catch (ArithmeticException e) {
        throw fail(data, layer, "shape [" + shapeText + "] x " + et.bitWidth() + " bits overflows");
      }
      if (size < need) {
        throw fail(data, layer, "size " + size + " is smaller than shape [" + shapeText + "] of "
            + et + " needs (" + need + " bytes)");
      }
    } else if (size < 4) {
      throw fail(data, layer, "string constant of " + size + " bytes has no element count");
    }
    SubBytePacking p = SubBytePacking.LSB_STREAM;
    if (et == ElementType.U2 || et == ElementType.U3 || et == ElementType.U6) {
      p = packingFor(et, le, sid, node.name());
    }
    WeightsFile w;
    try {
      w = weights.get();
    } catch (IrFormatException e) {
      throw fail(data, layer, (e.file() == null ? "" : e.file() + ": ") + e.detail());
    }
    if (offset > w.size() || size > w.size() - offset) {
      throw fail(data, layer, "offset " + offset + " + size " + size + " is beyond the end of the "
          + "weights file (" + w.size() + " bytes)");
    }
    if (p == SubBytePacking.LEGACY && (et == ElementType.U3 || et == ElementType.U6)) {
      long perGroup = 24 / et.bitWidth();
      long need = 3 * ((count + perGroup - 1) / perGroup);
      if (size < need) {
        throw fail(data, layer, "size " + size + " is smaller than " + need + " bytes that " + count
            + " " + et + " values take in 3-byte groups");
      }
    }
    ConstantData cd = ConstantData.lazy(et, shape, w, offset, size, p);
    if (et == ElementType.STRING) {
      try {
        cd.checkStringLayout();
      } catch (IllegalStateException e) {
        throw fail(data, layer, e.getMessage());
      }
    }
    node.setConstant(cd);
    for (String k : List.of("element_type", "shape", "offset", "size")) {
      node.attributes().remove(k);
    }
  }

  /**
   * The packing of u2/u3/u6 for the release in {@code Runtime_version}: up to 2025 the legacy layout;
   * from 2026 u2 is an LSB-first stream; u3/u6 written by 2026+ are refused because their layout in
   * those releases is not confirmed.
   */
  private SubBytePacking packingFor(ElementType et, Elem le, String sid, String name) {
    if (runtimeVersion == null) {
      throw new UnsupportedPackingException(file, le.line(), sid, name, et + " constant, but the "
          + "model rt_info has no Runtime_version, so the bit packing (which changed in OpenVINO "
          + "2026) is unknown");
    }
    int year;
    try {
      year = Integer.parseInt(runtimeVersion.strip().split("[.\\-]", 2)[0]);
    } catch (NumberFormatException e) {
      throw new UnsupportedPackingException(file, le.line(), sid, name, et + " constant, and "
          + "Runtime_version '" + runtimeVersion + "' does not start with a release year");
    }
    if (year <= 2025) {
      return SubBytePacking.LEGACY;
    }
    if (et == ElementType.U2) {
      return SubBytePacking.LSB_STREAM;
    }
    throw new UnsupportedPackingException(file, le.line(), sid, name, et + " constant written by "
        + "OpenVINO " + runtimeVersion + ": the packing of u3/u6 in that release is not confirmed");
  }

  private void readBody(Elem le, Layer layer, Elem b, String bodyTag) {
    Model body = parse(b, "");
    Map<Long, Node> byId = new HashMap<>();
    for (Node n : body.ops()) {
      byId.put(n.sourceId(), n);
    }
    String portMapTag = bodyTag.equals("body") ? "port_map" : bodyTag.replace("body", "port_map");
    List<SubgraphBody.PortMapping> pm = new ArrayList<>();
    Elem pmEl = le.child(portMapTag);
    String sid = String.valueOf(layer.id);
    if (pmEl != null) {
      for (Elem e : pmEl.children()) {
        if (!e.name().equals("input") && !e.name().equals("output")) {
          continue;
        }
        long ext = parseLong(e, "external_port_id", required(e, "external_port_id", this, sid,
            layer.node.name()), sid, layer.node.name(), -1);
        long internal = parseLong(e, "internal_layer_id", required(e, "internal_layer_id", this,
            sid, layer.node.name()), sid, layer.node.name(), 0);
        Node target = byId.get(internal);
        if (target == null) {
          throw fail(e, layer, portMapTag + " refers to missing body layer " + internal);
        }
        Map<String, String> extra = e.attrs();
        pm.add(new SubgraphBody.PortMapping(e.name().equals("input"), ext, target, extra));
      }
    }
    List<SubgraphBody.BackEdge> backEdges = new ArrayList<>();
    Elem be = bodyTag.equals("body") ? le.child("back_edges") : null;
    if (be != null) {
      for (Elem e : be.all("edge")) {
        String n = layer.node.name();
        long from = parseLong(e, "from-layer", required(e, "from-layer", this, sid, n), sid, n, 0);
        long to = parseLong(e, "to-layer", required(e, "to-layer", this, sid, n), sid, n, 0);
        long fp = e.attr("from-port") == null ? -1
            : parseLong(e, "from-port", e.attr("from-port"), sid, n, 0);
        long tp = e.attr("to-port") == null ? -1
            : parseLong(e, "to-port", e.attr("to-port"), sid, n, 0);
        Node f = byId.get(from);
        Node t = byId.get(to);
        if (f == null || t == null) {
          throw fail(e, layer, "back edge " + from + " -> " + to + " refers to a missing body layer");
        }
        backEdges.add(new SubgraphBody.BackEdge(f, fp, t, tp));
      }
    }
    layer.node.bodies().add(new SubgraphBody(bodyTag, portMapTag, body, pm, backEdges));
  }

  private void connect(Elem net, Map<Long, Layer> layers) {
    Map<Long, Map<Long, Output>> sources = new HashMap<>();
    Elem edges = net.child("edges");
    if (edges != null) {
      for (Elem e : edges.all("edge")) {
        long fl = parseLong(e, "from-layer", required(e, "from-layer", this, null, null), null, null, 0);
        long fp = parseLong(e, "from-port", required(e, "from-port", this, null, null), null, null, 0);
        long tl = parseLong(e, "to-layer", required(e, "to-layer", this, null, null), null, null, 0);
        long tp = parseLong(e, "to-port", required(e, "to-port", this, null, null), null, null, 0);
        Layer from = layers.get(fl);
        Layer to = layers.get(tl);
        if (from == null) {
          throw fail(e, String.valueOf(fl), null, "edge from missing layer " + fl, null);
        }
        if (to == null) {
          throw fail(e, String.valueOf(tl), null, "edge to missing layer " + tl, null);
        }
        int oi = from.outputPorts.indexOf(fp);
        if (oi < 0) {
          throw fail(e, from, "edge from missing output port " + fp);
        }
        if (!to.inputPorts.contains(tp)) {
          throw fail(e, to, "edge to missing input port " + tp);
        }
        Map<Long, Output> in = sources.computeIfAbsent(tl, k -> new HashMap<>());
        if (in.put(tp, from.node.output(oi)) != null) {
          throw fail(e, to, "input port " + tp + " has more than one incoming edge");
        }
      }
    }
    for (Layer l : layers.values()) {
      Map<Long, Output> in = sources.getOrDefault(l.id, Map.of());
      for (long p : l.inputPorts) {
        Output src = in.get(p);
        if (src == null) {
          throw fail(l.elem, l, "input port " + p + " has no incoming edge");
        }
        dev.jvino.ir.Input added = l.node.addInput(src);
        if (irVersion > 10) {
          readRtInfo(l.inputElems.get(l.inputPorts.indexOf(p)).child("rt_info"), added.rtInfo());
        }
      }
      String outputNames = l.elem.attr("output_names");
      if (outputNames != null && l.node.is("Result") && !l.node.inputs().isEmpty()) {
        l.node.input(0).source().names().addAll(IrNames.splitNames(outputNames));
      }
    }
  }

  /** Reads an rt_info element tree (any level) into {@code into}. */
  static void readRtInfo(@Nullable Elem rt, RtInfo into) {
    if (rt == null) {
      return;
    }
    for (Elem c : rt.children()) {
      into.add(toEntry(c));
    }
  }

  private static RtInfo.Entry toEntry(Elem e) {
    List<RtInfo.Entry> kids = new ArrayList<>();
    for (Elem c : e.children()) {
      kids.add(toEntry(c));
    }
    return new RtInfo.Entry(e.name(), e.attrs(), kids);
  }
}
