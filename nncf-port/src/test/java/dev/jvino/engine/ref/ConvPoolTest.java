package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.engine.ref.Convolution.ConvolutionAttrs;
import dev.jvino.engine.ref.Normalization.EpsMode;
import dev.jvino.engine.ref.Normalization.MvnAttrs;
import dev.jvino.engine.ref.Pooling.AvgPoolAttrs;
import dev.jvino.engine.ref.Pooling.MaxPoolAttrs;
import dev.jvino.engine.ref.Pooling.MaxPoolResult;
import dev.jvino.engine.ref.Pooling.RoundingType;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ConvPoolTest {
  private static long[] s(long... d) {
    return d;
  }

  @Test
  void convolutionByHand() {
    // 1x1x3x3 input 1..9, 2x2 kernel of ones, pad 1 at the beginning only
    NdArray x = NdArray.f32(s(1, 1, 3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);
    NdArray w = NdArray.f32(s(1, 1, 2, 2), 1, 1, 1, 1);
    NdArray y = Convolution.convolution(x, w, ConvolutionAttrs.simple(2));
    assertArrayEquals(s(1, 1, 2, 2), y.shape());
    assertArrayEquals(new float[] {12, 16, 24, 28}, y.floats());
    NdArray p = Convolution.convolution(x, w,
        new ConvolutionAttrs(s(2, 2), s(1, 1), s(0, 0), s(1, 1), AutoPad.EXPLICIT));
    assertArrayEquals(s(1, 1, 2, 2), p.shape());
    assertArrayEquals(new float[] {1, 5, 11, 28}, p.floats());
    // f16 output is rounded: 1024 + 1025 = 2049 -> f16 2048 (spacing 2 above 2048; tie to even)
    NdArray h = Convolution.convolution(NdArray.f16(s(1, 1, 2), 1024f, 1025f), NdArray.f16(s(1, 1, 2), 1, 1),
        ConvolutionAttrs.simple(1));
    assertEquals(2048f, h.floats()[0]);
  }

  @Test
  void convolutionValidatesAttributesAndShapes() {
    OpAttributeException e = assertThrows(OpAttributeException.class,
        () -> new ConvolutionAttrs(s(0, 1), s(0, 0), s(0, 0), s(1, 1), AutoPad.EXPLICIT));
    assertEquals("strides", e.attribute());
    assertThrows(OpAttributeException.class, () -> AutoPad.parse("Convolution-1", "same"));
    NdArray x = NdArray.f32(s(1, 2, 3, 3), new float[18]);
    assertThrows(OpInputException.class,
        () -> Convolution.convolution(x, NdArray.f32(s(1, 3, 1, 1), 1, 1, 1), ConvolutionAttrs.simple(2)));
    assertThrows(OpAttributeException.class,
        () -> Convolution.convolution(x, NdArray.f32(s(1, 2, 1, 1), 1, 1), ConvolutionAttrs.simple(3)));
  }

  @Test
  void tiledUnrollingMatchesTheDirectF64Path() {
    java.util.Random rnd = new java.util.Random(3);
    float[] xv = new float[2 * 3 * 9 * 11];
    float[] wv = new float[4 * 3 * 3 * 2];
    for (int i = 0; i < xv.length; i++) {
      xv[i] = rnd.nextFloat() - 0.5f;
    }
    for (int i = 0; i < wv.length; i++) {
      wv[i] = rnd.nextFloat() - 0.5f;
    }
    NdArray x = NdArray.f32(s(2, 3, 9, 11), xv);
    NdArray w = NdArray.f32(s(4, 3, 3, 2), wv);
    ConvolutionAttrs a = new ConvolutionAttrs(s(1, 2), s(1, 0), s(2, 1), s(2, 1), AutoPad.EXPLICIT);
    NdArray direct = Convolution.convolution(
        dev.jvino.engine.ref.Convert.convert(x, ElementType.F64), dev.jvino.engine.ref.Convert.convert(w, ElementType.F64), a);
    for (long budget : new long[] {1L << 22, 18 * 7, 18 * 5, 1}) { // 1 tile, tiles of 7 and 5 columns, of 1
      NdArray y = Convolution.convolution(x, w, a, budget);
      Fixtures.assertClose(direct, y, 1e-5, 1e-5, "budget " + budget);
    }
  }

  @Test
  void groupConvolutionIsPerGroup() {
    NdArray x = NdArray.f32(s(1, 2, 2), 1, 2, 3, 4);
    NdArray w = NdArray.f32(s(2, 1, 1, 1), 10, 100); // G=2, Cout/G=1, Cin/G=1, k=1
    NdArray y = Convolution.groupConvolution(x, w, ConvolutionAttrs.simple(1));
    assertArrayEquals(new float[] {10, 20, 300, 400}, y.floats());
  }

  @Test
  void maxPoolValuesIndicesAndAxis() {
    NdArray x = NdArray.f32(s(1, 2, 2, 3), 1, 9, 3, 4, 5, 6, 7, 8, 0, 2, 11, 12);
    MaxPoolAttrs a = new MaxPoolAttrs(s(1, 2), s(1, 1), s(0, 0), s(0, 0), s(2, 2), RoundingType.CEIL,
        AutoPad.EXPLICIT, ElementType.I32, 0);
    MaxPoolResult r = Pooling.maxPool(x, a);
    assertArrayEquals(s(1, 2, 1, 2), r.values().shape());
    assertArrayEquals(new float[] {9, 6, 11, 12}, r.values().floats());
    assertEquals(ElementType.I32, r.indices().type());
    assertArrayEquals(new long[] {1, 5, 10, 11}, r.indices().longs());
    MaxPoolAttrs ax2 = new MaxPoolAttrs(s(1, 2), s(1, 1), s(0, 0), s(0, 0), s(2, 2), RoundingType.CEIL,
        AutoPad.EXPLICIT, ElementType.I64, -2);
    assertArrayEquals(new long[] {1, 5, 4, 5}, Pooling.maxPool(x, ax2).indices().longs());
    MaxPoolAttrs floor = new MaxPoolAttrs(s(1, 2), s(1, 1), s(0, 0), s(0, 0), s(2, 2), RoundingType.FLOOR,
        AutoPad.EXPLICIT, ElementType.I64, 0);
    assertArrayEquals(s(1, 2, 1, 1), Pooling.maxPool(x, floor).values().shape());
  }

  @Test
  void ceilTorchDropsAWindowStartingInThePadding() {
    NdArray x = NdArray.f32(s(1, 1, 4), 1, 2, 3, 4);
    // k=2, s=2, pads 1/1: span = 4+2-2 = 4 -> ceil: 3 windows (starts -1, 1, 3); all start inside input+pb
    MaxPoolAttrs ceil = new MaxPoolAttrs(s(2), s(1), s(1), s(1), s(2), RoundingType.CEIL, AutoPad.EXPLICIT, ElementType.I64, 0);
    assertArrayEquals(new float[] {1, 3, 4}, Pooling.maxPool(x, ceil).values().floats());
    // k=2, s=3, pads 0/1 on length 5: span = 4 -> floor 2 windows, ceil 3 (the third starts at 6, in the
    // padding, so ceil_torch drops it)
    NdArray x5 = NdArray.f32(s(1, 1, 5), 1, 2, 3, 4, 5);
    MaxPoolAttrs c1 = new MaxPoolAttrs(s(3), s(1), s(0), s(1), s(2), RoundingType.CEIL, AutoPad.EXPLICIT, ElementType.I64, 0);
    MaxPoolAttrs t1 = new MaxPoolAttrs(s(3), s(1), s(0), s(1), s(2), RoundingType.CEIL_TORCH, AutoPad.EXPLICIT, ElementType.I64, 0);
    assertEquals(3, Pooling.maxPool(x5, c1).values().size());
    assertArrayEquals(new float[] {2, 5}, Arrays.copyOf(Pooling.maxPool(x5, c1).values().floats(), 2));
    assertArrayEquals(new float[] {2, 5}, Pooling.maxPool(x5, t1).values().floats());
    // k=1, s=2, pad_end=1 on length 4: span=4 -> ceil 3 windows, the third starts at 4 (in the padding)
    MaxPoolAttrs c2 = new MaxPoolAttrs(s(2), s(1), s(0), s(1), s(1), RoundingType.CEIL, AutoPad.EXPLICIT, ElementType.I64, 0);
    MaxPoolAttrs t2 = new MaxPoolAttrs(s(2), s(1), s(0), s(1), s(1), RoundingType.CEIL_TORCH, AutoPad.EXPLICIT, ElementType.I64, 0);
    MaxPoolResult third = Pooling.maxPool(x, c2);
    assertArrayEquals(new float[] {1, 3, -Float.MAX_VALUE}, third.values().floats()); // window of padding only
    assertArrayEquals(new long[] {0, 2, 0}, third.indices().longs());
    // NaN never wins; ties keep the first element
    MaxPoolResult nan = Pooling.maxPool(NdArray.f32(s(1, 1, 4), Float.NaN, 2, 2, 1), MaxPoolAttrs.simple(s(2), s(2)));
    assertArrayEquals(new float[] {2, 2}, nan.values().floats());
    assertArrayEquals(new long[] {1, 2}, nan.indices().longs());
    assertArrayEquals(new float[] {1, 3}, Pooling.maxPool(x, t2).values().floats());
  }

  @Test
  void avgPoolExcludeAndIncludePad() {
    NdArray x = NdArray.f32(s(1, 1, 3), 3, 6, 9);
    AvgPoolAttrs excl = new AvgPoolAttrs(s(2), s(1), s(1), s(2), true, RoundingType.FLOOR, AutoPad.EXPLICIT);
    AvgPoolAttrs incl = new AvgPoolAttrs(s(2), s(1), s(1), s(2), false, RoundingType.FLOOR, AutoPad.EXPLICIT);
    // windows [pad,3] and [6,9]
    assertArrayEquals(new float[] {3, 7.5f}, Pooling.avgPool(x, excl).floats());
    assertArrayEquals(new float[] {1.5f, 7.5f}, Pooling.avgPool(x, incl).floats());
    // ceil, padding included and present: the overhanging last window [9, pad, overhang] still divides by 2
    AvgPoolAttrs ceilPad = new AvgPoolAttrs(s(2), s(0), s(1), s(2), false, RoundingType.CEIL, AutoPad.EXPLICIT);
    assertArrayEquals(new float[] {4.5f, 4.5f}, Pooling.avgPool(x, ceilPad).floats());
    // ceil with no pads at all: the last window [9, overhang] divides by its one real element
    AvgPoolAttrs ceil = new AvgPoolAttrs(s(2), s(0), s(0), s(2), false, RoundingType.CEIL, AutoPad.EXPLICIT);
    assertArrayEquals(new float[] {4.5f, 9}, Pooling.avgPool(x, ceil).floats());
  }

  @Test
  void mvnByHand() {
    NdArray x = NdArray.f32(s(2, 2), 1, 3, 2, 2);
    NdArray r = Normalization.mvn(x, NdArray.vector(-1), new MvnAttrs(true, 1e-12, EpsMode.INSIDE_SQRT));
    assertArrayEquals(new float[] {-1, 1, 0, 0}, r.floats(), 0); // the constant row gives 0 / sqrt(eps) = 0
  }

  @Test
  void mvnEpsModes() {
    NdArray x = NdArray.f32(s(1, 2), 1, 3); // mean 2, var 1
    float in = Normalization.mvn(x, NdArray.vector(1), new MvnAttrs(true, 3, EpsMode.INSIDE_SQRT)).floats()[1];
    float out = Normalization.mvn(x, NdArray.vector(1), new MvnAttrs(true, 3, EpsMode.OUTSIDE_SQRT)).floats()[1];
    assertEquals(0.5f, in); // 1 / sqrt(1 + 3)
    assertEquals(0.25f, out); // 1 / (1 + 3)
    assertArrayEquals(new float[] {-1, 1},
        Normalization.mvn(x, NdArray.vector(1), new MvnAttrs(false, 3, EpsMode.INSIDE_SQRT)).floats());
    assertThrows(OpAttributeException.class, () -> new MvnAttrs(true, -1, EpsMode.INSIDE_SQRT));
  }
}
