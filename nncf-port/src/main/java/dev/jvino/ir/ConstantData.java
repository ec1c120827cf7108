package dev.jvino.ir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The value of a Constant: element type, static shape and the raw little-endian bytes in IR layout.
 * Bytes come either from memory or lazily from a {@link WeightsFile} (nothing is read until
 * {@link #bytes()} or a value accessor is called). Immutable.
 */
public final class ConstantData {
  private static final ValueLayout.OfInt I32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final ElementType type;
  private final long[] shape;
  private final long count;
  private final long byteSize;
  private final SubBytePacking packing;
  private final @Nullable MemorySegment heap;
  private final @Nullable WeightsFile file;
  private final long offset;

  private ConstantData(ElementType type, long[] shape, long byteSize, SubBytePacking packing,
      @Nullable MemorySegment heap, @Nullable WeightsFile file, long offset) {
    if (type == ElementType.DYNAMIC) {
      throw new IllegalArgumentException("a constant needs a concrete element type");
    }
    this.type = type;
    this.shape = shape.clone();
    this.count = PartialShape.elementCount(shape);
    this.byteSize = byteSize;
    this.packing = packing;
    this.heap = heap;
    this.file = file;
    this.offset = offset;
  }

  /** Bytes that {@code count} values of {@code type} need (not defined for strings). */
  public static long requiredBytes(ElementType type, long[] shape) {
    return type.byteSize(PartialShape.elementCount(shape));
  }

  /** A constant over a range of a weights file; nothing is read now. */
  public static ConstantData lazy(ElementType type, long[] shape, WeightsFile file, long offset,
      long size, SubBytePacking packing) {
    return new ConstantData(type, shape, size, packing, null, file, offset);
  }

  /** A constant over bytes already in IR layout (copied). */
  public static ConstantData ofBytes(ElementType type, long[] shape, byte[] raw) {
    if (type != ElementType.STRING && raw.length < requiredBytes(type, shape)) {
      throw new IllegalArgumentException(raw.length + " bytes are too few for " + type + " "
          + Arrays.toString(shape));
    }
    return new ConstantData(type, shape, raw.length, SubBytePacking.LSB_STREAM,
        MemorySegment.ofArray(raw.clone()), null, 0);
  }

  /**
   * A constant over bytes already in IR layout, without copying them (for large weights produced in
   * native or off-heap memory). The caller must not change the bytes afterwards.
   *
   * @throws IllegalArgumentException if the segment is too small for the shape
   */
  public static ConstantData ofSegment(ElementType type, long[] shape, MemorySegment raw) {
    if (type != ElementType.STRING && raw.byteSize() < requiredBytes(type, shape)) {
      throw new IllegalArgumentException(raw.byteSize() + " bytes are too few for " + type + " "
          + Arrays.toString(shape));
    }
    return new ConstantData(type, shape, raw.byteSize(), SubBytePacking.LSB_STREAM, raw, null, 0);
  }

  /** Encodes float values into {@code type} (rounding as {@link ElementCodec#set} does). */
  public static ConstantData ofFloats(ElementType type, long[] shape, float... values) {
    MemorySegment s = allocate(type, shape, values.length);
    for (int i = 0; i < values.length; i++) {
      ElementCodec.set(type, s, i, values[i]);
    }
    return new ConstantData(type, shape, s.byteSize(), SubBytePacking.LSB_STREAM, s, null, 0);
  }

  /** Encodes integer values into {@code type}. */
  public static ConstantData ofLongs(ElementType type, long[] shape, long... values) {
    MemorySegment s = allocate(type, shape, values.length);
    for (int i = 0; i < values.length; i++) {
      ElementCodec.setLong(type, s, i, values[i]);
    }
    return new ConstantData(type, shape, s.byteSize(), SubBytePacking.LSB_STREAM, s, null, 0);
  }

  /** A 1-D i64 constant (shapes, axes, orders). */
  public static ConstantData i64(long... values) {
    return ofLongs(ElementType.I64, new long[] {values.length}, values);
  }

  /** A scalar i64 constant. */
  public static ConstantData i64Scalar(long value) {
    return ofLongs(ElementType.I64, new long[0], value);
  }

  /** A scalar f32 constant. */
  public static ConstantData f32Scalar(float value) {
    return ofFloats(ElementType.F32, new long[0], value);
  }

  /** A string constant, stored as OpenVINO does: int32 count, int32 offsets[n+1], bytes. */
  public static ConstantData ofStrings(long[] shape, List<String> values) {
    if (PartialShape.elementCount(shape) != values.size()) {
      throw new IllegalArgumentException(values.size() + " strings do not fill " + Arrays.toString(shape));
    }
    List<byte[]> enc = new ArrayList<>();
    long chars = 0;
    for (String v : values) {
      byte[] b = v.getBytes(StandardCharsets.UTF_8);
      enc.add(b);
      chars += b.length;
    }
    int n = values.size();
    long header = n == 0 ? 4 : 4L * (n + 2);
    MemorySegment s = MemorySegment.ofArray(new byte[Math.toIntExact(header + chars)]);
    s.set(I32, 0, n);
    long pos = 0;
    long at = header;
    for (int i = 0; i < n; i++) {
      s.set(I32, 4 + 4L * i, (int) pos);
      MemorySegment.copy(MemorySegment.ofArray(enc.get(i)), 0, s, at, enc.get(i).length);
      pos += enc.get(i).length;
      at += enc.get(i).length;
    }
    if (n > 0) {
      s.set(I32, 4 + 4L * n, (int) pos);
    }
    return new ConstantData(ElementType.STRING, shape, s.byteSize(), SubBytePacking.LSB_STREAM, s,
        null, 0);
  }

  private static MemorySegment allocate(ElementType type, long[] shape, int given) {
    long n = PartialShape.elementCount(shape);
    if (n != given) {
      throw new IllegalArgumentException(given + " values do not fill shape " + Arrays.toString(shape));
    }
    return MemorySegment.ofArray(new byte[Math.toIntExact(requiredBytes(type, shape))]);
  }

  public ElementType elementType() {
    return type;
  }

  /** The shape (a copy). */
  public long[] shape() {
    return shape.clone();
  }

  public PartialShape partialShape() {
    return PartialShape.of(shape);
  }

  public long elementCount() {
    return count;
  }

  /** Size of the stored bytes (the IR's {@code size}). */
  public long byteSize() {
    return byteSize;
  }

  public SubBytePacking packing() {
    return packing;
  }

  /**
   * Where a file-backed constant's bytes are: a range of a weights file.
   *
   * @param file the weights file
   * @param offset the first byte in the file
   * @param size the number of bytes ({@link ConstantData#byteSize()})
   */
  public record FileRange(WeightsFile file, long offset, long size) {}

  /** Whether the bytes still live in a weights file and have not been copied. */
  public boolean isFileBacked() {
    return file != null;
  }

  /** The weights-file range this constant reads, if it is {@linkplain #isFileBacked file-backed}. */
  public java.util.Optional<FileRange> fileRange() {
    return file == null ? java.util.Optional.empty()
        : java.util.Optional.of(new FileRange(file, offset, byteSize));
  }

  /** The raw bytes (read-only). For a file-backed constant this maps, but does not copy, the range. */
  public MemorySegment bytes() {
    if (heap != null) {
      return heap.asReadOnly();
    }
    return file.slice(offset, byteSize);
  }

  /** Element {@code i} as a double. */
  public double getDouble(long i) {
    checkFile();
    try {
      return getDoubleUnguarded(i);
    } catch (InternalError e) {
      throw readFault(e);
    }
  }

  private double getDoubleUnguarded(long i) {
    return ElementCodec.get(type, bytes(), i, packing);
  }

  /** Element {@code i} as a long. */
  public long getLong(long i) {
    checkFile();
    try {
      return getLongUnguarded(i);
    } catch (InternalError e) {
      throw readFault(e);
    }
  }

  private long getLongUnguarded(long i) {
    return ElementCodec.getLong(type, bytes(), i, packing);
  }

  /** All values decoded to float. @throws ArithmeticException above 2^31-1 elements */
  public float[] toFloatArray() {
    checkFile();
    try {
      return toFloatArrayUnguarded();
    } catch (InternalError e) {
      throw readFault(e);
    }
  }

  private float[] toFloatArrayUnguarded() {
    MemorySegment b = bytes();
    float[] out = new float[Math.toIntExact(count)];
    if (type == ElementType.F32) {
      MemorySegment.copy(b, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0,
          out, 0, out.length);
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ElementCodec.get(type, b, i, packing);
    }
    return out;
  }

  /** All values decoded to double. */
  public double[] toDoubleArray() {
    checkFile();
    try {
      return toDoubleArrayUnguarded();
    } catch (InternalError e) {
      throw readFault(e);
    }
  }

  private double[] toDoubleArrayUnguarded() {
    MemorySegment b = bytes();
    double[] out = new double[Math.toIntExact(count)];
    for (int i = 0; i < out.length; i++) {
      out[i] = ElementCodec.get(type, b, i, packing);
    }
    return out;
  }

  /** All values as longs (integer types; floats truncate). */
  public long[] toLongArray() {
    checkFile();
    try {
      return toLongArrayUnguarded();
    } catch (InternalError e) {
      throw readFault(e);
    }
  }

  private long[] toLongArrayUnguarded() {
    MemorySegment b = bytes();
    long[] out = new long[Math.toIntExact(count)];
    for (int i = 0; i < out.length; i++) {
      out[i] = ElementCodec.getLong(type, b, i, packing);
    }
    return out;
  }

  /**
   * The values of a string constant.
   *
   * @throws IllegalStateException if this is not a string constant or its layout is corrupt
   */
  public List<String> strings() {
    checkFile();
    try {
      return stringsUnguarded();
    } catch (InternalError e) {
      throw readFault(e);
    }
  }

  private List<String> stringsUnguarded() {
    if (type != ElementType.STRING) {
      throw new IllegalStateException("not a string constant: " + type);
    }
    MemorySegment b = bytes();
    if (b.byteSize() < 4) {
      throw new IllegalStateException("string constant of " + b.byteSize() + " bytes has no count");
    }
    int n = b.get(I32, 0);
    if (n != count || (n > 0 && b.byteSize() < 4L * (n + 2))) {
      throw new IllegalStateException("string constant count " + n + " does not match shape "
          + Arrays.toString(shape) + " or size " + b.byteSize());
    }
    List<String> out = new ArrayList<>(n);
    long base = 4L * (n + 2);
    for (int i = 0; i < n; i++) {
      int s = b.get(I32, 4 + 4L * i);
      int e = b.get(I32, 8 + 4L * i);
      if (s < 0 || e < s || base + e > b.byteSize()) {
        throw new IllegalStateException("string " + i + " offsets [" + s + ", " + e + ") out of range");
      }
      out.add(new String(b.asSlice(base + s, e - s).toArray(ValueLayout.JAVA_BYTE),
          StandardCharsets.UTF_8));
    }
    return out;
  }

  /**
   * Checks the layout of a string constant (count, offsets) without decoding the strings; reads
   * {@code 4 * (n + 2)} bytes.
   *
   * @throws IllegalStateException if the layout is corrupt
   */
  public void checkStringLayout() {
    try {
      checkStringLayoutUnguarded();
    } catch (InternalError e) {
      throw readFault(e);
    }
  }

  private void checkStringLayoutUnguarded() {
    MemorySegment b = bytes();
    if (b.byteSize() < 4) {
      throw new IllegalStateException("string constant of " + b.byteSize() + " bytes has no count");
    }
    int n = b.get(I32, 0);
    if (n != count || (n > 0 && b.byteSize() < 4L * (n + 2))) {
      throw new IllegalStateException("string constant count " + n + " does not match shape "
          + Arrays.toString(shape) + " and size " + b.byteSize());
    }
    long chars = n == 0 ? 0 : b.byteSize() - 4L * (n + 2);
    int prev = 0;
    for (int i = 0; i <= n && n > 0; i++) {
      int off = b.get(I32, 4 + 4L * i);
      if (off < prev || off > chars) {
        throw new IllegalStateException("string offset " + i + " = " + off + " is out of order or "
            + "beyond the " + chars + " character bytes");
      }
      prev = off;
    }
  }

  /**
   * The same values stored as {@code f16} (what the IR writer's FP16 compression does; values beyond
   * f16's range become infinities, as in OpenVINO).
   */
  public ConstantData toF16() {
    checkFile();
    try {
      return toF16Unguarded();
    } catch (InternalError e) {
      throw readFault(e);
    }
  }

  private ConstantData toF16Unguarded() {
    if (type != ElementType.F32) {
      throw new IllegalStateException("only f32 constants are compressed, not " + type);
    }
    MemorySegment src = bytes();
    MemorySegment dst = MemorySegment.ofArray(new byte[Math.toIntExact(count * 2)]);
    for (long i = 0; i < count; i++) {
      ElementCodec.set(ElementType.F16, dst, i, ElementCodec.get(ElementType.F32, src, i, packing));
    }
    return new ConstantData(ElementType.F16, shape, dst.byteSize(), packing, dst, null, 0);
  }

  /**
   * The same values as {@code f16}, clamped to ±65504 like OpenVINO's FP16 weight compression
   * ({@code convert_from_f32_to_f16_with_clamp}); NaN stays NaN.
   */
  public ConstantData toF16Clamped() {
    checkFile();
    try {
      return toF16ClampedUnguarded();
    } catch (InternalError e) {
      throw readFault(e);
    }
  }

  private ConstantData toF16ClampedUnguarded() {
    if (type != ElementType.F32) {
      throw new IllegalStateException("only f32 constants are compressed, not " + type);
    }
    MemorySegment src = bytes();
    MemorySegment dst = MemorySegment.ofArray(new byte[Math.toIntExact(count * 2)]);
    for (long i = 0; i < count; i++) {
      double v = ElementCodec.get(ElementType.F32, src, i, packing);
      ElementCodec.set(ElementType.F16, dst, i, Math.max(-65504.0, Math.min(65504.0, v)));
    }
    return new ConstantData(ElementType.F16, shape, dst.byteSize(), packing, dst, null, 0);
  }

  /** Copies the bytes to the heap (detaching this constant from its file). */
  public ConstantData materialize() {
    checkFile();
    try {
      return materializeUnguarded();
    } catch (InternalError e) {
      throw readFault(e);
    }
  }

  private ConstantData materializeUnguarded() {
    if (heap != null) {
      return this;
    }
    MemorySegment copy = Arena.ofAuto().allocate(byteSize, 8);
    copy.copyFrom(bytes());
    return new ConstantData(type, shape, byteSize, packing, copy, null, 0);
  }

  /**
   * A fault reading a mapped weights file (the file shrank after it was opened) as the typed
   * {@link WeightsFileChangedException} naming the file; any other internal error is passed on.
   */
  /** Refuses to read a file-backed constant whose weights file shrank since it was mapped. */
  private void checkFile() {
    if (file != null) {
      file.checkIntact(this + " at offset " + offset);
    }
  }

  private RuntimeException readFault(InternalError e) {
    if (file == null) {
      throw e;
    }
    return file.changed(e, this + " at offset " + offset);
  }

  /** Whether type, shape and bytes are equal. */
  public boolean contentEquals(ConstantData o) {
    return type == o.type && Arrays.equals(shape, o.shape) && byteSize == o.byteSize
        && bytes().mismatch(o.bytes()) == -1;
  }

  @Override
  public String toString() {
    return "Constant(" + type + Arrays.toString(shape) + ", " + byteSize + " B)";
  }
}
