package dev.jvino.nncf.quantization.smoothquant;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.Input;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.nncf.statistics.Collectors;
import dev.jvino.nncf.statistics.ExtremumAggregator;
import dev.jvino.nncf.statistics.NoopAggregator;
import dev.jvino.nncf.statistics.Reducer;
import dev.jvino.nncf.statistics.StatisticPoint;
import dev.jvino.nncf.statistics.TargetPoint;
import dev.jvino.nncf.statistics.TensorCollector;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * NNCF's {@code SmoothQuant} for OpenVINO models: moves activation outliers into the weights of
 * MatMuls (and Convolutions, when their alpha is not negative). For each layer, {@code a} is the
 * abs-max of its activation per input channel over the calibration samples and {@code w} the abs-max of
 * its weight per input channel; the scale is {@code a^alpha / (w^(1-alpha) + eps)}, clipped to
 * {@code [quantile(scale, 0.1), 100]}. Layers reading the same producer output share one scale (the one
 * with the largest min/max ratio): their weights are multiplied by it along the input channels, and a
 * Multiply by its inverse, named {@code <producer>_<port>_<k>/nncf_smooth_quant}, is inserted after the
 * producer for them.
 */
public final class SmoothQuant {
  /** The statistic points' algorithm key. */
  public static final String ALGORITHM = "SmoothQuant";
  private static final String ABS_MAX = "abs_max";
  private static final float EPS = Math.ulp(1.0f); // numpy finfo(float32).eps
  private static final System.Logger LOG = System.getLogger(SmoothQuant.class.getName());

  private final int subsetSize;
  private final boolean inplaceStatistics;
  private final double matmulAlpha;
  private final double convolutionAlpha;
  private final java.util.function.Predicate<Node> quantizationAgnostic;

  /**
   * @param matmulAlpha alpha for MatMul layers; negative skips them
   * @param convolutionAlpha alpha for Convolution layers; negative skips them
   * @param quantizationAgnostic NNCF's quantization-agnostic ops: a Convolution fed by one is not smoothed
   */
  public SmoothQuant(int subsetSize, boolean inplaceStatistics, double matmulAlpha, double convolutionAlpha,
      java.util.function.Predicate<Node> quantizationAgnostic) {
    if (subsetSize < 1) {
      throw new IllegalArgumentException("subset_size must be positive, got " + subsetSize);
    }
    this.subsetSize = subsetSize;
    this.inplaceStatistics = inplaceStatistics;
    this.matmulAlpha = matmulAlpha;
    this.convolutionAlpha = convolutionAlpha;
    this.quantizationAgnostic = Objects.requireNonNull(quantizationAgnostic);
  }

  /** Whether any alpha enables the algorithm. */
  public boolean enabled() {
    return matmulAlpha >= 0 || convolutionAlpha >= 0;
  }

  /** A layer to smooth: the MatMul or Convolution with its constant weight and single activation port. */
  record Smoothable(Node node, int activationPort, int weightPort, Node weightConstant, double alpha) {}

  List<Smoothable> layers(Model model) {
    List<Smoothable> out = new ArrayList<>();
    for (Node n : dev.jvino.ir.NncfOrder.idOrder(model)) {
      double alpha;
      if (n.is("MatMul")) {
        alpha = matmulAlpha;
      } else if (n.is("Convolution")) {
        alpha = convolutionAlpha;
      } else {
        continue;
      }
      if (alpha < 0) {
        continue;
      }
      Node c0 = weightConstant(n.inputNode(0));
      Node c1 = weightConstant(n.inputNode(1));
      if ((c0 == null) == (c1 == null)) {
        continue; // no constant weight, or no activation
      }
      int weightPort = c1 != null ? 1 : 0;
      Node constant = c1 != null ? c1 : c0;
      int activationPort = 1 - weightPort;
      if (n.is("Convolution") && quantizationAgnostic.test(n.inputNode(activationPort))) {
        continue;
      }
      if (n.inputNode(weightPort).output(0).consumers().size() > 1) {
        continue; // shared weight
      }
      out.add(new Smoothable(n, activationPort, weightPort, constant, alpha));
    }
    return out;
  }

  private static Node weightConstant(Node n) {
    if (n.is("Constant")) {
      return n;
    }
    if (n.is("Convert") && n.inputNode(0).is("Constant")) {
      return n.inputNode(0);
    }
    return null;
  }

  /** The activation channel axis (negative for MatMul, as NNCF's port-based axis). */
  static int activationChannelAxis(Node n, int port) {
    if (!n.is("MatMul")) {
      return 1;
    }
    boolean transpose = n.attributes().bool(port == 0 ? "transpose_a" : "transpose_b", false);
    return transpose ? -2 + port : -1 - port;
  }

  /** The weight's input-channel axis (NNCF's {@code C_IN} of the weight layout), non-negative. */
  static int weightChannelAxis(Smoothable s, int rank) {
    if (!s.node().is("MatMul")) {
      return 1;
    }
    boolean transpose = s.node().attributes().bool(s.weightPort() == 0 ? "transpose_a" : "transpose_b", false);
    if (rank == 1) {
      return 0;
    }
    // weight on port 1: [.., C_IN, C_OUT] unless transposed; on port 0: [.., C_OUT, C_IN] unless transposed
    boolean last = s.weightPort() == 1 ? transpose : !transpose;
    return last ? rank - 1 : rank - 2;
  }

  /** Per layer: the abs-max of the activation over every axis but its channel axis (max over samples), and its shape. */
  public List<StatisticPoint> statisticPoints(Model model) {
    List<StatisticPoint> points = new ArrayList<>();
    for (Smoothable s : layers(model)) {
      Input in = s.node().input(s.activationPort());
      int rank = in.shape().rank();
      List<Integer> axes = new ArrayList<>();
      if (rank > 1) {
        int c = activationChannelAxis(s.node(), s.activationPort());
        int channel = c < 0 ? c + rank : c;
        for (int d = 0; d < rank; d++) {
          if (d != channel) {
            axes.add(d);
          }
        }
      }
      TensorCollector collector = new TensorCollector()
          .register(ABS_MAX, new Reducer.AbsMax(axes, inplaceStatistics), ExtremumAggregator.max(OptionalInt.of(subsetSize)))
          .register(Collectors.SHAPE, new Reducer.Shape(inplaceStatistics), new NoopAggregator(OptionalInt.of(1), true));
      points.add(new StatisticPoint(TargetPoint.preLayer(s.node().name(), s.activationPort()), collector, ALGORITHM));
    }
    return points;
  }

  /** What one producer group got. */
  public record Smoothing(String multiplyName, List<String> layers, float[] activationScale) {}

  /** Applies the scales to {@code model} in place, from the collected {@code points}. */
  public List<Smoothing> apply(Model model, List<StatisticPoint> points) {
    record Group(Node source, int outputPort, int inputPort, List<Long> shape) {}
    Map<Group, List<Smoothable>> groups = new LinkedHashMap<>();
    Map<Smoothable, float[]> activations = new HashMap<>();
    for (Smoothable s : layers(model)) {
      TensorCollector c =
          StatisticPoint.find(points, ALGORITHM, TargetPoint.preLayer(s.node().name(), s.activationPort()));
      if (c == null) {
        continue;
      }
      long[] shape = c.statistic(Collectors.SHAPE).tensor().toLongArray();
      activations.put(s, c.statistic(ABS_MAX).tensor().toFloatArray());
      Output src = s.node().input(s.activationPort()).source();
      groups.computeIfAbsent(new Group(src.node(), src.index(), s.activationPort(),
          Arrays.stream(shape).boxed().toList()), k -> new ArrayList<>()).add(s);
    }
    Map<String, Integer> names = new HashMap<>();
    List<Smoothing> out = new ArrayList<>();
    for (Map.Entry<Group, List<Smoothable>> e : groups.entrySet()) {
      float[] best = null;
      double bestRatio = 0;
      for (Smoothable s : e.getValue()) {
        float[] a = clip(activations.get(s));
        float[] w = clip(weightStatistic(s));
        ScaleRatio sr = scaleAndRatio(a, w, s.alpha());
        if (sr.ratio() > bestRatio) {
          bestRatio = sr.ratio();
          best = sr.scale();
        }
      }
      Group g = e.getKey();
      if (best == null) {
        LOG.log(Level.DEBUG, "Skipped SmoothQuant for nodes after {0} because of the empty scale.", g.source().name());
        continue;
      }
      for (Smoothable s : e.getValue()) {
        scaleWeight(s, best);
      }
      String base = g.source().name() + "_" + g.outputPort();
      int k = names.merge(base, 1, Integer::sum) - 1;
      String name = base + "_" + k + "/nncf_smooth_quant";
      float[] inv = new float[best.length];
      for (int i = 0; i < inv.length; i++) {
        inv[i] = (float) Math.pow(best[i], -1);
      }
      long[] scaleShape = activationScaleShape(g.shape(), activationChannelAxis(e.getValue().get(0).node(), g.inputPort()),
          inv.length);
      Output src = g.source().output(g.outputPort());
      Node scale = Ops.constant(name + "/scale", ConstantData.ofFloats(src.elementType(), scaleShape, inv));
      Node mul = Ops.multiply(src, scale.output());
      mul.setName(name);
      for (Smoothable s : e.getValue()) {
        s.node().input(s.activationPort()).connect(mul.output());
      }
      out.add(new Smoothing(name, e.getValue().stream().map(s -> s.node().name()).toList(), inv));
    }
    return out;
  }

  private static long[] activationScaleShape(List<Long> shape, int channelAxis, int size) {
    int rank = shape.size();
    if (rank <= 1) {
      return new long[] {size};
    }
    long[] s = new long[rank];
    Arrays.fill(s, 1);
    s[channelAxis < 0 ? channelAxis + rank : channelAxis] = size;
    return s;
  }

  /** max|W| over every axis but the input-channel axis. */
  private static float[] weightStatistic(Smoothable s) {
    ConstantData w = s.weightConstant().constantData();
    long[] shape = w.shape();
    int axis = shape.length > 1 ? weightChannelAxis(s, shape.length) : 0;
    float[] v = w.toFloatArray();
    int channels = shape.length == 0 ? 1 : (int) shape[axis];
    int inner = 1;
    for (int d = axis + 1; d < shape.length; d++) {
      inner *= (int) shape[d];
    }
    float[] out = new float[channels];
    for (int i = 0; i < v.length; i++) {
      int c = (i / inner) % channels;
      out[c] = Math.max(out[c], Math.abs(v[i]));
    }
    return out;
  }

  private static void scaleWeight(Smoothable s, float[] scale) {
    ConstantData w = s.weightConstant().constantData();
    long[] shape = w.shape();
    int axis = shape.length > 1 ? weightChannelAxis(s, shape.length) : 0;
    int inner = 1;
    for (int d = axis + 1; d < shape.length; d++) {
      inner *= (int) shape[d];
    }
    int channels = shape.length == 0 ? 1 : (int) shape[axis];
    if (channels != scale.length) {
      throw new IllegalStateException("SmoothQuant: weight of " + s.node().name() + " has " + channels
          + " input channels, the scale " + scale.length);
    }
    float[] v = w.toFloatArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i] * scale[(i / inner) % channels];
    }
    s.weightConstant().setConstant(ConstantData.ofFloats(w.elementType(), shape, v));
  }

  /** NNCF's {@code _clip_statistics}: squeezed and at least 1e-5. */
  static float[] clip(float[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = Math.max(v[i], 1e-5f);
    }
    return out;
  }

  record ScaleRatio(float[] scale, double ratio) {}

  /** NNCF's {@code _calculate_scale_and_ratio} in float32. */
  static ScaleRatio scaleAndRatio(float[] a, float[] w, double alpha) {
    if (a.length != w.length && w.length != 1 && a.length != 1) {
      throw new IllegalStateException("SmoothQuant: " + a.length + " activation channels vs " + w.length + " weight channels");
    }
    int n = Math.max(a.length, w.length);
    float[] s = new float[n];
    float fa = (float) alpha;
    float fb = 1f - fa;
    for (int i = 0; i < n; i++) {
      float ai = a[a.length == 1 ? 0 : i];
      float wi = w[w.length == 1 ? 0 : i];
      s[i] = (float) Math.pow(ai, fa) / ((float) Math.pow(wi, fb) + EPS);
    }
    float lo = quantile(s, 0.1);
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      s[i] = Math.min(Math.max(s[i], lo), 100f);
      min = Math.min(min, s[i]);
      max = Math.max(max, s[i]);
    }
    return new ScaleRatio(s, min / (max + EPS));
  }

  /** numpy's default (linear) quantile. */
  static float quantile(float[] v, double q) {
    float[] s = v.clone();
    Arrays.sort(s);
    double pos = q * (s.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, s.length - 1);
    double frac = pos - lo;
    return (float) (s[lo] + (s[hi] - s[lo]) * frac);
  }


}
