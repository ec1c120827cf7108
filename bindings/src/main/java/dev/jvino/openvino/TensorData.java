package dev.jvino.openvino;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Copies between tensors and Java arrays for every fixed-width element type: floats (f32, f64,
 * f16, bf16, f8e4m3, f8e5m2, f4e2m1, nf4) through {@code float[]}, integers (including packed i4,
 * u4 and u1) through {@code long[]} / {@code int[]}, and raw bytes for anything.
 */
public final class TensorData {
  private TensorData() {}

  private static void count(Tensor t, long n) {
    long size = t.size();
    if (size != n) {
      throw new IllegalArgumentException(n + " values for a tensor of " + size + " elements");
    }
  }

  /** Every element as a float. */
  public static float[] toFloatArray(Tensor t) {
    ElementType type = t.elementType();
    MemorySegment m = t.data();
    float[] out = new float[Math.toIntExact(t.size())];
    if (type == ElementType.F32) {
      MemorySegment.copy(m, ValueLayout.JAVA_FLOAT, 0, out, 0, out.length);
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ElementCodec.get(m, type, i);
    }
    return out;
  }

  /** Writes {@code values} into the tensor, converting to its element type. */
  public static void copyFrom(Tensor t, float... values) {
    count(t, values.length);
    ElementType type = t.elementType();
    MemorySegment m = t.data();
    if (type == ElementType.F32) {
      MemorySegment.copy(values, 0, m, ValueLayout.JAVA_FLOAT, 0, values.length);
      return;
    }
    for (int i = 0; i < values.length; i++) {
      ElementCodec.set(m, type, i, values[i]);
    }
  }

  /** Every element of an integer or boolean tensor. */
  public static long[] toLongArray(Tensor t) {
    ElementType type = t.elementType();
    MemorySegment m = t.data();
    long[] out = new long[Math.toIntExact(t.size())];
    for (int i = 0; i < out.length; i++) {
      out[i] = ElementCodec.getLong(m, type, i);
    }
    return out;
  }

  /** Every element of an integer or boolean tensor, as ints (range-checked). */
  public static int[] toIntArray(Tensor t) {
    long[] l = toLongArray(t);
    int[] out = new int[l.length];
    for (int i = 0; i < l.length; i++) {
      out[i] = Math.toIntExact(l[i]);
    }
    return out;
  }

  /** Writes integers into an integer or boolean tensor (range-checked per type). */
  public static void copyFrom(Tensor t, long... values) {
    count(t, values.length);
    ElementType type = t.elementType();
    MemorySegment m = t.data();
    for (int i = 0; i < values.length; i++) {
      ElementCodec.setLong(m, type, i, values[i]);
    }
  }

  /** Writes ints into an integer or boolean tensor. */
  public static void copyFrom(Tensor t, int... values) {
    copyFrom(t, java.util.Arrays.stream(values).asLongStream().toArray());
  }

  /** The raw bytes. */
  public static byte[] toByteArray(Tensor t) {
    return t.data().toArray(ValueLayout.JAVA_BYTE);
  }

  /** Overwrites the raw bytes; {@code bytes} must be exactly {@link Tensor#byteSize()} long. */
  public static void copyBytes(Tensor t, byte[] bytes) {
    MemorySegment m = t.data();
    if (m.byteSize() != bytes.length) {
      throw new IllegalArgumentException(bytes.length + " bytes for a tensor of " + m.byteSize() + " bytes");
    }
    MemorySegment.copy(bytes, 0, m, ValueLayout.JAVA_BYTE, 0, bytes.length);
  }
}
