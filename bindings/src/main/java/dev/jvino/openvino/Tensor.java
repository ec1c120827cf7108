package dev.jvino.openvino;

import dev.jvino.ffm.raw.CTypes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An OpenVINO tensor ({@code ov_tensor_t}). Data is reached without copying through {@link #data()}
 * and {@link #asFloatBuffer()}; {@link TensorData} copies to and from Java arrays for every element
 * type. Tensors made from Java memory keep that memory alive for as long as any request or model
 * uses them.
 *
 * <p>The views {@link #data()} returns are bound to the tensor: after {@link #close()} reading or
 * writing them throws {@link IllegalStateException} instead of touching freed memory. A tensor made
 * by {@link #wrap} over caller memory refuses to be used once that memory's arena is closed.
 */
public final class Tensor extends NativeObject {
  private final @Nullable Lease lent;
  private final @Nullable MemorySegment wrapped; // caller memory of wrap(), checked before every use
  private @Nullable Arena views; // scope of data() views, made by the first data(): closed before the free

  private Tensor(Native rt, MemorySegment handle, @Nullable Lease lent, @Nullable MemorySegment wrapped) {
    super(rt, handle);
    this.lent = lent;
    this.wrapped = wrapped;
  }

  static Tensor adopt(Native rt, MemorySegment handle) {
    return new Tensor(rt, handle, null, null);
  }

  /** A tensor whose memory OpenVINO allocates ({@code ov_tensor_create}). */
  public static Tensor allocate(ElementType type, Shape shape) {
    Native rt = Native.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = Structs.shape(rt, arena, shape);
      try {
        MemorySegment slot = arena.allocate(ValueLayout.ADDRESS);
        rt.check("ov_tensor_create", rt.code(type), s, slot);
        return adopt(rt, slot.get(ValueLayout.ADDRESS, 0));
      } finally {
        Structs.freeShape(rt, s);
      }
    }
  }

  /**
   * A tensor over fresh, 64-byte aligned Java-owned memory ({@code ov_tensor_create_from_host_ptr},
   * zero-copy): the memory lives until the tensor and every user of it are closed.
   */
  public static Tensor allocateHost(ElementType type, Shape shape) {
    Arena arena = Arena.ofShared();
    MemorySegment data = arena.allocate(Math.max(1, type.byteSize(shape.elementCount())), 64);
    return overHost(type, shape, data, new Lease(arena));
  }

  /**
   * A tensor over caller memory, not copied. The caller must keep {@code data} valid for as long as
   * OpenVINO may read it (the tensor, and requests or models it was given to).
   */
  public static Tensor wrap(ElementType type, Shape shape, MemorySegment data) {
    long need = type.byteSize(shape.elementCount());
    if (data.byteSize() < need) {
      throw new IllegalArgumentException(
          "tensor data has " + data.byteSize() + " bytes, " + type.typeName() + shape + " needs " + need);
    }
    return overHost(type, shape, data, null);
  }

  /** A host tensor holding a copy of {@code values}. */
  public static Tensor of(Shape shape, float... values) {
    Tensor t = allocateHost(ElementType.F32, shape);
    TensorData.copyFrom(t, values);
    return t;
  }

  private static Tensor overHost(ElementType type, Shape shape, MemorySegment data, @Nullable Lease lease) {
    Native rt = Native.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = Structs.shape(rt, arena, shape);
      try {
        MemorySegment slot = arena.allocate(ValueLayout.ADDRESS);
        rt.check("ov_tensor_create_from_host_ptr", rt.code(type), s, data, slot);
        Tensor t = new Tensor(rt, slot.get(ValueLayout.ADDRESS, 0), lease, lease == null ? data : null);
        if (lease != null) {
          t.hold(lease);
          lease.release(); // the tensor's hold is now the creator's reference
        }
        return t;
      } catch (RuntimeException e) {
        if (lease != null) {
          lease.release();
        }
        throw e;
      } finally {
        Structs.freeShape(rt, s);
      }
    }
  }

  /** A string tensor ({@code ov_tensor_create_from_string_array}); the strings are copied. */
  public static Tensor ofStrings(Shape shape, String... values) {
    if (shape.elementCount() != values.length) {
      throw new IllegalArgumentException(values.length + " strings do not fill shape " + shape);
    }
    Native rt = Native.get();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment arr = strings(arena, values);
      MemorySegment s = Structs.shape(rt, arena, shape);
      try {
        MemorySegment slot = arena.allocate(ValueLayout.ADDRESS);
        rt.check("ov_tensor_create_from_string_array", arr, (long) values.length, s, slot);
        return adopt(rt, slot.get(ValueLayout.ADDRESS, 0));
      } finally {
        Structs.freeShape(rt, s);
      }
    }
  }

  private static MemorySegment strings(Arena arena, String[] values) {
    MemorySegment arr = arena.allocate(ValueLayout.ADDRESS, Math.max(1, values.length));
    for (int i = 0; i < values.length; i++) {
      arr.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(Objects.requireNonNull(values[i], "string " + i)));
    }
    return arr;
  }

  /** Replaces the contents of a string tensor ({@code ov_tensor_set_string_data}). */
  public void setStrings(String... values) {
    try (Arena arena = Arena.ofConfined()) {
      rt.check("ov_tensor_set_string_data", handle(), strings(arena, values), (long) values.length);
    }
  }

  /** The element type. */
  public ElementType elementType() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.JAVA_INT);
      rt.check("ov_tensor_get_element_type", handle(), out);
      return rt.type(out.get(ValueLayout.JAVA_INT, 0));
    }
  }

  /** The shape (a scalar tensor gives rank 0). */
  public Shape shape() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(CTypes.SHAPE); // zeroed: scalars leave it untouched
      rt.check("ov_tensor_get_shape", handle(), out);
      return Structs.takeShape(rt, out);
    }
  }

  /** Changes the shape ({@code ov_tensor_set_shape}); earlier {@link #data()} views become invalid. */
  public void setShape(Shape shape) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment s = Structs.shape(rt, arena, shape);
      try {
        rt.check("ov_tensor_set_shape", handle(), s);
      } finally {
        Structs.freeShape(rt, s);
      }
    }
  }

  /** Number of elements. */
  public long size() {
    return sizeT("ov_tensor_get_size");
  }

  /** Size of the data in bytes (sub-byte types packed). */
  public long byteSize() {
    return sizeT("ov_tensor_get_byte_size");
  }

  private long sizeT(String fn) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG);
      rt.check(fn, handle(), out);
      return out.get(ValueLayout.JAVA_LONG, 0);
    }
  }

  /**
   * The tensor's memory, without copying. Valid until the tensor is closed or reshaped; for a tensor
   * from a request, until the request changes it.
   */
  public MemorySegment data() {
    MemorySegment h = acquire();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_tensor_data", h, out);
      MemorySegment p = out.get(ValueLayout.ADDRESS, 0);
      long n = byteSize();
      if (wrapped != null && p.address() == wrapped.address() && n <= wrapped.byteSize()) {
        return wrapped.asSlice(0, n); // the caller's memory, with the caller's lifetime
      }
      return p.reinterpret(n, views(), null);
    } finally {
      release();
    }
  }

  /** A native-order float view of the data (f32 tensors only). */
  public FloatBuffer asFloatBuffer() {
    requireType(ElementType.F32);
    return data().asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  /** A native-order view of the raw bytes (any fixed-width type). */
  public java.nio.ByteBuffer asByteBuffer() {
    return data().asByteBuffer().order(ByteOrder.nativeOrder());
  }

  /** A native-order int view (i32 and u32 tensors). */
  public java.nio.IntBuffer asIntBuffer() {
    ElementType t = elementType();
    if (t != ElementType.I32 && t != ElementType.U32) {
      throw new IllegalStateException("tensor holds " + t.typeName() + ", not i32/u32");
    }
    return asByteBuffer().asIntBuffer();
  }

  /** A native-order long view (i64 and u64 tensors). */
  public java.nio.LongBuffer asLongBuffer() {
    ElementType t = elementType();
    if (t != ElementType.I64 && t != ElementType.U64) {
      throw new IllegalStateException("tensor holds " + t.typeName() + ", not i64/u64");
    }
    return asByteBuffer().asLongBuffer();
  }

  /** A native-order double view (f64 tensors). */
  public java.nio.DoubleBuffer asDoubleBuffer() {
    requireType(ElementType.F64);
    return asByteBuffer().asDoubleBuffer();
  }

  /** A native-order short view of the raw 16-bit patterns (f16, bf16, i16, u16 tensors). */
  public java.nio.ShortBuffer asShortBuffer() {
    ElementType t = elementType();
    if (t.bitWidth() != 16) {
      throw new IllegalStateException("tensor holds " + t.typeName() + ", not a 16-bit type");
    }
    return asByteBuffer().asShortBuffer();
  }

  void requireType(ElementType expected) {
    ElementType t = elementType();
    if (t != expected) {
      throw new IllegalStateException("tensor holds " + t.typeName() + ", not " + expected.typeName());
    }
  }

  /** The remote tensor's parameters ({@code ov_remote_tensor_get_params}) as "key value" text. */
  public String remoteParams() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment size = arena.allocate(ValueLayout.JAVA_LONG);
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_remote_tensor_get_params", handle(), size, out);
      return rt.takeString(out, 0);
    }
  }

  /** The device of a remote tensor ({@code ov_remote_tensor_get_device_name}). */
  public String remoteDeviceName() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_remote_tensor_get_device_name", handle(), out);
      return rt.takeString(out, 0);
    }
  }

  /** The caller memory of {@link #wrap}, or null. */
  @Nullable MemorySegment wrapped() {
    return wrapped;
  }

  @Override
  void checkUsable() {
    if (wrapped != null && !wrapped.scope().isAlive()) {
      throw new IllegalStateException("Tensor's memory was released: it wraps a MemorySegment whose arena is closed");
    }
  }

  private synchronized Arena views() {
    if (views == null) {
      views = Arena.ofShared();
    }
    return views;
  }

  @Override
  void beforeFree(MemorySegment h) {
    Arena v;
    synchronized (this) {
      v = views;
    }
    if (v != null) {
      v.close(); // data() views fail from here on, before the memory goes
    }
  }

  /** The lease on Java memory this tensor lends to OpenVINO, if any. */
  @Nullable Lease lent() {
    return lent;
  }

  @Override
  void free(MemorySegment h) {
    rt.invoke("ov_tensor_free", h);
  }
}
