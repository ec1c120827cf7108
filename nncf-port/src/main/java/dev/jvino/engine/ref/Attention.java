package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.ir.ElementType;
import java.util.Arrays;

/**
 * ScaledDotProductAttention-13: {@code softmax(Q K^T * scale + bias) V} over batch dimensions that
 * broadcast NUMPY-style between query, key, value and the mask.
 *
 * <p>The bias is the causal upper triangle of -inf when {@code causal} is set (the mask is then
 * ignored), otherwise -inf where a boolean mask is false, or the values of a float mask. The default
 * scale is {@code 1/sqrt(E)}. The order of operations follows OpenVINO's decomposition: Q is scaled
 * first, then multiplied with K^T, the bias added, the softmax taken and the result multiplied with V;
 * every step's result is rounded to the element type (products accumulate in f32 on {@link Gemm}).
 */
public final class Attention {
  private Attention() {}

  private static final String OP = "ScaledDotProductAttention-13";

  /**
   * @param mask optional boolean or float mask broadcastable to {@code [N, ..., L, S]} (a scalar 0 means
   *     no mask); ignored when {@code causal}
   * @param scale optional scalar scale
   */
  public static NdArray scaledDotProductAttention(NdArray q, NdArray k, NdArray v,
      @org.jspecify.annotations.Nullable NdArray mask, @org.jspecify.annotations.Nullable NdArray scale,
      boolean causal) {
    if (q.storage() != Storage.FLOAT) {
      throw new UnsupportedOpException(OP, "element type " + q.type() + " is not supported");
    }
    Elementwise.requireSameType(OP, q, k);
    Elementwise.requireSameType(OP, q, v);
    if (q.rank() < 3 || k.rank() < 3 || v.rank() < 3) {
      throw new OpInputException(OP, q.rank() < 3 ? 0 : k.rank() < 3 ? 1 : 2, "query, key and value need rank >= 3");
    }
    int l = (int) q.dim(-2);
    int e = (int) q.dim(-1);
    int s = (int) k.dim(-2);
    int ev = (int) v.dim(-1);
    if (k.dim(-1) != e) {
      throw new OpInputException(OP, 1, "key embedding " + k.dim(-1) + " differs from query " + e);
    }
    if (v.dim(-2) != s) {
      throw new OpInputException(OP, 2, "value length " + v.dim(-2) + " differs from key length " + s);
    }
    long[] bq = Arrays.copyOf(q.shape(), q.rank() - 2);
    long[] bk = Arrays.copyOf(k.shape(), k.rank() - 2);
    long[] bv = Arrays.copyOf(v.shape(), v.rank() - 2);
    long[] batch = Broadcasting.numpy(OP, bq, bk, bv);
    int nb = Shapes.size(batch);
    int[] mq = Broadcasting.indexMap(batch, bq);
    int[] mk = Broadcasting.indexMap(batch, bk);
    int[] mv = Broadcasting.indexMap(batch, bv);
    ElementType t = q.type();
    float sc;
    if (scale != null) {
      if (scale.size() != 1) {
        throw new OpInputException(OP, 4, "scale must be a scalar, got " + Shapes.str(scale.shape()));
      }
      sc = TypedFloat.r(t, (float) scale.getDouble(0));
    } else {
      // as OpenVINO's decomposition: 1 / sqrt(ConvertLike(E)), each step in the element type
      sc = TypedFloat.r(t, 1f / TypedFloat.r(t, (float) Math.sqrt(TypedFloat.r(t, e))));
    }
    // mask broadcast to [batch..., L, S]
    boolean useMask = !causal && mask != null && !(mask.rank() == 0 && mask.getDouble(0) == 0
        && mask.type() != ElementType.BOOLEAN);
    int[] maskMap = null;
    if (useMask) {
      if (mask.type() != ElementType.BOOLEAN && mask.type() != q.type()) {
        throw new OpInputException(OP, 3, "mask type " + mask.type() + " must be boolean or " + q.type());
      }
      long[] full = Arrays.copyOf(batch, batch.length + 2);
      full[batch.length] = l;
      full[batch.length + 1] = s;
      long[] fullOut = Broadcasting.numpy(OP, full, mask.shape());
      if (!Arrays.equals(fullOut, full)) {
        throw new OpInputException(OP, 3, "mask " + Shapes.str(mask.shape()) + " does not broadcast to "
            + Shapes.str(full));
      }
      maskMap = Broadcasting.indexMap(full, mask.shape());
    }
    float[] qf = q.floats();
    float[] kf = k.floats();
    float[] vf = v.floats();
    float[] out = new float[nb * l * ev];
    float[] qs = new float[l * e];
    float[] scores = new float[l * s];
    float[] probs = new float[l * s];
    float[] sum = new float[1];
    float[] comp = new float[1];
    float minusInf = Float.NEGATIVE_INFINITY;
    for (int b = 0; b < nb; b++) {
      int qo = mq[b] * l * e;
      for (int i = 0; i < l * e; i++) {
        qs[i] = TypedFloat.r(t, qf[qo + i] * sc);
      }
      Gemm.gemm(qs, 0, false, kf, mk[b] * s * e, true, scores, 0, l, s, e);
      for (int i = 0; i < l; i++) {
        for (int j = 0; j < s; j++) {
          int p = i * s + j;
          float x = TypedFloat.r(t, scores[p]);
          if (causal) {
            x = j > i ? minusInf : x;
          } else if (useMask) {
            int mi = maskMap[(b * l + i) * s + j];
            if (mask.type() == ElementType.BOOLEAN) {
              x = mask.booleans()[mi] ? x : minusInf;
            } else {
              x = TypedFloat.r(t, x + mask.floats()[mi]);
            }
          }
          scores[p] = x;
        }
        float max = Activations.sliceMax(t, scores, i * s, 1, s);
        Activations.softmaxSlice(t, scores, probs, i * s, 1, s, max, sum, comp);
      }
      Gemm.gemm(probs, 0, false, vf, mv[b] * s * ev, false, out, b * l * ev, l, ev, s);
    }
    long[] outShape = Arrays.copyOf(batch, batch.length + 2);
    outShape[batch.length] = l;
    outShape[batch.length + 1] = ev;
    return NdArray.ofFloats(q.type(), outShape, out);
  }
}
