package dev.jvino.nncf.statistics;

import dev.jvino.engine.CompiledModel;
import dev.jvino.engine.Engine;
import dev.jvino.engine.InferResult;
import dev.jvino.engine.InferSession;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Output;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.ValidationException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Collects every statistic of one pipeline step in a single pass over the dataset, as NNCF's
 * {@code StatisticsAggregator} with the OpenVINO backend.
 *
 * <ol>
 *   <li>Statistic points are moved to the tensor's producer: an input or weight port of node N becomes
 *       the output port that feeds it, so points on the same tensor share one set of model outputs.
 *   <li>The model gets the statistic outputs ({@link StatisticsModelRewriter}): inplace reducers as
 *       reduction subgraphs, the others through the raw tensor.
 *   <li>The first {@code min(len(dataset), subsetSize)} items are inferred, in order (NNCF's
 *       {@code islice}), with the model state reset before each; every collector registers each sample.
 *   <li>The model is restored.
 * </ol>
 */
public final class StatisticsCollector {
  private static final System.Logger LOG = System.getLogger(StatisticsCollector.class.getName());

  private final Engine engine;
  private ProgressListener progress = ProgressListener.NONE;

  public StatisticsCollector(Engine engine) {
    this.engine = engine;
  }

  /** Reports progress to {@code listener}. */
  public StatisticsCollector progress(ProgressListener listener) {
    this.progress = listener;
    return this;
  }

  /**
   * Collects with the subset size the collectors ask for (the largest {@code numSamples} of their
   * aggregators), or the whole dataset when none is bounded.
   *
   * @return the number of samples inferred
   */
  public int collect(Model model, List<StatisticPoint> points, Dataset<?> dataset) {
    OptionalInt n = points.stream().map(p -> p.collector().numSamples()).filter(OptionalInt::isPresent)
        .mapToInt(OptionalInt::getAsInt).max();
    return collect(model, points, dataset, n.orElse(Integer.MAX_VALUE));
  }

  /**
   * Collects over the first {@code min(len(dataset), subsetSize)} dataset items.
   *
   * @return the number of samples inferred (0 without statistic points: nothing is inferred)
   * @throws ValidationException if the dataset is empty, subsetSize is not positive, a point names an
   *     unknown node or port, or a dataset item is not a model input
   */
  public int collect(Model model, List<StatisticPoint> points, Dataset<?> dataset, int subsetSize) {
    if (subsetSize <= 0) {
      throw new ValidationException("subset_size must be positive, not " + subsetSize);
    }
    if (points.isEmpty()) {
      return 0; // as NNCF: nothing to collect, no inference
    }
    Map<String, Node> byName = model.byName();
    Map<Output, Set<Reducer>> taps = new LinkedHashMap<>();
    Map<Output, List<TensorCollector>> collectors = new IdentityHashMap<>();
    for (StatisticPoint p : points) {
      Output target = producer(model, byName, p.target());
      taps.computeIfAbsent(target, k -> new LinkedHashSet<>()).addAll(p.collector().reducers());
      collectors.computeIfAbsent(target, k -> new ArrayList<>()).add(p.collector());
    }
    // the statistic nodes are removed again: they must not take names from the counter the model's own use
    StatisticsModelRewriter.Rewrite rw =
        dev.jvino.ir.Ops.withTemporaryNames(() -> StatisticsModelRewriter.apply(model, taps));
    try {
      // Only the statistic outputs are read: run a view of the model whose outputs are those Results
      // (the variables' Assigns stay), so nothing that feeds only the original outputs (an LLM's lm_head)
      // is computed. The view shares the rewritten nodes; undo() below restores the model.
      Model statisticsView = new Model(model.name(), model.parameters(), rw.results(), model.sinks());
      CompiledModel compiled = engine.compile(statisticsView);
      InferSession session = compiled.createSession();
      OptionalInt len = dataset.length();
      OptionalInt total = len.isPresent() ? OptionalInt.of(Math.min(len.getAsInt(), subsetSize)) : OptionalInt.empty();
      progress.started("Statistics collection", total);
      int done = 0;
      Iterator<?> it = dataset.inferenceData().iterator();
      while (done < subsetSize && it.hasNext()) {
        Object item = it.next();
        session.resetState();
        InferResult out = infer(session, item, done);
        for (Map.Entry<Output, Set<Reducer>> e : taps.entrySet()) {
          Map<Reducer, List<NdArray>> reduced = new LinkedHashMap<>();
          for (Reducer r : e.getValue()) {
            NdArray v = out.get(rw.resultName(e.getKey(), r));
            reduced.put(r, r.inplace() && r.supportsInplace() ? List.of(v) : r.reduce(v));
          }
          for (TensorCollector c : collectors.get(e.getKey())) {
            c.registerReduced(reduced);
          }
        }
        done++;
        progress.advanced(done, total);
      }
      if (done == 0) {
        throw new ValidationException("the calibration dataset is empty: statistics need at least one sample");
      }
      progress.finished(done);
      LOG.log(System.Logger.Level.DEBUG, "collected statistics at {0} tensors over {1} samples", taps.size(), done);
      return done;
    } finally {
      rw.undo();
    }
  }

  private static InferResult infer(InferSession session, Object item, int index) {
    return session.inferItem(item, () -> new ValidationException("dataset item " + index + " is a "
        + (item == null ? "null" : item.getClass().getName()) + ", not a model input: the dataset transform must give"
        + " an NdArray, a List<NdArray> or a Map<String, NdArray>"));
  }


  /** The output that carries the tensor of {@code t}. */
  static Output producer(Model model, Map<String, Node> byName, TargetPoint t) {
    Node n = byName.get(t.nodeName());
    if (n == null) {
      throw new ValidationException("statistic point " + t + ": model '" + model.name() + "' has no node named '"
          + t.nodeName() + "'");
    }
    return switch (t.type()) {
      case POST_LAYER_OPERATION -> {
        if (t.port() >= n.outputs().size()) {
          throw new ValidationException("statistic point " + t + ": " + n + " has " + n.outputs().size() + " outputs");
        }
        yield n.output(t.port());
      }
      case PRE_LAYER_OPERATION, OPERATION_WITH_WEIGHTS -> {
        if (t.port() >= n.inputs().size()) {
          throw new ValidationException("statistic point " + t + ": " + n + " has " + n.inputs().size() + " inputs");
        }
        yield n.input(t.port()).source();
      }
    };
  }
}
