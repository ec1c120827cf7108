package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;

/**
 * Convolution-1 and GroupConvolution-1 over 1, 2 or 3 spatial dimensions (layout {@code [N, C, ...]},
 * filters {@code [C_OUT, C_IN, ...]} or {@code [GROUPS, C_OUT/G, C_IN/G, ...]}). Float inputs are
 * unrolled (im2col) and multiplied with {@link Gemm}: with {@link FastGemm} each output is one f32
 * accumulator summed over input channels, then kernel positions in row-major order, the order of
 * OpenVINO's reference loop (padding contributes zero products where the reference skips them); large
 * layers go to OpenBLAS, which blocks that sum. f16/bf16 accumulate in f32 and
 * round the output once (OpenVINO's older reference accumulated in the half type itself); f64 is
 * computed directly in double.
 */
public final class Convolution {
  private Convolution() {}

  /** Floats unrolled per GEMM call; output positions are tiled to stay below it. */
  private static final long COL_BUDGET = 1L << 22;

  /** Convolution-1 / GroupConvolution-1 attributes. */
  public record ConvolutionAttrs(long[] strides, long[] padsBegin, long[] padsEnd, long[] dilations,
      AutoPad autoPad) {
    public ConvolutionAttrs {
      strides = strides.clone();
      padsBegin = padsBegin.clone();
      padsEnd = padsEnd.clone();
      dilations = dilations.clone();
      String op = "Convolution-1";
      int r = strides.length;
      positive(op, "strides", strides);
      positive(op, "dilations", dilations);
      nonNegative(op, "pads_begin", padsBegin);
      nonNegative(op, "pads_end", padsEnd);
      if (dilations.length != r || padsBegin.length != r || padsEnd.length != r) {
        throw new OpAttributeException(op, "dilations", dilations,
            "strides, pads_begin, pads_end and dilations must have the same length " + r);
      }
    }

    /** Unit strides and dilations, zero explicit pads, for {@code spatial} dimensions. */
    public static ConvolutionAttrs simple(int spatial) {
      long[] ones = new long[spatial];
      java.util.Arrays.fill(ones, 1);
      return new ConvolutionAttrs(ones, new long[spatial], new long[spatial], ones, AutoPad.EXPLICIT);
    }
  }

  static void positive(String op, String name, long[] v) {
    for (long x : v) {
      if (x <= 0) {
        throw new OpAttributeException(op, name, v, "values must be positive");
      }
    }
  }

  static void nonNegative(String op, String name, long[] v) {
    for (long x : v) {
      if (x < 0) {
        throw new OpAttributeException(op, name, v, "values must not be negative");
      }
    }
  }

  /** Convolution-1. */
  public static NdArray convolution(NdArray data, NdArray filters, ConvolutionAttrs attrs) {
    String op = "Convolution-1";
    if (filters.rank() != data.rank()) {
      throw new OpInputException(op, 1, "filter rank " + filters.rank() + " differs from data rank " + data.rank());
    }
    long[] f = filters.shape();
    long[] grouped = new long[f.length + 1];
    grouped[0] = 1;
    System.arraycopy(f, 0, grouped, 1, f.length);
    return run(op, data, filters.reshape(grouped), attrs, COL_BUDGET);
  }

  /** Convolution with a chosen unroll budget (tests use a small one to exercise tiling). */
  static NdArray convolution(NdArray data, NdArray filters, ConvolutionAttrs attrs, long colBudget) {
    long[] f = filters.shape();
    long[] grouped = new long[f.length + 1];
    grouped[0] = 1;
    System.arraycopy(f, 0, grouped, 1, f.length);
    return run("Convolution-1", data, filters.reshape(grouped), attrs, colBudget);
  }

  /** GroupConvolution-1. */
  public static NdArray groupConvolution(NdArray data, NdArray filters, ConvolutionAttrs attrs) {
    String op = "GroupConvolution-1";
    if (filters.rank() != data.rank() + 1) {
      throw new OpInputException(op, 1, "filter rank " + filters.rank() + " must be data rank + 1 = " + (data.rank() + 1));
    }
    return run(op, data, filters, attrs, COL_BUDGET);
  }

  private static NdArray run(String op, NdArray data, NdArray filters, ConvolutionAttrs attrs, long colBudget) {
    Elementwise.requireSameType(op, data, filters);
    if (data.storage() != Storage.FLOAT && data.storage() != Storage.DOUBLE) {
      throw new UnsupportedOpException(op, "element type " + data.type() + " is not supported");
    }
    long[] in = data.shape();
    long[] w = filters.shape(); // [G, Cout/G, Cin/G, k...]
    int spatial = in.length - 2;
    if (spatial < 1 || spatial > 3) {
      throw new OpInputException(op, 0, "needs 1 to 3 spatial dimensions, got shape " + Shapes.str(in));
    }
    if (attrs.strides().length != spatial) {
      throw new OpAttributeException(op, "strides", attrs.strides(), "expected " + spatial + " values");
    }
    int groups = (int) w[0];
    int coutG = (int) w[1];
    int cinG = (int) w[2];
    if (in[1] != (long) groups * cinG) {
      throw new OpInputException(op, 1, "filters " + Shapes.str(w) + " expect " + (long) groups * cinG
          + " input channels, data has " + in[1]);
    }
    int batch = (int) in[0];
    long[] inSp = new long[spatial];
    long[] k = new long[spatial];
    long[] out = new long[spatial];
    long[] pb = new long[spatial];
    for (int d = 0; d < spatial; d++) {
      inSp[d] = in[d + 2];
      k[d] = w[d + 3];
      long dk = attrs.dilations()[d] * (k[d] - 1) + 1;
      long[] p = attrs.autoPad().resolve(inSp[d], dk, attrs.strides()[d], attrs.padsBegin()[d], attrs.padsEnd()[d]);
      pb[d] = p[0];
      long span = inSp[d] + p[0] + p[1] - dk;
      if (span < 0) {
        throw new OpInputException(op, 0, "spatial dimension " + d + " (" + inSp[d] + " + pads) is smaller than the dilated kernel " + dk);
      }
      out[d] = span / attrs.strides()[d] + 1;
    }
    int inSize = Shapes.size(inSp);
    int outSize = Shapes.size(out);
    int kSize = Shapes.size(k);
    long[] outShape = new long[in.length];
    outShape[0] = batch;
    outShape[1] = (long) groups * coutG;
    System.arraycopy(out, 0, outShape, 2, spatial);
    // for every (kernel offset, output position) the flat spatial input index, or -1 in the padding
    int[] gatherIdx = im2colIndex(inSp, k, out, pb, attrs.strides(), attrs.dilations());
    int rows = cinG * kSize;
    if (data.storage() == Storage.FLOAT) {
      float[] x = data.floats();
      float[] wt = filters.floats();
      float[] y = new float[Shapes.size(outShape)];
      // unroll at most ~4M floats at a time: tiles of output positions
      int tile = (int) Math.max(1, Math.min(outSize, Math.max(1, colBudget / Math.max(1, rows))));
      float[] col = new float[rows * tile];
      float[] part = tile == outSize ? null : new float[coutG * tile];
      for (int n = 0; n < batch; n++) {
        for (int g = 0; g < groups; g++) {
          int yBase = (n * groups + g) * coutG * outSize;
          for (int o0 = 0; o0 < outSize; o0 += tile) {
            int width = Math.min(tile, outSize - o0);
            for (int c = 0; c < cinG; c++) {
              int base = ((n * groups + g) * cinG + c) * inSize;
              for (int kk = 0; kk < kSize; kk++) {
                int row = (c * kSize + kk) * width;
                int gi = kk * outSize + o0;
                for (int o = 0; o < width; o++) {
                  int src = gatherIdx[gi + o];
                  col[row + o] = src < 0 ? 0f : x[base + src];
                }
              }
            }
            if (part == null) {
              Gemm.gemm(wt, g * coutG * rows, false, col, 0, false, y, yBase, coutG, width, rows);
            } else {
              Gemm.gemm(wt, g * coutG * rows, false, col, 0, false, part, 0, coutG, width, rows);
              for (int co = 0; co < coutG; co++) {
                System.arraycopy(part, co * width, y, yBase + co * outSize + o0, width);
              }
            }
          }
        }
      }
      return NdArray.ofFloats(data.type(), outShape, y);
    }
    double[] x = data.doubles();
    double[] wt = filters.doubles();
    double[] y = new double[Shapes.size(outShape)];
    for (int n = 0; n < batch; n++) {
      for (int g = 0; g < groups; g++) {
        for (int co = 0; co < coutG; co++) {
          int yo = ((n * groups + g) * coutG + co) * outSize;
          for (int c = 0; c < cinG; c++) {
            int base = ((n * groups + g) * cinG + c) * inSize;
            int wb = ((g * coutG + co) * cinG + c) * kSize;
            for (int kk = 0; kk < kSize; kk++) {
              double wv = wt[wb + kk];
              for (int o = 0; o < outSize; o++) {
                int src = gatherIdx[kk * outSize + o];
                if (src >= 0) {
                  y[yo + o] += wv * x[base + src];
                }
              }
            }
          }
        }
      }
    }
    return NdArray.ofDoubles(outShape, y);
  }

  /** Index table [kSize][outSize] of flat input positions (-1 for padding). */
  static int[] im2colIndex(long[] in, long[] k, long[] out, long[] pb, long[] strides, long[] dil) {
    int sp = in.length;
    int kSize = Shapes.size(k);
    int outSize = Shapes.size(out);
    int[] inStrides = Shapes.strides(in);
    int[] table = new int[kSize * outSize];
    int[] kc = new int[sp];
    int[] oc = new int[sp];
    for (int kk = 0; kk < kSize; kk++) {
      decode(kk, k, kc);
      for (int o = 0; o < outSize; o++) {
        decode(o, out, oc);
        int flat = 0;
        for (int d = 0; d < sp; d++) {
          long pos = oc[d] * strides[d] - pb[d] + kc[d] * dil[d];
          if (pos < 0 || pos >= in[d]) {
            flat = -1;
            break;
          }
          flat += (int) pos * inStrides[d];
        }
        table[kk * outSize + o] = flat;
      }
    }
    return table;
  }

  static void decode(int flat, long[] shape, int[] coords) {
    for (int d = shape.length - 1; d >= 0; d--) {
      coords[d] = (int) (flat % shape[d]);
      flat /= (int) shape[d];
    }
  }
}
