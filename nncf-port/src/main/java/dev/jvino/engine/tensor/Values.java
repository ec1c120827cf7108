package dev.jvino.engine.tensor;

import dev.jvino.ir.ElementType;

/**
 * Rounding and wrapping of single values to an element type, as OpenVINO's typed arithmetic does: a
 * float result is rounded to f16/bf16 (round to nearest even), an integer result wraps to the type's
 * width (two's complement).
 */
public final class Values {
  private Values() {}

  /** Rounds a float to the nearest f16 value (ties to even; overflow to infinity), returned as float. */
  public static float roundF16(float v) {
    return Float.float16ToFloat(Float.floatToFloat16(v));
  }

  /** Rounds a float to the nearest bf16 value (ties to even; NaN stays NaN), returned as float. */
  public static float roundBf16(float v) {
    if (Float.isNaN(v)) {
      return v;
    }
    int bits = Float.floatToRawIntBits(v);
    int lsb = (bits >>> 16) & 1;
    int rounded = bits + 0x7FFF + lsb;
    return Float.intBitsToFloat(rounded & 0xFFFF0000);
  }

  /** Rounds a float value to {@code type}, one of f32, f16, bf16. */
  public static float roundFloat(ElementType type, float v) {
    return switch (type) {
      case F16 -> roundF16(v);
      case BF16 -> roundBf16(v);
      default -> v;
    };
  }

  /** Whether {@code type} needs rounding after each float operation (f16, bf16). */
  public static boolean needsRounding(ElementType type) {
    return type == ElementType.F16 || type == ElementType.BF16;
  }

  /** Wraps a 64-bit value to an integer {@code type}: sign-extends signed types, masks unsigned ones. */
  public static long wrap(ElementType type, long v) {
    int bits = type.bitWidth();
    if (bits >= 64) {
      return v;
    }
    if (type.kind() == ElementType.Kind.SIGNED) {
      int shift = 64 - bits;
      return (v << shift) >> shift;
    }
    return v & ((1L << bits) - 1);
  }

  /** Smallest value of an integer type (0 for unsigned types). */
  public static long minOf(ElementType type) {
    if (type.kind() == ElementType.Kind.UNSIGNED) {
      return 0;
    }
    return type.bitWidth() >= 64 ? Long.MIN_VALUE : -(1L << (type.bitWidth() - 1));
  }

  /** Largest value of an integer type; for u64 this is {@code -1} read as unsigned. */
  public static long maxOf(ElementType type) {
    int bits = type.bitWidth();
    if (type.kind() == ElementType.Kind.UNSIGNED) {
      return bits >= 64 ? -1L : (1L << bits) - 1;
    }
    return bits >= 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
  }

  /** Reads a stored integer as a double; u64 values are read as unsigned. */
  public static double integerToDouble(ElementType type, long v) {
    if (type == ElementType.U64 && v < 0) {
      return (double) (v >>> 1) * 2.0 + (v & 1);
    }
    return v;
  }

  /** Reads a stored integer as a float (one rounding, as a C++ cast does); u64 read as unsigned. */
  public static float integerToFloat(ElementType type, long v) {
    if (type == ElementType.U64 && v < 0) {
      return (float) integerToDouble(type, v);
    }
    return v;
  }
}
