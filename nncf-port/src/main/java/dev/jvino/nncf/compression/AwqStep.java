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
 * subgraphs and no-op nodes). 2-D weights and 3-D (MoE, {@code [E, ., .]}) weights are supported, with plain
 * or transposed activations; a 3-D weight gets one scale per expert and input channel, searched expert by
 * expert with that expert's statistics (the FP16 guard uses the max over all experts of the previous
 * MatMul's {@code s}, as NNCF), and the inserted Multiply has shape {@code [E, 1.., H]}. When several
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
        if (a == null || a.config().numBits() != 4) {
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
      if ((shape.length != 2 && shape.length != 3) || (shape.length == 3 && site.reductionAxes()[0] == 0)) {
        throw new UnsupportedModelException("AWQ in jvino supports 2-D and 3-D (MoE) MatMul weights only; " + site);
      }
      int batch = shape.length == 3 ? (int) shape[0] : 1;
      int red = site.reductionAxes()[0] - (shape.length - 2);
      long[] matrix = {shape[shape.length - 2], shape[shape.length - 1]};
      int per = (int) (matrix[0] * matrix[1]);
      int in = (int) matrix[red];
      float[] w = site.constant().constantData().toFloatArray();
      WeightSite mergeSite = weightsByOp.get(m.merge().name());
      boolean mergeable = m.merge().type().equals("MatMul") && mergeSite != null
          && mergeSite.shape().length == shape.length;
      float[] scale = new float[batch * in];
      WeightCompressionStats stats = dataFree ? null : means.get(site.op().name());
      int channel = ScaleEstimationStep.channelAxis(site);
      WeightCompressionStats.Processed pr = stats == null ? null : stats.process(p.subsetSize(), channel);
      // s is [H] or [E, H] (squeezed: one expert gives [H]); x is s's shape plus the samples
      if (pr != null && (pr.s().size() != batch * in || pr.x().rank() != pr.s().rank() + 1)) {
        throw new UnsupportedModelException("activation statistics of " + site.op().name() + " have shape "
            + Arrays.toString(pr.x().shape()) + ", which does not match " + site);
      }
      float[] prevMean = null;
      float prevMax = 0;
      if (pr != null && mergeable && means.get(m.merge().name()) != null) {
        float[] prevS = means.get(m.merge().name()).process(p.subsetSize(), channel).s().toFloatArray();
        prevMax = Float.NEGATIVE_INFINITY;
        for (float v : prevS) {
          prevMax = Math.max(prevMax, v);
        }
        prevMean = mergeSite.constant().constantData().toFloatArray();
      }
      float[] sAll = pr == null ? null : pr.s().toFloatArray();
      float[] xAll = pr == null ? null : pr.x().toFloatArray();
      for (int e = 0; e < batch; e++) {
        float[] we = batch == 1 ? w : Arrays.copyOfRange(w, e * per, (e + 1) * per);
        float[] se;
        if (pr == null) {
          se = Awq.dataFreeScale(we, matrix, red);
        } else {
          int n = (int) pr.x().shape()[pr.x().rank() - 1];
          Awq.Previous prev = prevMean == null ? null : previous(mergeSite, e, red, prevMax, prevMean);
          se = Awq.dataAwareScale(we, matrix, red, ModeQuantizer.of(m.target().config()),
              m.target().config().groupSize(), Arrays.copyOfRange(sAll, e * in, (e + 1) * in),
              Arrays.copyOfRange(xAll, e * in * n, (e + 1) * in * n), n, p, prev);
        }
        System.arraycopy(se, 0, scale, e * in, in);
      }
      float[] inv = new float[scale.length];
      for (int i = 0; i < inv.length; i++) {
        inv[i] = 1f / scale[i];
      }
      setWeight(site, scaleAlong(w, shape, shape.length - 2 + red, scale));
      if (mergeable) {
        // the inverse scale unsqueezed at the target's reduction axis, i.e. along the other matrix axis of the
        // first MatMul's weight (its output channels when both weights have the same layout), as NNCF does
        long[] ms = mergeSite.shape();
        float[] mw = mergeSite.constant().constantData().toFloatArray();
        int mergeAxis = ms.length - 2 + (1 - red);
        if (ms[mergeAxis] != in || (ms.length == 3 && ms[0] != batch)) {
          throw new UnsupportedModelException("AWQ: " + mergeSite + " does not match " + site);
        }
        setWeight(mergeSite, scaleAlong(mw, ms, mergeAxis, inv));
      } else {
        insertMultiply(m.merge(), inv, shape.length == 3 ? batch : 0, channel);
      }
      // NNCF's update_statistics: the target's means are divided by the scale whenever statistics exist
      // (also when the scale itself was computed data-free, prefer_data_aware_scaling=False)
      WeightCompressionStats collected = means == null ? null : means.get(site.op().name());
      if (collected != null) {
        updated.put(site.op().name(), rescale(collected, inv));
      }
    }
    return updated;
  }

  /** The previous MatMul's mean |W| per kept channel for expert {@code e} (2-D: e = 0). */
  private static Awq.Previous previous(WeightSite prevSite, int e, int red, float prevMax, float[] pwAll) {
    long[] ps = prevSite.shape();
    int rows = (int) ps[ps.length - 2];
    int cols = (int) ps[ps.length - 1];
    int off = e * rows * cols;
    int keep = red == 1 ? rows : cols;
    int reduced = red == 1 ? cols : rows;
    float[] mean = new float[keep];
    for (int k = 0; k < keep; k++) {
      double sum = 0;
      for (int r = 0; r < reduced; r++) {
        sum += Math.abs(red == 1 ? pwAll[off + k * cols + r] : pwAll[off + r * cols + k]);
      }
      mean[k] = (float) (sum / reduced);
    }
    return new Awq.Previous(mean, prevMax, reduced);
  }

  /**
   * {@code w * v} with {@code v} along axis {@code axis} of a 2-D or 3-D weight; for 3-D, {@code v} holds one
   * vector per leading (expert) index.
   */
  private static float[] scaleAlong(float[] w, long[] shape, int axis, float[] v) {
    int rank = shape.length;
    int rows = (int) shape[rank - 2];
    int cols = (int) shape[rank - 1];
    int len = (int) shape[axis];
    float[] r = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      int e = rank == 3 ? i / (rows * cols) : 0;
      int j = i % (rows * cols);
      int c = axis == rank - 1 ? j % cols : axis == rank - 2 ? j / cols : e;
      r[i] = w[i] * v[(axis == 0 ? 0 : e * len) + c];
    }
    return r;
  }

  private static void setWeight(WeightSite site, float[] values) {
    ElementType t = site.constant().constantData().elementType();
    site.constant().setConstant(ConstantData.ofFloats(t, site.shape(), values));
  }

  /**
   * Inserts {@code Multiply(out, 1/scale)} after the merge node, feeding all its consumers. As NNCF shapes it,
   * the hidden size sits at the activation's channel axis {@code channel} (the target MatMul's; -1 = last), the
   * leading (expert) count of a 3-D weight ({@code experts > 0}) at the first other axis, and 1 elsewhere:
   * {@code [1.., H]}, {@code [E, 1.., H]}, or {@code [H, 1]} / {@code [E, H, 1]} for transposed inputs.
   */
  private static void insertMultiply(Node merge, float[] inv, int experts, int channel) {
    Output out = merge.output();
    int rank = out.shape().rank();
    int ch = channel < 0 ? rank - 1 : channel;
    long[] shape = new long[rank];
    Arrays.fill(shape, 1);
    shape[ch] = experts > 0 ? inv.length / experts : inv.length;
    if (experts > 0) {
      if (rank < 2) {
        throw new UnsupportedModelException("AWQ: the activation of a 3-D weight needs rank >= 2 at " + merge.name());
      }
      shape[ch == 0 ? 1 : 0] = experts;
    }
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
