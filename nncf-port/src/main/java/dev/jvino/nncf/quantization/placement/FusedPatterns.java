package dev.jvino.nncf.quantization.placement;

import static dev.jvino.nncf.quantization.placement.Metatype.*;

import dev.jvino.nncf.TargetDevice;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The OpenVINO hardware-fused patterns (NNCF's {@code OPENVINO_HW_FUSED_PATTERNS}), in registration order. A
 * matched pattern acts as one op during propagation: quantizers go on its first op's inputs and its last op's
 * output only.
 */
final class FusedPatterns {
  private FusedPatterns() {}

  private static Set<Metatype> s(Metatype first, Metatype... rest) {
    return EnumSet.of(first, rest);
  }

  private static GraphPattern one(Set<Metatype> t) {
    return GraphPattern.chain(t);
  }

  private static GraphPattern linear() {
    return one(Metatype.LINEAR);
  }

  private static GraphPattern activations() {
    return one(Metatype.ATOMIC_ACTIVATIONS);
  }

  private static GraphPattern arithmetic() {
    return one(Metatype.ARITHMETIC);
  }

  private static GraphPattern elementwise() {
    return one(Metatype.ELEMENTWISE);
  }

  private static GraphPattern batchNorm() {
    return one(s(BATCH_NORM));
  }

  private static GraphPattern scaleShift() {
    return GraphPattern.chain(s(MULTIPLY), s(ADD));
  }

  private static GraphPattern shiftScale() {
    return GraphPattern.chain(s(ADD, SUBTRACT), s(MULTIPLY, DIVIDE));
  }

  private static GraphPattern biased() {
    return GraphPattern.chain(Metatype.LINEAR, s(ADD));
  }

  private static GraphPattern inputConvertTranspose() {
    return GraphPattern.chain(s(PARAMETER), s(CONVERT), s(TRANSPOSE));
  }

  private static GraphPattern splitConcat() {
    return GraphPattern.chain(s(SPLIT), s(CONCAT));
  }

  /** The patterns in force for {@code device}, in NNCF's registration order. */
  static List<GraphPattern> forDevice(TargetDevice device) {
    boolean cpuLike = device == TargetDevice.ANY || device == TargetDevice.CPU || device == TargetDevice.GPU;
    boolean clampMul = device != TargetDevice.CPU_SPR;
    List<GraphPattern> p = new ArrayList<>();
    p.add(GraphPattern.chain(s(ADD), s(MULTIPLY), s(ADD), s(RESULT)));
    p.add(GraphPattern.chain(s(SUBTRACT), s(MULTIPLY), s(MULTIPLY), s(ADD), s(UNSQUEEZE), s(CONCAT), s(CONCAT),
        s(RESHAPE), s(CONVOLUTION)));
    p.add(one(s(MVN)).then(scaleShift()));
    p.add(GraphPattern.chain(s(NORMALIZE_L2), s(MULTIPLY)));
    p.add(biased());
    p.add(scaleShift());
    p.add(shiftScale());
    GraphPattern softmaxDiv = new GraphPattern();
    int exp = softmaxDiv.add(EXP);
    int sum = softmaxDiv.add(REDUCE_SUM);
    int div = softmaxDiv.add(DIVIDE);
    softmaxDiv.edge(exp, sum).edge(exp, div).edge(sum, div);
    p.add(softmaxDiv);
    p.add(hswish(true));
    GraphPattern hv2 = new GraphPattern();
    int in = hv2.add(s(ADD, MULTIPLY, REDUCE_MEAN, SQUEEZE));
    int add = hv2.add(ADD);
    int clamp = hv2.add(CLAMP);
    int m1 = hv2.add(MULTIPLY);
    int m2 = hv2.add(MULTIPLY);
    hv2.edge(in, add).edge(add, clamp).edge(clamp, m1).edge(in, m2).edge(m1, m2);
    p.add(hv2);
    p.add(hswish(false));
    GraphPattern swishHs = new GraphPattern();
    int l = swishHs.add(Metatype.LINEAR);
    int b = swishHs.add(ADD);
    int hs = swishHs.add(HARD_SIGMOID);
    int mul = swishHs.add(MULTIPLY);
    swishHs.edge(l, b).edge(b, hs).edge(b, mul).edge(hs, mul);
    p.add(swishHs);
    GraphPattern softmax = new GraphPattern();
    int e = softmax.add(EXP);
    int su = softmax.add(REDUCE_SUM);
    int pw = softmax.add(POWER);
    int mu = softmax.add(MULTIPLY);
    softmax.edge(e, su).edge(su, pw).edge(e, mu).edge(pw, mu);
    p.add(softmax);
    p.add(inputConvertTranspose().then(one(s(ADD, MULTIPLY, SUBTRACT))));
    p.add(inputConvertTranspose().then(splitConcat()).then(one(s(ADD))));
    p.add(inputConvertTranspose().then(splitConcat()).then(scaleShift()));
    p.add(inputConvertTranspose().then(scaleShift()));
    p.add(GraphPattern.chain(s(PARAMETER), s(SUBTRACT, MULTIPLY, ADD)));
    p.add(GraphPattern.chain(s(PARAMETER), s(SPLIT), s(CONCAT), s(ADD)));
    p.add(GraphPattern.chain(s(PARAMETER), s(SPLIT), s(CONCAT)).then(scaleShift()));
    p.add(one(s(PARAMETER)).then(scaleShift()));
    p.add(one(s(PARAMETER)).then(shiftScale()));
    p.add(GraphPattern.chain(s(PARAMETER), s(TRANSPOSE), s(ADD, MULTIPLY, SUBTRACT)));
    p.add(GraphPattern.chain(s(PARAMETER), s(TRANSPOSE), s(SPLIT), s(CONCAT), s(ADD)));
    p.add(GraphPattern.chain(s(PARAMETER), s(TRANSPOSE)).then(scaleShift()));
    p.add(activations().then(batchNorm()));
    p.add(arithmetic().then(activations()));
    p.add(arithmetic().then(activations()).then(arithmetic()));
    p.add(batchNorm().then(activations()));
    p.add(linear().then(activations()));
    for (int degree = 1; degree <= 2; degree++) {
      GraphPattern la = new GraphPattern();
      int li = la.add(Metatype.LINEAR);
      int ar = la.add(Metatype.ARITHMETIC);
      for (int d = 0; d < degree; d++) {
        la.edge(li, ar);
      }
      p.add(la);
    }
    p.add(linear().then(arithmetic()).then(activations()));
    p.add(linear().then(shiftScale()));
    p.add(linear().then(arithmetic()).then(activations()).then(arithmetic()));
    p.add(linear().then(one(s(SQUEEZE))).then(activations()));
    p.add(linear().then(one(s(SQUEEZE))).then(arithmetic()).then(activations()));
    p.add(one(s(MVN)).then(scaleShift()).then(activations()));
    p.add(biased().then(activations()).then(one(s(UNSQUEEZE))).then(scaleShift()).then(one(s(SQUEEZE))));
    if (clampMul) {
      p.add(GraphPattern.chain(s(CLAMP), s(MULTIPLY)));
    }
    p.add(scaleShift().then(activations()));
    if (cpuLike) {
      p.add(linear().then(scaleShift()));
      p.add(biased().then(scaleShift()));
      p.add(linear().then(activations()).then(scaleShift()));
      p.add(biased().then(activations()).then(scaleShift()));
    }
    p.add(linear().then(one(s(BATCH_TO_SPACE))).then(scaleShift()).then(activations()));
    p.add(linear().then(one(s(BATCH_TO_SPACE))).then(arithmetic()).then(activations()));
    if (cpuLike) {
      p.add(linear().then(elementwise()));
      p.add(biased().then(elementwise()));
      p.add(linear().then(activations()).then(elementwise()));
      p.add(biased().then(activations()).then(elementwise()));
    }
    return p;
  }

  private static GraphPattern hswish(boolean withDenominator) {
    GraphPattern h = new GraphPattern();
    int lin = h.add(Metatype.LINEAR);
    int bias = h.add(ADD);
    int add = h.add(ADD);
    int clamp = h.add(CLAMP);
    int mul = h.add(MULTIPLY);
    h.edge(lin, bias).edge(bias, add).edge(add, clamp).edge(bias, mul).edge(clamp, mul);
    if (withDenominator) {
      int mul2 = h.add(MULTIPLY);
      h.edge(mul, mul2);
    }
    return h;
  }
}
