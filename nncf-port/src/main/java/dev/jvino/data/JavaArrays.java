package dev.jvino.data;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.lang.reflect.Array;

/** Turns the nested primitive arrays an HDF5 reader returns into flat {@link NdArray}s. */
final class JavaArrays {
  private JavaArrays() {}

  /** The element type jvino uses for a Java component type, or null when it has none. */
  static ElementType elementType(Class<?> javaType) {
    if (javaType == float.class || javaType == Float.class) {
      return ElementType.F32;
    } else if (javaType == double.class || javaType == Double.class) {
      return ElementType.F64;
    } else if (javaType == long.class || javaType == Long.class) {
      return ElementType.I64;
    } else if (javaType == int.class || javaType == Integer.class) {
      return ElementType.I32;
    } else if (javaType == short.class || javaType == Short.class) {
      return ElementType.I16;
    } else if (javaType == byte.class || javaType == Byte.class) {
      return ElementType.I8;
    } else if (javaType == boolean.class || javaType == Boolean.class) {
      return ElementType.BOOLEAN;
    }
    return null;
  }

  /** Flattens {@code nested} (a primitive array of {@code shape.length} dimensions) into an NdArray. */
  static NdArray toNdArray(Object nested, ElementType type, long[] shape) {
    int size = Math.toIntExact(count(shape));
    return switch (type) {
      case F32 -> {
        float[] out = new float[size];
        flatten(nested, out, 0);
        yield NdArray.ofFloats(ElementType.F32, shape, out);
      }
      case F64 -> {
        double[] out = new double[size];
        flatten(nested, out, 0);
        yield NdArray.ofDoubles(shape, out);
      }
      case BOOLEAN -> {
        boolean[] out = new boolean[size];
        flatten(nested, out, 0);
        yield NdArray.ofBooleans(shape, out);
      }
      default -> {
        long[] out = new long[size];
        flattenLongs(nested, out, 0);
        yield NdArray.ofLongs(type, shape, out);
      }
    };
  }

  static long count(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Copies the leaves of a nested array of the same primitive type as {@code out}; returns the next index. */
  private static int flatten(Object nested, Object out, int at) {
    Class<?> component = nested.getClass().getComponentType();
    int n = Array.getLength(nested);
    if (component.isPrimitive()) {
      System.arraycopy(nested, 0, out, at, n);
      return at + n;
    }
    for (int i = 0; i < n; i++) {
      at = flatten(Array.get(nested, i), out, at);
    }
    return at;
  }

  private static int flattenLongs(Object nested, long[] out, int at) {
    Class<?> component = nested.getClass().getComponentType();
    int n = Array.getLength(nested);
    if (component.isPrimitive()) {
      switch (nested) {
        case long[] a -> System.arraycopy(a, 0, out, at, n);
        case int[] a -> { for (int i = 0; i < n; i++) out[at + i] = a[i]; }
        case short[] a -> { for (int i = 0; i < n; i++) out[at + i] = a[i]; }
        case byte[] a -> { for (int i = 0; i < n; i++) out[at + i] = a[i]; }
        default -> throw new IllegalArgumentException("not an integer array: " + nested.getClass());
      }
      return at + n;
    }
    for (int i = 0; i < n; i++) {
      at = flattenLongs(Array.get(nested, i), out, at);
    }
    return at;
  }
}
