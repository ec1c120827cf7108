package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.engine.tensor.Values;
import dev.jvino.ir.ElementType;
import java.util.Arrays;

/**
 * MatMul-0: matrix product over the last two dimensions with NUMPY broadcasting of the batch
 * dimensions, {@code transpose_a}/{@code transpose_b}, and 1-D operands (a 1-D A is a row vector, a 1-D
 * B a column vector; the added dimension is removed from the result and transposes do not apply to
 * them).
 *
 * <p>f32 runs on {@link Gemm} (OpenBLAS for large products, else {@link FastGemm}'s one f32 accumulator
 * per output in ascending k, as OpenVINO's reference); f16/bf16 round every product to the type, accumulate in f32 and round each output once; f64
 * accumulates in double; integers in 64 bits wrapped to the type.
 */
public final class MatMul {
  private MatMul() {}

  private static final String OP = "MatMul-0";

  /** MatMul-0 attributes. */
  public record MatMulAttrs(boolean transposeA, boolean transposeB) {
    public static final MatMulAttrs NONE = new MatMulAttrs(false, false);
  }

  public static NdArray matMul(NdArray a, NdArray b) {
    return matMul(a, b, MatMulAttrs.NONE);
  }

  public static NdArray matMul(NdArray a, NdArray b, MatMulAttrs attrs) {
    Elementwise.requireSameType(OP, a, b);
    if (a.storage() == Storage.BOOL) {
      throw new UnsupportedOpException(OP, "boolean inputs are not supported");
    }
    if (a.rank() == 0 || b.rank() == 0) {
      throw new OpInputException(OP, a.rank() == 0 ? 0 : 1, "scalars are not valid MatMul operands");
    }
    long[] as = a.shape();
    long[] bs = b.shape();
    boolean ta = attrs.transposeA() && as.length > 1;
    boolean tb = attrs.transposeB() && bs.length > 1;
    boolean aVec = as.length == 1;
    boolean bVec = bs.length == 1;
    if (aVec) {
      as = new long[] {1, as[0]};
    }
    if (bVec) {
      bs = new long[] {bs[0], 1};
    }
    int m = (int) (ta ? as[as.length - 1] : as[as.length - 2]);
    int ka = (int) (ta ? as[as.length - 2] : as[as.length - 1]);
    int kb = (int) (tb ? bs[bs.length - 1] : bs[bs.length - 2]);
    int n = (int) (tb ? bs[bs.length - 2] : bs[bs.length - 1]);
    if (ka != kb) {
      throw new OpInputException(OP, -1, "inner dimensions differ: " + Shapes.str(a.shape())
          + (attrs.transposeA() ? "^T" : "") + " x " + Shapes.str(b.shape())
          + (attrs.transposeB() ? "^T" : ""));
    }
    int k = ka;
    long[] batchA = Arrays.copyOf(as, as.length - 2);
    long[] batchB = Arrays.copyOf(bs, bs.length - 2);
    long[] batch = Broadcasting.numpy(OP, batchA, batchB);
    int nb = Shapes.size(batch);
    int[] mapA = Broadcasting.indexMap(batch, batchA);
    int[] mapB = Broadcasting.indexMap(batch, batchB);
    long[] outShape = Arrays.copyOf(batch, batch.length + 2);
    outShape[batch.length] = m;
    outShape[batch.length + 1] = n;
    int aStride = m * k;
    int bStride = k * n;
    int cStride = m * n;
    ElementType t = a.type();
    NdArray result;
    switch (a.storage()) {
      case FLOAT -> {
        float[] c = new float[nb * cStride];
        if (Values.needsRounding(t)) {
          // OpenVINO's reference for half types: each product is a half-type product (rounded to the
          // type), accumulated in f32 in ascending k, the sum rounded to the type once
          float[] x = a.floats();
          float[] y = b.floats();
          for (int bi = 0; bi < nb; bi++) {
            int ao = mapA[bi] * aStride;
            int bo = mapB[bi] * bStride;
            for (int i = 0; i < m; i++) {
              for (int j = 0; j < n; j++) {
                float s = 0;
                for (int kk = 0; kk < k; kk++) {
                  float p = x[ao + (ta ? kk * m + i : i * k + kk)] * y[bo + (tb ? j * k + kk : kk * n + j)];
                  s += Values.roundFloat(t, p);
                }
                c[bi * cStride + i * n + j] = s;
              }
            }
          }
        } else {
          for (int i = 0; i < nb; i++) {
            Gemm.gemm(a.floats(), mapA[i] * aStride, ta, b.floats(), mapB[i] * bStride, tb,
                c, i * cStride, m, n, k);
          }
        }
        result = NdArray.ofFloats(t, outShape, c); // rounds to f16/bf16
      }
      case DOUBLE -> {
        double[] x = a.doubles();
        double[] y = b.doubles();
        double[] c = new double[nb * cStride];
        for (int bi = 0; bi < nb; bi++) {
          int ao = mapA[bi] * aStride;
          int bo = mapB[bi] * bStride;
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              double s = 0;
              for (int kk = 0; kk < k; kk++) {
                s += x[ao + (ta ? kk * m + i : i * k + kk)] * y[bo + (tb ? j * k + kk : kk * n + j)];
              }
              c[bi * cStride + i * n + j] = s;
            }
          }
        }
        result = NdArray.ofDoubles(outShape, c);
      }
      case LONG -> {
        long[] x = a.longs();
        long[] y = b.longs();
        long[] c = new long[nb * cStride];
        for (int bi = 0; bi < nb; bi++) {
          int ao = mapA[bi] * aStride;
          int bo = mapB[bi] * bStride;
          for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
              long s = 0;
              for (int kk = 0; kk < k; kk++) {
                s += x[ao + (ta ? kk * m + i : i * k + kk)] * y[bo + (tb ? j * k + kk : kk * n + j)];
              }
              c[bi * cStride + i * n + j] = Values.wrap(t, s);
            }
          }
        }
        result = NdArray.ofLongs(t, outShape, c);
      }
      default -> throw new IllegalStateException();
    }
    if (aVec || bVec) {
      long[] squeezed = new long[outShape.length - (aVec ? 1 : 0) - (bVec ? 1 : 0)];
      System.arraycopy(outShape, 0, squeezed, 0, batch.length);
      int p = batch.length;
      if (!aVec) {
        squeezed[p++] = m;
      }
      if (!bVec) {
        squeezed[p] = n;
      }
      result = result.reshape(squeezed);
    }
    return result;
  }
}
