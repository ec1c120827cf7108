package dev.jvino.openvino;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads and writes single elements of every fixed-width element type in raw tensor memory
 * (little-endian, as on x86-64). Sub-byte types are packed low bits first within each byte (u1 is
 * the exception: most significant bit first, as OpenVINO stores it). Float narrowing rounds to
 * nearest even; the 8-bit and 4-bit float formats saturate at their largest finite value.
 */
final class ElementCodec {
  private ElementCodec() {}

  private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
  private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
  private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
  private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

  /** The 16 code points of NF4 (normal-float 4-bit), from the QLoRA paper. */
  static final float[] NF4 = {
    -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f, -0.28444138169288635f,
    -0.18477343022823334f, -0.09105003625154495f, 0.0f, 0.07958029955625534f, 0.16093020141124725f,
    0.24611230194568634f, 0.33791524171829224f, 0.44070982933044434f, 0.5626170039176941f,
    0.7229568362236023f, 1.0f
  };

  static final float[] F8E4M3 = table(4, 3, 7, false);
  static final float[] F8E5M2 = table(5, 2, 15, true);
  static final float[] F4E2M1 = table4();

  private static float[] table(int expBits, int manBits, int bias, boolean ieeeSpecials) {
    float[] t = new float[256];
    for (int c = 0; c < 256; c++) {
      int sign = c >> 7;
      int e = (c >> manBits) & ((1 << expBits) - 1);
      int m = c & ((1 << manBits) - 1);
      double v;
      int maxE = (1 << expBits) - 1;
      if (ieeeSpecials && e == maxE) {
        v = m == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
      } else if (!ieeeSpecials && e == maxE && m == (1 << manBits) - 1) {
        v = Double.NaN;
      } else if (e == 0) {
        v = m / (double) (1 << manBits) * Math.pow(2, 1 - bias);
      } else {
        v = (1 + m / (double) (1 << manBits)) * Math.pow(2, e - bias);
      }
      t[c] = (float) (sign == 1 ? -v : v);
    }
    return t;
  }

  private static float[] table4() {
    float[] mags = {0f, 0.5f, 1f, 1.5f, 2f, 3f, 4f, 6f};
    float[] t = new float[16];
    for (int c = 0; c < 16; c++) {
      t[c] = (c & 8) != 0 ? -mags[c & 7] : mags[c & 7];
    }
    return t;
  }

  /** The code of {@code table} nearest to {@code v}; ties go to the even code; NaN to a NaN code. */
  static int nearest(float[] table, float v) {
    if (Float.isNaN(v)) {
      for (int c = 0; c < table.length; c++) {
        if (Float.isNaN(table[c])) {
          return c;
        }
      }
      throw new IllegalArgumentException("NaN cannot be stored in this format");
    }
    int best = -1;
    double bestDiff = Double.POSITIVE_INFINITY;
    for (int c = 0; c < table.length; c++) {
      float t = table[c];
      if (Float.isNaN(t) || Float.isInfinite(t)) {
        continue;
      }
      double d = Math.abs((double) t - v);
      boolean better = d < bestDiff;
      if (!better && d == bestDiff) {
        better = table[best] == t
            ? Math.copySign(1f, t) == Math.copySign(1f, v) // +0 versus -0: keep the sign of v
            : (c & 1) == 0; // a true tie: the even code
      }
      if (better) {
        best = c;
        bestDiff = d;
      }
    }
    return best;
  }

  static float bf16ToFloat(short s) {
    return Float.intBitsToFloat((s & 0xFFFF) << 16);
  }

  static short floatToBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounding = 0x7FFF + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  private static int nibble(MemorySegment m, long i) {
    int b = m.get(ValueLayout.JAVA_BYTE, i >>> 1) & 0xFF;
    return (i & 1) == 0 ? b & 0xF : b >>> 4;
  }

  private static void setNibble(MemorySegment m, long i, int v) {
    long at = i >>> 1;
    int b = m.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
    b = (i & 1) == 0 ? (b & 0xF0) | (v & 0xF) : (b & 0x0F) | ((v & 0xF) << 4);
    m.set(ValueLayout.JAVA_BYTE, at, (byte) b);
  }

  /** Element {@code i} as a double. */
  static double get(MemorySegment m, ElementType t, long i) {
    return switch (t) {
      case F32 -> m.getAtIndex(F32, i);
      case F64 -> m.getAtIndex(F64, i);
      case F16 -> Float.float16ToFloat(m.getAtIndex(I16, i));
      case BF16 -> bf16ToFloat(m.getAtIndex(I16, i));
      case F8E4M3 -> F8E4M3[m.get(ValueLayout.JAVA_BYTE, i) & 0xFF];
      case F8E5M2 -> F8E5M2[m.get(ValueLayout.JAVA_BYTE, i) & 0xFF];
      case F4E2M1 -> F4E2M1[nibble(m, i)];
      case NF4 -> NF4[nibble(m, i)];
      default -> getLong(m, t, i);
    };
  }

  /** Element {@code i} of an integer or boolean type, exactly. */
  static long getLong(MemorySegment m, ElementType t, long i) {
    return switch (t) {
      case BOOLEAN, U8 -> m.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
      case I8 -> m.get(ValueLayout.JAVA_BYTE, i);
      case I16 -> m.getAtIndex(I16, i);
      case U16 -> m.getAtIndex(I16, i) & 0xFFFF;
      case I32 -> m.getAtIndex(I32, i);
      case U32 -> m.getAtIndex(I32, i) & 0xFFFFFFFFL;
      case I64, U64 -> m.getAtIndex(I64, i);
      case U4 -> nibble(m, i);
      case I4 -> (nibble(m, i) << 28) >> 28;
      case U1 -> (m.get(ValueLayout.JAVA_BYTE, i >>> 3) >>> (7 - (i & 7))) & 1;
      default -> throw new UnsupportedOperationException(t.typeName() + " is not an integer type");
    };
  }

  /** Stores {@code v} as element {@code i} (floats rounded, integers range-checked). */
  static void set(MemorySegment m, ElementType t, long i, double v) {
    switch (t) {
      case F32 -> m.setAtIndex(F32, i, (float) v);
      case F64 -> m.setAtIndex(F64, i, v);
      case F16 -> m.setAtIndex(I16, i, Float.floatToFloat16((float) v));
      case BF16 -> m.setAtIndex(I16, i, floatToBf16((float) v));
      case F8E4M3 -> m.set(ValueLayout.JAVA_BYTE, i, (byte) nearest(F8E4M3, (float) v));
      case F8E5M2 -> m.set(ValueLayout.JAVA_BYTE, i, (byte) nearest(F8E5M2, (float) v));
      case F4E2M1 -> setNibble(m, i, nearest(F4E2M1, (float) v));
      case NF4 -> setNibble(m, i, nearest(NF4, (float) v));
      default -> {
        if (v != Math.rint(v)) {
          throw new IllegalArgumentException(v + " is not an integer for " + t.typeName());
        }
        setLong(m, t, i, (long) v);
      }
    }
  }

  /** Stores an integer element, rejecting values outside the type's range. */
  static void setLong(MemorySegment m, ElementType t, long i, long v) {
    switch (t) {
      case BOOLEAN -> m.set(ValueLayout.JAVA_BYTE, i, (byte) (v != 0 ? 1 : 0));
      case U8 -> m.set(ValueLayout.JAVA_BYTE, i, (byte) range(t, v, 0, 255));
      case I8 -> m.set(ValueLayout.JAVA_BYTE, i, (byte) range(t, v, -128, 127));
      case I16 -> m.setAtIndex(I16, i, (short) range(t, v, Short.MIN_VALUE, Short.MAX_VALUE));
      case U16 -> m.setAtIndex(I16, i, (short) range(t, v, 0, 65535));
      case I32 -> m.setAtIndex(I32, i, (int) range(t, v, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case U32 -> m.setAtIndex(I32, i, (int) range(t, v, 0, 0xFFFFFFFFL));
      case I64, U64 -> m.setAtIndex(I64, i, v);
      case U4 -> setNibble(m, i, (int) range(t, v, 0, 15));
      case I4 -> setNibble(m, i, (int) range(t, v, -8, 7));
      case U1 -> {
        long at = i >>> 3;
        int bit = 7 - (int) (i & 7);
        int b = m.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
        b = range(t, v, 0, 1) == 1 ? b | (1 << bit) : b & ~(1 << bit);
        m.set(ValueLayout.JAVA_BYTE, at, (byte) b);
      }
      default -> set(m, t, i, (double) v);
    }
  }

  private static long range(ElementType t, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(v + " is outside the range of " + t.typeName() + " [" + min + ", " + max + "]");
    }
    return v;
  }
}
