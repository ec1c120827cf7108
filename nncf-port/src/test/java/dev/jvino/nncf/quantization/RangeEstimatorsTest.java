package dev.jvino.nncf.quantization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.AggregatorType;
import dev.jvino.nncf.ParameterNotSupportedException;
import dev.jvino.nncf.RangeEstimatorParameters;
import dev.jvino.nncf.StatisticsCollectorParameters;
import dev.jvino.nncf.StatisticsType;
import dev.jvino.nncf.ValidationException;
import dev.jvino.nncf.statistics.Collectors;
import dev.jvino.nncf.statistics.Reducer;
import dev.jvino.nncf.statistics.TensorCollector;
import dev.jvino.nncf.testing.MiniJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mapping from a quantizer and range-estimator parameters to reducers and aggregators, checked
 * against numpy statistics of four [2, 3, 4] samples (tools/fixtures/gen_ptq_fixtures.py,
 * range_estimators.json).
 */
class RangeEstimatorsTest {
  static final Map<String, Object> FIX = PtqFixtures.resource("range_estimators.json");
  static final long[] SHAPE = {2, 3, 4};

  static List<NdArray> samples() {
    List<NdArray> s = new ArrayList<>();
    for (Object o : MiniJson.list(FIX.get("samples"))) {
      s.add(PtqFixtures.f32(o));
    }
    return s;
  }

  /** Feeds the samples through the collector (reducers in Java) and compares with numpy's min and max. */
  static void check(String key, RangeEstimatorParameters p, boolean absMax, List<Integer> channelAxes,
      boolean batchwise, double rtol) {
    TensorCollector c = RangeEstimators.collector(p, absMax, RangeEstimators.axes(SHAPE, channelAxes, batchwise),
        false, 300);
    samples().forEach(c::registerInput);
    MinMaxStatistic s = RangeEstimators.statistic(c, key);
    List<Object> want = MiniJson.list(MiniJson.obj(FIX.get("cases")).get(key));
    NdArray[] got = {s.min(), s.max()};
    for (int i = 0; i < 2; i++) {
      NdArray w = PtqFixtures.f32(want.get(i));
      double[] wd = PtqFixtures.doubles(want.get(i));
      assertArrayEquals(w.shape(), got[i].shape(), key);
      for (int k = 0; k < wd.length; k++) {
        assertEquals(wd[k], got[i].getDouble(k), rtol * Math.abs(wd[k]), key + (i == 0 ? " min" : " max") + "[" + k + "]");
      }
    }
  }

  @Test
  void presetsMatchNumpy() {
    check("minmax_tensor_sym", RangeEstimatorParameters.MINMAX, true, List.of(), false, 0);
    check("mean_minmax_tensor", RangeEstimatorParameters.MEAN_MINMAX, false, List.of(), false, 0);
    check("minmax_channel", RangeEstimatorParameters.MINMAX, false, List.of(1), false, 0);
    check("mean_minmax_batchwise", RangeEstimatorParameters.MEAN_MINMAX, false, List.of(), true, 1e-6);
    check("median_minmax_tensor", RangeEstimatorParameters.MEDIAN_MINMAX, false, List.of(), false, 0);
    check("mean_no_outliers_tensor", RangeEstimatorParameters.MEAN_NO_OUTLIERS_MINMAX, false, List.of(), false, 1e-7);
    check("mean_quantile_tensor", RangeEstimatorParameters.MEAN_QUANTILE, false, List.of(), false, 1e-6);
  }

  @Test
  void axesKeepChannelAndBatchAxes() {
    assertEquals(new RangeEstimators.Axes(List.of(0, 1, 2), List.of(0)),
        RangeEstimators.axes(SHAPE, List.of(), false));
    assertEquals(new RangeEstimators.Axes(List.of(0, 2), List.of(0)), RangeEstimators.axes(SHAPE, List.of(1), false));
    assertEquals(new RangeEstimators.Axes(List.of(1, 2), List.of(0, 1)), RangeEstimators.axes(SHAPE, List.of(), true));
    RangeEstimators.Axes dynamic = RangeEstimators.axes(null, List.of(1), false);
    assertNull(dynamic.reduction());
  }

  @Test
  void defaultsAndOverrides() {
    assertEquals(RangeEstimatorParameters.MINMAX,
        RangeEstimators.resolve(QuantizerGroup.WEIGHTS, false, "w", RangeEstimatorParameters.UNSET));
    assertEquals(RangeEstimatorParameters.MINMAX,
        RangeEstimators.resolve(QuantizerGroup.ACTIVATIONS, true, "a", RangeEstimatorParameters.UNSET));
    assertEquals(RangeEstimatorParameters.MEAN_MINMAX,
        RangeEstimators.resolve(QuantizerGroup.ACTIVATIONS, false, "a", RangeEstimatorParameters.UNSET));
    // only the set fields of the user's parameters replace the preset's
    var onlyMaxAggregator = new RangeEstimatorParameters(StatisticsCollectorParameters.UNSET,
        StatisticsCollectorParameters.builder().aggregatorType(AggregatorType.MAX).build());
    RangeEstimatorParameters r = RangeEstimators.resolve(QuantizerGroup.ACTIVATIONS, false, "a", onlyMaxAggregator);
    assertEquals(StatisticsCollectorParameters.of(StatisticsType.MIN, AggregatorType.MEAN), r.min());
    assertEquals(StatisticsCollectorParameters.of(StatisticsType.MAX, AggregatorType.MAX), r.max());
    // histogram: only as the whole preset; per-channel falls back to MINMAX
    assertEquals(RangeEstimatorParameters.HISTOGRAM,
        RangeEstimators.resolve(QuantizerGroup.ACTIVATIONS, false, "a", RangeEstimatorParameters.HISTOGRAM));
    assertEquals(RangeEstimatorParameters.MINMAX,
        RangeEstimators.resolve(QuantizerGroup.ACTIVATIONS, true, "a", RangeEstimatorParameters.HISTOGRAM));
    var halfHistogram = new RangeEstimatorParameters(StatisticsCollectorParameters.UNSET,
        StatisticsCollectorParameters.of(StatisticsType.RAW, AggregatorType.HISTOGRAM));
    assertThrows(ParameterNotSupportedException.class,
        () -> RangeEstimators.resolve(QuantizerGroup.ACTIVATIONS, false, "a", halfHistogram));
    assertThrows(ValidationException.class, () -> StatisticsCollectorParameters.builder().quantileOutlierProb(0.7).build());
  }

  @Test
  void reducersFollowTheSchemeAndTheQuantile() {
    RangeEstimators.Axes axes = RangeEstimators.axes(SHAPE, List.of(), false);
    TensorCollector sym = RangeEstimators.collector(RangeEstimatorParameters.MEAN_MINMAX, true, axes, true, 5);
    assertEquals(List.of(new Reducer.Min(List.of(0, 1, 2), true), new Reducer.AbsMax(List.of(0, 1, 2), true)),
        List.copyOf(sym.reducers()));
    assertEquals(5, sym.numSamples().getAsInt());
    TensorCollector q = RangeEstimators.collector(RangeEstimatorParameters.MEAN_QUANTILE, true, axes, true, 5);
    assertEquals(List.of(new Reducer.Quantile(List.of(0, 1, 2), List.of(1e-4)),
        new Reducer.Quantile(List.of(0, 1, 2), List.of(1 - 1e-4))), List.copyOf(q.reducers()));
    TensorCollector h = RangeEstimators.collector(RangeEstimatorParameters.HISTOGRAM, false, axes, true, 5);
    assertInstanceOf(Reducer.Raw.class, h.reducers().iterator().next());
    samples().forEach(h::registerInput);
    MinMaxStatistic hs = RangeEstimators.statistic(h, "h");
    double lo = PtqFixtures.doubles(MiniJson.list(MiniJson.obj(FIX.get("cases")).get("minmax_tensor_sym")).get(0))[0];
    // the histogram range lies inside the global range
    assertEquals(true, hs.min().getDouble(0) >= lo - 1e-6 && hs.min().getDouble(0) < 0);
    TensorCollector nothing = RangeEstimators.collector(RangeEstimatorParameters.MINMAX, false, axes, true, 5);
    assertThrows(ValidationException.class, () -> RangeEstimators.statistic(nothing, "x"));
    assertEquals(Collectors.MIN, sym.statistics().keySet().iterator().next());
  }

  @Test
  void weightChannelAxesPerOp() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(2, 4));
    Node w = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {4, 5}, new float[20]));
    Node mm = Ops.matMul(x.output(), w.output(), false, false);
    assertEquals(List.of(1), WeightChannelAxes.of(mm, 1, 2));
    Node wt = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {5, 4}, new float[20]));
    assertEquals(List.of(0), WeightChannelAxes.of(Ops.matMul(x.output(), wt.output(), false, true), 1, 2));
    Node w3 = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {2, 4, 5}, new float[40]));
    Node x3 = Ops.parameter("x3", ElementType.F32, PartialShape.of(2, 3, 4));
    assertEquals(List.of(0, 2), WeightChannelAxes.of(Ops.matMul(x3.output(), w3.output(), false, false), 1, 3));
    Node img = Ops.parameter("i", ElementType.F32, PartialShape.of(1, 2, 3, 3));
    Node k = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {4, 2, 1, 1}, new float[8]));
    long[] one = {1, 1};
    long[] zero = {0, 0};
    assertEquals(List.of(0), WeightChannelAxes.of(Ops.convolution(img.output(), k.output(), one, zero, zero, one), 1, 4));
    Node relu = Ops.relu(x.output());
    assertThrows(ValidationException.class, () -> WeightChannelAxes.of(relu, 0, 2));
  }
}
