package dev.jvino.nncf.compression;

import dev.jvino.nncf.AdvancedCompressionParameters.LoraCorrectionParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.SingularOps_FDRM;
import org.ejml.dense.row.factory.DecompositionFactory_FDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_FDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F32;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * NNCF's LoRA correction math ({@code LoraCorrectionAlgorithm.calculate_low_rank_matrices}), in float32 with
 * EJML: two low-rank matrices {@code A [R, H]} and {@code B [O, R]} such that {@code x·Aᵀ·Bᵀ} approximates
 * what compression removed from {@code x·Wᵀ}.
 *
 * <ol>
 *   <li>The residual {@code W - dequantized(W)}, oriented {@code [H, O]} (H = the reduced, input axis).
 *   <li>For a grouped config, a copy of it is scaled row-wise by the activation maxima {@code s}, normalised
 *       within each group (divided by the group sum, then by the group maximum); only the SVD sees this copy.
 *   <li>Rank-R truncated SVD of that copy: {@code U = U[:, :R]}, {@code V = diag(S[:R])·Vᵀ[:R, :]}
 *       (R is at most min(H, O)).
 *   <li>{@code numIterations} alternating least-squares refinements against the noise {@code X·res}
 *       ({@code X [N, H]}: the per-sample activation means). With regularisation, V solves
 *       {@code [U; X·U]·V = [res; X·res]} and U solves {@code [I; X]·U = [res·pinv(V); X·res·pinv(V)]};
 *       without it, {@code X·U·V = X·res} and {@code X·U = X·res·pinv(V)}. The least-squares solutions are the
 *       minimum-norm ones of a column-pivoted QR (as LAPACK's gelsy that NNCF calls).
 * </ol>
 */
public final class LoraCorrection {
  private LoraCorrection() {}

  /**
   * The adapters of one weight.
   *
   * @param a {@code [rank, hidden]}, row-major (the first adapter MatMul's weight, used transposed)
   * @param b {@code [out, rank]}, row-major (the second adapter MatMul's weight, used transposed)
   * @param rank the adapter rank (the requested rank, capped at min(hidden, out))
   * @param hidden H, the weight's input size
   * @param out O, the weight's output size
   * @param meanNoises when tracked: mean |noise| before the SVD, after it, then after each half iteration
   *     (NNCF's debug noises); else empty
   */
  public record Adapters(float[] a, float[] b, int rank, int hidden, int out, List<Double> meanNoises) {
    public Adapters {
      meanNoises = List.copyOf(meanNoises);
    }

    /** The {@code [H, O]} matrix {@code Aᵀ·Bᵀ} the adapters add to {@code Wᵀ}. */
    public float[] product() {
      float[] p = new float[hidden * out];
      for (int h = 0; h < hidden; h++) {
        for (int o = 0; o < out; o++) {
          float acc = 0f;
          for (int r = 0; r < rank; r++) {
            acc += a[r * hidden + h] * b[o * rank + r];
          }
          p[h * out + o] = acc;
        }
      }
      return p;
    }
  }

  /**
   * Computes the adapters of a 2-D weight.
   *
   * @param weight the original weight (float32, row-major)
   * @param dequantized its dequantized compressed values, same layout
   * @param shape the 2-D weight shape
   * @param reductionAxis the weight's reduction (input) axis, 0 or 1
   * @param groupSize the compression group size, or -1
   * @param s per input channel, the maximum |activation mean| over all samples ({@code [H]})
   * @param x the kept samples' activation means {@code [H, n]}, row-major
   * @param n the number of kept samples
   * @param params rank, iterations and regularisation
   * @param trackNoise whether to record the mean noises (costs extra products)
   * @throws IllegalArgumentException for inconsistent sizes
   */
  public static Adapters compute(float[] weight, float[] dequantized, long[] shape, int reductionAxis, int groupSize,
      float[] s, float[] x, int n, LoraCorrectionParameters params, boolean trackNoise) {
    Objects.requireNonNull(params, "params");
    if (shape.length != 2 || (reductionAxis != 0 && reductionAxis != 1)) {
      throw new IllegalArgumentException("LoRA correction needs a 2-D weight reduced over axis 0 or 1, got shape "
          + Arrays.toString(shape) + " axis " + reductionAxis);
    }
    int hidden = (int) shape[reductionAxis];
    int out = (int) shape[1 - reductionAxis];
    if (weight.length != hidden * out || dequantized.length != weight.length) {
      throw new IllegalArgumentException("weight/dequantized sizes " + weight.length + "/" + dequantized.length
          + " do not match shape " + Arrays.toString(shape));
    }
    if (s.length != hidden || x.length != hidden * n || n <= 0) {
      throw new IllegalArgumentException("activation statistics [" + s.length + "], [" + x.length + "/" + n
          + "] do not match the weight's input size " + hidden);
    }
    // residual [H, O]
    FMatrixRMaj residual = new FMatrixRMaj(hidden, out);
    float[] rd = residual.data;
    for (int i = 0; i < weight.length; i++) {
      float r = weight[i] - dequantized[i];
      if (reductionAxis == 1) { // weight [O, H]
        int o = i / hidden;
        int h = i % hidden;
        rd[h * out + o] = r;
      } else {
        rd[i] = r;
      }
    }
    FMatrixRMaj svdInput = residual.copy();
    if (groupSize > 0) {
      float[] w = s.clone();
      for (int g = 0; g + groupSize <= hidden; g += groupSize) {
        float sum = 0f;
        for (int i = g; i < g + groupSize; i++) {
          sum += w[i];
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = g; i < g + groupSize; i++) {
          w[i] = w[i] / sum;
          max = Math.max(max, w[i]);
        }
        for (int i = g; i < g + groupSize; i++) {
          w[i] = w[i] / max;
        }
      }
      for (int h = 0; h < hidden; h++) {
        for (int o = 0; o < out; o++) {
          svdInput.data[h * out + o] *= w[h];
        }
      }
    }
    // X [N, H]
    FMatrixRMaj xs = new FMatrixRMaj(n, hidden);
    for (int h = 0; h < hidden; h++) {
      for (int j = 0; j < n; j++) {
        xs.data[j * hidden + h] = x[h * n + j];
      }
    }

    SingularValueDecomposition_F32<FMatrixRMaj> svd = DecompositionFactory_FDRM.svd(hidden, out, true, true, true);
    if (!svd.decompose(svdInput.copy())) {
      throw new ArithmeticException("SVD of the LoRA residual did not converge");
    }
    FMatrixRMaj uFull = svd.getU(null, false);
    FMatrixRMaj w = svd.getW(null);
    FMatrixRMaj vtFull = svd.getV(null, true);
    SingularOps_FDRM.descendingOrder(uFull, false, w, vtFull, true);
    int k = Math.min(hidden, out);
    int rank = Math.min(params.adapterRank(), k);
    FMatrixRMaj u = CommonOps_FDRM.extract(uFull, 0, hidden, 0, rank);
    FMatrixRMaj v = CommonOps_FDRM.extract(vtFull, 0, rank, 0, out);
    for (int r = 0; r < rank; r++) {
      float sv = w.get(r, r);
      for (int o = 0; o < out; o++) {
        v.data[r * out + o] *= sv;
      }
    }

    FMatrixRMaj noise = mult(xs, residual); // [N, O]
    List<Double> noises = new ArrayList<>();
    if (trackNoise) {
      noises.add(meanAbs(noise, null));
      noises.add(meanAbs(noise, mult(mult(xs, u), v)));
    }
    boolean reg = params.applyRegularization();
    FMatrixRMaj eyeX = reg ? stack(CommonOps_FDRM.identity(hidden), xs) : null;
    FMatrixRMaj resNoise = reg ? stack(residual, noise) : null;
    for (int it = 0; it < params.numIterations(); it++) {
      FMatrixRMaj xu = mult(xs, u); // [N, R]
      v = reg ? solve(stack(u, xu), resNoise) : solve(xu, noise);
      if (trackNoise) {
        noises.add(meanAbs(noise, mult(xu, v)));
      }
      FMatrixRMaj vInv = new FMatrixRMaj(out, rank);
      CommonOps_FDRM.pinv(v, vInv);
      FMatrixRMaj noiseVi = mult(noise, vInv); // [N, R]
      u = reg ? solve(eyeX, stack(mult(residual, vInv), noiseVi)) : solve(xs, noiseVi);
      if (trackNoise) {
        noises.add(meanAbs(noise, mult(mult(xs, u), v)));
      }
    }
    FMatrixRMaj a = CommonOps_FDRM.transpose(u, null); // [R, H]
    FMatrixRMaj b = CommonOps_FDRM.transpose(v, null); // [O, R]
    return new Adapters(a.data.clone(), b.data.clone(), rank, hidden, out, noises);
  }

  private static FMatrixRMaj mult(FMatrixRMaj a, FMatrixRMaj b) {
    FMatrixRMaj c = new FMatrixRMaj(a.numRows, b.numCols);
    CommonOps_FDRM.mult(a, b, c);
    return c;
  }

  /** {@code [top; bottom]}. */
  private static FMatrixRMaj stack(FMatrixRMaj top, FMatrixRMaj bottom) {
    FMatrixRMaj m = new FMatrixRMaj(top.numRows + bottom.numRows, top.numCols);
    System.arraycopy(top.data, 0, m.data, 0, top.getNumElements());
    System.arraycopy(bottom.data, 0, m.data, top.getNumElements(), bottom.getNumElements());
    return m;
  }

  /** The minimum-norm least-squares solution of {@code a·x = b} (column-pivoted QR). */
  private static FMatrixRMaj solve(FMatrixRMaj a, FMatrixRMaj b) {
    LinearSolverDense<FMatrixRMaj> solver = LinearSolverFactory_FDRM.leastSquaresQrPivot(true, false);
    if (!solver.setA(a.copy())) {
      throw new ArithmeticException("LoRA correction: least-squares factorisation failed");
    }
    FMatrixRMaj x = new FMatrixRMaj(a.numCols, b.numCols);
    solver.solve(b, x);
    return x;
  }

  /** mean |noise - approx| (or mean |noise| when approx is null), accumulated in double. */
  private static double meanAbs(FMatrixRMaj noise, @org.jspecify.annotations.Nullable FMatrixRMaj approx) {
    double sum = 0;
    for (int i = 0; i < noise.data.length; i++) {
      sum += Math.abs(noise.data[i] - (approx == null ? 0f : approx.data[i]));
    }
    return sum / noise.data.length;
  }
}
