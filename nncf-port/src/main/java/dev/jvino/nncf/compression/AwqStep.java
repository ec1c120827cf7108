package dev.jvino.nncf.compression;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Input;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.nncf.AdvancedCompressionParameters.AwqParameters;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.statistics.WeightCompressionStats;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Applies AWQ to a model before its weights are compressed, as NNCF's {@code AWQ.apply}: finds the
 * patterns {@code MatMul -> Multiply -> MatMul}, {@code Act -> Multiply -> MatMul} and {@code Act -> MatMul}
 * (Act one of NNCF's atomic activations; matched in that order, the first match of a target wins) whose last
 * MatMul has one constant weight with a 4-bit config; scales the target weight by the AWQ scale along its input
 * channels, and either divides the first MatMul's weight by it along the same axis (when that MatMul has a
 * constant weight of the same rank) or inserts {@code Multiply(1/scale)} named {@code <merge>/awq_mul} after
 * the first node. The target's activation means are then multiplied by {@code 1/scale} for the algorithms
 * that follow (scale estimation).
 *
 * <p>Patterns are matched on the IR graph as it is (NNCF matches its inference graph, without ShapeOf
 * subgraphs and no-op nodes). Only 2-D weights and non-transposed activations are supported. When several
 * targets share the pattern's first node, only the first one (in pattern and graph order) is rescaled, so
 * the float function is kept; NNCF rescales every such target's weight but keeps a single Multiply.
 */
final class AwqStep {
  private static final System.Logger LOG = System.getLogger(AwqStep.class.getName());
  static final Set<String> ACTIVATIONS = Set.of("Relu", "Clamp", "Elu", "PRelu", "Sigmoid", "HSigmoid",
      "HardSigmoid", "Swish", "HSwish", "Selu");

  /** One matched target: its assignment and the pattern's first node. */
  record Match(WeightAssignment target, Node merge) {}

  private AwqStep() {}

  /** The AWQ targets of a plan, in NNCF's pattern order. */
  static List<Match> find(Model model, CompressionPlan plan) {
    Map<String, WeightAssignment> byOp = new LinkedHashMap<>();
    for (WeightAssignment a : plan.assignments()) {
      if (a.config() != null && a.site().kind() == OpKind.MATMUL) {
        byOp.put(a.site().op().name(), a);
      }
    }
    Map<String, Match> found = new LinkedHashMap<>();
    List<Node> ops = model.getOpsOrder();
    for (int pattern = 0; pattern < 3; pattern++) {
      for (Node target : ops) {
        if (!target.type().equals("MatMul") || found.containsKey(target.name())) {
          continue;
        }
        WeightAssignment a = byOp.get(target.name());
        if (a == null || bits(a.config().mode()) != 4) {
          continue;
        }
        Node merge = matchPattern(pattern, target, a.site().port());
        if (merge != null) {
          found.put(target.name(), new Match(a, merge));
        }
      }
    }
    return List.copyOf(found.values());
  }

  private static @Nullable Node matchPattern(int pattern, Node target, int weightPort) {
    Node act = target.input(1 - weightPort).source().node();
    return switch (pattern) {
      case 0 -> act.type().equals("Multiply") ? firstInput(act, "MatMul") : null;
      case 1 -> act.type().equals("Multiply") ? firstActivation(act) : null;
      default -> ACTIVATIONS.contains(act.type()) ? act : null;
    };
  }

  private static @Nullable Node firstInput(Node mul, String type) {
    for (Input in : mul.inputs()) {
      if (in.source().node().type().equals(type)) {
        return in.source().node();
      }
    }
    return null;
  }

  private static @Nullable Node firstActivation(Node mul) {
    for (Input in : mul.inputs()) {
      if (ACTIVATIONS.contains(in.source().node().type())) {
        return in.source().node();
      }
    }
    return null;
  }

  private static int bits(CompressWeightsMode m) {
    return switch (m) {
      case INT8_SYM, INT8_ASYM, FP8_E4M3, MXFP8_E4M3 -> 8;
      default -> 4;
    };
  }

  /**
   * Applies AWQ to every match and returns the activation means with the targets' entries rescaled.
   *
   * @param means the weight-compression statistics by MatMul name; null (or {@code preferDataAware} false)
   *     for the data-free variant
   */
  static Map<String, WeightCompressionStats> apply(Model model, CompressionPlan plan, AwqParameters p,
      @Nullable Map<String, WeightCompressionStats> means) {
    Map<String, WeightCompressionStats> updated = means == null ? Map.of() : new LinkedHashMap<>(means);
    boolean dataFree = means == null || !p.preferDataAwareScaling();
    Map<String, WeightSite> weightsByOp = new LinkedHashMap<>();
    for (WeightFinder.Candidate c : WeightFinder.find(NncfGraphOrder.of(model))) {
      if (c.weights().size() == 1) {
        weightsByOp.put(c.op().name(), c.weights().getFirst());
      }
    }
    List<Match> matches = find(model, plan);
    if (matches.isEmpty()) {
      LOG.log(Level.INFO, "No matching patterns were found for applying AWQ algorithm, it will be skipped.");
    }
    java.util.Set<Node> merged = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Match m : matches) {
      WeightSite site = m.target().site();
      if (!merged.add(m.merge())) {
        // NNCF scales this target too, but its activation can only carry one AWQ scale (NNCF keeps one
        // inserted Multiply per merge node): jvino leaves it unscaled so the float function is preserved
        LOG.log(Level.WARNING, "AWQ: {0} shares its pattern''s first node {1} with an earlier target; it is"
            + " not rescaled.", site.op().name(), m.merge().name());
        continue;
      }
      long[] shape = site.shape();
      if (shape.length != 2) {
        throw new UnsupportedModelException("AWQ in jvino supports 2-D MatMul weights only; " + site);
      }
      int red = site.reductionAxes()[0];
      int in = (int) shape[red];
      float[] w = site.constant().constantData().toFloatArray();
      WeightSite mergeSite = weightsByOp.get(m.merge().name());
      boolean mergeable = m.merge().type().equals("MatMul") && mergeSite != null && mergeSite.shape().length == 2;
      float[] scale;
      WeightCompressionStats stats = dataFree ? null : means.get(site.op().name());
      if (stats == null) {
        scale = Awq.dataFreeScale(w, shape, red);
      } else {
        WeightCompressionStats.Processed pr = stats.process(p.subsetSize());
        float[] s = pr.s().toFloatArray();
        if (s.length != in || pr.x().rank() != 2) {
          throw new UnsupportedModelException("activation statistics of " + site.op().name() + " do not match "
              + site);
        }
        Awq.Previous prev = null;
        WeightCompressionStats prevStats = mergeable ? means.get(m.merge().name()) : null;
        if (prevStats != null) {
          prev = previous(mergeSite, red, prevStats.process(p.subsetSize()).s().toFloatArray());
        }
        scale = Awq.dataAwareScale(w, shape, red, m.target().config().mode(), m.target().config().groupSize(), s,
            pr.x().toFloatArray(), (int) pr.x().shape()[1], p, prev);
      }
      float[] inv = new float[in];
      for (int i = 0; i < in; i++) {
        inv[i] = 1f / scale[i];
      }
      setWeight(site, scaleAlong(w, shape, red, scale));
      if (mergeable) {
        // the inverse scale unsqueezed at the target's reduction axis, i.e. along the other axis of the first
        // MatMul's weight (its output channels when both weights have the same layout), as NNCF does
        long[] ms = mergeSite.shape();
        float[] mw = mergeSite.constant().constantData().toFloatArray();
        if (ms[1 - red] != in) {
          throw new UnsupportedModelException("AWQ: " + mergeSite + " does not match " + site);
        }
        setWeight(mergeSite, scaleAlong(mw, ms, 1 - red, inv));
      } else {
        insertMultiply(m.merge(), inv);
      }
      if (stats != null) {
        updated.put(site.op().name(), rescale(stats, inv));
      }
    }
    return updated;
  }

  private static Awq.Previous previous(WeightSite prevSite, int red, float[] prevS) {
    long[] ps = prevSite.shape();
    float[] pw = prevSite.constant().constantData().toFloatArray();
    int rows = (int) ps[0];
    int cols = (int) ps[1];
    int keep = red == 1 ? rows : cols;
    int reduced = (int) ps[red];
    float[] mean = new float[keep];
    for (int k = 0; k < keep; k++) {
      double sum = 0;
      for (int r = 0; r < reduced; r++) {
        sum += Math.abs(red == 1 ? pw[k * cols + r] : pw[r * cols + k]);
      }
      mean[k] = (float) (sum / reduced);
    }
    float max = Float.NEGATIVE_INFINITY;
    for (float v : prevS) {
      max = Math.max(max, v);
    }
    return new Awq.Previous(mean, max, reduced);
  }

  /** {@code w * v} with {@code v} along axis {@code axis} of a 2-D weight. */
  private static float[] scaleAlong(float[] w, long[] shape, int axis, float[] v) {
    int cols = (int) shape[1];
    float[] r = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      r[i] = w[i] * v[axis == 1 ? i % cols : i / cols];
    }
    return r;
  }

  private static void setWeight(WeightSite site, float[] values) {
    ElementType t = site.constant().constantData().elementType();
    site.constant().setConstant(ConstantData.ofFloats(t, site.shape(), values));
  }

  /** Inserts {@code Multiply(out, 1/scale)} after the merge node, feeding all its consumers. */
  private static void insertMultiply(Node merge, float[] inv) {
    Output out = merge.output();
    int rank = out.shape().rank();
    long[] shape = new long[rank];
    Arrays.fill(shape, 1);
    shape[rank - 1] = inv.length;
    List<Input> consumers = new ArrayList<>(out.consumers());
    ElementType type = out.elementType() == ElementType.F16 || out.elementType() == ElementType.BF16
        ? out.elementType() : ElementType.F32;
    Node c = Ops.constant(merge.name() + "/awq_mul_scale", ConstantData.ofFloats(type, shape, inv));
    Node mul = Ops.multiply(out, c.output());
    mul.setName(merge.name() + "/awq_mul");
    for (Input in : consumers) {
      in.connect(mul.output());
    }
  }

  private static WeightCompressionStats rescale(WeightCompressionStats stats, float[] inv) {
    List<NdArray> means = new ArrayList<>();
    for (NdArray a : stats.means()) {
      float[] v = a.toFloatArray();
      if (v.length != inv.length) {
        throw new UnsupportedModelException("AWQ: activation means of size " + v.length + " for " + inv.length
            + " channels");
      }
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv[i];
      }
      means.add(NdArray.ofFloats(a.type(), a.shape(), v));
    }
    return new WeightCompressionStats(means, stats.shapes());
  }
}
