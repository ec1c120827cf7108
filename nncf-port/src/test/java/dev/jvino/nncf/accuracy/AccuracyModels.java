package dev.jvino.nncf.accuracy;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.ValidationFunction;
import dev.jvino.nncf.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small models and metrics for the accuracy-control tests. */
final class AccuracyModels {
  private AccuracyModels() {}

  /** A labelled sample of {@link #classifier()}. */
  record Sample(NdArray x, int label) {}

  /**
   * A 3-class classifier whose logits are channels 1..3 of its input, computed as
   * {@code MatMul(Relu(MatMul(x, W1)), W2)}; channel 0 of the input is a huge outlier (about 500) that
   * {@code W1} ignores. Quantizing the first MatMul's input per tensor to 8 bits (a step of about 4) erases
   * the signal channels (|v| < 1), while the second MatMul quantizes harmlessly.
   */
  static Model classifier() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 4));
    float[] w1 = new float[4 * 6];
    for (int k = 0; k < 3; k++) {
      w1[(k + 1) * 6 + 2 * k] = 1;
      w1[(k + 1) * 6 + 2 * k + 1] = -1;
    }
    Node m1 = Ops.matMul(x.output(), Ops.constant("w1", ConstantData.ofFloats(ElementType.F32, new long[] {4, 6}, w1))
        .output(), false, false);
    m1.setName("matmul1");
    Node relu = Ops.relu(m1.output());
    relu.setName("relu");
    float[] w2 = new float[6 * 3];
    for (int c = 0; c < 3; c++) {
      w2[(2 * c) * 3 + c] = 1;
      w2[(2 * c + 1) * 3 + c] = -1;
    }
    Node m2 = Ops.matMul(relu.output(), Ops.constant("w2", ConstantData.ofFloats(ElementType.F32, new long[] {6, 3},
        w2)).output(), false, false);
    m2.setName("matmul2");
    return new Model("classifier", List.of(x), List.of(Ops.result(m2.output())));
  }

  /** {@code n} samples whose label is the largest signal channel, ahead of the next by at least 0.2. */
  static List<Sample> samples(int n, long seed) {
    Random rnd = new Random(seed);
    List<Sample> out = new ArrayList<>();
    while (out.size() < n) {
      float[] v = new float[4];
      v[0] = 500 + (float) rnd.nextDouble() * 10;
      for (int k = 1; k < 4; k++) {
        v[k] = (float) (rnd.nextDouble() * 1.8 - 0.9);
      }
      int best = 1;
      for (int k = 2; k < 4; k++) {
        if (v[k] > v[best]) {
          best = k;
        }
      }
      boolean clear = true;
      for (int k = 1; k < 4; k++) {
        if (k != best && v[best] - v[k] < 0.2) {
          clear = false;
        }
      }
      if (clear) {
        out.add(new Sample(NdArray.f32(new long[] {1, 4}, v), best - 1));
      }
    }
    return out;
  }

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Top-1 accuracy with per-sample values (NNCF's metric mode). */
  static final ValidationFunction TOP1 = (runner, items) -> {
    List<Double> per = new ArrayList<>();
    for (Object o : items) {
      Sample s = (Sample) o;
      per.add(argmax(runner.infer(s.x()).get(0).toFloatArray()) == s.label() ? 1.0 : 0.0);
    }
    return ValidationResult.of(per.stream().mapToDouble(Double::doubleValue).average().orElse(0), per);
  };

  /**
   * A sample of {@link #branches()}: the three inputs, the float outputs and per-branch weights of the
   * score {@code 10 - sum_k w_k |y_k - ref_k|}.
   */
  record BranchSample(Map<String, NdArray> inputs, float[] ref, double[] weights) {}

  /**
   * Three independent branches {@code y_k = MatMul(x_k, [0, 1]^T)} (inputs {@code xa, xb, xc} of shape 1x2,
   * outputs {@code ya, yb, yc}); channel 0 of each input is an outlier, so quantizing it erases channel 1.
   */
  static Model branches() {
    List<Node> params = new ArrayList<>();
    List<Node> results = new ArrayList<>();
    for (String b : List.of("a", "b", "c")) {
      Node x = Ops.parameter("x" + b, ElementType.F32, PartialShape.of(1, 2));
      Node m = Ops.matMul(x.output(), Ops.constant("w" + b, ConstantData.ofFloats(ElementType.F32, new long[] {2, 1},
          0, 1)).output(), false, false);
      m.setName("matmul_" + b);
      params.add(x);
      Node r = Ops.result(m.output());
      r.setName("y" + b);
      results.add(r);
    }
    return new Model("branches", params, results);
  }

  /** {@code n} samples of {@link #branches()} with the given per-item weights (item 0 gets {@code first}). */
  static List<BranchSample> branchSamples(int n, double[] first, double[] rest) {
    List<BranchSample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, NdArray> in = new java.util.LinkedHashMap<>();
      for (String b : List.of("a", "b", "c")) {
        in.put("x" + b, NdArray.f32(new long[] {1, 2}, 400 + i, 0.5f));
      }
      out.add(new BranchSample(in, new float[] {0.5f, 0.5f, 0.5f}, i == 0 ? first : rest));
    }
    return out;
  }

  /** The weighted score of {@link BranchSample}, per item. */
  static final ValidationFunction BRANCH_SCORE = (runner, items) -> {
    List<Double> per = new ArrayList<>();
    for (Object o : items) {
      BranchSample s = (BranchSample) o;
      var r = runner.infer(s.inputs());
      double score = 10;
      for (int k = 0; k < 3; k++) {
        score -= s.weights()[k] * Math.abs(r.get(k).toFloatArray()[0] - s.ref()[k]);
      }
      per.add(score);
    }
    return ValidationResult.of(per.stream().mapToDouble(Double::doubleValue).average().orElse(0), per);
  };

}
