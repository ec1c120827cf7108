package dev.jvino.nncf.compression;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.nncf.AdvancedCompressionParameters.LoraCorrectionParameters;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.statistics.WeightCompressionStats;
import dev.jvino.nncf.weights.CompressedWeight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies {@link LoraCorrection} to each 4-bit MatMul weight right after it is compressed, as NNCF's OpenVINO
 * backend does in {@code transform_model} / {@code insert_adapters}:
 *
 * <pre>
 * x ──> MatMul (compressed weight) ─────────────────────────> Add ──> (former consumers of the MatMul)
 *  └──> MatMul(x, A, transpose_b) ──> MatMul(·, B, transpose_b) ──┘
 * </pre>
 *
 * A {@code [R, H]} and B {@code [O, R]} are plain Constants (f32, or the activation's type when that is f16 or
 * bf16), or (with {@code useInt8Adapters}, the default)
 * INT8_ASYM per-channel decompression subgraphs whose constants are named {@code <MatMul>_lora_A} and
 * {@code <MatMul>_lora_B} (codes), with {@code /zero_point}, {@code /scale}, {@code /zero_point/subtract},
 * {@code /fq_weights_1} and, when the activation is not f16, {@code /fq_weights_1/convert} to the activation's
 * type. Like NNCF, the INT8 adapters are reduced over the compressed weight's own reduction axis.
 */
final class LoraCorrectionStep {
  private static final System.Logger LOG = System.getLogger(LoraCorrectionStep.class.getName());

  private final Map<String, WeightCompressionStats> means;
  private final LoraCorrectionParameters params;

  LoraCorrectionStep(Map<String, WeightCompressionStats> means, LoraCorrectionParameters params) {
    this.means = Map.copyOf(means);
    this.params = Objects.requireNonNull(params, "params");
  }

  /** Whether NNCF corrects a weight with this config ({@code is_applicable}: 4-bit configs). */
  static boolean applies(WeightCompressionConfig config) {
    return config.numBits() == 4;
  }

  /**
   * NNCF's check before compression: LoRA correction needs MatMuls whose activation is not transposed.
   *
   * @throws UnsupportedModelException naming the first MatMul with a transposed activation
   */
  static void checkActivations(List<WeightAssignment> todo) {
    for (WeightAssignment a : todo) {
      WeightSite site = a.site();
      if (site.kind() == OpKind.MATMUL) {
        int actPort = 1 - site.port();
        if (site.op().attributes().bool(actPort == 0 ? "transpose_a" : "transpose_b", false)) {
          throw new UnsupportedModelException("Transposed activations are not supported yet for the LoRa correction"
              + " algorithm (MatMul " + site.op().name() + ").");
        }
      }
    }
  }

  /**
   * Computes the adapters of one compressed weight and inserts them after its MatMul; returns the new
   * Constants (empty when the config is not 4-bit).
   *
   * @param weight the weight's float values (after AWQ, if it ran)
   * @param cw the compressed weight that was inserted
   * @throws UnsupportedModelException for a 4-bit weight that is not a 2-D MatMul weight on port 1 with
   *     statistics, or a mode LoRA does not support
   */
  List<Node> apply(Model model, WeightSite site, WeightCompressionConfig config, float[] weight,
      CompressedWeight cw) {
    if (!applies(config)) {
      return List.of();
    }
    CompressWeightsMode mode = config.mode();
    if (mode != CompressWeightsMode.INT4_SYM && mode != CompressWeightsMode.INT4_ASYM
        && mode != CompressWeightsMode.NF4) {
      throw new UnsupportedModelException(mode.value() + " mode is invalid for Lora Correction algorithm."
          + " Supported modes: INT4_SYM, INT4_ASYM, NF4 (" + site + ").");
    }
    WeightCompressionStats stats = means.get(site.op().name());
    long[] shape = site.shape();
    int[] axes = site.reductionAxes();
    if (site.kind() != OpKind.MATMUL || stats == null || site.port() != 1 || shape.length != 2
        || axes.length != 1) {
      throw new UnsupportedModelException("LoRA correction in jvino supports 2-D MatMul weights on input 1 with"
          + " activation statistics only; " + site + " has none or another layout");
    }
    WeightCompressionStats.Processed p = stats.process(params.subsetSize());
    float[] s = p.s().toFloatArray();
    int axis = axes[0];
    if (p.x().rank() != 2 || s.length != shape[axis]) {
      throw new UnsupportedModelException("activation statistics of " + site.op().name() + " have shape "
          + Arrays.toString(p.x().shape()) + ", which does not match " + site);
    }
    int n = (int) p.x().shape()[1];
    boolean debug = LOG.isLoggable(System.Logger.Level.DEBUG);
    LoraCorrection.Adapters ad = LoraCorrection.compute(weight, cw.dequantized(), shape, axis, config.groupSize(),
        s, p.x().toFloatArray(), n, params, debug);
    if (debug) {
      LOG.log(System.Logger.Level.DEBUG, "LoRA correction of " + site.op().name() + ": mean noises "
          + ad.meanNoises());
    }
    return insert(model, site, ad, params.useInt8Adapters());
  }

  /** Puts the adapter branch after the weight's MatMul; returns the new Constants. */
  static List<Node> insert(Model model, WeightSite site, LoraCorrection.Adapters ad, boolean int8) {
    Node mm = site.op();
    Output act = mm.input(0).source();
    ElementType actType = act.elementType();
    String base = mm.name();
    long[] aShape = {ad.rank(), ad.hidden()};
    long[] bShape = {ad.out(), ad.rank()};
    List<Node> constants = new ArrayList<>();
    if (int8) {
      // a stand-in constant of the activation's type lets the weight subgraph builder add NNCF's Convert
      Node aStub = Ops.constant(base + "_lora_A", ConstantData.ofFloats(actType, aShape, ad.a()));
      Node bStub = Ops.constant(base + "_lora_B", ConstantData.ofFloats(actType, bShape, ad.b()));
      Node aMm = Ops.matMul(act, aStub.output(), false, true);
      Node bMm = Ops.matMul(aMm.output(), bStub.output(), false, true);
      addAfter(model, mm, bMm);
      constants.addAll(int8Adapter(model, aStub, aMm, ad.a(), aShape, site.reductionAxes()[0]));
      constants.addAll(int8Adapter(model, bStub, bMm, ad.b(), bShape, site.reductionAxes()[0]));
      return constants;
    }
    // NNCF stores float32 adapters even for f16/bf16 activations, which gives a MatMul of mixed types that
    // OpenVINO rejects; jvino stores them in the activation's type then
    ElementType type = actType.isFloatingPoint() ? actType : ElementType.F32;
    Node aC = Ops.constant(ConstantData.ofFloats(type, aShape, ad.a()));
    Node bC = Ops.constant(ConstantData.ofFloats(type, bShape, ad.b()));
    Node aMm = Ops.matMul(act, aC.output(), false, true);
    Node bMm = Ops.matMul(aMm.output(), bC.output(), false, true);
    addAfter(model, mm, bMm);
    constants.add(aC);
    constants.add(bC);
    return constants;
  }

  /** {@code Add(mm, branch)} takes the place of {@code mm}'s output for all of its former consumers. */
  private static void addAfter(Model model, Node mm, Node branch) {
    Node add = Ops.add(mm.output(), branch.output());
    model.replaceConsumers(mm.output(), add.output());
  }

  /** Replaces an adapter's stand-in constant by its INT8_ASYM per-channel decompression subgraph. */
  private static List<Node> int8Adapter(Model model, Node stub, Node matMul, float[] values, long[] shape,
      int axis) {
    WeightSite site = new WeightSite(stub.name(), stub, matMul, 1, OpKind.MATMUL, stub.output().elementType(),
        shape, new int[] {axis});
    WeightCompressionConfig config = new WeightCompressionConfig(CompressWeightsMode.INT8_ASYM, -1);
    LoweredWeight low = LoweredWeight.lower(values, site, config);
    return DecompressionSubgraph.insert(model, site, config, low).constants();
  }
}
