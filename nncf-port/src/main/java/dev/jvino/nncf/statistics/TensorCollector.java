package dev.jvino.nncf.statistics;

import dev.jvino.engine.tensor.NdArray;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The statistics wanted at one point, as NNCF's {@code TensorCollector}: named branches, each a
 * {@link Reducer} (applied per sample; equal reducers are computed once) feeding one output port to an
 * {@link Aggregator}.
 */
public final class TensorCollector {
  private record Branch(Reducer reducer, int port, Aggregator aggregator) {}

  private final Map<String, Branch> branches = new LinkedHashMap<>();

  /** Adds branch {@code key}: output 0 of {@code reducer} into {@code aggregator}. */
  public TensorCollector register(String key, Reducer reducer, Aggregator aggregator) {
    return register(key, reducer, 0, aggregator);
  }

  /**
   * Adds branch {@code key}: output {@code port} of {@code reducer} into {@code aggregator}.
   *
   * @throws StatisticsException if the key is taken or the aggregator already feeds another branch
   */
  public TensorCollector register(String key, Reducer reducer, int port, Aggregator aggregator) {
    if (branches.containsKey(key)) {
      throw new StatisticsException("two statistic branches for the key '" + key + "'");
    }
    if (branches.values().stream().anyMatch(b -> b.aggregator == aggregator)) {
      throw new StatisticsException("one aggregator instance cannot feed two branches (key '" + key + "')");
    }
    branches.put(key, new Branch(reducer, port, aggregator));
    return this;
  }

  /** The distinct reducers, in registration order. */
  public Set<Reducer> reducers() {
    Set<Reducer> s = new LinkedHashSet<>();
    branches.values().forEach(b -> s.add(b.reducer));
    return Collections.unmodifiableSet(s);
  }

  /**
   * The most samples any aggregator wants, or empty when none is bounded (then the whole dataset is
   * used).
   */
  public OptionalInt numSamples() {
    return branches.values().stream().map(b -> b.aggregator.numSamples()).filter(OptionalInt::isPresent)
        .mapToInt(OptionalInt::getAsInt).max();
  }

  /** Registers one sample given the values each reducer produced (its output ports, in order). */
  public void registerReduced(Map<Reducer, List<NdArray>> reduced) {
    for (Branch b : branches.values()) {
      List<NdArray> values = reduced.get(b.reducer);
      if (values == null) {
        throw new StatisticsException("no value for reducer " + b.reducer);
      }
      if (b.port >= values.size()) {
        throw new StatisticsException("reducer " + b.reducer + " has " + values.size() + " outputs, not "
            + (b.port + 1));
      }
      b.aggregator.register(values.get(b.port));
    }
  }

  /** Registers one sample's raw tensor: every reducer runs in Java. */
  public void registerInput(NdArray x) {
    Map<Reducer, List<NdArray>> reduced = new LinkedHashMap<>();
    for (Reducer r : reducers()) {
      reduced.put(r, r.reduce(x));
    }
    registerReduced(reduced);
  }

  /** The aggregated statistics by branch key, in registration order. */
  public Map<String, StatisticValue> statistics() {
    Map<String, StatisticValue> m = new LinkedHashMap<>();
    branches.forEach((k, b) -> m.put(k, b.aggregator.aggregate()));
    return Collections.unmodifiableMap(m);
  }

  /** The aggregated statistic of branch {@code key}. */
  public StatisticValue statistic(String key) {
    Branch b = branches.get(key);
    if (b == null) {
      throw new StatisticsException("no statistic branch '" + key + "'; branches are " + branches.keySet());
    }
    return b.aggregator.aggregate();
  }

  /** Resets every aggregator. */
  public void reset() {
    branches.values().forEach(b -> b.aggregator.reset());
  }

  List<Aggregator> aggregators() {
    return new ArrayList<>(branches.values().stream().map(Branch::aggregator).toList());
  }
}
