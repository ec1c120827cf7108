package dev.jvino.nncf.compression;

import dev.jvino.engine.Engine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.Model;
import dev.jvino.ir.Output;
import dev.jvino.nncf.AdvancedCompressionParameters.GptqParameters;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.compression.layerwise.LayerwiseEngine;
import dev.jvino.nncf.statistics.WeightCompressionStats;
import dev.jvino.nncf.weights.CompressedWeight;
import dev.jvino.nncf.weights.WeightLowering;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The GPTQ pass of {@code compress_weights} (NNCF's {@code GPTQ.apply}, run after AWQ and instead of the
 * separate scale estimation): every 4-bit (INT4, NF4, CB4, CODEBOOK) MatMul weight of the plan, in NNCF's node order, gets its input
 * samples from the {@link LayerwiseEngine} (so it sees the weights GPTQ already changed upstream), is
 * quantized by {@link Gptq}, and its Constant is replaced by the fake-quantized weight. The scales and zero
 * points are kept and used as precomputed values when the weight is compressed, so the decompression
 * subgraph is the usual one. Weights GPTQ does not handle (INT8 backups, embeddings, convolutions) are
 * compressed as usual.
 */
final class GptqStep {
  private static final System.Logger LOG = System.getLogger(GptqStep.class.getName());

  /**
   * The precomputed parameters of one GPTQ-quantized weight, in the layout of its grouped scale.
   *
   * @param scale float32 scales
   * @param zeroPoint zero points (INT4_ASYM), else null
   */
  record Params(float[] scale, int @org.jspecify.annotations.Nullable [] zeroPoint) {}

  private final Map<String, Params> params;

  private GptqStep(Map<String, Params> params) {
    this.params = params;
  }

  /**
   * Runs GPTQ over the plan's 4-bit MatMul weights, changing their Constants in {@code model}.
   *
   * @throws UnsupportedModelException for a GPTQ weight that is not a 2-D weight on port 1 with
   *     transpose_b=True, or whose MatMul has transposed activations
   */
  static GptqStep apply(Model model, CompressionPlan plan, CompressWeightsOptions options, Engine engine) {
    GptqParameters gp = options.advancedParameters().gptq();
    List<WeightAssignment> targets = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (WeightAssignment a : plan.assignments()) {
      if (!a.isCompressed() || a.site().kind() != OpKind.MATMUL) {
        continue;
      }
      CompressWeightsMode mode = Objects.requireNonNull(a.config()).mode();
      if (mode == CompressWeightsMode.INT8_SYM || mode == CompressWeightsMode.INT8_ASYM) {
        continue; // NNCF's GPTQ skips 8-bit weights
      }
      if (seen.add(a.site().weightName())) {
        check(a);
        targets.add(a);
      }
    }
    Map<String, Params> out = new HashMap<>();
    if (targets.isEmpty()) {
      return new GptqStep(out);
    }
    // MatMuls that share an input are visited in the same layer-wise step
    Map<Output, List<WeightAssignment>> byInput = new LinkedHashMap<>();
    for (WeightAssignment a : targets) {
      // Output has identity equality
      byInput.computeIfAbsent(a.site().op().input(0).source(), k -> new ArrayList<>()).add(a);
    }
    LayerwiseEngine layers = LayerwiseEngine.create(model, List.copyOf(byInput.keySet()),
        options.dataset().orElseThrow(), gp.subsetSize(), engine);
    List<List<WeightAssignment>> groups = List.copyOf(byInput.values());
    while (layers.hasNext()) {
      LayerwiseEngine.Step step = layers.next();
      for (WeightAssignment a : groups.get(step.index())) {
        out.put(a.site().weightName(), quantize(a, step.samples(), gp, options.scaleEstimation()));
      }
    }
    LOG.log(Level.INFO, "GPTQ" + (options.scaleEstimation() ? " with scale estimation" : "") + ": "
        + out.size() + " weights over " + layers.samples() + " samples");
    return new GptqStep(out);
  }

  /** NNCF's GPTQ preconditions for one weight. */
  private static void check(WeightAssignment a) {
    WeightSite site = a.site();
    var attrs = site.op().attributes();
    if (site.port() != 1) {
      throw new UnsupportedModelException("GPTQ: the weight of " + site.op().name()
          + " is on MatMul port 0; jvino's GPTQ needs the weight on port 1");
    }
    if (attrs.bool("transpose_a", false)) {
      throw new UnsupportedModelException("Transposed activations are not supported yet for the GPTQ algorithm ("
          + site.op().name() + ")");
    }
    if (site.shape().length != 2) {
      throw new UnsupportedModelException("GPTQ in jvino supports 2-D MatMul weights only; " + site + " has shape "
          + Arrays.toString(site.shape()));
    }
    WeightCompressionConfig config = Objects.requireNonNull(a.config());
    if (config.mode() == CompressWeightsMode.CODEBOOK && config.codebookType() != dev.jvino.ir.ElementType.F32) {
      throw new UnsupportedModelException("GPTQ in jvino supports f32 codebooks only; " + site + " has a "
          + config.codebookType() + " codebook");
    }
    if (!attrs.bool("transpose_b", false)) {
      throw new UnsupportedModelException("Transpose is not supported: GPTQ needs transpose_b=True for " + site);
    }
  }

  private static Params quantize(WeightAssignment a, List<NdArray> samples, GptqParameters gp, boolean estimate) {
    WeightSite site = a.site();
    WeightCompressionConfig config = Objects.requireNonNull(a.config());
    long[] shape = site.shape();
    int out = (int) shape[0];
    int in = (int) shape[1];
    Gptq.Hessian h = new Gptq.Hessian(in);
    for (NdArray x : samples) {
      try {
        h.add(x);
      } catch (IllegalArgumentException e) {
        throw new UnsupportedModelException("GPTQ: input of " + site.op().name() + ": " + e.getMessage());
      }
    }
    boolean integer = config.mode() == CompressWeightsMode.INT4_SYM || config.mode() == CompressWeightsMode.INT4_ASYM;
    Gptq.Means means = estimate && integer ? means(samples, in) : null;
    float[] weight = site.constant().constantData().toFloatArray();
    Gptq.Result r = Gptq.quantize(site.op().name(), weight, out, in, h.matrix(), config.mode(), config.codebook(),
        config.groupSize(), gp.dampPercent(), gp.blockSize(), means);
    site.constant().setConstant(ConstantData.ofFloats(site.dtype(), shape, r.weight()));
    return new Params(r.scale(), r.zeroPoint());
  }

  /** NNCF's {@code activations_to_wc_statistics} then {@code process_stats} with scale estimation's subset. */
  static Gptq.Means means(List<NdArray> samples, int in) {
    List<NdArray> m = new ArrayList<>();
    List<long[]> shapes = new ArrayList<>();
    for (NdArray x : samples) {
      float[] v = x.toFloatArray();
      int rows = v.length / in;
      double[] acc = new double[in];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < in; c++) {
          acc[c] += v[r * in + c];
        }
      }
      float[] mean = new float[in];
      for (int c = 0; c < in; c++) {
        mean[c] = (float) (acc[c] / rows);
      }
      m.add(NdArray.f32(new long[] {in}, mean));
      shapes.add(x.shape());
    }
    WeightCompressionStats.Processed p = new WeightCompressionStats(m, shapes)
        .process(Gptq.SCALE_ESTIMATION.subsetSize());
    return new Gptq.Means(p.s().toFloatArray(), p.x().toFloatArray(), (int) p.x().shape()[1]);
  }

  /** The scale (and zero point) GPTQ chose for a weight, if GPTQ quantized it. */
  java.util.Optional<Params> precomputed(String weightName) {
    return java.util.Optional.ofNullable(params.get(weightName));
  }

  /**
   * Compresses one weight: a GPTQ weight with its precomputed scale (and zero point), any other weight as
   * {@link WeightCompressor#compressOne(Model, WeightAssignment)} does.
   */
  DecompressionSubgraph.Built compressOne(Model model, WeightAssignment a) {
    Params p = params.get(a.site().weightName());
    if (p == null) {
      return WeightCompressor.compressOne(model, a);
    }
    WeightSite site = a.site();
    WeightCompressionConfig config = Objects.requireNonNull(a.config());
    float[] weight = site.constant().constantData().toFloatArray();
    CompressedWeight cw = WeightLowering.lowerWithScale(weight, site.shape(), 1, config.mode(), config.groupSize(),
        p.scale(), p.zeroPoint(), config.codebook());
    LoweredWeight low = new LoweredWeight(cw, cw.codes(), cw.grouping().groupedShape(), cw.grouping().scaleShape());
    return DecompressionSubgraph.insert(model, site, config, low);
  }
}
