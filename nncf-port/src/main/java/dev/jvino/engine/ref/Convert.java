package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.engine.tensor.Values;
import dev.jvino.ir.ElementType;

/**
 * Convert-1: elementwise conversion to {@code destination_type}.
 *
 * <ul>
 *   <li>float to float: one rounding to nearest even (f32 to f16 overflows to infinity, as OpenVINO's
 *       plain Convert does);
 *   <li>float to integer: truncation toward zero, as OpenVINO's reference {@code static_cast}; values
 *       outside the destination range saturate to its min/max and NaN becomes 0 (C++ leaves those
 *       undefined; saturation is what OpenVINO's fix for that case and its CPU plugin do);
 *   <li>integer to integer: two's complement wraparound modulo 2^bits (the C++ rule the spec cites);
 *   <li>integer to float: nearest representable value;
 *   <li>anything to boolean: {@code value != 0}; boolean to anything: 0 or 1.
 * </ul>
 */
public final class Convert {
  private Convert() {}

  private static final String OP = "Convert-1";

  /** Converts {@code x} to {@code destination}. */
  public static NdArray convert(NdArray x, ElementType destination) {
    if (!Storage.supports(destination)) {
      throw new OpAttributeException(OP, "destination_type", destination, "not supported by the engine");
    }
    if (x.type() == destination) {
      return x;
    }
    long[] shape = x.shape();
    int n = x.size();
    ElementType src = x.type();
    switch (Storage.of(destination)) {
      case FLOAT -> {
        float[] r = new float[n];
        switch (x.storage()) {
          case FLOAT -> System.arraycopy(x.floats(), 0, r, 0, n);
          case DOUBLE -> {
            double[] d = x.doubles();
            for (int i = 0; i < n; i++) {
              r[i] = (float) d[i];
            }
          }
          case LONG -> {
            long[] l = x.longs();
            for (int i = 0; i < n; i++) {
              r[i] = Values.integerToFloat(src, l[i]);
            }
          }
          case BOOL -> {
            boolean[] b = x.booleans();
            for (int i = 0; i < n; i++) {
              r[i] = b[i] ? 1f : 0f;
            }
          }
        }
        return NdArray.ofFloats(destination, shape, r); // rounds to f16/bf16
      }
      case DOUBLE -> {
        return NdArray.ofDoubles(shape, x.toDoubleArray());
      }
      case LONG -> {
        long[] r = new long[n];
        switch (x.storage()) {
          case FLOAT, DOUBLE -> {
            for (int i = 0; i < n; i++) {
              r[i] = floatToInteger(x.getDouble(i), destination);
            }
          }
          case LONG -> System.arraycopy(x.longs(), 0, r, 0, n); // wrapped by ofLongs
          case BOOL -> {
            boolean[] b = x.booleans();
            for (int i = 0; i < n; i++) {
              r[i] = b[i] ? 1 : 0;
            }
          }
        }
        return NdArray.ofLongs(destination, shape, r);
      }
      case BOOL -> {
        boolean[] r = new boolean[n];
        for (int i = 0; i < n; i++) {
          r[i] = x.storage() == Storage.LONG ? x.longs()[i] != 0 : x.getDouble(i) != 0;
        }
        return NdArray.ofBooleans(shape, r);
      }
      default -> throw new IllegalStateException();
    }
  }

  /** Truncates toward zero and saturates to {@code type}'s range; NaN gives 0. */
  static long floatToInteger(double v, ElementType type) {
    if (Double.isNaN(v)) {
      return 0;
    }
    double t = v < 0 ? Math.ceil(v) : Math.floor(v);
    if (type == ElementType.U64) {
      if (t <= 0) {
        return 0;
      }
      if (t >= 0x1p64) {
        return -1L;
      }
      return t >= 0x1p63 ? (long) (t - 0x1p63) + Long.MIN_VALUE : (long) t;
    }
    long min = Values.minOf(type);
    long max = Values.maxOf(type);
    if (t <= min) {
      return min;
    }
    if (t >= max) {
      return max;
    }
    return (long) t;
  }
}
