package dev.jvino.nncf.quantization;

import dev.jvino.engine.CompiledModel;
import dev.jvino.engine.Engine;
import dev.jvino.engine.InferResult;
import dev.jvino.engine.InferSession;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.ir.Model;
import dev.jvino.ir.Models;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.SubgraphBody;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.IgnoredScope;
import dev.jvino.nncf.ParameterNotSupportedException;
import dev.jvino.nncf.QuantizeOptions;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.compression.IgnoredScopeResolver;
import dev.jvino.nncf.quantization.PostTrainingQuantization.Result;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code nncf.quantize} for OpenVINO models with If ops: every graph is quantized on its own, as NNCF's
 * {@code native_quantize_if_op_impl} does.
 *
 * <ol>
 *   <li>{@code fast_bias_correction=False} is rejected (NNCF has no BiasCorrection for If models);
 *   <li>the ignored scope is validated once against the ops of all graphs (the top level and every If body,
 *       recursively), then applied to each graph without validation, so a rule only has to match somewhere;
 *   <li>the top-level graph runs the pipeline's algorithms ({@link PostTrainingQuantization});
 *   <li>for each If op, the float graph is run over the first {@code min(len(dataset), subset_size)} items with
 *       the If inputs exposed: a sample whose condition is true gives the then body one item (the values that
 *       reach its Parameters), the others give the else body one;
 *   <li>each body is quantized recursively, the same way, on its own dataset, and replaces the body of the
 *       If op in the quantized graph (NNCF's update-if-body command);
 *   <li>finally the weight quantizers of every graph are compressed (unless {@code compress_weights} is off) and
 *       the parameters are recorded in the top-level rt_info.
 * </ol>
 *
 * <p>A body no sample selects has an empty dataset: if it has anything to quantize, a {@link ValidationException}
 * names the If op and the body.
 */
public final class IfModelQuantization {
  private static final System.Logger LOG = System.getLogger(IfModelQuantization.class.getName());

  private IfModelQuantization() {}

  /**
   * The calibration items of the two bodies of one If op, each item the values of the body's Parameters in
   * Parameter order.
   *
   * @param ifName the If op
   * @param thenItems items of the samples whose condition was true
   * @param elseItems items of the other samples
   */
  public record BodyData(String ifName, List<List<NdArray>> thenItems, List<List<NdArray>> elseItems) {
    public BodyData {
      thenItems = List.copyOf(thenItems);
      elseItems = List.copyOf(elseItems);
    }

    /** The items of body {@code index} (0 then, 1 else). */
    public List<List<NdArray>> items(int index) {
      return index == 0 ? thenItems : elseItems;
    }
  }

  /** Whether {@code model} has If ops at its top level (NNCF then quantizes it body by body). */
  public static boolean hasIfOps(Model model) {
    return !model.nodesOfType("If").isEmpty();
  }

  /**
   * Quantizes a copy of {@code model} and of every If body in it; {@code model} is not changed.
   *
   * @return the top-level graph's result with the model holding the quantized bodies, and in
   *     {@link Result#ifBodies()} each body's result
   * @throws ParameterNotSupportedException for {@code fastBiasCorrection=false}
   * @throws ValidationException for an ignored-scope rule no graph matches (with {@code validate}), an If op
   *     without two bodies or with an unmapped body Parameter, a non-boolean condition, or a body with quantizers
   *     that no calibration sample selects
   */
  public static Result run(Model model, Dataset<?> dataset, QuantizeOptions options, Engine engine) {
    Objects.requireNonNull(engine, "engine");
    if (!options.fastBiasCorrection()) {
      throw new ParameterNotSupportedException("fast_bias_correction=False: the BiasCorrection algorithm is not"
          + " supported for OpenVINO models with If operations (model '" + model.name() + "'); NNCF raises"
          + " NotImplementedError here. Use fast_bias_correction=True.");
    }
    QuantizeOptions perGraph = validateIgnoredScopeOnce(model, options);
    LOG.log(Level.DEBUG, "model {0} has {1} If op(s): the top-level graph and every If body are quantized one by one",
        model.name(), countIfOps(model));
    Map<String, Result> bodies = new LinkedHashMap<>();
    Result top = quantizeGraph("", model, dataset, perGraph, engine, bodies);
    boolean compress = perGraph.advanced().compressWeights();
    List<String> compressed = compress ? CompressQuantizeWeights.apply(top.model()) : List.of();
    Map<String, Result> finished = new LinkedHashMap<>();
    bodies.forEach((key, r) -> finished.put(key, new Result(r.model(), r.setup(), r.smoothing(),
        r.fastBiasCorrections(), r.biasCorrections(), compress ? CompressQuantizeWeights.apply(r.model()) : List.of(),
        r.samples(), r.unusedBackendParams())));
    PostTrainingQuantization.dumpParameters(top.model(), perGraph);
    return new Result(top.model(), top.setup(), top.smoothing(), top.fastBiasCorrections(), top.biasCorrections(),
        compressed, top.samples(), top.unusedBackendParams(), finished);
  }

  /** The number of If ops in {@code model}, counting those inside If bodies (NNCF's {@code get_number_if_op}). */
  public static int countIfOps(Model model) {
    int n = 0;
    for (Node op : model.nodesOfType("If")) {
      n++;
      for (SubgraphBody b : op.bodies()) {
        n += countIfOps(b.body());
      }
    }
    return n;
  }

  /**
   * Validates the ignored scope of {@code options} against every op of {@code model} and its If bodies together,
   * and returns options whose scope is no longer validated per graph.
   *
   * @throws ValidationException if a rule matches no op of any graph (and the scope asks for validation)
   */
  static QuantizeOptions validateIgnoredScopeOnce(Model model, QuantizeOptions o) {
    IgnoredScope s = o.ignoredScope();
    if (s == null || !s.validate()) {
      return o;
    }
    List<Node> all = new ArrayList<>();
    collectOps(model, all);
    IgnoredScopeResolver.resolve(s, all, true);
    IgnoredScope lenient = new IgnoredScope(s.names(), s.patterns(), s.types(), s.subgraphs(), false);
    return new QuantizeOptions(o.mode(), o.preset(), o.targetDevice(), o.subsetSize(), o.fastBiasCorrection(),
        o.modelType(), lenient, o.advancedParameters());
  }

  private static void collectOps(Model m, List<Node> out) {
    for (Node n : m.ops()) {
      out.add(n);
      if (n.is("If")) {
        for (SubgraphBody b : n.bodies()) {
          collectOps(b.body(), out);
        }
      }
    }
  }

  /** Quantizes {@code model} and, recursively, its If bodies; adds each body's result to {@code bodies}. */
  private static Result quantizeGraph(String path, Model model, Dataset<?> dataset, QuantizeOptions options,
      Engine engine, Map<String, Result> bodies) {
    Result r = PostTrainingQuantization.algorithms(model, dataset, options, engine);
    List<Node> ifs = model.nodesOfType("If");
    if (ifs.isEmpty()) {
      return r;
    }
    Map<String, BodyData> split = splitDatasets(model, dataset, options.subsetSize(), engine);
    Map<String, Node> quantized = r.model().byName();
    for (Node op : ifs) {
      Node target = quantized.get(op.name());
      if (target == null || !target.is("If")) {
        throw new IllegalStateException("If op '" + op.name() + "' is missing from the quantized graph");
      }
      BodyData data = split.get(op.name());
      for (int b = 0; b < 2; b++) {
        SubgraphBody body = op.bodies().get(b);
        String key = (path.isEmpty() ? "" : path + "/") + op.name() + "/" + body.bodyTag();
        List<List<NdArray>> items = data.items(b);
        LOG.log(Level.DEBUG, "{0}: {1} calibration item(s)", key, items.size());
        Map<String, Result> nested = new LinkedHashMap<>();
        Result br;
        try {
          br = quantizeGraph(key, body.body(), Dataset.of(items), options, engine, nested);
        } catch (ValidationException e) {
          if (!items.isEmpty()) {
            throw e;
          }
          throw new ValidationException("If op '" + op.name() + "': no calibration sample selects its "
              + body.bodyTag() + " (the condition was " + (b == 1) + " for every sample), so its quantizers cannot"
              + " be calibrated: " + e.getMessage());
        }
        bodies.put(key, br);
        bodies.putAll(nested);
        replaceBody(target, b, body, br.model());
      }
    }
    return r;
  }

  /**
   * The calibration items of the bodies of every top-level If op of {@code model}: the float graph is run over
   * the first {@code min(len(dataset), subsetSize)} items with the If inputs as its outputs, and each sample goes
   * to the then body when the condition is true, else to the else body (NNCF's dataset for If bodies).
   *
   * @return by If op name, in graph order
   * @throws ValidationException for a dataset item that is not a model input, a condition that is not a
   *     one-element boolean tensor, an If op without two bodies, or a body Parameter no If input feeds
   */
  public static Map<String, BodyData> splitDatasets(Model model, Dataset<?> dataset, int subsetSize, Engine engine) {
    if (subsetSize < 1) {
      throw new ValidationException("subset_size must be positive, not " + subsetSize);
    }
    Map<Output, Integer> column = new IdentityHashMap<>();
    List<Node> taps = new ArrayList<>();
    Model copy = Ops.withTemporaryNames(() -> {
      Model c = Models.copy(model);
      for (Node op : c.nodesOfType("If")) {
        for (dev.jvino.ir.Input in : op.inputs()) {
          column.computeIfAbsent(in.source(), src -> {
            taps.add(Ops.result(src));
            return taps.size() - 1;
          });
        }
      }
      return c;
    });
    List<Node> ifs = copy.nodesOfType("If");
    List<int[]> bodyColumns = new ArrayList<>(); // per If: then columns, else columns
    Map<String, List<List<NdArray>>[]> items = new LinkedHashMap<>();
    for (Node op : ifs) {
      if (op.bodies().size() != 2) {
        throw new ValidationException("If op '" + op.name() + "' has " + op.bodies().size()
            + " bodies; it needs a then and an else body");
      }
      for (SubgraphBody b : op.bodies()) {
        bodyColumns.add(parameterColumns(op, b, column));
      }
      @SuppressWarnings("unchecked")
      List<List<NdArray>>[] lists = new List[] {new ArrayList<>(), new ArrayList<>()};
      items.put(op.name(), lists);
    }
    Model view = new Model(copy.name(), copy.parameters(), taps, copy.sinks());
    CompiledModel compiled = engine.compile(view);
    InferSession session = compiled.createSession();
    Iterator<?> it = dataset.inferenceData().iterator();
    int done = 0;
    while (done < subsetSize && it.hasNext()) {
      Object item = it.next();
      session.resetState();
      InferResult out = infer(session, item, done);
      for (int k = 0; k < ifs.size(); k++) {
        Node op = ifs.get(k);
        NdArray cond = out.get(column.get(op.input(0).source()));
        if (cond.storage() != Storage.BOOL || cond.size() != 1) {
          throw new ValidationException("If op '" + op.name() + "': its condition must be a one-element boolean"
              + " tensor, got " + cond.type() + " " + java.util.Arrays.toString(cond.shape()) + " for dataset item "
              + done);
        }
        int body = cond.booleans()[0] ? 0 : 1;
        List<NdArray> values = new ArrayList<>();
        for (int c : bodyColumns.get(2 * k + body)) {
          values.add(out.get(c));
        }
        items.get(op.name())[body].add(List.copyOf(values));
      }
      done++;
    }
    Map<String, BodyData> result = new LinkedHashMap<>();
    items.forEach((name, lists) -> result.put(name, new BodyData(name, lists[0], lists[1])));
    result.values().forEach(d -> LOG.log(Level.DEBUG, "If {0}: {1} item(s) for the then body, {2} for the else body",
        d.ifName(), d.thenItems().size(), d.elseItems().size()));
    return result;
  }

  /** For each Parameter of body {@code b}, in order, the output column holding the If input that feeds it. */
  private static int[] parameterColumns(Node op, SubgraphBody b, Map<Output, Integer> column) {
    List<Node> params = b.body().parameters();
    int[] out = new int[params.size()];
    for (int i = 0; i < params.size(); i++) {
      SubgraphBody.PortMapping m = b.mappingOf(params.get(i));
      if (m == null || !m.isInput() || m.externalPort() < 1 || m.externalPort() >= op.inputs().size()) {
        throw new ValidationException("If op '" + op.name() + "': Parameter '" + params.get(i).name() + "' of its "
            + b.bodyTag() + " is not fed by an If input (port map " + (m == null ? "has no entry" : "names input "
            + m.externalPort()) + ")");
      }
      out[i] = column.get(op.input((int) m.externalPort()).source());
    }
    return out;
  }

  private static InferResult infer(InferSession session, Object item, int index) {
    return session.inferItem(item, () -> new ValidationException("dataset item " + index + " is a "
        + (item == null ? "null" : item.getClass().getName()) + ", not a model input: the dataset transform must give"
        + " an NdArray, a List<NdArray> or a Map<String, NdArray>"));
  }


  /**
   * Puts {@code quantized} in place of body {@code index} of the If op {@code target} (NNCF's update-if-body
   * command): the port map of {@code floatBody} is carried over to the quantized body's Parameters and Results,
   * which keep the float body's order and names.
   */
  static void replaceBody(Node target, int index, SubgraphBody floatBody, Model quantized) {
    Model fb = floatBody.body();
    Map<Node, Node> map = new IdentityHashMap<>();
    pair(fb.parameters(), quantized.parameters(), map, target, floatBody);
    pair(fb.results(), quantized.results(), map, target, floatBody);
    List<SubgraphBody.PortMapping> pm = floatBody.portMap().stream()
        .map(p -> new SubgraphBody.PortMapping(p.isInput(), p.externalPort(), map.get(p.internal()), p.extra()))
        .toList();
    List<SubgraphBody.BackEdge> be = floatBody.backEdges().stream()
        .map(e -> new SubgraphBody.BackEdge(map.get(e.from()), e.fromPort(), map.get(e.to()), e.toPort()))
        .toList();
    target.bodies().set(index, new SubgraphBody(floatBody.bodyTag(), floatBody.portMapTag(), quantized, pm, be));
  }

  private static void pair(List<Node> from, List<Node> to, Map<Node, Node> map, Node target, SubgraphBody b) {
    if (from.size() != to.size()) {
      throw new IllegalStateException("quantized " + b.bodyTag() + " of If op '" + target.name() + "' has "
          + to.size() + " Parameters or Results instead of " + from.size());
    }
    for (int i = 0; i < from.size(); i++) {
      if (!from.get(i).name().equals(to.get(i).name())) {
        throw new IllegalStateException("quantized " + b.bodyTag() + " of If op '" + target.name() + "': '"
            + to.get(i).name() + "' is where '" + from.get(i).name() + "' was");
      }
      map.put(from.get(i), to.get(i));
    }
  }
}
