package dev.jvino.nncf.quantization.placement;

import static dev.jvino.nncf.quantization.placement.Metatype.*;

import dev.jvino.nncf.ModelType;
import dev.jvino.nncf.TargetDevice;
import dev.jvino.nncf.quantization.placement.PlacementGraph.GNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The OpenVINO ignored patterns (NNCF's {@code OPENVINO_IGNORED_PATTERNS}): subgraphs whose ops get no input
 * quantizers. SE_BLOCK, FC_BN_HSWISH_ACTIVATION and EQUAL_LOGICALNOT always apply; for transformers also the
 * multi-head attention output (not on CPU_SPR), RoPE and SAM's positional embedding. Matching is not strict.
 */
final class IgnoredPatternSet {
  private IgnoredPatternSet() {}

  static List<GraphPattern> patterns(ModelType modelType, TargetDevice device) {
    boolean transformer = modelType == ModelType.TRANSFORMER;
    List<GraphPattern> out = new ArrayList<>();
    if (transformer && device != TargetDevice.CPU_SPR) {
      Set<Metatype> branch = EnumSet.of(READ_VALUE, RESHAPE, TRANSPOSE, SPLIT, GATHER, SQUEEZE, CONCAT);
      GraphPattern a = new GraphPattern();
      int sm = a.add(SOFTMAX);
      int mm = a.add(MATMUL);
      int br = a.add(branch);
      a.edge(sm, mm).edge(br, mm);
      out.add(a);
      GraphPattern b = new GraphPattern();
      int sm2 = b.add(SOFTMAX);
      int rs = b.add(RESHAPE);
      int mm2 = b.add(MATMUL);
      int br2 = b.add(branch);
      b.edge(sm2, rs).edge(rs, mm2).edge(br2, mm2);
      out.add(b);
    }
    GraphPattern se = new GraphPattern();
    int any = se.addAny();
    int rm = se.addExcluded(REDUCE_MEAN);
    int l1 = se.add(Metatype.LINEAR);
    int a1 = se.add(ADD);
    int act1 = se.add(RELU, PRELU, SWISH);
    int l2 = se.add(Metatype.LINEAR);
    int a2 = se.add(ADD);
    int act2 = se.add(SIGMOID, HSIGMOID);
    int mul = se.addExcluded(MULTIPLY);
    se.edge(any, rm).edge(rm, l1).edge(l1, a1).edge(a1, act1).edge(act1, l2).edge(l2, a2).edge(a2, act2)
        .edge(act2, mul).edge(any, mul);
    out.add(se);
    out.add(GraphPattern.chain(EnumSet.of(UNSQUEEZE), EnumSet.of(MULTIPLY), EnumSet.of(ADD), EnumSet.of(SQUEEZE)));
    out.add(GraphPattern.chain(EnumSet.of(EQUAL), EnumSet.of(LOGICAL_NOT)));
    if (transformer) {
      for (boolean withTranspose : new boolean[] {true, false}) {
        GraphPattern r = new GraphPattern();
        int m = r.add(MATMUL);
        int c = r.add(CONCAT);
        int cos = r.add(COS);
        int sin = r.add(SIN);
        int head = m;
        if (withTranspose) {
          head = r.add(TRANSPOSE);
          r.edge(m, head);
        }
        r.edge(head, c).edge(head, c).edge(c, cos).edge(c, sin);
        out.add(r);
      }
      GraphPattern sam = new GraphPattern();
      int m = sam.add(MATMUL);
      int mu = sam.add(MULTIPLY);
      int cos = sam.add(COS);
      int sin = sam.add(SIN);
      int cat = sam.add(CONCAT);
      sam.edge(m, mu).edge(mu, cos).edge(mu, sin).edge(cos, cat).edge(sin, cat);
      out.add(sam);
    }
    return out;
  }

  /** Names of the ops in some match of the ignored patterns. */
  static Set<String> matchedNames(PlacementGraph g, ModelType modelType, TargetDevice device) {
    Set<String> names = new LinkedHashSet<>();
    List<GraphPattern> ps = new ArrayList<>(patterns(modelType, device));
    ps.sort((x, y) -> Integer.compare(y.length(), x.length()));
    Set<GNode> matched = new java.util.HashSet<>();
    for (GraphPattern p : ps) {
      for (GNode[] match : p.matches(g, false)) {
        List<GNode> reported = new ArrayList<>();
        for (int i = 0; i < match.length; i++) {
          if (p.slots.get(i).reported()) {
            reported.add(match[i]);
          }
        }
        if (reported.stream().anyMatch(matched::contains)) {
          continue;
        }
        matched.addAll(reported);
        reported.forEach(n -> names.add(n.name()));
      }
    }
    return names;
  }
}
