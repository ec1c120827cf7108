package dev.jvino.nncf.compression;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.nncf.AdvancedCompressionParameters.ScaleEstimationParameters;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.weights.CompressedWeight;
import dev.jvino.nncf.weights.WeightLowering;
import java.util.Arrays;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.factory.DecompositionFactory_FDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_FDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F32;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.jspecify.annotations.Nullable;

/**
 * NNCF's GPTQ ({@code WC/gptq.py}) for one 2-D MatMul weight {@code [out, in]} (transpose_b=True) in
 * INT4_SYM, INT4_ASYM or one of the 4-bit table modes NF4, CB4 and CODEBOOK (f32 codebook), in float32 with
 * EJML's dense float32 solvers:
 *
 * <ol>
 *   <li>{@link Hessian}: {@code H = 2/n sum X^T X} over the layer's input samples, accumulated as NNCF does
 *       ({@code H *= n/(n+b); n += b; H += (sqrt(2/n) X)^T (sqrt(2/n) X)}, with {@code b} the leading
 *       batch size of a 3-D activation and 1 for a 2-D one);
 *   <li>dead inputs ({@code H[i,i] == 0}) get {@code H[i,i] = 1} and a zero weight column;
 *   <li>damping {@code H += dampPercent * mean(diag H) * I}; then {@code U = chol_upper(H^-1)} (Cholesky of
 *       H, inverse from the factor, upper Cholesky factor of the inverse);
 *   <li>columns in blocks of {@code blockSize}: at each group start the scale (and zero point) come from the
 *       weight columns of that group as updated by the earlier blocks only (or, with scale estimation, from
 *       NNCF's scale estimation on the group's activation means, integer modes only); each column is
 *       fake-quantized with that scale (table modes: scaled nearest table value), its error
 *       {@code (w - q) / U[i,i]} is spread on the later columns of the block by row {@code i} of {@code U},
 *       and after the block {@code W[:, i2:] -= Err @ U[i1:i2, i2:]}.
 * </ol>
 * Sums (the Hessian's products, the Cholesky factors, the propagation) are float32 as NNCF's numpy
 * path, but in a different summation order, so values can differ from NNCF in the last bits.
 */
public final class Gptq {
  /** The scale estimation parameters NNCF's GPTQ uses (the class defaults, not the user's). */
  static final ScaleEstimationParameters SCALE_ESTIMATION = new ScaleEstimationParameters(32, 5, 10, -1.0);

  private Gptq() {}

  /** The running Hessian of one layer's input. */
  public static final class Hessian {
    private final int columns;
    private final FMatrixRMaj h;
    private long samples;

    /** An empty Hessian for inputs with {@code columns} channels. */
    public Hessian(int columns) {
      if (columns <= 0) {
        throw new IllegalArgumentException("GPTQ Hessian: columns must be positive, not " + columns);
      }
      this.columns = columns;
      this.h = new FMatrixRMaj(columns, columns);
    }

    /**
     * Adds one input sample: rank 2 {@code [tokens, columns]} (counts as one sample) or rank 3
     * {@code [batch, tokens, columns]} (counts as {@code batch} samples, flattened to 2-D).
     *
     * @throws IllegalArgumentException for another rank or channel count
     */
    public void add(NdArray activation) {
      long[] shape = activation.shape();
      if ((shape.length != 2 && shape.length != 3) || shape[shape.length - 1] != columns) {
        throw new IllegalArgumentException("GPTQ Hessian: expected an activation [tokens, " + columns
            + "] or [batch, tokens, " + columns + "], got " + Arrays.toString(shape));
      }
      int batch = shape.length == 3 ? (int) shape[0] : 1;
      float[] v = activation.toFloatArray();
      int rows = v.length / columns;
      CommonOps_FDRM.scale((float) ((double) samples / (samples + batch)), h);
      samples += batch;
      float f = (float) Math.sqrt(2.0 / samples);
      FMatrixRMaj x = new FMatrixRMaj(rows, columns);
      float[] xd = x.getData();
      for (int i = 0; i < v.length; i++) {
        xd[i] = v[i] * f;
      }
      FMatrixRMaj prod = new FMatrixRMaj(columns, columns);
      CommonOps_FDRM.multTransA(x, x, prod);
      CommonOps_FDRM.addEquals(h, prod);
    }

    /** The number of samples added (3-D inputs count their batch). */
    public long samples() {
      return samples;
    }

    /** A copy of {@code H}, {@code [columns, columns]} row-major. */
    public float[] matrix() {
      return h.getData().clone();
    }
  }

  /**
   * GPTQ's output for one weight.
   *
   * @param weight the fake-quantized weight {@code [out, in]} (what NNCF writes back into the model)
   * @param scale the group scales {@code [out, groups]} (the layout of a grouped {@code [out, in]} weight's
   *     scale, {@code [out, in/gs, 1]}, or {@code [out, 1]} per channel)
   * @param zeroPoint the zero points (INT4_ASYM), same layout, else null
   */
  public record Result(float[] weight, float[] scale, int @Nullable [] zeroPoint) {}

  /**
   * Input-channel activation means for scale estimation inside GPTQ ({@link WeightCompressionStats}'s
   * processed form over the layer's inputs).
   *
   * @param s per input channel, max over samples of |mean|, {@code [in]}
   * @param x the kept samples' means, {@code [in, n]} row-major
   * @param n the number of kept samples
   */
  public record Means(float[] s, float[] x, int n) {}

  /**
   * Runs GPTQ on one weight.
   *
   * @param layer the layer name, for messages
   * @param weight {@code [out, in]} row-major (not changed)
   * @param out rows
   * @param in columns (input channels)
   * @param hessian {@code [in, in]} from {@link Hessian#matrix()} (not changed)
   * @param mode INT4_SYM, INT4_ASYM, NF4, CB4 or CODEBOOK
   * @param codebook the CODEBOOK values (ignored for the other modes)
   * @param groupSize a divisor of {@code in}, or -1 for one group per row
   * @param dampPercent the damping fraction of the mean Hessian diagonal
   * @param blockSize the column block size
   * @param means with scale estimation, the layer's activation means (used by the integer modes); else null
   * @throws IllegalArgumentException for a bad mode, size or group size
   * @throws UnsupportedModelException if the damped Hessian or its inverse is not positive definite
   */
  public static Result quantize(String layer, float[] weight, int out, int in, float[] hessian,
      CompressWeightsMode mode, float @Nullable [] codebook, int groupSize, double dampPercent, int blockSize,
      @Nullable Means means) {
    boolean integer = mode == CompressWeightsMode.INT4_SYM || mode == CompressWeightsMode.INT4_ASYM;
    if (!integer && mode != CompressWeightsMode.NF4 && mode != CompressWeightsMode.CB4
        && mode != CompressWeightsMode.CODEBOOK) {
      throw new IllegalArgumentException("GPTQ in jvino quantizes INT4_SYM, INT4_ASYM, NF4, CB4 and CODEBOOK weights,"
          + " not " + mode);
    }
    if (weight.length != out * in || hessian.length != in * in) {
      throw new IllegalArgumentException("GPTQ " + layer + ": weight " + weight.length + " values for [" + out + ", "
          + in + "], Hessian " + hessian.length + " values");
    }
    int gs = groupSize == -1 ? in : groupSize;
    if (gs <= 0 || in % gs != 0) {
      throw new IllegalArgumentException("GPTQ " + layer + ": group size " + groupSize + " does not divide " + in);
    }
    if (blockSize <= 0) {
      throw new IllegalArgumentException("GPTQ " + layer + ": block size must be positive, not " + blockSize);
    }
    if (means != null && (means.s().length != in || means.x().length != in * means.n())) {
      throw new IllegalArgumentException("GPTQ " + layer + ": activation means do not match " + in + " channels");
    }
    float[] w = weight.clone();
    FMatrixRMaj h = new FMatrixRMaj(in, in);
    System.arraycopy(hessian, 0, h.getData(), 0, hessian.length);
    for (int i = 0; i < in; i++) {
      if (h.get(i, i) == 0f) {
        h.set(i, i, 1f);
        for (int o = 0; o < out; o++) {
          w[o * in + i] = 0f;
        }
      }
    }
    float[] u = inverseCholeskyUpper(layer, h, (float) dampPercent);
    boolean asym = mode == CompressWeightsMode.INT4_ASYM;
    int groups = in / gs;
    float[] scale = new float[out * groups];
    int[] zp = asym ? new int[out * groups] : null;
    float[] q = new float[out * in];
    float lo = asym ? 0f : -8f;
    float hi = asym ? 15f : 7f;
    for (int i1 = 0; i1 < in; i1 += blockSize) {
      int i2 = Math.min(i1 + blockSize, in);
      int count = i2 - i1;
      float[] block = new float[out * count]; // [out, count]
      for (int o = 0; o < out; o++) {
        System.arraycopy(w, o * in + i1, block, o * count, count);
      }
      float[] err = new float[out * count];
      for (int i = 0; i < count; i++) {
        int col = i1 + i;
        if (col % gs == 0) {
          groupParams(w, out, in, col, gs, mode, codebook, integer ? means : null, scale, zp, col / gs, groups);
        }
        int g = col / gs;
        float d = u[col * in + col];
        float[] table = integer ? null : tableColumn(block, count, i, out, scale, groups, g, mode, codebook);
        for (int o = 0; o < out; o++) {
          float wv = block[o * count + i];
          float sc = scale[o * groups + g];
          float qv;
          if (table != null) {
            qv = table[o];
          } else if (asym) {
            int z = zp[o * groups + g];
            float code = roundClamped(wv / sc + (float) z, lo, hi);
            qv = (float) ((int) code - z) * sc;
          } else {
            qv = roundClamped(wv / sc, lo, hi) * sc;
          }
          q[o * in + col] = qv;
          float e = (wv - qv) / d;
          err[o * count + i] = e;
          for (int j = i; j < count; j++) {
            block[o * count + j] -= e * u[col * in + i1 + j];
          }
        }
      }
      // W[:, i2:] -= Err @ U[i1:i2, i2:]
      if (i2 < in) {
        float[] acc = new float[in - i2];
        for (int o = 0; o < out; o++) {
          java.util.Arrays.fill(acc, 0f);
          for (int k = 0; k < count; k++) {
            float e = err[o * count + k];
            int row = (i1 + k) * in + i2;
            for (int j = 0; j < acc.length; j++) {
              acc[j] += e * u[row + j]; // row-wise, so the inner loop runs over contiguous memory
            }
          }
          int base = o * in + i2;
          for (int j = 0; j < acc.length; j++) {
            w[base + j] -= acc[j];
          }
        }
      }
    }
    return new Result(q, scale, zp);
  }

  /** Column {@code i} of the block fake-quantized by a table mode with the scales of group {@code g}. */
  private static float[] tableColumn(float[] block, int count, int i, int out, float[] scale, int groups, int g,
      CompressWeightsMode mode, float @Nullable [] codebook) {
    float[] col = new float[out];
    float[] sc = new float[out];
    for (int o = 0; o < out; o++) {
      col[o] = block[o * count + i];
      sc[o] = scale[o * groups + g];
    }
    return WeightLowering.lowerWithScale(col, new long[] {out, 1}, 1, mode, -1, sc, null, codebook).dequantized();
  }

  /** The scale (and zero point) of group {@code g} from columns {@code [col, col+gs)} of {@code w}. */
  private static void groupParams(float[] w, int out, int in, int col, int gs, CompressWeightsMode mode,
      float @Nullable [] codebook, @Nullable Means means, float[] scale, int @Nullable [] zp, int g, int groups) {
    float[] slice = new float[out * gs];
    for (int o = 0; o < out; o++) {
      System.arraycopy(w, o * in + col, slice, o * gs, gs);
    }
    long[] shape = {out, gs};
    float[] sc;
    int[] z;
    if (means != null) {
      float[] s = Arrays.copyOfRange(means.s(), col, col + gs);
      float[] x = Arrays.copyOfRange(means.x(), col * means.n(), (col + gs) * means.n());
      ScaleEstimation.Result r = ScaleEstimation.estimate(slice, shape, 1, mode, -1, s, x, means.n(),
          SCALE_ESTIMATION);
      sc = r.scale();
      z = r.zeroPoint();
    } else {
      CompressedWeight cw = WeightLowering.lower(slice, shape, 1, mode, -1, codebook);
      sc = cw.scale();
      z = cw.zeroPoint();
    }
    for (int o = 0; o < out; o++) {
      scale[o * groups + g] = sc[o];
      if (zp != null) {
        zp[o * groups + g] = z[o];
      }
    }
  }

  /**
   * Damps {@code h} in place, then returns the upper Cholesky factor {@code U} of {@code h^-1}
   * ({@code h^-1 = U^T U}), row-major.
   */
  static float[] inverseCholeskyUpper(String layer, FMatrixRMaj h, float dampPercent) {
    int n = h.numRows;
    double diagSum = 0;
    for (int i = 0; i < n; i++) {
      diagSum += h.get(i, i);
    }
    float damp = dampPercent * (float) (diagSum / n);
    for (int i = 0; i < n; i++) {
      h.set(i, i, h.get(i, i) + damp);
    }
    LinearSolverDense<FMatrixRMaj> chol = LinearSolverFactory_FDRM.chol(n);
    if (!chol.setA(h.copy())) {
      throw new UnsupportedModelException("GPTQ: the damped Hessian of " + layer + " is not positive definite");
    }
    FMatrixRMaj inv = new FMatrixRMaj(n, n);
    chol.invert(inv);
    CholeskyDecomposition_F32<FMatrixRMaj> upper = DecompositionFactory_FDRM.chol(n, false);
    if (!upper.decompose(inv.copy())) {
      throw new UnsupportedModelException("GPTQ: the inverse Hessian of " + layer + " is not positive definite");
    }
    FMatrixRMaj t = upper.getT(null);
    float[] u = t.getData().clone();
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < r; c++) {
        u[r * n + c] = 0f; // only the upper triangle is the factor
      }
    }
    return u;
  }

  private static final float ROUNDER = 0x1.8p23f;

  /** {@code clip(round_half_even(x), lo, hi)}. */
  private static float roundClamped(float x, float lo, float hi) {
    float t = Math.min(Math.max(x, lo), hi);
    return (t + ROUNDER) - ROUNDER;
  }
}
