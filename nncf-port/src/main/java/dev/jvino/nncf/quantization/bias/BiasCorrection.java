package dev.jvino.nncf.quantization.bias;

import dev.jvino.engine.Engine;
import dev.jvino.engine.InferResult;
import dev.jvino.engine.InferSession;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.Input;
import dev.jvino.ir.Model;
import dev.jvino.ir.Models;
import dev.jvino.ir.Node;
import dev.jvino.ir.Output;
import dev.jvino.ir.Submodels;
import dev.jvino.ir.Submodels.PortRef;
import dev.jvino.nncf.statistics.Collectors;
import dev.jvino.nncf.statistics.Reducer;
import dev.jvino.nncf.statistics.StatisticPoint;
import dev.jvino.nncf.statistics.StatisticValue;
import dev.jvino.nncf.statistics.TargetPoint;
import dev.jvino.nncf.statistics.TensorCollector;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * NNCF's {@code BiasCorrection} (used when {@code fast_bias_correction=False}): the quantized model, with
 * its activation quantizers removed, is corrected layer by layer in topological order. Each biased layer
 * with quantized weights is run inside the subgraph from the inputs whose values are known (the float
 * model's raw activations, or the outputs the previous corrections produced) to the next layers to
 * correct; its bias moves by the float output mean minus the quantized output mean averaged over the
 * samples, unless {@code max|shift / (bias + eps)|} reaches {@code threshold} (1000 by default). The
 * subgraph's outputs, recomputed with the corrected bias, feed the next subgraphs.
 *
 * <p>An instance carries the state NNCF keeps between its two phases: call {@link #statisticPoints} on
 * the float model, collect, then {@link #apply} once.
 */
public final class BiasCorrection {
  /** NNCF's {@code BIAS_CORRECTION_THRESHOLD}. */
  public static final double DEFAULT_THRESHOLD = 1000;
  /** The algorithm key of its statistic points. */
  public static final String ALGORITHM = "BiasCorrection";
  private static final float EPS = Math.ulp(1.0f);
  private static final System.Logger LOG = System.getLogger(BiasCorrection.class.getName());

  private final int subsetSize;
  private final double threshold;
  private final boolean inplaceStatistics;
  /** Subgraph input (node, input port) -> the (node, output port) whose values feed it. */
  private final Map<PortRef, PortRef> statInputs = new HashMap<>();
  /** Values known for (node, output port): float activations, then corrected outputs (appended, as NNCF). */
  private final Map<PortRef, List<NdArray>> values = new HashMap<>();

  public BiasCorrection(int subsetSize, double threshold, boolean inplaceStatistics) {
    if (subsetSize < 1) {
      throw new IllegalArgumentException("subset_size must be positive, got " + subsetSize);
    }
    if (!(threshold > 0)) {
      throw new IllegalArgumentException("bias correction threshold must be positive, got " + threshold);
    }
    this.subsetSize = subsetSize;
    this.threshold = threshold;
    this.inplaceStatistics = inplaceStatistics;
  }

  /** One corrected (or skipped) layer. */
  public record Correction(String node, float[] shift, double magnitude, boolean applied) {}

  /**
   * Float statistics: the output mean of every biased layer, and the raw outputs feeding the first biased
   * layers after the model inputs and those of the model inputs.
   */
  public List<StatisticPoint> statisticPoints(Model model) {
    Map<String, List<StatisticPoint>> byNode = new LinkedHashMap<>();
    List<StatisticPoint> points = new ArrayList<>();
    for (Node n : dev.jvino.ir.NncfOrder.topologicalSort(model)) {
      BiasLayer layer = BiasLayer.ofAny(n).orElse(null);
      if (layer != null) {
        add(points, byNode, new StatisticPoint(TargetPoint.postLayer(n.name(), 0),
            Collectors.mean(layer.outputChannelAxis(), OptionalInt.of(subsetSize), inplaceStatistics), ALGORITHM));
      }
    }
    for (Node biased : biasedAfterInputs(model)) {
      BiasLayer layer = BiasLayer.ofAny(biased).orElseThrow();
      Output src = biased.input(layer.activationPort()).source();
      statInputs.put(new PortRef(biased.name(), layer.activationPort()), new PortRef(src.node().name(), src.index()));
      if (!byNode.containsKey(src.node().name())) {
        add(points, byNode, new StatisticPoint(TargetPoint.postLayer(src.node().name(), src.index()),
            Collectors.raw(OptionalInt.of(subsetSize)), ALGORITHM));
      }
    }
    for (Node p : model.parameters()) {
      for (Output o : p.outputs()) {
        for (Input c : o.consumers()) {
          statInputs.put(new PortRef(c.node().name(), c.index()), new PortRef(p.name(), o.index()));
        }
      }
      if (!byNode.containsKey(p.name())) {
        add(points, byNode, new StatisticPoint(TargetPoint.postLayer(p.name(), 0),
            Collectors.raw(OptionalInt.of(subsetSize)), ALGORITHM));
      }
    }
    return points;
  }

  private static void add(List<StatisticPoint> points, Map<String, List<StatisticPoint>> byNode, StatisticPoint p) {
    points.add(p);
    byNode.computeIfAbsent(p.target().nodeName(), k -> new ArrayList<>()).add(p);
  }

  /** The biased layers first reached from the model inputs, minus those that follow another biased layer. */
  private static List<Node> biasedAfterInputs(Model model) {
    Set<Node> biased = new LinkedHashSet<>();
    Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node p : model.parameters()) {
      traverseToBiased(p, visited, biased);
    }
    Set<Node> dependent = new LinkedHashSet<>();
    for (Node b : biased) {
      Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Node next : nextNodes(b)) {
        traverseToBiased(next, seen, dependent);
      }
    }
    List<Node> out = new ArrayList<>(biased);
    out.removeAll(dependent);
    return out;
  }

  private static void traverseToBiased(Node start, Set<Node> visited, Set<Node> found) {
    Deque<Node> stack = new ArrayDeque<>();
    stack.push(start);
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      if (!visited.add(n)) {
        continue;
      }
      if (BiasLayer.ofAny(n).isPresent()) {
        found.add(n);
        continue;
      }
      List<Node> next = nextNodes(n);
      for (int i = next.size() - 1; i >= 0; i--) {
        stack.push(next.get(i));
      }
    }
  }

  private static List<Node> nextNodes(Node n) {
    List<Node> out = new ArrayList<>();
    for (Output o : n.outputs()) {
      for (Input c : o.consumers()) {
        if (!out.contains(c.node())) {
          out.add(c.node());
        }
      }
    }
    return out;
  }

  private static boolean correctable(Node n) {
    return BiasLayer.ofAny(n).map(BiasLayer::hasQuantizedWeights).orElse(false);
  }

  private record SubgraphData(Set<PortRef> inputs, Set<PortRef> outputs) {}

  /**
   * Corrects the biases of {@code quantized} in place (its quantizers stay) from the collected float
   * {@code points}, running subgraphs on {@code engine}.
   */
  public List<Correction> apply(Model quantized, List<StatisticPoint> points, Engine engine) {
    Model copy = Models.copy(quantized);
    removeActivationQuantizers(copy);
    List<Node> nodes = dev.jvino.ir.NncfOrder.topologicalSort(copy).stream().filter(BiasCorrection::correctable).toList();
    List<SubgraphData> data = new ArrayList<>();
    for (Node n : nodes) {
      data.add(subgraphData(n));
    }
    List<Correction> out = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      SubgraphData d = data.get(i);
      List<PortRef> outputs = new ArrayList<>(d.outputs());
      PortRef own = new PortRef(node.name(), 0);
      if (!outputs.contains(own)) {
        outputs.add(own);
      }
      List<PortRef> inputs = new ArrayList<>(d.inputs());
      Model sub = Submodels.extract(copy, inputs, outputs);
      List<Map<String, NdArray>> feeds = feeds(sub, inputs, points);
      float[] shift = shift(node, sub, outputs.indexOf(own), feeds, points, engine);
      BiasLayer layer = BiasLayer.ofAny(node).orElseThrow();
      Correction c = correction(node.name(), layer, shift);
      out.add(c);
      if (c.applied()) {
        ConstantData updated = updatedBias(layer.biasConstant().constantData(), layer, shift);
        sub.node(layer.biasConstant().name()).orElseThrow().setConstant(updated);
        layer.biasConstant().setConstant(updated);
        quantized.node(layer.biasConstant().name()).orElseThrow().setConstant(updated);
        LOG.log(Level.DEBUG, "{0} bias would be changed. Magnitude: {1}", node.name(), c.magnitude());
      } else {
        LOG.log(Level.DEBUG, "{0} bias skipped by threshold. Magnitude: {1}", node.name(), c.magnitude());
      }
      collectNewValues(sub, outputs, d.outputs(), feeds, engine);
      dropUnneeded(i, data);
    }
    return out;
  }

  /** NNCF's {@code remove_fq_from_inputs}: every FakeQuantize reachable downstream of a model input is bypassed. */
  private static void removeActivationQuantizers(Model m) {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> queue = new ArrayDeque<>(m.parameters());
    List<Node> quantizers = new ArrayList<>();
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      if (!seen.add(n)) {
        continue;
      }
      if (n.is("FakeQuantize") || n.is("FakeConvert")) {
        quantizers.add(n);
      }
      queue.addAll(nextNodes(n));
    }
    for (Node q : quantizers) {
      m.bypass(q);
    }
  }

  private SubgraphData subgraphData(Node node) {
    List<PortRef> outputs = subgraphOutputs(node);
    List<Node> statNodes = new ArrayList<>();
    for (PortRef o : outputs) {
      statNodes.add(nodeNamed(node, o.node()));
    }
    if (statNodes.isEmpty()) {
      statNodes = nextNodes(node);
    }
    Set<PortRef> inputs = new LinkedHashSet<>();
    for (Node s : statNodes) {
      inputs.addAll(subgraphInputs(s, outputs));
    }
    Set<PortRef> outs = new LinkedHashSet<>(outputs);
    if (outs.isEmpty()) {
      for (Node next : nextNodes(node)) {
        if (!next.is("Result")) {
          outs.add(new PortRef(next.name(), 0));
        }
      }
    }
    return new SubgraphData(inputs, outs);
  }

  private static Node nodeNamed(Node anyNode, String name) {
    // the producer named by an output id is always upstream of a consumer we walked through
    Deque<Node> stack = new ArrayDeque<>(List.of(anyNode));
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      if (!seen.add(n)) {
        continue;
      }
      if (n.name().equals(name)) {
        return n;
      }
      stack.addAll(nextNodes(n));
      n.inputs().forEach(in -> stack.push(in.source().node()));
    }
    throw new IllegalStateException("no node named " + name);
  }

  /** Walks down from {@code main} to the next correctable layers; their activation inputs are the outputs. */
  private List<PortRef> subgraphOutputs(Node main) {
    Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    List<PortRef> outputs = new ArrayList<>();
    Deque<Input> edges = new ArrayDeque<>(outputEdges(main));
    while (!edges.isEmpty()) {
      Input edge = edges.removeLast();
      Node n = edge.node();
      if (!visited.add(n)) {
        continue;
      }
      PortRef in = new PortRef(n.name(), edge.index());
      PortRef out = new PortRef(edge.source().node().name(), edge.source().index());
      if (correctable(n)) {
        outputs.add(out);
        statInputs.put(in, out);
        continue;
      }
      edges.addAll(outputEdges(n));
    }
    return outputs;
  }

  /** Walks up from {@code stat} to inputs whose values are known (and are not this subgraph's own outputs). */
  private List<PortRef> subgraphInputs(Node stat, List<PortRef> outputs) {
    Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    List<PortRef> inputs = new ArrayList<>();
    Deque<Input> edges = new ArrayDeque<>(stat.inputs());
    while (!edges.isEmpty()) {
      Input edge = edges.removeLast();
      Node from = edge.source().node();
      PortRef in = new PortRef(edge.node().name(), edge.index());
      PortRef activation = statInputs.get(in);
      if (activation != null && !outputs.contains(activation)) {
        inputs.add(in);
        continue;
      }
      if (!visited.add(from)) {
        continue;
      }
      edges.addAll(from.inputs());
    }
    return inputs;
  }

  private static List<Input> outputEdges(Node n) {
    List<Input> out = new ArrayList<>();
    for (Output o : n.outputs()) {
      out.addAll(o.consumers());
    }
    return out;
  }

  private List<NdArray> known(PortRef activation, List<StatisticPoint> points) {
    List<NdArray> v = values.get(activation);
    if (v != null) {
      return v;
    }
    List<NdArray> fp = new ArrayList<>();
    for (StatisticPoint p : points) {
      if (p.algorithm().equals(ALGORITHM) && p.target().equals(TargetPoint.postLayer(activation.node(), activation.port()))
          && p.collector().statistic(Collectors.VALUES) instanceof StatisticValue.Samples s) {
        fp.addAll(s.values());
      }
    }
    values.put(activation, fp);
    return fp;
  }

  private List<Map<String, NdArray>> feeds(Model sub, List<PortRef> inputs, List<StatisticPoint> points) {
    int size = subsetSize;
    Map<String, List<NdArray>> perInput = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      PortRef activation = statInputs.get(inputs.get(i));
      List<NdArray> v = known(activation, points);
      perInput.put(sub.parameters().get(i).name(), v);
      size = Math.min(size, v.size());
    }
    List<Map<String, NdArray>> feeds = new ArrayList<>();
    for (int s = 0; s < size; s++) {
      Map<String, NdArray> feed = new LinkedHashMap<>();
      for (Map.Entry<String, List<NdArray>> e : perInput.entrySet()) {
        feed.put(e.getKey(), e.getValue().get(s));
      }
      feeds.add(feed);
    }
    return feeds;
  }

  private static float[] shift(Node node, Model sub, int ownIndex, List<Map<String, NdArray>> feeds,
      List<StatisticPoint> points, Engine engine) {
    NdArray fpMean = null;
    for (StatisticPoint p : points) {
      if (p.algorithm().equals(ALGORITHM) && p.target().equals(TargetPoint.postLayer(node.name(), 0))
          && p.collector().statistics().containsKey(Collectors.MEAN)) {
        fpMean = p.collector().statistic(Collectors.MEAN).tensor();
      }
    }
    if (fpMean == null) {
      throw new IllegalStateException("bias correction: no float output statistics for " + node.name());
    }
    int axis = BiasLayer.ofAny(node).orElseThrow().outputChannelAxis();
    InferSession session = engine.compile(sub).createSession();
    double[] sum = null;
    for (Map<String, NdArray> feed : feeds) {
      NdArray q = session.infer(feed).get(ownIndex);
      float[] m = new Reducer.MeanPerChannel(axis, false).reduce(q).get(0).toFloatArray();
      if (sum == null) {
        sum = new double[m.length];
      }
      for (int c = 0; c < m.length; c++) {
        sum[c] += m[c];
      }
    }
    float[] fp = fpMean.toFloatArray();
    float[] shift = new float[fp.length];
    for (int c = 0; c < fp.length; c++) {
      shift[c] = fp[c] - (sum == null ? 0f : (float) (sum[c] / feeds.size()));
    }
    return shift;
  }

  private Correction correction(String name, BiasLayer layer, float[] shift) {
    ConstantData bias = layer.biasConstant().constantData();
    float[] b = bias.toFloatArray();
    float[] u = updatedBias(bias, layer, shift).toFloatArray();
    double magnitude = 0;
    for (int i = 0; i < b.length; i++) {
      magnitude = Math.max(magnitude, Math.abs((u[i] - b[i]) / (b[i] + EPS)));
    }
    return new Correction(name, shift, magnitude, magnitude < threshold);
  }

  private static ConstantData updatedBias(ConstantData bias, BiasLayer layer, float[] shift) {
    long[] shape = bias.shape();
    int rank = shape.length;
    int axis = rank <= 1 ? 0 : Math.floorMod(layer.outputChannelAxis(), rank);
    int inner = 1;
    for (int d = axis + 1; d < rank; d++) {
      inner *= (int) shape[d];
    }
    float[] b = bias.toFloatArray();
    float[] u = new float[b.length];
    for (int i = 0; i < b.length; i++) {
      u[i] = b[i] + shift[shift.length == 1 ? 0 : (i / inner) % shift.length];
    }
    return ConstantData.ofFloats(bias.elementType(), shape, u);
  }

  private void collectNewValues(Model sub, List<PortRef> outputs, Set<PortRef> subgraphOutputs,
      List<Map<String, NdArray>> feeds, Engine engine) {
    InferSession session = engine.compile(sub).createSession();
    for (Map<String, NdArray> feed : feeds) {
      InferResult r = session.infer(feed);
      for (PortRef o : subgraphOutputs) {
        values.computeIfAbsent(o, k -> new ArrayList<>()).add(r.get(outputs.indexOf(o)));
      }
    }
  }

  /** NNCF's {@code _remove_unnecessary_stats}: forgets values no later subgraph reads. */
  private void dropUnneeded(int position, List<SubgraphData> data) {
    Set<String> needed = new HashSet<>();
    for (int i = position + 1; i < data.size(); i++) {
      for (PortRef in : data.get(i).inputs()) {
        needed.add(statInputs.get(in).node());
      }
    }
    for (PortRef in : data.get(position).inputs()) {
      PortRef activation = statInputs.get(in);
      if (!needed.contains(activation.node()) && values.containsKey(activation)) {
        values.put(activation, new ArrayList<>());
      }
    }
  }
}
