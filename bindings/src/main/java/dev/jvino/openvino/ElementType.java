package dev.jvino.openvino;

/**
 * OpenVINO element types, by OpenVINO's type name. The C enum value of each depends on the runtime
 * release and is looked up in the confirmed numbering, never hard-coded here.
 */
public enum ElementType {
  DYNAMIC("dynamic", 0),
  BOOLEAN("boolean", 8),
  BF16("bf16", 16),
  F16("f16", 16),
  F32("f32", 32),
  F64("f64", 64),
  I4("i4", 4),
  I8("i8", 8),
  I16("i16", 16),
  I32("i32", 32),
  I64("i64", 64),
  U1("u1", 1),
  U2("u2", 2),
  U3("u3", 3),
  U4("u4", 4),
  U6("u6", 6),
  U8("u8", 8),
  U16("u16", 16),
  U32("u32", 32),
  U64("u64", 64),
  NF4("nf4", 4),
  F8E4M3("f8e4m3", 8),
  /** Spelled {@code F8E5M3} in the C header; it is the f8e5m2 format. */
  F8E5M2("f8e5m2", 8),
  /** Variable-length strings; not addressable as packed bits. */
  STRING("string", 0),
  F4E2M1("f4e2m1", 4),
  F8E8M0("f8e8m0", 8);

  private final String typeName;
  private final int bits;

  ElementType(String typeName, int bits) {
    this.typeName = typeName;
    this.bits = bits;
  }

  /** OpenVINO's name, e.g. {@code f32}; also the value of INFERENCE_PRECISION_HINT. */
  public String typeName() {
    return typeName;
  }

  /** Bits per element (0 for dynamic and string). */
  public int bitWidth() {
    return bits;
  }

  /** Bytes needed for {@code count} elements, sub-byte types packed. */
  public long byteSize(long count) {
    if (this == STRING || this == DYNAMIC) {
      throw new UnsupportedOperationException(typeName + " has no fixed packed size");
    }
    return (count * bits + 7) / 8;
  }

  /** The type named {@code name} (OpenVINO spelling, case-insensitive). */
  public static ElementType ofName(String name) {
    for (ElementType t : values()) {
      if (t.typeName.equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown OpenVINO element type '" + name + "'");
  }
}
