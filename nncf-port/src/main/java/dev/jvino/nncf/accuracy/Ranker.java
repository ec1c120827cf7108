package dev.jvino.nncf.accuracy;

import dev.jvino.ir.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * NNCF's {@code Ranker}: scores each group by reverting it alone on a model and evaluating that on the
 * ranking subset (the items the quantized model gets most wrong). In metric mode the score is the subset
 * metric; in logits mode it is the mean NMSE between the float model's outputs and the reverted model's.
 * Groups are returned sorted by ascending score, so the last one is reverted first (for NMSE too, as
 * NNCF does).
 */
final class Ranker {
  private final int subsetSize;
  private final Evaluator evaluator;
  private final Reverter reverter;

  Ranker(int subsetSize, Evaluator evaluator, Reverter reverter) {
    this.subsetSize = subsetSize;
    this.evaluator = evaluator;
    this.reverter = reverter;
  }

  /**
   * NNCF's {@code select_subset}: the indices of the {@code subsetSize} largest errors between the reference
   * and approximate per-item values, in ascending index order. Ties between errors put the later item first
   * (an ascending stable sort, reversed).
   */
  static int[] selectSubset(int subsetSize, Evaluator.ItemValues reference, Evaluator.ItemValues approx) {
    int n = reference.size();
    double[] errors = new double[n];
    for (int i = 0; i < n; i++) {
      errors[i] = reference.error(approx, i);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> errors[i]));
    int take = Math.min(subsetSize, n);
    int[] out = new int[take];
    for (int k = 0; k < take; k++) {
      out[k] = order[n - 1 - k];
    }
    Arrays.sort(out);
    return out;
  }

  /** The groups sorted by ascending ranking score (with the scores), evaluated on top of {@code model}. */
  List<Scored> rank(List<QuantizerGroups.Group> groups, Model model, Evaluator.ItemValues reference,
      Evaluator.ItemValues approx) {
    int[] subset = selectSubset(subsetSize, reference, approx);
    List<Scored> scored = new ArrayList<>();
    for (QuantizerGroups.Group g : groups) {
      Model reverted = reverter.revert(model, g);
      var runner = evaluator.prepare(reverted);
      double score;
      if (evaluator.metricMode()) {
        score = evaluator.validate(runner, subset).metric();
      } else {
        Evaluator.ItemValues outs = evaluator.collect(runner, subset);
        double sum = 0;
        for (int k = 0; k < subset.length; k++) {
          sum += Evaluator.nmse(reference.outputs().get(subset[k]), outs.outputs().get(k));
        }
        score = sum / subset.length;
      }
      scored.add(new Scored(g, score));
    }
    List<Scored> sorted = new ArrayList<>(scored);
    sorted.sort(Comparator.comparingDouble(Scored::score)); // stable, like Python's sorted
    return sorted;
  }

  /** A group with its ranking score. */
  record Scored(QuantizerGroups.Group group, double score) {}
}
