package dev.jvino.nncf.compression.layerwise;

import dev.jvino.engine.Engine;
import dev.jvino.engine.InferResult;
import dev.jvino.engine.InferSession;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Input;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Output;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.ValidationException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * NNCF's layer-wise engine ({@code ALG/layerwise/}) for OpenVINO models on a jvino {@link Engine}: it
 * yields, one target after the other, the values a list of tensors (the activation inputs of the target
 * layers, in topological order) take on the first {@code subsetSize} dataset items. Each step extracts the
 * part of the <b>current</b> model between the tensors already cached and the next target tensor
 * ({@link Subgraph}) and runs it, so a caller that changes a layer's weights before asking for the next
 * target makes the later targets see the changed weights.
 *
 * <p>Memory: the cache keeps a tensor only while a node that consumes it is still needed to compute a later
 * target (as NNCF's cache lifetimes), so besides the dataset inputs it holds about one layer's boundary.
 *
 * <p>Stateful models: every sample starts from the variables' initial values (the state is reset before each
 * run, as the statistics collection does); ReadValues are evaluated in the subgraphs, Assigns are not.
 */
public final class LayerwiseEngine implements Iterator<LayerwiseEngine.Step> {
  private static final System.Logger LOG = System.getLogger(LayerwiseEngine.class.getName());

  /**
   * The samples of one target tensor.
   *
   * @param index the target's position in the list given to {@link #create}
   * @param target the tensor
   * @param samples its value for each dataset item, in dataset order
   */
  public record Step(int index, Output target, List<NdArray> samples) {}

  private final Model model;
  private final List<Output> targets;
  private final Engine engine;
  private final Set<Node> dataDependent;
  private final Map<Node, Integer> lastUse;
  private final Map<Output, Integer> lastTarget = new IdentityHashMap<>();
  private final Set<Node> computed = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<Output, List<NdArray>> cache = new IdentityHashMap<>();
  private int next;
  private int sampleCount;

  private LayerwiseEngine(Model model, List<Output> targets, Engine engine) {
    this.model = model;
    this.targets = List.copyOf(targets);
    this.engine = engine;
    this.dataDependent = reachableFromInputs(model);
    this.lastUse = lastUses(this.targets, dataDependent);
    for (int t = 0; t < this.targets.size(); t++) {
      lastTarget.put(this.targets.get(t), t);
    }
  }

  /**
   * An engine over {@code targets} (tensors of {@code model}, each computed after the ones before it).
   * The first {@code min(subsetSize, len(dataset))} items are read now.
   *
   * @throws ValidationException if the dataset is empty, an item is not a model input (an NdArray for a
   *     single-input model, a List of NdArrays in input order, or a Map by input name), or a target is not a
   *     tensor computed from the model inputs
   */
  public static LayerwiseEngine create(Model model, List<Output> targets, Dataset<?> dataset, int subsetSize,
      Engine engine) {
    Objects.requireNonNull(engine, "engine");
    if (subsetSize <= 0) {
      throw new ValidationException("layer-wise engine: subset_size must be positive, not " + subsetSize);
    }
    LayerwiseEngine e = new LayerwiseEngine(model, targets, engine);
    for (Output t : e.targets) {
      if (!e.dataDependent.contains(t.node())) {
        throw new ValidationException("layer-wise engine: target " + t + " does not depend on the model inputs");
      }
    }
    List<Node> params = model.parameters();
    List<List<NdArray>> columns = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      columns.add(new ArrayList<>());
    }
    int index = 0;
    for (Object item : dataset.inferenceData()) {
      if (index >= subsetSize) {
        break;
      }
      List<NdArray> values = modelInputs(model, item, index);
      for (int i = 0; i < params.size(); i++) {
        columns.get(i).add(values.get(i));
      }
      index++;
    }
    if (index == 0) {
      throw new ValidationException("layer-wise engine: the dataset is empty");
    }
    for (int i = 0; i < params.size(); i++) {
      e.cache.put(params.get(i).output(), columns.get(i));
      e.computed.add(params.get(i));
    }
    e.sampleCount = index;
    e.evict(-1);
    return e;
  }

  /** The number of dataset items the engine runs. */
  public int samples() {
    return sampleCount;
  }

  /** The number of tensors the cache holds now (for tests of the memory bound). */
  public int cachedTensors() {
    return cache.size();
  }

  @Override
  public boolean hasNext() {
    return next < targets.size();
  }

  /**
   * Computes the next target's samples with the model's current weights.
   *
   * @throws NoSuchElementException after the last target
   */
  @Override
  public Step next() {
    if (!hasNext()) {
      throw new NoSuchElementException("layer-wise engine: all " + targets.size() + " targets were visited");
    }
    int step = next++;
    Output target = targets.get(step);
    List<NdArray> samples = cache.get(target);
    if (samples == null) {
      samples = run(step, target);
    }
    evict(step);
    return new Step(step, target, samples);
  }

  /** Extracts and runs the subgraph from the cached tensors to {@code target}; caches what later steps need. */
  private List<NdArray> run(int step, Output target) {
    Subgraph probe = Subgraph.extract("probe", List.of(target), cache.keySet(), dataDependent);
    // besides the target, keep every output of a newly computed node that a later step still needs
    List<Output> wanted = new ArrayList<>();
    wanted.add(target);
    Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());
    done.addAll(computed);
    done.addAll(probe.computed());
    for (Node n : probe.computed()) {
      for (Output o : n.outputs()) {
        if (o != target && neededLater(o, step, done)) {
          wanted.add(o);
        }
      }
    }
    Subgraph sub = Subgraph.extract(model.name() + "_layerwise_" + step, wanted, cache.keySet(), dataDependent);
    InferSession session = engine.compile(sub.model()).createSession();
    int n = samples();
    Map<Output, List<NdArray>> outputs = new LinkedHashMap<>();
    for (Output o : wanted) {
      outputs.put(o, new ArrayList<>(n));
    }
    for (int i = 0; i < n; i++) {
      List<NdArray> feed = new ArrayList<>(sub.inputs().size());
      for (Output in : sub.inputs()) {
        feed.add(cache.get(in).get(i));
      }
      session.resetState();
      InferResult r = session.infer(feed);
      for (int k = 0; k < wanted.size(); k++) {
        outputs.get(wanted.get(k)).add(r.get(k));
      }
    }
    LOG.log(System.Logger.Level.DEBUG, "layer-wise step {0}: {1} nodes from {2} cached tensors, {3} outputs",
        step, sub.computed().size(), sub.inputs().size(), wanted.size());
    computed.addAll(sub.computed());
    for (int k = 1; k < wanted.size(); k++) {
      cache.put(wanted.get(k), outputs.get(wanted.get(k)));
    }
    List<NdArray> result = outputs.get(target);
    if (neededLater(target, step, computed)) {
      cache.put(target, result);
    }
    return result;
  }

  /** Drops the cached tensors no step after {@code step} reads. */
  private void evict(int step) {
    cache.keySet().removeIf(o -> !neededLater(o, step, computed));
  }

  /**
   * Whether {@code o} is a target after {@code step} or a not yet computed consumer of it is needed for one.
   */
  private boolean neededLater(Output o, int step, Set<Node> done) {
    Integer asTarget = lastTarget.get(o);
    if (asTarget != null && asTarget > step) {
      return true;
    }
    for (Input in : o.consumers()) {
      Node c = in.node();
      Integer last = lastUse.get(c);
      if (last != null && last > step && !done.contains(c)) {
        return true;
      }
    }
    return false;
  }

  /** The nodes that depend on a Parameter. */
  private static Set<Node> reachableFromInputs(Model model) {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> queue = new ArrayDeque<>(model.parameters());
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      if (!seen.add(n)) {
        continue;
      }
      for (Output o : n.outputs()) {
        for (Input in : o.consumers()) {
          queue.add(in.node());
        }
      }
    }
    return seen;
  }

  /** For each data-dependent node, the last target index whose computation needs it. */
  private static Map<Node, Integer> lastUses(List<Output> targets, Set<Node> dataDependent) {
    Map<Node, Integer> last = new IdentityHashMap<>();
    for (int t = targets.size() - 1; t >= 0; t--) {
      Deque<Node> stack = new ArrayDeque<>();
      stack.push(targets.get(t).node());
      while (!stack.isEmpty()) {
        Node n = stack.pop();
        if (!dataDependent.contains(n) || last.containsKey(n)) {
          continue; // marked by a later target: so are its ancestors
        }
        last.put(n, t);
        for (Input in : n.inputs()) {
          stack.push(in.source().node());
        }
      }
    }
    return last;
  }

  /** A dataset item as the model's input values, in Parameter order. */
  private static List<NdArray> modelInputs(Model model, Object item, int index) {
    List<Node> params = model.parameters();
    if (item instanceof NdArray a && params.size() == 1) {
      return List.of(a);
    }
    if (item instanceof List<?> list && list.size() == params.size()
        && list.stream().allMatch(NdArray.class::isInstance)) {
      return list.stream().map(NdArray.class::cast).toList();
    }
    if (item instanceof Map<?, ?> map && map.values().stream().allMatch(NdArray.class::isInstance)) {
      List<NdArray> out = new ArrayList<>();
      for (Node p : params) {
        Object v = map.get(p.name());
        for (String name : p.output().names()) {
          if (v == null) {
            v = map.get(name);
          }
        }
        if (v == null) {
          throw new ValidationException("dataset item " + index + " has no value for model input '" + p.name()
              + "' (keys: " + map.keySet() + ")");
        }
        out.add((NdArray) v);
      }
      return out;
    }
    throw new ValidationException("dataset item " + index + " is a " + (item == null ? "null" : item.getClass()
        .getName()) + ", not the " + params.size() + " input(s) of model '" + model.name()
        + "': give an NdArray, a List<NdArray> or a Map<String, NdArray>");
  }
}
