package dev.jvino.nncf.quantization.channelalignment;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Input;
import dev.jvino.ir.Model;
import dev.jvino.ir.NncfOrder;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.nncf.quantization.bias.BiasLayer;
import dev.jvino.nncf.quantization.channelalignment.AlignmentMath.Array;
import dev.jvino.nncf.statistics.Collectors;
import dev.jvino.nncf.statistics.OfflineAggregator;
import dev.jvino.nncf.statistics.Reducer;
import dev.jvino.nncf.statistics.StatisticPoint;
import dev.jvino.nncf.statistics.StatisticValue;
import dev.jvino.nncf.statistics.TargetPoint;
import dev.jvino.nncf.statistics.TensorCollector;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * NNCF's {@code ChannelAlignment} for OpenVINO models. It finds producer -> (bias Add) -> consumer
 * convolution pairs, collects per channel the median over the calibration samples of the 1e-4 and
 * 0.9999 quantiles of the producer's (biased) output, then rewrites both layers so that the producer's
 * activations are centred on zero ({@link AlignmentMath#alignMeans}) and have comparable ranges across
 * channels ({@link AlignmentMath#alignScales}), while the pair still computes the same function.
 *
 * <p>Producers are Convolutions and GroupConvolutions with a constant weight (the scales are only applied
 * to a grouped producer with one output channel per group, as in NNCF); consumers are
 * Convolutions with a constant weight, no padding, unit strides and dilations. The producer (and its
 * bias Add) must feed only the consumer. A missing bias is inserted as an {@code Add} named
 * {@code <layer>/nncf_null_bias_}.
 */
public final class ChannelAlignment {
  /** The statistic points' algorithm key. */
  public static final String ALGORITHM = "ChannelAlignment";
  /** NNCF's low quantile; the high one is {@code 1 - QUANTILE}. */
  public static final double QUANTILE = 1e-4;
  private static final double EPS = Math.ulp(1.0f); // numpy finfo(float32).eps
  private static final System.Logger LOG = System.getLogger(ChannelAlignment.class.getName());

  private final int subsetSize;

  /** @param subsetSize the number of calibration samples for the statistics */
  public ChannelAlignment(int subsetSize) {
    if (subsetSize < 1) {
      throw new IllegalArgumentException("subset_size must be positive, got " + subsetSize);
    }
    this.subsetSize = subsetSize;
  }

  /**
   * A matched pair.
   *
   * @param producer the first layer
   * @param add its bias Add between the layers, or null when the producer feeds the consumer directly
   * @param consumer the second layer
   */
  public record Pair(Node producer, @Nullable Node add, Node consumer) {
    /** The node whose output the statistics are taken on. */
    public Node statisticNode() {
      return add != null ? add : producer;
    }
  }

  /** What one pair got: the producer's per-channel activation midpoints and ranges that were aligned. */
  public record Alignment(String producer, String consumer, float[] amean, float[] ascale) {}

  /** The pairs of {@code model}, in NNCF's node order, none sharing a node. */
  public List<Pair> pairs(Model model) {
    List<Pair> out = new ArrayList<>();
    Set<Node> used = new HashSet<>();
    for (Node n : NncfOrder.idOrder(model)) {
      if (!isProducer(n) || used.contains(n)) {
        continue;
      }
      List<Input> consumers = n.output(0).consumers();
      if (consumers.size() != 1) {
        continue;
      }
      Node next = consumers.get(0).node();
      Node add = null;
      Node bias = next.is("Add") ? biasConstant(next, consumers.get(0).index()) : null;
      if (bias != null && bias.constantData().elementCount() != n.output(0).shape().get(1).length()) {
        continue; // not a per-channel bias
      }
      if (bias != null) {
        List<Input> after = next.output(0).consumers();
        if (after.size() != 1) {
          continue;
        }
        add = next;
        next = after.get(0).node();
      }
      if (!isConsumer(next) || next.input(0).source().node() != (add != null ? add : n) || used.contains(next)) {
        continue;
      }
      var outBias = BiasLayer.of(next);
      if (outBias.isPresent() && outBias.get().biasConstant().constantData().elementCount()
          != next.output(0).shape().get(1).length()) {
        continue; // the consumer's bias is not per channel
      }
      out.add(new Pair(n, add, next));
      used.add(n);
      used.add(next);
    }
    return out;
  }

  /** NNCF's producer: a (group) convolution with a constant weight; its strides and padding do not matter. */
  private static boolean isProducer(Node n) {
    boolean conv = n.is("Convolution") || n.is("GroupConvolution");
    return conv && weightConstant(n) != null && n.inputs().size() == 2;
  }

  /** A Convolution with a constant weight, no padding, unit strides and dilations (NNCF's consumer check). */
  static boolean isConsumer(Node n) {
    if (!n.is("Convolution") || weightConstant(n) == null) {
      return false;
    }
    var a = n.attributes();
    for (String k : List.of("pads_begin", "pads_end")) {
      for (long v : a.integers(k, new long[0])) {
        if (v != 0) {
          return false;
        }
      }
    }
    for (String k : List.of("strides", "dilations")) {
      for (long v : a.integers(k, new long[0])) {
        if (v != 1) {
          return false;
        }
      }
    }
    String pad = a.string("auto_pad", "explicit");
    if (pad.startsWith("same")) {
      var w = n.input(1).shape();
      if (!w.isStatic()) {
        return false;
      }
      long[] d = w.toLongArray();
      for (int i = 2; i < d.length; i++) {
        if (d[i] != 1) {
          return false; // implicit padding
        }
      }
    }
    return true;
  }

  /** The float constant behind input 1 (possibly through a Convert), used by no other layer; else null. */
  private static @Nullable Node weightConstant(Node n) {
    Node w = n.inputNode(1);
    Node c = w.is("Convert") ? w.inputNode(0) : w;
    if (!c.is("Constant") || w.output(0).consumers().size() != 1 || c.output(0).consumers().size() != 1
        || !c.constantData().elementType().isFloatingPoint()) {
      return null;
    }
    return c;
  }

  private static @Nullable Node biasConstant(Node add, int dataPort) {
    Node other = add.inputNode(1 - dataPort);
    Node c = other.is("Convert") ? other.inputNode(0) : other;
    return c.is("Constant") && c.constantData().elementType().isFloatingPoint() ? c : null;
  }

  /**
   * Per pair, on output 0 of the bias Add (or of the producer): the 1e-4 and 0.9999 quantiles over the
   * spatial axes, their median over the samples and the batch axis.
   */
  public List<StatisticPoint> statisticPoints(Model model) {
    List<StatisticPoint> points = new ArrayList<>();
    for (Pair p : pairs(model)) {
      int rank = p.statisticNode().output(0).shape().rank();
      List<Integer> axes = new ArrayList<>();
      for (int d = 2; d < rank; d++) {
        axes.add(d);
      }
      Reducer q = new Reducer.Quantile(axes, List.of(QUANTILE, 1 - QUANTILE));
      TensorCollector c = new TensorCollector()
          .register(Collectors.MIN, q, 0, median())
          .register(Collectors.MAX, q, 1, median());
      points.add(new StatisticPoint(TargetPoint.postLayer(p.statisticNode().name(), 0), c, ALGORITHM));
    }
    return points;
  }

  private OfflineAggregator median() {
    return new OfflineAggregator(OfflineAggregator.Kind.MEDIAN, List.of(0, 1), OptionalInt.of(subsetSize), 0.01);
  }

  /** Rewrites the pairs of {@code model} in place from the collected {@code points}. */
  public List<Alignment> apply(Model model, List<StatisticPoint> points) {
    List<Alignment> done = new ArrayList<>();
    for (Pair p : pairs(model)) {
      TensorCollector c =
          StatisticPoint.find(points, ALGORITHM, TargetPoint.postLayer(p.statisticNode().name(), 0));
      StatisticValue lo = c == null ? null : c.statistic(Collectors.MIN);
      StatisticValue hi = c == null ? null : c.statistic(Collectors.MAX);
      if (!(lo instanceof StatisticValue.Tensor) || !(hi instanceof StatisticValue.Tensor)) {
        LOG.log(Level.DEBUG, "Skipping channel alignment of {0} and {1}: no statistics", p.producer().name(),
            p.consumer().name());
        continue;
      }
      double[] min = lo.tensor().toDoubleArray();
      double[] max = hi.tensor().toDoubleArray();
      done.add(align(p, min, max));
    }
    return done;
  }

  private Alignment align(Pair p, double[] min, double[] max) {
    int channels = min.length;
    double[] amean = new double[channels];
    double[] ascale = new double[channels];
    boolean anyScale = false;
    for (int i = 0; i < channels; i++) {
      amean[i] = (max[i] + min[i]) * 0.5;
      ascale[i] = (float) (max[i] - min[i]);
      anyScale |= ascale[i] > EPS;
    }
    Node inW = weightConstant(p.producer());
    Node outW = weightConstant(p.consumer());
    Array weightIn = array(inW.constantData());
    Array weightOut = array(outW.constantData());
    Node inBias = p.add() == null ? null : biasConstant(p.add(), p.add().input(0).source().node() == p.producer() ? 0 : 1);
    BiasLayer outLayer = BiasLayer.of(p.consumer()).orElse(null);
    Array biasIn = inBias != null ? array(inBias.constantData()) : zeros(p.producer());
    Array biasOut = outLayer != null ? array(outLayer.biasConstant().constantData()) : zeros(p.consumer());
    LayoutDescriptor inLayout = layout(p.producer());
    LayoutDescriptor outLayout = layout(p.consumer());

    AlignmentMath.Means m = AlignmentMath.alignMeans(biasIn, biasOut, weightOut, amean, outLayout);
    biasIn = m.biasIn();
    biasOut = m.biasOut();
    if (anyScale) {
      AlignmentMath.Scales s = AlignmentMath.alignScales(weightIn, weightOut, biasIn, ascale, inLayout, outLayout,
          EPS);
      weightIn = s.weightIn();
      weightOut = s.weightOut();
      biasIn = s.biasIn();
    }
    set(inW, weightIn);
    set(outW, weightOut);
    writeBias(p.producer(), inBias, biasIn);
    writeBias(p.consumer(), outLayer == null ? null : outLayer.biasConstant(), biasOut);
    return new Alignment(p.producer().name(), p.consumer().name(), floats(amean), floats(ascale));
  }

  /** NNCF's OpenVINO weight layouts: [C_OUT, C_IN, ...] or, grouped, [GROUPS, C_OUT, C_IN, ...]. */
  static LayoutDescriptor layout(Node n) {
    return n.is("GroupConvolution") ? new LayoutDescriptor(0, 2, 1) : new LayoutDescriptor(0, 1, 1);
  }

  private static Array zeros(Node layer) {
    int rank = layer.output(0).shape().rank();
    long channels = layer.output(0).shape().get(1).length();
    long[] shape = new long[rank];
    java.util.Arrays.fill(shape, 1);
    shape[1] = channels;
    return new Array(shape, new double[(int) channels]);
  }

  private static void writeBias(Node layer, @Nullable Node constant, Array value) {
    if (constant != null) {
      set(constant, value);
      return;
    }
    String name = layer.name() + "/nncf_null_bias_";
    ElementType type = layer.output(0).elementType();
    Node c = Ops.constant(name + "/bias_value", ConstantData.ofFloats(type, value.shape(), floats(value.values())));
    List<Input> consumers = List.copyOf(layer.output(0).consumers());
    Node add = Ops.add(layer.output(0), c.output());
    add.setName(name);
    for (Input in : consumers) {
      in.connect(add.output(0));
    }
  }

  private static Array array(ConstantData d) {
    return new Array(d.shape(), d.toDoubleArray());
  }

  private static void set(Node constant, Array value) {
    ConstantData old = constant.constantData();
    constant.setConstant(ConstantData.ofFloats(old.elementType(), old.shape(), floats(value.values())));
  }

  private static float[] floats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }


}
