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
   * Stores every f32 constant as f16 followed by a {@code Convert} back to f32 marked with the
   * {@code decompression} rt_info attribute, as {@code ov.save_model(compress_to_fp16=True)} writes
   * models: the constant is renamed {@code <name>_compressed}, the Convert takes its name and tensor
   * names, and values beyond f16's range are clamped to ±65504. Constants whose rt_info holds
   * {@code disable_fp16_compression} are kept. Edits {@code m} in place.
   *
   * @return the number of constants compressed
   */
  public static int compressToF16(Model m) {
    int count = 0;
    for (Node n : m.ops()) {
      if (!n.is("Constant") || n.constantData().elementType() != ElementType.F32
          || n.rtInfo().find("disable_fp16_compression").isPresent()
          || n.output().consumers().isEmpty()) {
        continue;
      }
      ConstantData f16 = n.constantData().toF16Clamped();
      Node c = Ops.constant(n.name() + "_compressed", f16);
      c.rtInfo().addAll(n.rtInfo());
      Node cvt = Ops.convert(c.output(), ElementType.F32);
      cvt.setName(n.name());
      cvt.rtInfo().addAll(n.rtInfo());
      cvt.rtInfo().putAttribute("decompression", "0", null);
      cvt.output().names().addAll(n.output().names());
      n.output().names().clear();
      n.output().replaceAllUsesWith(cvt.output());
      count++;
    }
    return count;
  }
}
