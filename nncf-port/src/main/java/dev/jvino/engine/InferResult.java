package dev.jvino.engine;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Node;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The outputs of one inference, in the model's Result order. Each output can be looked up by position,
 * by its Result's friendly name (how NNCF finds its statistic outputs, e.g.
 * {@code Result_conv_MinReducer.0.0}), or by one of the tensor names of the Result's input.
 */
public final class InferResult {
  private final List<Node> results;
  private final List<NdArray> values;

  /** @param results the Result nodes; @param values their values, same order */
  public InferResult(List<Node> results, List<NdArray> values) {
    if (results.size() != values.size()) {
      throw new IllegalArgumentException(results.size() + " results but " + values.size() + " values");
    }
    this.results = List.copyOf(results);
    this.values = List.copyOf(values);
  }

  public int size() {
    return values.size();
  }

  /** Output {@code i}. */
  public NdArray get(int i) {
    if (i < 0 || i >= values.size()) {
      throw new IndexOutOfBoundsException("output " + i + " of " + values.size());
    }
    return values.get(i);
  }

  /**
   * The output whose Result is named {@code name}, else the first whose source tensor has that name.
   *
   * @throws NoSuchElementException naming the known outputs if there is none
   */
  public NdArray get(String name) {
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).name().equals(name)) {
        return values.get(i);
      }
    }
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).input(0).source().names().contains(name)) {
        return values.get(i);
      }
    }
    throw new NoSuchElementException("no output named '" + name + "'; outputs are " + byResultName().keySet());
  }

  /** Every output keyed by its Result's friendly name, in order. */
  public Map<String, NdArray> byResultName() {
    Map<String, NdArray> m = new LinkedHashMap<>();
    for (int i = 0; i < results.size(); i++) {
      m.putIfAbsent(results.get(i).name(), values.get(i));
    }
    return Collections.unmodifiableMap(m);
  }

  /** The values in Result order. */
  public List<NdArray> values() {
    return values;
  }
}
