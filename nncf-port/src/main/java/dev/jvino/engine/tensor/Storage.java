package dev.jvino.engine.tensor;

import dev.jvino.ir.ElementType;

/**
 * How an {@link NdArray} keeps its values in memory. Every supported element type maps to exactly one
 * storage: f32, f16 and bf16 live in a {@code float[]} (f16/bf16 values already rounded to their type),
 * f64 in a {@code double[]}, every integer type in a {@code long[]} (normalised to the type's range; u64
 * keeps its bit pattern), and boolean in a {@code boolean[]}.
 */
public enum Storage {
  FLOAT,
  DOUBLE,
  LONG,
  BOOL;

  /**
   * The storage of {@code type}.
   *
   * @throws UnsupportedElementTypeException for types the engine cannot hold (nf4, f8*, f4e2m1, string,
   *     dynamic)
   */
  public static Storage of(ElementType type) {
    return switch (type) {
      case F32, F16, BF16 -> FLOAT;
      case F64 -> DOUBLE;
      case I4, I8, I16, I32, I64, U1, U2, U3, U4, U6, U8, U16, U32, U64 -> LONG;
      case BOOLEAN -> BOOL;
      default -> throw new UnsupportedElementTypeException(type);
    };
  }

  /** Whether the engine can hold values of {@code type}. */
  public static boolean supports(ElementType type) {
    return switch (type) {
      case NF4, F8E4M3, F8E5M2, F8E8M0, F4E2M1, STRING, DYNAMIC -> false;
      default -> true;
    };
  }
}
