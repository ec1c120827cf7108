package dev.jvino.ir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Reads and writes single values of every {@link ElementType} in little-endian IR storage, including
 * sub-byte packing (u1 MSB-first; u4, i4, nf4, f4e2m1 low nibble first; u2/u3/u6 per
 * {@link SubBytePacking}) and the 8- and 4-bit float formats.
 */
public final class ElementCodec {
  private static final ValueLayout.OfShort I16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt I32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong I64 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfFloat F32 =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfDouble F64 =
      ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /** The NormalFloat-4 code book (QLoRA), indexed by the 4-bit code. */
  static final float[] NF4_TABLE = {-1.0f, -0.6961928f, -0.5250731f, -0.3949175f, -0.2844414f,
      -0.1847734f, -0.0910500f, 0.0f, 0.0795803f, 0.1609302f, 0.2461123f, 0.3379152f, 0.4407098f,
      0.5626170f, 0.7229568f, 1.0f};

  private static final float[] F8E4M3_VALUES = table(256, ElementCodec::f8e4m3ToFloat);
  private static final float[] F8E5M2_VALUES = table(256, ElementCodec::f8e5m2ToFloat);
  private static final float[] F4E2M1_VALUES = table(16, ElementCodec::f4e2m1ToFloat);

  private ElementCodec() {}

  private interface CodeToFloat {
    float apply(int code);
  }

  private static float[] table(int n, CodeToFloat f) {
    float[] t = new float[n];
    for (int i = 0; i < n; i++) {
      t[i] = f.apply(i);
    }
    return t;
  }

  /** Decodes an f8e4m3 (E4M3FN: bias 7, no infinities, NaN = S.1111.111) byte. */
  public static float f8e4m3ToFloat(int code) {
    int s = (code >> 7) & 1;
    int e = (code >> 3) & 0xF;
    int m = code & 7;
    float v;
    if (e == 15 && m == 7) {
      v = Float.NaN;
    } else if (e == 0) {
      v = m / 8f * 0x1p-6f;
    } else {
      v = (1 + m / 8f) * Math.scalb(1f, e - 7);
    }
    return s == 1 ? -v : v;
  }

  /** Decodes an f8e5m2 (bias 15, IEEE-like with infinities and NaN) byte. */
  public static float f8e5m2ToFloat(int code) {
    return Float.float16ToFloat((short) ((code & 0xFF) << 8));
  }

  /** Decodes an f8e8m0 (unsigned power of two, 0xFF = NaN) byte. */
  public static float f8e8m0ToFloat(int code) {
    int c = code & 0xFF;
    return c == 0xFF ? Float.NaN : (float) Math.scalb(1.0, c - 127);
  }

  /** Decodes an f4e2m1 (bias 1; magnitudes 0, 0.5, 1, 1.5, 2, 3, 4, 6) nibble. */
  public static float f4e2m1ToFloat(int code) {
    int s = (code >> 3) & 1;
    int e = (code >> 1) & 3;
    int m = code & 1;
    float v = e == 0 ? m * 0.5f : (1 + m / 2f) * Math.scalb(1f, e - 1);
    return s == 1 ? -v : v;
  }

  /** Decodes a bf16 (upper half of an f32). */
  public static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /** Encodes to bf16 with round-to-nearest-even; NaN stays a quiet NaN. */
  public static short floatToBf16(float v) {
    int bits = Float.floatToRawIntBits(v);
    if (Float.isNaN(v)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
    return (short) (rounded >>> 16);
  }

  /**
   * Encodes to the nearest code of a small float format (ties to the even code), saturating to the
   * largest finite magnitude; NaN maps to the format's NaN code.
   */
  private static int nearestCode(float[] table, float v, int nanCode) {
    if (Float.isNaN(v)) {
      return nanCode;
    }
    int best = -1;
    float bestErr = Float.POSITIVE_INFINITY;
    for (int c = 0; c < table.length; c++) {
      float t = table[c];
      if (Float.isNaN(t) || Float.isInfinite(t)) {
        continue;
      }
      float err = Math.abs(t - v);
      if (err < bestErr || (err == bestErr && best >= 0 && (c & 1) == 0 && (best & 1) == 1
          && Math.signum(t) == Math.signum(v))) {
        best = c;
        bestErr = err;
      }
    }
    return best;
  }

  /** Encodes an f32 value to f8e4m3 (nearest, ties to even, saturating at ±448). */
  public static int floatToF8e4m3(float v) {
    return nearestCode(F8E4M3_VALUES, v, 0x7F);
  }

  /** Encodes an f32 value to f8e5m2 (nearest, ties to even, saturating at ±57344). */
  public static int floatToF8e5m2(float v) {
    return nearestCode(F8E5M2_VALUES, v, 0x7F);
  }

  /** Encodes to f4e2m1 (nearest, ties to even, saturating at ±6). */
  public static int floatToF4e2m1(float v) {
    return nearestCode(F4E2M1_VALUES, v, 0);
  }

  /** Encodes to the nearest nf4 code. */
  public static int floatToNf4(float v) {
    return nearestCode(NF4_TABLE, v, 7);
  }

  /** Encodes to f8e8m0: the power of two nearest in log scale, clamped to [2^-127, 2^127]. */
  public static int floatToF8e8m0(float v) {
    if (Float.isNaN(v) || v <= 0) {
      return Float.isNaN(v) ? 0xFF : 0;
    }
    long e = Math.round(Math.log(v) / Math.log(2));
    return (int) Math.max(0, Math.min(254, e + 127));
  }

  // ---- sub-byte access ----

  private static int bitsAt(MemorySegment s, long i, int width, SubBytePacking p, ElementType t) {
    if (width == 1) {
      int b = s.get(ValueLayout.JAVA_BYTE, i >>> 3) & 0xFF;
      return (b >>> (7 - (int) (i & 7))) & 1;
    }
    if (width == 4) {
      int b = s.get(ValueLayout.JAVA_BYTE, i >>> 1) & 0xFF;
      return (i & 1) == 0 ? b & 0xF : b >>> 4;
    }
    if (p == SubBytePacking.LSB_STREAM) {
      long bit = i * width;
      int v = 0;
      for (int k = 0; k < width; k++) {
        long pos = bit + k;
        int b = s.get(ValueLayout.JAVA_BYTE, pos >>> 3) & 0xFF;
        v |= ((b >>> (int) (pos & 7)) & 1) << k;
      }
      return v;
    }
    if (width == 2) {
      int b = s.get(ValueLayout.JAVA_BYTE, i >>> 2) & 0xFF;
      return (b >>> (6 - 2 * (int) (i & 3))) & 3;
    }
    // legacy u3 / u6: 3-byte groups; low bits in the big-endian word b0:b1, high bits in b2
    int perGroup = 24 / width;
    long group = i / perGroup;
    int k = (int) (i % perGroup);
    long base = group * 3;
    int word = ((s.get(ValueLayout.JAVA_BYTE, base) & 0xFF) << 8)
        | (s.get(ValueLayout.JAVA_BYTE, base + 1) & 0xFF);
    int b2 = s.get(ValueLayout.JAVA_BYTE, base + 2) & 0xFF;
    if (width == 3) {
      int low = (word >>> (14 - 2 * k)) & 3;
      int high = (b2 >>> (7 - k)) & 1;
      return (high << 2) | low;
    }
    if (width == 6) {
      int low = (word >>> (12 - 4 * k)) & 0xF;
      int high = (b2 >>> (6 - 2 * k)) & 3;
      return (high << 4) | low;
    }
    throw new IllegalStateException("no packing for " + t);
  }

  private static void setBits(MemorySegment s, long i, int width, int v, ElementType t) {
    if (width == 1) {
      long at = i >>> 3;
      int shift = 7 - (int) (i & 7);
      int b = s.get(ValueLayout.JAVA_BYTE, at) & ~(1 << shift);
      s.set(ValueLayout.JAVA_BYTE, at, (byte) (b | ((v & 1) << shift)));
    } else if (width == 4) {
      long at = i >>> 1;
      int b = s.get(ValueLayout.JAVA_BYTE, at) & 0xFF;
      b = (i & 1) == 0 ? (b & 0xF0) | (v & 0xF) : (b & 0x0F) | ((v & 0xF) << 4);
      s.set(ValueLayout.JAVA_BYTE, at, (byte) b);
    } else {
      throw new UnsupportedOperationException("jvino does not write " + t + " (packing differs by release)");
    }
  }

  /**
   * Reads element {@code i} as a double (integers exactly up to 2^53).
   *
   * @throws UnsupportedOperationException for string and dynamic types
   */
  public static double get(ElementType t, MemorySegment s, long i, SubBytePacking p) {
    return switch (t) {
      case BOOLEAN -> s.get(ValueLayout.JAVA_BYTE, i) != 0 ? 1 : 0;
      case F32 -> s.getAtIndex(F32, i);
      case F64 -> s.getAtIndex(F64, i);
      case F16 -> Float.float16ToFloat(s.getAtIndex(I16, i));
      case BF16 -> bf16ToFloat(s.getAtIndex(I16, i));
      case F8E4M3 -> f8e4m3ToFloat(s.get(ValueLayout.JAVA_BYTE, i));
      case F8E5M2 -> f8e5m2ToFloat(s.get(ValueLayout.JAVA_BYTE, i));
      case F8E8M0 -> f8e8m0ToFloat(s.get(ValueLayout.JAVA_BYTE, i));
      case NF4 -> NF4_TABLE[bitsAt(s, i, 4, p, t)];
      case F4E2M1 -> f4e2m1ToFloat(bitsAt(s, i, 4, p, t));
      case U64 -> {
        long v = s.getAtIndex(I64, i);
        yield v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
      }
      default -> getLong(t, s, i, p);
    };
  }

  /**
   * Reads element {@code i} of an integer or boolean type as a long (u64 above 2^63 wraps negative).
   * Float types are truncated toward zero.
   */
  public static long getLong(ElementType t, MemorySegment s, long i, SubBytePacking p) {
    return switch (t) {
      case BOOLEAN -> s.get(ValueLayout.JAVA_BYTE, i) != 0 ? 1 : 0;
      case I8 -> s.get(ValueLayout.JAVA_BYTE, i);
      case U8 -> s.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
      case I16 -> s.getAtIndex(I16, i);
      case U16 -> s.getAtIndex(I16, i) & 0xFFFF;
      case I32 -> s.getAtIndex(I32, i);
      case U32 -> s.getAtIndex(I32, i) & 0xFFFF_FFFFL;
      case I64, U64 -> s.getAtIndex(I64, i);
      case U1, U2, U3, U4, U6 -> bitsAt(s, i, t.bitWidth(), p, t);
      case I4 -> (bitsAt(s, i, 4, p, t) << 28) >> 28;
      case STRING, DYNAMIC -> throw new UnsupportedOperationException("no numeric value for " + t);
      default -> (long) get(t, s, i, p);
    };
  }

  /** Writes element {@code i}; float types round to nearest (even), integers wrap like a C cast. */
  public static void set(ElementType t, MemorySegment s, long i, double v) {
    switch (t) {
      case F32 -> s.setAtIndex(F32, i, (float) v);
      case F64 -> s.setAtIndex(F64, i, v);
      case F16 -> s.setAtIndex(I16, i, Float.floatToFloat16((float) v));
      case BF16 -> s.setAtIndex(I16, i, floatToBf16((float) v));
      case F8E4M3 -> s.set(ValueLayout.JAVA_BYTE, i, (byte) floatToF8e4m3((float) v));
      case F8E5M2 -> s.set(ValueLayout.JAVA_BYTE, i, (byte) floatToF8e5m2((float) v));
      case F8E8M0 -> s.set(ValueLayout.JAVA_BYTE, i, (byte) floatToF8e8m0((float) v));
      case NF4 -> setBits(s, i, 4, floatToNf4((float) v), t);
      case F4E2M1 -> setBits(s, i, 4, floatToF4e2m1((float) v), t);
      default -> setLong(t, s, i, (long) v);
    }
  }

  /** Writes an integer value (floats convert exactly when representable). */
  public static void setLong(ElementType t, MemorySegment s, long i, long v) {
    switch (t) {
      case BOOLEAN -> s.set(ValueLayout.JAVA_BYTE, i, (byte) (v != 0 ? 1 : 0));
      case I8, U8 -> s.set(ValueLayout.JAVA_BYTE, i, (byte) v);
      case I16, U16 -> s.setAtIndex(I16, i, (short) v);
      case I32, U32 -> s.setAtIndex(I32, i, (int) v);
      case I64, U64 -> s.setAtIndex(I64, i, v);
      case U1, U4, I4 -> setBits(s, i, t.bitWidth(), (int) v, t);
      case U2, U3, U6 -> setBits(s, i, t.bitWidth(), (int) v, t);
      case STRING, DYNAMIC -> throw new UnsupportedOperationException("no numeric value for " + t);
      default -> set(t, s, i, (double) v);
    }
  }
}
