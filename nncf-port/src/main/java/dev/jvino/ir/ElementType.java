package dev.jvino.ir;

import java.util.Locale;
import java.util.Optional;

/**
 * OpenVINO element types, named as the IR writes them ({@code precision} and {@code element_type}
 * attributes). Sub-byte types pack several values per byte; {@link #bitWidth()} says how many bits one
 * value takes, and {@link #byteSize(long)} how many bytes a given count occupies.
 */
public enum ElementType {
  BOOLEAN("boolean", 8, Kind.BOOLEAN),
  BF16("bf16", 16, Kind.FLOAT),
  F16("f16", 16, Kind.FLOAT),
  F32("f32", 32, Kind.FLOAT),
  F64("f64", 64, Kind.FLOAT),
  I4("i4", 4, Kind.SIGNED),
  I8("i8", 8, Kind.SIGNED),
  I16("i16", 16, Kind.SIGNED),
  I32("i32", 32, Kind.SIGNED),
  I64("i64", 64, Kind.SIGNED),
  U1("u1", 1, Kind.UNSIGNED),
  U2("u2", 2, Kind.UNSIGNED),
  U3("u3", 3, Kind.UNSIGNED),
  U4("u4", 4, Kind.UNSIGNED),
  U6("u6", 6, Kind.UNSIGNED),
  U8("u8", 8, Kind.UNSIGNED),
  U16("u16", 16, Kind.UNSIGNED),
  U32("u32", 32, Kind.UNSIGNED),
  U64("u64", 64, Kind.UNSIGNED),
  NF4("nf4", 4, Kind.FLOAT),
  F8E4M3("f8e4m3", 8, Kind.FLOAT),
  F8E5M2("f8e5m2", 8, Kind.FLOAT),
  F8E8M0("f8e8m0", 8, Kind.FLOAT),
  F4E2M1("f4e2m1", 4, Kind.FLOAT),
  STRING("string", 0, Kind.STRING),
  /** {@code dynamic} / {@code undefined}: not known until run time. */
  DYNAMIC("dynamic", 0, Kind.DYNAMIC);

  /** The family of an element type. */
  public enum Kind { BOOLEAN, FLOAT, SIGNED, UNSIGNED, STRING, DYNAMIC }

  private final String irName;
  private final int bitWidth;
  private final Kind kind;

  ElementType(String irName, int bitWidth, Kind kind) {
    this.irName = irName;
    this.bitWidth = bitWidth;
    this.kind = kind;
  }

  /** The name the IR uses, e.g. {@code f32}, {@code u4}, {@code f8e4m3}. */
  public String irName() {
    return irName;
  }

  /** Bits per value (0 for string and dynamic). */
  public int bitWidth() {
    return bitWidth;
  }

  public Kind kind() {
    return kind;
  }

  /** Whether this type packs several values into one byte. */
  public boolean isSubByte() {
    return bitWidth > 0 && bitWidth < 8;
  }

  public boolean isFloatingPoint() {
    return kind == Kind.FLOAT;
  }

  public boolean isInteger() {
    return kind == Kind.SIGNED || kind == Kind.UNSIGNED;
  }

  /**
   * Bytes taken by {@code count} packed values: {@code ceil(count * bits / 8)}.
   *
   * @throws ArithmeticException if the size overflows a long
   * @throws IllegalStateException for string and dynamic types, whose size is not fixed
   */
  public long byteSize(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("negative element count " + count);
    }
    if (bitWidth == 0) {
      throw new IllegalStateException(irName + " has no fixed byte size");
    }
    long bits = Math.multiplyExact(count, (long) bitWidth);
    return bits / 8 + (bits % 8 == 0 ? 0 : 1);
  }

  /**
   * The type an IR name denotes. Accepts OpenVINO's names in any case, and the long aliases its writers
   * and older IRs use ({@code FP32}, {@code FP16}, {@code BOOL}, {@code undefined}, ...).
   */
  public static Optional<ElementType> fromIrName(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    return Optional.ofNullable(switch (n) {
      case "boolean", "bool" -> BOOLEAN;
      case "bf16" -> BF16;
      case "f16", "fp16" -> F16;
      case "f32", "fp32" -> F32;
      case "f64", "fp64" -> F64;
      case "i4" -> I4;
      case "i8" -> I8;
      case "i16" -> I16;
      case "i32" -> I32;
      case "i64" -> I64;
      case "u1", "bin" -> U1;
      case "u2" -> U2;
      case "u3" -> U3;
      case "u4" -> U4;
      case "u6" -> U6;
      case "u8" -> U8;
      case "u16" -> U16;
      case "u32" -> U32;
      case "u64" -> U64;
      case "nf4" -> NF4;
      case "f8e4m3" -> F8E4M3;
      case "f8e5m2" -> F8E5M2;
      case "f8e8m0" -> F8E8M0;
      case "f4e2m1" -> F4E2M1;
      case "string" -> STRING;
      case "dynamic", "undefined" -> DYNAMIC;
      default -> null;
    });
  }

  @Override
  public String toString() {
    return irName;
  }
}
