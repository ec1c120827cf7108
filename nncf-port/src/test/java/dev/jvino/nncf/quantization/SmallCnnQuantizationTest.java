package dev.jvino.nncf.quantization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.InferResult;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.ref.SmallCnnEndToEndTest;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.QuantizeOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * End to end on a ResNet-style CNN (convolutions with biases, a residual Add, max and average pooling, a
 * depthwise convolution, ReduceMean, a classifier MatMul, softmax; the engine's numpy-checked fixture
 * network): quantized with NNCF's defaults from noisy copies of its input, then run next to the float
 * model on the original input.
 */
class SmallCnnQuantizationTest {
  @Test
  void quantizedCnnKeepsItsPredictions() {
    Model fp = SmallCnnEndToEndTest.model();
    NdArray x = SmallCnnEndToEndTest.input();
    float[] base = x.toFloatArray();
    SplittableRandom r = new SplittableRandom(5);
    List<List<NdArray>> calibration = new ArrayList<>();
    for (int s = 0; s < 16; s++) {
      float[] v = base.clone();
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (r.nextGaussian() * 0.1);
      }
      calibration.add(List.of(NdArray.f32(x.shape(), v)));
    }
    PostTrainingQuantization.Result q = Nncf.quantize(fp, Dataset.of(calibration),
        QuantizeOptions.builder().subsetSize(16).build(), new ReferenceEngine());

    // every weighted layer has int8 weights: 3x3 convolutions, the depthwise one and the classifier
    assertEquals(5, q.compressedWeights().size(), q.compressedWeights().toString());
    assertTrue(q.model().nodesOfType("FakeQuantize").size() >= 4, "activation quantizers");
    assertEquals(16, q.samples());
    // FastBiasCorrection's layers: the three 3x3 convolutions and the classifier (the depthwise convolution
    // is not in its reduced set); the classifier's shift is 8.4x its bias, beyond the threshold of 2
    assertEquals(4, q.fastBiasCorrections().size());
    assertEquals(List.of(true, true, true, false), q.fastBiasCorrections().stream().map(c -> c.applied()).toList());
    assertTrue(q.fastBiasCorrections().get(3).magnitude() >= 2);

    InferResult a = new ReferenceEngine().compile(fp).createSession().infer(List.of(x));
    InferResult b = new ReferenceEngine().compile(q.model()).createSession().infer(List.of(x));
    float[] la = a.get(0).toFloatArray();
    float[] lb = b.get(0).toFloatArray();
    double err = 0;
    double norm = 0;
    for (int i = 0; i < la.length; i++) {
      err += (la[i] - lb[i]) * (la[i] - lb[i]);
      norm += la[i] * la[i];
    }
    double rel = Math.sqrt(err / norm);
    assertTrue(rel < 0.05, "relative L2 error of the logits " + rel);
    for (int sample = 0; sample < 2; sample++) {
      assertEquals(argmax(la, sample * 10), argmax(lb, sample * 10), "top-1 of sample " + sample);
    }
    for (Node n : q.model().nodesOfType("FakeQuantize")) {
      assertTrue(n.name().contains("/fq_"), n.name());
    }
  }

  private static int argmax(float[] v, int from) {
    int best = 0;
    for (int i = 1; i < 10; i++) {
      if (v[from + i] > v[from + best]) {
        best = i;
      }
    }
    return best;
  }
}
