package dev.jvino.ir;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Whole-model utilities: deep copies and the f32-to-f16 constant compression of the IR writer. */
public final class Models {
  private Models() {}

  /**
   * A deep copy: new nodes with the same names, attributes, rt_info, tensor names and bodies. Constant
   * values are shared (they are immutable) and stay lazy.
   */
  public static Model copy(Model m) {
    Map<Node, Node> map = new IdentityHashMap<>();
    for (Node n : m.ops()) {
      map.put(n, copyNode(n, map));
    }
    List<Node> params = m.parameters().stream().map(map::get).toList();
    List<Node> results = m.results().stream().map(map::get).toList();
    List<Node> sinks = m.sinks().stream().map(map::get).toList();
    Model c = new Model(m.name(), params, results, sinks);
    c.rtInfo().addAll(m.rtInfo());
    return c;
  }

  private static Node copyNode(Node n, Map<Node, Node> map) {
    List<Output> ins = new ArrayList<>();
    for (Input in : n.inputs()) {
      Output src = in.source();
      ins.add(map.get(src.node()).output(src.index()));
    }
    return copyNode(n, ins);
  }

  /** A copy of {@code n} (name, attributes, rt_info, outputs, constant, bodies) reading {@code ins}. */
  static Node copyNode(Node n, List<Output> ins) {
    Node c = new Node(n.type(), n.version(), n.name(), ins);
    c.setSourceId(n.sourceId());
    c.attributes().putAll(n.attributes());
    c.rtInfo().addAll(n.rtInfo());
    for (int i = 0; i < n.inputs().size(); i++) {
      c.input(i).rtInfo().addAll(n.input(i).rtInfo());
    }
    n.constant().ifPresent(c::setConstant);
    for (Output o : n.outputs()) {
      Output co = o.index() < c.outputs().size() ? c.output(o.index())
          : c.addOutput(o.elementType(), o.shape());
      co.setType(o.elementType(), o.shape());
      co.names().addAll(o.names());
      co.rtInfo().addAll(o.rtInfo());
    }
    for (SubgraphBody b : n.bodies()) {
      Map<Node, Node> bodyMap = new IdentityHashMap<>();
      for (Node bn : b.body().ops()) {
        bodyMap.put(bn, copyNode(bn, bodyMap));
      }
      Model body = new Model(b.body().name(),
          b.body().parameters().stream().map(bodyMap::get).toList(),
          b.body().results().stream().map(bodyMap::get).toList(),
          b.body().sinks().stream().map(bodyMap::get).toList());
      body.rtInfo().addAll(b.body().rtInfo());
      List<SubgraphBody.PortMapping> pm = b.portMap().stream()
          .map(p -> new SubgraphBody.PortMapping(p.isInput(), p.externalPort(),
              bodyMap.get(p.internal()), p.extra()))
          .toList();
      List<SubgraphBody.BackEdge> be = b.backEdges().stream()
          .map(e -> new SubgraphBody.BackEdge(bodyMap.get(e.from()), e.fromPort(),
              bodyMap.get(e.to()), e.toPort()))
          .toList();
      c.bodies().add(new SubgraphBody(b.bodyTag(), b.portMapTag(), body, pm, be));
    }
    return c;
  }

  /**
   * Stores f32 constants as f16 followed by a {@code Convert} back to f32 marked with the
   * {@code decompression} rt_info attribute, as {@code ov.save_model(compress_to_fp16=True)} writes
   * models (OpenVINO's postponed {@code CompressFloatConstants}): the Convert takes the constant's
   * name and a copy of its rt_info, the constant is renamed {@code <name>_compressed} and keeps its
   * tensor names, and values beyond f16's range are clamped to ±65504. A constant is kept in f32 when
   * its rt_info disables compression ({@code precise} / {@code disable_fp16_compression}) or when at
   * least 75% of its values do not fit f16 (beyond ±65504, or non-zero below the smallest f16
   * subnormal). Edits {@code m} in place.
   *
   * @return the number of constants compressed
   */
  public static int compressToF16(Model m) {
    int count = 0;
    for (Node n : m.ops()) {
      if (!n.is("Constant") || n.constantData().elementType() != ElementType.F32
          || n.rtInfo().find("precise").isPresent()
          || n.rtInfo().find("disable_fp16_compression").isPresent()
          || n.output().consumers().isEmpty() || n.constantData().elementCount() == 0
          || mostlyOutOfF16Range(n.constantData())) {
        continue;
      }
      List<Input> targets = n.output().consumers();
      Node c = Ops.constant(n.name() + "_compressed", n.constantData().toF16Clamped());
      c.rtInfo().addAll(n.rtInfo());
      c.output().names().addAll(n.output().names());
      c.output().rtInfo().addAll(n.output().rtInfo());
      Node cvt = Ops.convert(c.output(), ElementType.F32);
      cvt.setName(n.name());
      cvt.rtInfo().addAll(n.rtInfo());
      cvt.rtInfo().putAttribute("decompression", "0", null);
      for (Input in : targets) {
        in.connect(cvt.output());
      }
      count++;
    }
    return count;
  }

  private static boolean mostlyOutOfF16Range(ConstantData c) {
    float[] v = c.toFloatArray();
    long out = 0;
    float tiny = Float.float16ToFloat((short) 1);
    for (float f : v) {
      if ((Math.abs(f) < tiny && f != 0) || f > 65504f || f < -65504f) {
        out++;
      }
    }
    return (float) out / v.length >= 0.75f;
  }
}
