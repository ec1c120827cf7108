package dev.jvino.nncf.statistics.cache;

import dev.jvino.ir.ElementType;
import java.util.Optional;

/**
 * The safetensors element types jvino reads and writes, in the order the reference serializer sorts
 * tensors by (it writes the larger enum constants first, ties by name).
 */
public enum SafeDtype {
  BOOL(1, ElementType.BOOLEAN),
  U8(1, ElementType.U8),
  I8(1, ElementType.I8),
  I16(2, ElementType.I16),
  F16(2, ElementType.F16),
  BF16(2, ElementType.BF16),
  I32(4, ElementType.I32),
  F32(4, ElementType.F32),
  F64(8, ElementType.F64),
  I64(8, ElementType.I64);

  private final int bytes;
  private final ElementType elementType;

  SafeDtype(int bytes, ElementType elementType) {
    this.bytes = bytes;
    this.elementType = elementType;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  /** The jvino element type of the values. */
  public ElementType elementType() {
    return elementType;
  }

  /** The dtype named {@code name} in a header, if jvino supports it. */
  public static Optional<SafeDtype> byName(String name) {
    for (SafeDtype d : values()) {
      if (d.name().equals(name)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** The dtype of a jvino element type, if safetensors (as jvino supports it) has one. */
  public static Optional<SafeDtype> of(ElementType type) {
    for (SafeDtype d : values()) {
      if (d.elementType == type) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
