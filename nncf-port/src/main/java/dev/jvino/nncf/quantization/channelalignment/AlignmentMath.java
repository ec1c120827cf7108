package dev.jvino.nncf.quantization.channelalignment;

import java.util.Arrays;

/**
 * The two rewrites of ChannelAlignment, on dense row-major arrays. Both keep the function of a
 * producer -> (bias) -> consumer pair unchanged: {@link #alignMeans} moves the producer's activation
 * midpoints out of its bias and into the consumer's bias, {@link #alignScales} divides the producer's
 * output channels by a per-channel factor and multiplies the consumer's matching input channels by it.
 */
public final class AlignmentMath {
  private AlignmentMath() {}

  /** A dense row-major tensor of doubles. */
  public record Array(long[] shape, double[] values) {
    public Array {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      if (n != values.length) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, got "
            + values.length);
      }
    }

    /** A 1-D array. */
    public static Array of(double... values) {
      return new Array(new long[] {values.length}, values);
    }

    /** The rank. */
    public int rank() {
      return shape.length;
    }
  }

  /** New producer and consumer biases. */
  public record Means(Array biasIn, Array biasOut) {}

  /** New producer weight, consumer weight and producer bias. */
  public record Scales(Array weightIn, Array weightOut, Array biasIn) {}

  /**
   * Shifts the producer bias by {@code -amean} and compensates in the consumer bias with
   * {@code W_out . amean}, where {@code W_out} is the consumer weight summed over every axis but its
   * input and output channel axes (exact for an unpadded consumer).
   */
  public static Means alignMeans(Array biasIn, Array biasOut, Array weightOut, double[] amean,
      LayoutDescriptor outLayout) {
    if (biasIn.values().length != amean.length) {
      throw new IllegalArgumentException("producer bias has " + biasIn.values().length + " channels, the means "
          + amean.length);
    }
    double[] in = new double[amean.length];
    for (int i = 0; i < in.length; i++) {
      in[i] = biasIn.values()[i] - amean[i];
    }
    long[] shape = weightOut.shape();
    int outDim = outLayout.weightOutChannelsDim();
    int inDim = outLayout.weightInChannelsDim();
    if ((int) shape[inDim] != amean.length) {
      throw new IllegalArgumentException("consumer weight has " + shape[inDim] + " input channels, the means "
          + amean.length);
    }
    int outChannels = (int) shape[outDim];
    if (biasOut.values().length != outChannels) {
      throw new IllegalArgumentException("consumer bias has " + biasOut.values().length + " channels, its weight "
          + outChannels);
    }
    double[] shift = new double[outChannels];
    long[] strides = strides(shape);
    double[] w = weightOut.values();
    for (int i = 0; i < w.length; i++) {
      int o = (int) (i / strides[outDim] % shape[outDim]);
      int c = (int) (i / strides[inDim] % shape[inDim]);
      shift[o] += w[i] * amean[c];
    }
    double[] out = new double[outChannels];
    for (int o = 0; o < outChannels; o++) {
      out[o] = biasOut.values()[o] + shift[o];
    }
    return new Means(new Array(biasIn.shape(), in), new Array(biasOut.shape(), out));
  }

  /**
   * Per channel, {@code factor = ascale / median(positive ascale)}, 1 where {@code ascale <= eps}, clipped
   * to [1e-2, 1e2]; the producer weight (along its output channels) and bias are divided by it and the
   * consumer weight (along its input channels) multiplied by it. When the producer weight's output
   * channel count differs from the scale's (a grouped producer NNCF does not handle), the arguments are
   * returned as they are.
   */
  public static Scales alignScales(Array weightIn, Array weightOut, Array biasIn, double[] ascale,
      LayoutDescriptor inLayout, LayoutDescriptor outLayout, double eps) {
    if (weightIn.shape()[inLayout.weightOutChannelsDim()] != ascale.length) {
      return new Scales(weightIn, weightOut, biasIn);
    }
    double[] factor = scaleFactors(ascale, eps);
    double[] win = scaled(weightIn, inLayout.weightOutChannelsDim(), factor, true);
    double[] wout = scaled(weightOut, outLayout.weightInChannelsDim(), factor, false);
    if (biasIn.values().length != factor.length) {
      throw new IllegalArgumentException("producer bias has " + biasIn.values().length + " channels, the scales "
          + factor.length);
    }
    double[] b = new double[factor.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = biasIn.values()[i] / factor[i];
    }
    return new Scales(new Array(weightIn.shape(), win), new Array(weightOut.shape(), wout),
        new Array(biasIn.shape(), b));
  }

  /** The clipped per-channel factors of {@link #alignScales}. */
  static double[] scaleFactors(double[] ascale, double eps) {
    double[] positive = Arrays.stream(ascale).filter(v -> v > eps).sorted().toArray();
    double[] f = new double[ascale.length];
    if (positive.length == 0) {
      Arrays.fill(f, 1);
      return f;
    }
    int n = positive.length;
    double median = n % 2 == 1 ? positive[n / 2] : (positive[n / 2 - 1] + positive[n / 2]) / 2;
    for (int i = 0; i < f.length; i++) {
      double v = ascale[i] > eps ? ascale[i] / median : 1;
      f[i] = Math.min(Math.max(v, 1e-2), 1e2);
    }
    return f;
  }

  private static double[] scaled(Array a, int axis, double[] factor, boolean divide) {
    long[] shape = a.shape();
    if (shape[axis] != factor.length) {
      throw new IllegalArgumentException("weight axis " + axis + " of shape " + Arrays.toString(shape) + " has "
          + shape[axis] + " channels, the scales " + factor.length);
    }
    long stride = strides(shape)[axis];
    double[] v = a.values().clone();
    for (int i = 0; i < v.length; i++) {
      double f = factor[(int) (i / stride % shape[axis])];
      v[i] = divide ? v[i] / f : v[i] * f;
    }
    return v;
  }

  private static long[] strides(long[] shape) {
    long[] s = new long[shape.length];
    long acc = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      s[d] = acc;
      acc *= shape[d];
    }
    return s;
  }
}
