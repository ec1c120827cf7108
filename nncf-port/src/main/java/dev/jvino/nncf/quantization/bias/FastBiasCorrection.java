package dev.jvino.nncf.quantization.bias;

import dev.jvino.engine.CompiledModel;
import dev.jvino.engine.Engine;
import dev.jvino.engine.InferSession;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Submodels;
import dev.jvino.nncf.statistics.Collectors;
import dev.jvino.nncf.statistics.Reducer;
import dev.jvino.nncf.statistics.StatisticPoint;
import dev.jvino.nncf.statistics.TargetPoint;
import dev.jvino.nncf.statistics.TensorCollector;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * NNCF's {@code FastBiasCorrection}: after MinMax has quantized the weights, each Convolution or MatMul
 * with a bias is run alone (with its weight quantizer) on an input in which every channel holds the
 * float model's mean of that channel; the difference between the float model's per-channel output mean
 * and this quantized output mean is added to the bias, unless it would change the bias by
 * {@code threshold} times its magnitude or more (any zero bias element skips the layer).
 *
 * <p>Two phases, as NNCF's algorithms: {@link #statisticPoints} on the float model (collected in the
 * same pass as MinMax's statistics), then {@link #apply} on the quantized model.
 */
public final class FastBiasCorrection {
  /** NNCF's {@code FAST_BIAS_CORRECTION_THRESHOLD}. */
  public static final double DEFAULT_THRESHOLD = 2.0;
  /** The algorithm key of its statistic points. */
  public static final String ALGORITHM = "FastBiasCorrection";
  private static final System.Logger LOG = System.getLogger(FastBiasCorrection.class.getName());

  private final int subsetSize;
  private final double threshold;
  private final boolean inplaceStatistics;

  /**
   * @param subsetSize samples for the float statistics (NNCF passes the quantize call's subset size)
   * @param threshold the largest allowed {@code max|shift / bias|}, exclusive
   * @param inplaceStatistics compute the means inside the model
   */
  public FastBiasCorrection(int subsetSize, double threshold, boolean inplaceStatistics) {
    if (subsetSize < 1) {
      throw new IllegalArgumentException("subset_size must be positive, got " + subsetSize);
    }
    if (!(threshold > 0)) {
      throw new IllegalArgumentException("bias correction threshold must be positive, got " + threshold);
    }
    this.subsetSize = subsetSize;
    this.threshold = threshold;
    this.inplaceStatistics = inplaceStatistics;
  }

  /** One layer's outcome. */
  public record Correction(String node, float[] shift, double magnitude, boolean applied) {}

  /**
   * The float statistics: for each bias layer, the per-channel mean (and shape) of its activation input
   * and the per-channel mean of its output before the bias.
   */
  public List<StatisticPoint> statisticPoints(Model model) {
    List<StatisticPoint> points = new ArrayList<>();
    for (Node n : model.ops()) {
      BiasLayer layer = BiasLayer.of(n).orElse(null);
      if (layer == null) {
        continue;
      }
      int rank = n.input(layer.activationPort()).shape().rank();
      int inAxis = layer.activationChannelAxis(rank);
      points.add(new StatisticPoint(TargetPoint.preLayer(n.name(), layer.activationPort()),
          Collectors.mean(inAxis, OptionalInt.of(subsetSize), inplaceStatistics), ALGORITHM));
      points.add(new StatisticPoint(TargetPoint.postLayer(n.name(), 0),
          Collectors.mean(layer.outputChannelAxis(), OptionalInt.of(subsetSize), inplaceStatistics), ALGORITHM));
    }
    return points;
  }

  /**
   * Corrects the biases of {@code quantized} in place from the collected {@code points} (those returned
   * by {@link #statisticPoints} for the float model, after collection), running each layer's submodel on
   * {@code engine}.
   *
   * @return one entry per bias layer whose weights are quantized, in model order
   */
  public List<Correction> apply(Model quantized, List<StatisticPoint> points, Engine engine) {
    List<Correction> out = new ArrayList<>();
    for (Node n : dev.jvino.ir.NncfOrder.idOrder(quantized)) {
      BiasLayer layer = BiasLayer.of(n).orElse(null);
      if (layer == null) {
        continue;
      }
      if (!layer.hasQuantizedWeights()) {
        LOG.log(Level.DEBUG, "Skipping node {0} because weights were not quantized", n.name());
        continue;
      }
      TensorCollector in =
          StatisticPoint.find(points, ALGORITHM, TargetPoint.preLayer(n.name(), layer.activationPort()));
      TensorCollector fpOut = StatisticPoint.find(points, ALGORITHM, TargetPoint.postLayer(n.name(), 0));
      if (in == null || fpOut == null) {
        LOG.log(Level.DEBUG, "Skipping node {0}: no float statistics were collected for it", n.name());
        continue;
      }
      NdArray inMean = in.statistic(Collectors.MEAN).tensor();
      long[] inShape = in.statistic(Collectors.SHAPE).tensor().toLongArray();
      NdArray outMean = fpOut.statistic(Collectors.MEAN).tensor();
      float[] shift = shift(quantized, layer, inShape, inMean, outMean, engine);
      out.add(update(layer, shift));
    }
    return out;
  }



  /** {@code fp_out_mean - mean_per_channel(layer(quantized weights)(blob of input means))}. */
  private static float[] shift(Model model, BiasLayer layer, long[] inShape, NdArray inMean, NdArray outMean,
      Engine engine) {
    Node n = layer.node();
    Model sub = Submodels.extract(model, List.of(new Submodels.PortRef(n.name(), layer.activationPort())),
        List.of(new Submodels.PortRef(n.name(), 0)));
    ElementType type = n.input(layer.activationPort()).elementType();
    NdArray blob = channelBlob(type, inShape, layer.activationChannelAxis(inShape.length), inMean.toFloatArray());
    CompiledModel compiled = engine.compile(sub);
    InferSession session = compiled.createSession();
    NdArray raw = session.infer(List.of(blob)).get(0);
    float[] qMean = new Reducer.MeanPerChannel(layer.outputChannelAxis(), false).reduce(raw).get(0).toFloatArray();
    float[] fp = outMean.toFloatArray();
    if (fp.length != qMean.length) {
      throw new IllegalStateException("bias correction of " + n.name() + ": float statistics have " + fp.length
          + " channels, the quantized layer " + qMean.length);
    }
    float[] shift = new float[fp.length];
    for (int c = 0; c < fp.length; c++) {
      shift[c] = fp[c] - qMean[c];
    }
    return shift;
  }

  /** NNCF's {@code create_input_data}: zeros of {@code shape} with channel {@code c} set to {@code means[c]}. */
  static NdArray channelBlob(ElementType type, long[] shape, int axis, float[] means) {
    if (shape[axis] != means.length) {
      throw new IllegalStateException("input mean has " + means.length + " channels, the input shape "
          + java.util.Arrays.toString(shape) + " has " + shape[axis] + " on axis " + axis);
    }
    int size = 1;
    for (long d : shape) {
      size = Math.multiplyExact(size, Math.toIntExact(d));
    }
    int inner = 1;
    for (int d = axis + 1; d < shape.length; d++) {
      inner *= (int) shape[d];
    }
    float[] data = new float[size];
    for (int i = 0; i < size; i++) {
      data[i] = means[(int) ((i / inner) % shape[axis])];
    }
    return NdArray.ofFloats(type, shape, data);
  }

  private Correction update(BiasLayer layer, float[] shift) {
    Node constant = layer.biasConstant();
    ConstantData bias = constant.constantData();
    long[] shape = bias.shape();
    int rank = shape.length;
    int axis = rank <= 1 ? 0 : (layer.outputChannelAxis() < 0 ? layer.outputChannelAxis() + rank : layer.outputChannelAxis());
    long channels = rank == 0 ? 1 : shape[axis];
    if (channels != shift.length) {
      LOG.log(Level.DEBUG, "Skipping node {0}: bias has {1} channels, the shift {2}", layer.node().name(), channels,
          shift.length);
      return new Correction(layer.node().name(), shift, Double.POSITIVE_INFINITY, false);
    }
    int inner = 1;
    for (int d = axis + 1; d < rank; d++) {
      inner *= (int) shape[d];
    }
    float[] b = bias.toFloatArray();
    float[] updated = new float[b.length];
    boolean zero = false;
    double magnitude = 0;
    for (int i = 0; i < b.length; i++) {
      updated[i] = b[i] + shift[(int) ((i / inner) % channels)];
      zero |= b[i] == 0f;
      magnitude = Math.max(magnitude, Math.abs((updated[i] - b[i]) / b[i]));
    }
    if (zero) {
      magnitude = Double.POSITIVE_INFINITY;
    }
    boolean apply = magnitude < threshold;
    if (apply) {
      constant.setConstant(ConstantData.ofFloats(bias.elementType(), shape, updated));
      LOG.log(Level.DEBUG, "{0} bias would be changed", layer.node().name());
    } else {
      LOG.log(Level.DEBUG, "{0} bias skipped by threshold. Magnitude: {1}", layer.node().name(), magnitude);
    }
    return new Correction(layer.node().name(), shift, magnitude, apply);
  }

  /** The samples its statistics need. */
  public int subsetSize() {
    return subsetSize;
  }
}
