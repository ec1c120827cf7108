package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.ValidationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which activations the cache keys and how their means are reduced (NNCF's channel axis, 3-D weights). */
class WeightStatisticsCacheSitesTest {
  private static final float[] X = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

  /** x [1, 3, 4] used transposed (channels on axis 1), shared by two MatMuls; a third MatMul on their sum. */
  static Model transposed() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 3, 4));
    Node w = Ops.constant("w", ConstantData.ofFloats(ElementType.F32, new long[] {2, 3}, new float[6]));
    Node v = Ops.constant("v", ConstantData.ofFloats(ElementType.F32, new long[] {2, 3}, new float[6]));
    Node a = TestModels.named(Ops.matMul(x.output(), w.output(), true, true), "A");
    Node b = TestModels.named(Ops.matMul(x.output(), v.output(), true, true), "B");
    return new Model("t", List.of(x), List.of(TestModels.named(Ops.result(a.output()), "ra"),
        TestModels.named(Ops.result(b.output()), "rb")));
  }

  @Test
  void sharedTransposedActivationIsOneSiteReducedOverEveryAxisButItsChannel() {
    Model m = transposed();
    List<WeightStatisticsCache.Site> sites = WeightStatisticsCache.sites(m);
    assertEquals(1, sites.size());
    WeightStatisticsCache.Site s = sites.getFirst();
    assertEquals("x", s.node());
    assertEquals(0, s.port());
    assertEquals(3, s.rank());
    assertEquals(1, s.channelAxis());
    assertEquals(java.util.Set.of("A", "B"), java.util.Set.copyOf(s.matmuls()));
    Map<String, Map<String, NdArray>> all = WeightStatisticsCache.collectAll(m,
        Dataset.of(List.of(NdArray.f32(new long[] {1, 3, 4}, X))), 8, new ReferenceEngine());
    assertEquals(List.of("WCTensorStatistic_x_4_0", "HessianTensorStatistic_x_4_0", "MeanVarianceTensorStatistic_x_4_0",
        "MaxVarianceTensorStatistic_x_4_0", "MeanMagnitudeTensorStatistic_x_4_0"), List.copyOf(all.keySet()));
    NdArray means = all.get("WCTensorStatistic_x_4_0").get("mean_values");
    assertArrayEquals(new long[] {1, 3}, means.shape());
    // rows of x[0] are channels: means over axes 0 and 2
    assertArrayEquals(new float[] {2.5f, 6.5f, 10.5f}, means.toFloatArray());
    NdArray shapes = all.get("WCTensorStatistic_x_4_0").get("shape_values");
    assertEquals(ElementType.I32, shapes.type());
    assertArrayEquals(new long[] {1, 3, 4}, shapes.toLongArray());
    assertArrayEquals(new long[0], all.get("MaxVarianceTensorStatistic_x_4_0").get("max_variance").shape());
  }

  @Test
  void threeDimensionalWeightsKeepTheBatchAxis() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(2, 2, 3));
    Node w = Ops.constant("w", ConstantData.ofFloats(ElementType.F32, new long[] {2, 3, 4}, new float[24]));
    Node a = TestModels.named(Ops.matMul(x.output(), w.output(), false, false), "E");
    Model m = new Model("e", List.of(x), List.of(TestModels.named(Ops.result(a.output()), "r")));
    WeightStatisticsCache.Site s = WeightStatisticsCache.sites(m).getFirst();
    assertEquals(2, s.channelAxis());
    assertTrue(s.weight3d());
    float[] xs = new float[12];
    for (int i = 0; i < 12; i++) {
      xs[i] = i;
    }
    NdArray means = WeightStatisticsCache.collectAll(m, Dataset.of(List.of(NdArray.f32(new long[] {2, 2, 3}, xs))), 4,
        new ReferenceEngine()).get("WCTensorStatistic_x_4_0").get("mean_values");
    // per expert, the mean over the tokens: [[1.5, 2.5, 3.5], [7.5, 8.5, 9.5]]
    assertArrayEquals(new long[] {1, 2, 3}, means.shape());
    assertArrayEquals(new float[] {1.5f, 2.5f, 3.5f, 7.5f, 8.5f, 9.5f}, means.toFloatArray());
  }

  @Test
  void oneDimensionalActivationsCannotBeCached() {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(3));
    Node w = Ops.constant("w", ConstantData.ofFloats(ElementType.F32, new long[] {2, 3}, new float[6]));
    Node a = TestModels.named(Ops.matMul(x.output(), w.output(), false, true), "V");
    Model m = new Model("v", List.of(x), List.of(TestModels.named(Ops.result(a.output()), "r")));
    ValidationException e = assertThrows(ValidationException.class, () -> WeightStatisticsCache.collectAll(m,
        Dataset.of(List.of(NdArray.f32(new long[] {3}, 1, 2, 3))), 4, new ReferenceEngine()));
    assertTrue(e.getMessage().contains("not supported for MatMuls with 1D inputs. Node: x"), e.getMessage());
  }
}
