package dev.jvino.nncf.quantization.channelalignment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jvino.nncf.quantization.channelalignment.AlignmentMath.Array;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * NNCF's explicit-value oracles of {@code tests/cross_fw/test_templates/test_channel_alignment.py}:
 * {@code test_align_means} (2-D and 4-D consumer weights, plain and transposed layouts) and
 * {@code test_align_scales} (wrong layout left untouched, plain and grouped producer).
 */
class AlignmentMathTest {
  private static Array arange(long... shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    return new Array(shape, v);
  }

  /** numpy's transpose of a dense array. */
  private static Array transpose(Array a, int... perm) {
    long[] s = a.shape();
    long[] ns = new long[s.length];
    for (int i = 0; i < s.length; i++) {
      ns[i] = s[perm[i]];
    }
    long[] oldStrides = strides(s);
    long[] newStrides = strides(ns);
    double[] out = new double[a.values().length];
    for (int i = 0; i < out.length; i++) {
      long src = 0;
      for (int d = 0; d < ns.length; d++) {
        long idx = i / newStrides[d] % ns[d];
        src += idx * oldStrides[perm[d]];
      }
      out[i] = a.values()[(int) src];
    }
    return new Array(ns, out);
  }

  private static long[] strides(long[] s) {
    long[] r = new long[s.length];
    long acc = 1;
    for (int d = s.length - 1; d >= 0; d--) {
      r[d] = acc;
      acc *= s[d];
    }
    return r;
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void alignMeans2d(boolean transposed) {
    Array w = arange(4, 3);
    LayoutDescriptor d = new LayoutDescriptor(0, 1, 1);
    if (transposed) {
      w = transpose(w, 1, 0);
      d = new LayoutDescriptor(1, 0, 1);
    }
    AlignmentMath.Means m = AlignmentMath.alignMeans(Array.of(2, 4, 6), Array.of(3, 5, 9, 11), w,
        new double[] {10, 20, 30}, d);
    assertArrayEquals(new double[] {-8, -16, -24}, m.biasIn().values(), 1e-9);
    assertArrayEquals(new double[] {83, 265, 449, 631}, m.biasOut().values(), 1e-9);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void alignMeans4d(boolean transposed) {
    Array w = arange(4, 3, 2, 1);
    LayoutDescriptor d = new LayoutDescriptor(0, 1, 1);
    if (transposed) {
      w = transpose(w, 3, 1, 2, 0);
      d = new LayoutDescriptor(3, 1, 1);
    }
    AlignmentMath.Means m = AlignmentMath.alignMeans(Array.of(2, 4, 6), Array.of(3, 5, 9, 11), w,
        new double[] {10, 20, 30}, d);
    assertArrayEquals(new double[] {-8, -16, -24}, m.biasIn().values(), 1e-9);
    assertArrayEquals(new double[] {383, 1105, 1829, 2551}, m.biasOut().values(), 1e-9);
  }

  private static final double[] REF_CONV_IN = {0, 1, 200, 0.03, 4};
  private static final double[] REF_CONV_OUT = {0.0, 2.0, 0.04, 600, 8, 10, 12, 0.14, 1600, 18};
  private static final double[] REF_BIAS_IN = {2, 4, 600, 0.08, 10};
  private static final double[] ASCALE = {-5.0, 0.0, 1e-3, 1e3, 2};

  private static Array convOut() {
    Array a = arange(2, 5);
    double[] v = a.values().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] *= 2;
    }
    return new Array(a.shape(), v);
  }

  @Test
  void alignScalesLeavesAWrongLayoutAlone() {
    Array in = arange(5, 1);
    Array out = convOut();
    Array bias = Array.of(2, 4, 6, 8, 10);
    LayoutDescriptor d = new LayoutDescriptor(1, 0, 0);
    AlignmentMath.Scales s = AlignmentMath.alignScales(in, out, bias, ASCALE, d, d, 1e-10);
    assertSame(in, s.weightIn());
    assertSame(out, s.weightOut());
    assertSame(bias, s.biasIn());
  }

  @Test
  void alignScales() {
    LayoutDescriptor d = new LayoutDescriptor(0, 1, 0);
    AlignmentMath.Scales s = AlignmentMath.alignScales(arange(5, 1), convOut(), Array.of(2, 4, 6, 8, 10), ASCALE,
        d, d, 1e-10);
    assertArrayEquals(new long[] {5, 1}, s.weightIn().shape());
    assertArrayEquals(REF_CONV_IN, s.weightIn().values(), 1e-9);
    assertArrayEquals(new long[] {2, 5}, s.weightOut().shape());
    assertArrayEquals(REF_CONV_OUT, s.weightOut().values(), 1e-9);
    assertArrayEquals(REF_BIAS_IN, s.biasIn().values(), 1e-9);
  }

  @Test
  void alignScalesGroupedProducer() {
    AlignmentMath.Scales s = AlignmentMath.alignScales(arange(1, 5, 1), convOut(), Array.of(2, 4, 6, 8, 10), ASCALE,
        new LayoutDescriptor(1, 2, 0), new LayoutDescriptor(0, 1, 0), 1e-10);
    assertArrayEquals(new long[] {1, 5, 1}, s.weightIn().shape());
    assertArrayEquals(REF_CONV_IN, s.weightIn().values(), 1e-9);
    assertArrayEquals(REF_CONV_OUT, s.weightOut().values(), 1e-9);
    assertArrayEquals(REF_BIAS_IN, s.biasIn().values(), 1e-9);
  }

  @Test
  void factorsUseTheMedianOfPositiveRangesAndClip() {
    // positive: 1e-3, 2, 1e3 -> median 2; 5e-4 clips to 1e-2, 500 to 1e2; non-positive -> 1
    assertArrayEquals(new double[] {1, 1, 1e-2, 1e2, 1}, AlignmentMath.scaleFactors(ASCALE, 1e-10), 0);
    // an even count takes the mean of the two middle values: median(1, 3) = 2
    assertArrayEquals(new double[] {0.5, 1.5}, AlignmentMath.scaleFactors(new double[] {1, 3}, 1e-10), 1e-12);
  }

  @Test
  void mismatchedChannelsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlignmentMath.alignMeans(
        Array.of(1, 2), Array.of(3, 5, 9, 11), arange(4, 3), new double[] {1, 2}, new LayoutDescriptor(0, 1, 1)));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("3 input channels"), e.getMessage());
  }
}
