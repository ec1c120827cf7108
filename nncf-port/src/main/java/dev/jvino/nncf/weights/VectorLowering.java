package dev.jvino.nncf.weights;

import dev.jvino.numeric.Nf4;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the hot per-group loops of {@link IntegerLowering} and {@link TableLowering}
 * for contiguous groups. They perform the same float32 operations on every element as the scalar loops
 * (min/max with Java's NaN and signed-zero rules, true division, the clamp-then-round of
 * {@link IntegerLowering#roundClamped}, NF4's strict "centres below" count), so the results are
 * bit-identical; only the order of the min/max reductions differs, which does not change their value.
 * Used only when {@link VectorSupport#ENABLED}.
 */
final class VectorLowering {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 4));
  private static final int L = F.length();
  private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
  private static final float ROUNDER = 0x1.8p23f;

  private VectorLowering() {}

  /**
   * Integer modes, scales computed: for each group {@code s} in {@code [s0, s1)} of {@code gs}
   * contiguous elements, its min and max, NNCF's scale (and zero point), then the codes.
   */
  static void integerGroups(
      float[] w, int gs, int bits, boolean asym, float[] scale, int[] zp, byte[] q, int s0, int s1) {
    float[] mn = new float[1];
    float[] mx = new float[1];
    float lo = asym ? 0f : -(1 << (bits - 1));
    float hi = asym ? (1 << bits) - 1 : (1 << (bits - 1)) - 1;
    FloatVector loV = FloatVector.broadcast(F, lo);
    FloatVector hiV = FloatVector.broadcast(F, hi);
    FloatVector rounder = FloatVector.broadcast(F, ROUNDER);
    for (int s = s0; s < s1; s++) {
      int base = s * gs;
      minMax(w, base, gs, mn, mx, 0);
      float z;
      if (asym) {
        IntegerLowering.asymParams(mn, mx, bits, scale, zp, s, s + 1, s);
        z = zp[s];
      } else {
        IntegerLowering.symScale(mn, mx, bits, scale, s, s + 1, s);
        z = 0f;
      }
      float sc = scale[s];
      FloatVector scV = FloatVector.broadcast(F, sc);
      FloatVector zV = FloatVector.broadcast(F, z);
      int end = base + gs;
      int k = base;
      for (; k <= end - L; k += L) {
        FloatVector x = FloatVector.fromArray(F, w, k).div(scV);
        if (asym) {
          x = x.add(zV);
        }
        codes(x, loV, hiV, rounder).intoArray(q, k);
      }
      for (; k < end; k++) {
        float x = asym ? w[k] / sc + z : w[k] / sc;
        q[k] = (byte) (int) IntegerLowering.roundClamped(x, lo, hi);
      }
    }
  }

  /** clamp, round half to even by the add-and-subtract trick, then the (exact) narrowing to bytes. */
  private static ByteVector codes(FloatVector x, FloatVector lo, FloatVector hi, FloatVector rounder) {
    FloatVector r = x.max(lo).min(hi).add(rounder).sub(rounder);
    return (ByteVector) r.convertShape(VectorOperators.F2B, B, 0);
  }

  /**
   * Min and max of {@code w[base, base + n)}, {@code n >= 1}, into {@code mn[at]} and {@code mx[at]}, with
   * Math.min/max semantics. The vector
   * part compares order-preserving integer keys of the float bits (sign-magnitude to two's complement:
   * -0.0 sorts below +0.0 as in Math.min/max), which is cheaper than float min/max; a NaN key lies outside
   * the keys of [-inf, +inf], and then the scalar loop gives Math.min/max's NaN.
   */
  static void minMax(float[] w, int base, int n, float[] mn, float[] mx, int at) {
    int end = base + n;
    int k = base;
    if (n >= L) {
      IntVector first = key(FloatVector.fromArray(F, w, base));
      IntVector vlo = first;
      IntVector vhi = first;
      for (k = base + L; k <= end - L; k += L) {
        IntVector v = key(FloatVector.fromArray(F, w, k));
        vlo = vlo.min(v);
        vhi = vhi.max(v);
      }
      int loKey = vlo.reduceLanes(VectorOperators.MIN);
      int hiKey = vhi.reduceLanes(VectorOperators.MAX);
      if (loKey >= NEG_INF_KEY && hiKey <= POS_INF_KEY) {
        float lo = fromKey(loKey);
        float hi = fromKey(hiKey);
        for (; k < end; k++) {
          lo = Math.min(lo, w[k]);
          hi = Math.max(hi, w[k]);
        }
        mn[at] = lo;
        mx[at] = hi;
        return;
      }
    }
    float lo = w[base];
    float hi = w[base];
    for (k = base + 1; k < end; k++) {
      lo = Math.min(lo, w[k]);
      hi = Math.max(hi, w[k]);
    }
    mn[at] = lo;
    mx[at] = hi;
  }

  private static final int POS_INF_KEY = Float.floatToRawIntBits(Float.POSITIVE_INFINITY);
  private static final int NEG_INF_KEY = Float.floatToRawIntBits(Float.NEGATIVE_INFINITY) ^ 0x7FFFFFFF;

  /** Keys ordered as the floats are: negative floats get their magnitude bits flipped. */
  private static IntVector key(FloatVector v) {
    IntVector bits = (IntVector) v.reinterpretAsInts();
    return bits.lanewise(VectorOperators.ASHR, 31).and(0x7FFFFFFF).lanewise(VectorOperators.XOR, bits);
  }

  private static float fromKey(int key) {
    return Float.intBitsToFloat(key ^ ((key >> 31) & 0x7FFFFFFF));
  }

  /**
   * Max of |w| over {@code w[base, base + n)}, {@code n >= 1}, with Math.max semantics. The vector part
   * takes the integer max of the bits with the sign cleared (ordered as the magnitudes); a NaN, whose
   * bits exceed +inf's, sends the group to the scalar loop, which returns Math.max's NaN.
   */
  static float absMax(float[] w, int base, int n) {
    int end = base + n;
    int k = base;
    if (n >= L) {
      IntVector vhi = ((IntVector) FloatVector.fromArray(F, w, base).reinterpretAsInts()).and(0x7FFFFFFF);
      for (k = base + L; k <= end - L; k += L) {
        vhi = vhi.max(((IntVector) FloatVector.fromArray(F, w, k).reinterpretAsInts()).and(0x7FFFFFFF));
      }
      int hiBits = vhi.reduceLanes(VectorOperators.MAX);
      if (hiBits <= POS_INF_KEY) {
        float hi = Float.intBitsToFloat(hiBits);
        for (; k < end; k++) {
          hi = Math.max(hi, Math.abs(w[k]));
        }
        return hi;
      }
    }
    float hi = Math.abs(w[base]);
    for (k = base + 1; k < end; k++) {
      hi = Math.max(hi, Math.abs(w[k]));
    }
    return hi;
  }

  /** NF4's 15 sorted decision centres. */
  private static final float[] NF4_CENTRES = Nf4.centers();
  /** The centres padded with +inf to one vector (null when a vector has fewer lanes). */
  private static final float[] NF4_TABLE = L >= 16 ? padded(NF4_CENTRES) : null;

  private static float[] padded(float[] centres) {
    float[] t = java.util.Arrays.copyOf(centres, L);
    java.util.Arrays.fill(t, centres.length, L, Float.POSITIVE_INFINITY);
    return t;
  }

  /**
   * NF4 codes of {@code w[base, base + n) / sc} for a finite scale that bounds every |w| (so no NaN
   * reaches the comparisons): the number of NF4 centres strictly below each value.
   */
  static void nf4Codes(float[] w, int base, int n, float sc, byte[] q) {
    FloatVector scV = FloatVector.broadcast(F, sc);
    FloatVector one = FloatVector.broadcast(F, 1f);
    int end = base + n;
    int k = base;
    if (NF4_TABLE != null) {
      // a 4-step binary search per lane: the centre compared next is picked from the table by the index
      FloatVector table = FloatVector.fromArray(F, NF4_TABLE, 0);
      IntVector three = IntVector.broadcast(I, 3);
      for (; k <= end - L; k += L) {
        FloatVector x = FloatVector.fromArray(F, w, k).div(scV);
        IntVector idx = IntVector.zero(I).blend(8, x.compare(VectorOperators.GT, NF4_CENTRES[7]).cast(I));
        idx = idx.add(4, x.compare(VectorOperators.GT, table.rearrange(idx.add(three).toShuffle().cast(F))).cast(I));
        idx = idx.add(2, x.compare(VectorOperators.GT, table.rearrange(idx.add(1).toShuffle().cast(F))).cast(I));
        idx = idx.add(1, x.compare(VectorOperators.GT, table.rearrange(idx.toShuffle().cast(F))).cast(I));
        ((ByteVector) idx.convertShape(VectorOperators.I2B, B, 0)).intoArray(q, k);
      }
    } else {
      // vectors of fewer than 16 lanes: count the centres below each value
      for (; k <= end - L; k += L) {
        FloatVector x = FloatVector.fromArray(F, w, k).div(scV);
        FloatVector count = FloatVector.zero(F);
        for (float c : NF4_CENTRES) {
          count = count.add(one, x.compare(VectorOperators.GT, c));
        }
        ((ByteVector) count.convertShape(VectorOperators.F2B, B, 0)).intoArray(q, k);
      }
    }
    for (; k < end; k++) {
      q[k] = (byte) TableLowering.nf4Code(w[k] / sc);
    }
  }

}
