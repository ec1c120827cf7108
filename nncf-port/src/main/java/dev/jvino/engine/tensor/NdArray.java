package dev.jvino.engine.tensor;

import dev.jvino.ir.ElementType;
import java.util.Arrays;
import java.util.Objects;

/**
 * An n-dimensional array: element type, shape ({@code long[]}, row-major) and a primitive data array.
 *
 * <p>Values are kept in the {@link Storage} of their type: f32/f16/bf16 in {@code float[]} (f16 and
 * bf16 values are always already rounded to their type), f64 in {@code double[]}, all integer types in
 * {@code long[]} (normalised to the type's range by {@link Values#wrap}; u64 keeps its bit pattern) and
 * boolean in {@code boolean[]}. Arrays are treated as immutable: kernels never write into their inputs;
 * the factories that take a data array take ownership of it.
 */
public final class NdArray {
  private final ElementType type;
  private final long[] shape;
  private final Storage storage;
  private final float[] floats;
  private final double[] doubles;
  private final long[] longs;
  private final boolean[] bools;

  private NdArray(ElementType type, long[] shape, float[] f, double[] d, long[] l, boolean[] b) {
    this.type = type;
    this.shape = shape;
    this.storage = Storage.of(type);
    this.floats = f;
    this.doubles = d;
    this.longs = l;
    this.bools = b;
  }

  // ---------------------------------------------------------------- factories

  /** f32/f16/bf16 array owning {@code data}; values are rounded to {@code type} in place. */
  public static NdArray ofFloats(ElementType type, long[] shape, float[] data) {
    requireStorage(type, Storage.FLOAT);
    checkLength(shape, data.length);
    if (Values.needsRounding(type)) {
      for (int i = 0; i < data.length; i++) {
        data[i] = Values.roundFloat(type, data[i]);
      }
    }
    return new NdArray(type, shape.clone(), data, null, null, null);
  }

  /** f32 array of the given values. */
  public static NdArray f32(long[] shape, float... data) {
    return ofFloats(ElementType.F32, shape, data.clone());
  }

  /** f16 array of the given values (rounded to f16). */
  public static NdArray f16(long[] shape, float... data) {
    return ofFloats(ElementType.F16, shape, data.clone());
  }

  /** f64 array owning {@code data}. */
  public static NdArray ofDoubles(long[] shape, double[] data) {
    checkLength(shape, data.length);
    return new NdArray(ElementType.F64, shape.clone(), null, data, null, null);
  }

  /** Integer array owning {@code data}; values are wrapped to {@code type} in place. */
  public static NdArray ofLongs(ElementType type, long[] shape, long[] data) {
    requireStorage(type, Storage.LONG);
    checkLength(shape, data.length);
    if (type.bitWidth() < 64) {
      for (int i = 0; i < data.length; i++) {
        data[i] = Values.wrap(type, data[i]);
      }
    }
    return new NdArray(type, shape.clone(), null, null, data, null);
  }

  /** i64 array of the given values. */
  public static NdArray i64(long[] shape, long... data) {
    return ofLongs(ElementType.I64, shape, data.clone());
  }

  /** i32 array of the given values (wrapped to 32 bits). */
  public static NdArray i32(long[] shape, long... data) {
    return ofLongs(ElementType.I32, shape, data.clone());
  }

  /** 1-D i64 array, handy for shape and axes inputs. */
  public static NdArray vector(long... values) {
    return i64(new long[] {values.length}, values);
  }

  /** Scalar i64. */
  public static NdArray scalarLong(long v) {
    return i64(new long[0], v);
  }

  /** Boolean array owning {@code data}. */
  public static NdArray ofBooleans(long[] shape, boolean[] data) {
    checkLength(shape, data.length);
    return new NdArray(ElementType.BOOLEAN, shape.clone(), null, null, null, data);
  }

  /** Boolean array of the given values. */
  public static NdArray bools(long[] shape, boolean... data) {
    return ofBooleans(shape, data.clone());
  }

  /** Zero-filled array (false for boolean). */
  public static NdArray zeros(ElementType type, long[] shape) {
    int n = Shapes.size(shape);
    return switch (Storage.of(type)) {
      case FLOAT -> new NdArray(type, shape.clone(), new float[n], null, null, null);
      case DOUBLE -> new NdArray(type, shape.clone(), null, new double[n], null, null);
      case LONG -> new NdArray(type, shape.clone(), null, null, new long[n], null);
      case BOOL -> new NdArray(type, shape.clone(), null, null, null, new boolean[n]);
    };
  }

  /** Scalar of {@code type} holding {@code v} (rounded, truncated toward zero or wrapped to the type). */
  public static NdArray scalar(ElementType type, double v) {
    return full(type, new long[0], v);
  }

  /** Array of {@code shape} filled with {@code v} converted to {@code type}. */
  public static NdArray full(ElementType type, long[] shape, double v) {
    int n = Shapes.size(shape);
    return switch (Storage.of(type)) {
      case FLOAT -> {
        float[] f = new float[n];
        Arrays.fill(f, Values.roundFloat(type, (float) v));
        yield new NdArray(type, shape.clone(), f, null, null, null);
      }
      case DOUBLE -> {
        double[] d = new double[n];
        Arrays.fill(d, v);
        yield new NdArray(type, shape.clone(), null, d, null, null);
      }
      case LONG -> {
        long[] l = new long[n];
        Arrays.fill(l, Values.wrap(type, (long) v));
        yield new NdArray(type, shape.clone(), null, null, l, null);
      }
      case BOOL -> {
        boolean[] b = new boolean[n];
        Arrays.fill(b, v != 0);
        yield new NdArray(type, shape.clone(), null, null, null, b);
      }
    };
  }

  private static void requireStorage(ElementType type, Storage expected) {
    if (Storage.of(type) != expected) {
      throw new UnsupportedElementTypeException(
          type, "element type " + type + " is not stored as " + expected);
    }
  }

  private static void checkLength(long[] shape, int length) {
    int n = Shapes.size(shape);
    if (n != length) {
      throw new IllegalArgumentException(
          "shape " + Shapes.str(shape) + " needs " + n + " values, got " + length);
    }
  }

  // ---------------------------------------------------------------- accessors

  public ElementType type() {
    return type;
  }

  public Storage storage() {
    return storage;
  }

  /** A copy of the shape. */
  public long[] shape() {
    return shape.clone();
  }

  /** The shape without copying: callers must not modify it. */
  long[] shapeRef() {
    return shape;
  }

  public int rank() {
    return shape.length;
  }

  /** Dimension {@code i}; negative {@code i} counts from the end. */
  public long dim(int i) {
    return shape[i < 0 ? i + shape.length : i];
  }

  /** Number of elements. */
  public int size() {
    return switch (storage) {
      case FLOAT -> floats.length;
      case DOUBLE -> doubles.length;
      case LONG -> longs.length;
      case BOOL -> bools.length;
    };
  }

  /** The float data (f32, f16, bf16) without copying: callers must not modify it. */
  public float[] floats() {
    requireStorage(type, Storage.FLOAT);
    return floats;
  }

  /** The double data (f64) without copying. */
  public double[] doubles() {
    requireStorage(type, Storage.DOUBLE);
    return doubles;
  }

  /** The integer data without copying. */
  public long[] longs() {
    requireStorage(type, Storage.LONG);
    return longs;
  }

  /** The boolean data without copying. */
  public boolean[] booleans() {
    requireStorage(type, Storage.BOOL);
    return bools;
  }

  /** Element {@code i} (flat, row-major) as a double; booleans read as 0/1, u64 as unsigned. */
  public double getDouble(int i) {
    return switch (storage) {
      case FLOAT -> floats[i];
      case DOUBLE -> doubles[i];
      case LONG -> Values.integerToDouble(type, longs[i]);
      case BOOL -> bools[i] ? 1 : 0;
    };
  }

  /** Element {@code i} as a long; floats are truncated toward zero, booleans read as 0/1. */
  public long getLong(int i) {
    return switch (storage) {
      case FLOAT -> (long) floats[i];
      case DOUBLE -> (long) doubles[i];
      case LONG -> longs[i];
      case BOOL -> bools[i] ? 1 : 0;
    };
  }

  /** All elements as doubles. */
  public double[] toDoubleArray() {
    double[] out = new double[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = getDouble(i);
    }
    return out;
  }

  /** All elements as longs (see {@link #getLong}). */
  public long[] toLongArray() {
    long[] out = new long[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = getLong(i);
    }
    return out;
  }

  /** All elements as floats (f64 and integers are rounded to float). */
  public float[] toFloatArray() {
    if (storage == Storage.FLOAT) {
      return floats.clone();
    }
    float[] out = new float[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = storage == Storage.LONG ? Values.integerToFloat(type, longs[i]) : (float) getDouble(i);
    }
    return out;
  }

  /** The same data under a new shape with the same element count (data is shared). */
  public NdArray reshape(long... newShape) {
    checkLength(newShape, size());
    return new NdArray(type, newShape.clone(), floats, doubles, longs, bools);
  }

  /** A deep copy. */
  public NdArray copy() {
    return new NdArray(
        type,
        shape.clone(),
        floats == null ? null : floats.clone(),
        doubles == null ? null : doubles.clone(),
        longs == null ? null : longs.clone(),
        bools == null ? null : bools.clone());
  }

  /** An empty array of the same type with another shape (zero-filled). */
  public NdArray like(long[] newShape) {
    return zeros(type, newShape);
  }

  /** Copies element {@code src} of {@code from} (same storage) into element {@code dst} of this array. */
  public void copyElement(NdArray from, int src, int dst) {
    switch (storage) {
      case FLOAT -> floats[dst] = from.floats[src];
      case DOUBLE -> doubles[dst] = from.doubles[src];
      case LONG -> longs[dst] = from.longs[src];
      case BOOL -> bools[dst] = from.bools[src];
    }
  }

  /** Copies {@code n} consecutive elements of {@code from} (same storage) into this array. */
  public void copyRange(NdArray from, int src, int dst, int n) {
    switch (storage) {
      case FLOAT -> System.arraycopy(from.floats, src, floats, dst, n);
      case DOUBLE -> System.arraycopy(from.doubles, src, doubles, dst, n);
      case LONG -> System.arraycopy(from.longs, src, longs, dst, n);
      case BOOL -> System.arraycopy(from.bools, src, bools, dst, n);
    }
  }

  /** Writes {@code v} at flat index {@code i}, converted to this array's type (used while building). */
  public void setDouble(int i, double v) {
    switch (storage) {
      case FLOAT -> floats[i] = Values.roundFloat(type, (float) v);
      case DOUBLE -> doubles[i] = v;
      case LONG -> longs[i] = Values.wrap(type, (long) v);
      case BOOL -> bools[i] = v != 0;
    }
  }

  /** Exact equality of type, shape and every stored value (NaN equals NaN). */
  @Override
  public boolean equals(Object o) {
    return o instanceof NdArray a
        && a.type == type
        && Arrays.equals(a.shape, shape)
        && Arrays.equals(a.floats, floats)
        && Arrays.equals(a.doubles, doubles)
        && Arrays.equals(a.longs, longs)
        && Arrays.equals(a.bools, bools);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, Arrays.hashCode(shape), size());
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("NdArray<").append(type).append(Shapes.str(shape)).append(">[");
    int n = Math.min(size(), 16);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(switch (storage) {
        case FLOAT -> String.valueOf(floats[i]);
        case DOUBLE -> String.valueOf(doubles[i]);
        case LONG -> String.valueOf(longs[i]);
        case BOOL -> String.valueOf(bools[i]);
      });
    }
    return sb.append(size() > n ? ", ...]" : "]").toString();
  }
}
