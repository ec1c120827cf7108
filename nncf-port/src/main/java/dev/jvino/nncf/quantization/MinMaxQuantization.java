package dev.jvino.nncf.quantization;

import dev.jvino.engine.Engine;
import dev.jvino.engine.Engines;
import dev.jvino.ir.Input;
import dev.jvino.ir.Model;
import dev.jvino.ir.Models;
import dev.jvino.ir.Node;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.QuantizationScheme;
import dev.jvino.nncf.RangeEstimatorParameters;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.statistics.StatisticPoint;
import dev.jvino.nncf.statistics.StatisticsCollector;
import dev.jvino.nncf.statistics.TargetPoint;
import dev.jvino.nncf.statistics.TensorCollector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * NNCF's {@code MinMaxQuantization} for the OpenVINO backend, given the quantizer placement:
 *
 * <ol>
 *   <li>one statistics collector per quantizer ({@link RangeEstimators}), all collected in a single pass
 *       over the first {@code subsetSize} calibration items ({@link StatisticsCollector});
 *   <li>for each unified-scale group (e.g. the inputs of a Concat), the element-wise min of the mins and
 *       max of the maxes, one set of parameters shared by the group (its quantizer configs must be equal);
 *   <li>FakeQuantize parameters ({@link FakeQuantizeParameters}; half range where the setup asks for
 *       it), or FakeConvert parameters in an FP8 mode;
 *   <li>the quantizers inserted by one {@link QuantizerInsertionTransformer} pass, with NNCF's names;
 *   <li>unless {@code compressWeights} is off, weight quantizers folded into int8 (or f8) constants
 *       ({@link CompressQuantizeWeights}).
 * </ol>
 *
 * The input model is not modified; the quantized model is a copy.
 */
public final class MinMaxQuantization {
  private static final System.Logger LOG = System.getLogger(MinMaxQuantization.class.getName());
  private static final String ALGORITHM = "MinMaxQuantization";

  private MinMaxQuantization() {}

  /**
   * What {@link #quantize} did: the model, the commands that were applied, the samples inferred (-1 when
   * the statistics came from the caller), and the names of the weight quantizers folded.
   */
  public record Result(Model model, List<InsertionCommand> commands, int samples, List<String> compressed) {
    public Result {
      commands = List.copyOf(commands);
      compressed = List.copyOf(compressed);
    }
  }

  /**
   * Quantizes a copy of {@code model}.
   *
   * @return the quantized model
   * @throws ValidationException if a quantizer names an unknown node or port, the dataset is empty or
   *     does not fit the model, or parameters are inconsistent (half range on an asymmetric or activation
   *     quantizer, different configs in a unified-scale group)
   */
  public static Model apply(Model model, QuantizerSetup setup, Dataset<?> dataset, MinMaxOptions options) {
    return quantize(model, setup, dataset, options).model();
  }

  /** As {@link #apply}, also returning the insertion commands and counts. */
  public static Result quantize(Model model, QuantizerSetup setup, Dataset<?> dataset, MinMaxOptions options) {
    return quantize(model, setup, dataset, options, List.of());
  }

  /**
   * As {@link #quantize(Model, QuantizerSetup, Dataset, MinMaxOptions)}, collecting {@code stepPoints}
   * (other algorithms of the same pipeline step, e.g. bias correction, on the float model) in the same
   * statistics pass.
   */
  public static Result quantize(Model model, QuantizerSetup setup, Dataset<?> dataset, MinMaxOptions options,
      List<StatisticPoint> stepPoints) {
    Model copy = Models.copy(model);
    Map<TargetPoint, TensorCollector> collectors = collectors(copy, setup, options);
    List<StatisticPoint> points = statisticPoints(collectors);
    points.addAll(stepPoints);
    Engine engine = options.engine() != null ? options.engine() : Engines.auto();
    int samples = points.isEmpty() ? 0 : new StatisticsCollector(engine).collect(copy, points, dataset);
    return insert(copy, setup, collectors, options, samples);
  }

  /**
   * The statistics MinMax needs, one collector per quantizer target, for a caller that collects them
   * together with other algorithms' statistics in one pass (NNCF's {@code get_statistic_points}); then
   * call {@link #applyCollected}.
   *
   * @throws ValidationException if a quantizer names an unknown node or port
   */
  public static Map<TargetPoint, TensorCollector> collectors(Model model, QuantizerSetup setup, MinMaxOptions options) {
    Map<String, Node> byName = model.byName();
    Map<TargetPoint, TensorCollector> collectors = new LinkedHashMap<>();
    for (QuantizationPoint p : setup.points()) {
      collectors.put(p.target(), collector(byName, p, options));
    }
    return collectors;
  }

  /** The collectors as statistic points of this algorithm. */
  public static List<StatisticPoint> statisticPoints(Map<TargetPoint, TensorCollector> collectors) {
    List<StatisticPoint> points = new ArrayList<>();
    collectors.forEach((t, c) -> points.add(new StatisticPoint(t, c, ALGORITHM)));
    return points;
  }

  /**
   * Inserts the quantizers into a copy of {@code model} from statistics already collected by
   * {@link #collectors} (NNCF's {@code apply} given statistic points), and folds weights unless
   * {@code compressWeights} is off.
   *
   * @throws ValidationException if a collector gathered nothing or parameters are inconsistent
   */
  public static Result applyCollected(Model model, QuantizerSetup setup, Map<TargetPoint, TensorCollector> collected,
      MinMaxOptions options) {
    return insert(Models.copy(model), setup, collected, options, -1);
  }

  private static Result insert(Model copy, QuantizerSetup setup, Map<TargetPoint, TensorCollector> collectors,
      MinMaxOptions options, int samples) {
    List<InsertionCommand> commands = commands(setup, collectors, options);
    if (commands.isEmpty()) {
      LOG.log(System.Logger.Level.INFO, "The model has no operations to apply quantization.");
    }
    QuantizerInsertionTransformer.apply(copy, commands);
    List<String> compressed = options.compressWeights() ? CompressQuantizeWeights.apply(copy) : List.of();
    LOG.log(System.Logger.Level.DEBUG, "MinMax: {0} quantizers, {1} weights compressed", commands.size(),
        compressed.size());
    return new Result(copy, commands, samples, compressed);
  }

  /** The statistics collector of one quantizer (NNCF's {@code _get_stat_collector}). */
  static TensorCollector collector(Map<String, Node> byName, QuantizationPoint p, MinMaxOptions options) {
    TargetPoint t = p.target();
    QuantizerGroup group = p.isWeight() ? QuantizerGroup.WEIGHTS : QuantizerGroup.ACTIVATIONS;
    Node node = byName.get(t.nodeName());
    if (node == null) {
      throw new ValidationException("quantizer " + p.fakeQuantizeName() + ": the model has no node named '"
          + t.nodeName() + "'");
    }
    long[] shape = shape(node, t, p.fakeQuantizeName());
    QuantizerConfig cfg = p.config();
    List<Integer> channelAxes = List.of();
    if (cfg.perChannel()) {
      channelAxes = p.isWeight() ? WeightChannelAxes.of(node, t.port(), shape == null ? 0 : shape.length)
          : List.of(1);
    }
    RangeEstimatorParameters params = RangeEstimators.resolve(group, cfg.perChannel(), p.fakeQuantizeName(),
        options.rangeEstimator(group));
    RangeEstimators.Axes axes = RangeEstimators.axes(shape, channelAxes, options.batchwiseStatistics() && !p.isWeight());
    int numSamples = p.isWeight() ? 1 : options.subsetSize();
    return RangeEstimators.collector(params, cfg.mode() == QuantizationScheme.SYMMETRIC, axes,
        options.inplaceStatistics(), numSamples);
  }

  /** The static shape of the tensor at {@code t}, or null when its rank is dynamic. */
  private static long @Nullable [] shape(Node node, TargetPoint t, String where) {
    PartialShape ps = switch (t.type()) {
      case POST_LAYER_OPERATION -> {
        if (t.port() >= node.outputs().size()) {
          throw new ValidationException("quantizer " + where + ": " + node + " has " + node.outputs().size()
              + " outputs");
        }
        yield node.output(t.port()).shape();
      }
      case PRE_LAYER_OPERATION, OPERATION_WITH_WEIGHTS -> {
        if (t.port() >= node.inputs().size()) {
          throw new ValidationException("quantizer " + where + ": " + node + " has " + node.inputs().size()
              + " inputs");
        }
        Input in = node.input(t.port());
        yield in.shape();
      }
    };
    if (!ps.isRankStatic()) {
      return null;
    }
    long[] s = new long[ps.rank()];
    for (int i = 0; i < s.length; i++) {
      s[i] = ps.get(i).isStatic() ? ps.get(i).length() : -1;
    }
    return s;
  }

  /** The insertion commands: unified-scale groups first, then every other quantizer in setup order. */
  static List<InsertionCommand> commands(QuantizerSetup setup, Map<TargetPoint, TensorCollector> collectors,
      MinMaxOptions options) {
    Map<TargetPoint, QuantizationPoint> byTarget = new LinkedHashMap<>();
    setup.points().forEach(p -> byTarget.put(p.target(), p));
    List<InsertionCommand> out = new ArrayList<>();
    Set<TargetPoint> unified = new HashSet<>();
    for (List<TargetPoint> group : setup.unifiedScaleGroups()) {
      if (group.isEmpty()) {
        continue;
      }
      List<MinMaxStatistic> stats = new ArrayList<>();
      for (TargetPoint t : group) {
        stats.add(RangeEstimators.statistic(require(collectors, t), t.nodeName()));
      }
      MinMaxStatistic merged = MinMaxStatistic.unify(stats);
      QuantizerConfig cfg = byTarget.get(group.getFirst()).config();
      for (TargetPoint t : group) {
        if (!byTarget.get(t).config().equals(cfg)) {
          throw new ValidationException("QConfigs for unified scale group " + group.stream()
              .map(QuantizationPoint::fakeQuantizeName).toList() + " are not equal");
        }
      }
      for (TargetPoint t : group) {
        out.add(command(t, merged, cfg, QuantizerGroup.ACTIVATIONS, false, options));
        unified.add(t);
      }
    }
    for (QuantizationPoint p : setup.points()) {
      if (unified.contains(p.target())) {
        continue;
      }
      QuantizerGroup g = p.isWeight() ? QuantizerGroup.WEIGHTS : QuantizerGroup.ACTIVATIONS;
      MinMaxStatistic s = RangeEstimators.statistic(require(collectors, p.target()), p.target().nodeName());
      out.add(command(p.target(), s, p.config(), g, p.halfRange(), options));
    }
    return out;
  }

  private static TensorCollector require(Map<TargetPoint, TensorCollector> collectors, TargetPoint t) {
    TensorCollector c = collectors.get(t);
    if (c == null) {
      throw new ValidationException("no statistics collector for quantizer " + QuantizationPoint.fakeQuantizeName(t));
    }
    return c;
  }

  private static InsertionCommand command(TargetPoint t, MinMaxStatistic s, QuantizerConfig cfg, QuantizerGroup g,
      boolean halfRange, MinMaxOptions options) {
    if (options.mode() != null) {
      return new InsertionCommand.FakeConvert(t,
          FakeConvertParameters.calculate(s, cfg.perChannel(), options.fp8Type(g)));
    }
    return new InsertionCommand.FakeQuantize(t, FakeQuantizeParameters.calculate(s, cfg, g, halfRange));
  }
}
