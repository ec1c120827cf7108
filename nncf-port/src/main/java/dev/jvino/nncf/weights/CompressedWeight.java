package dev.jvino.nncf.weights;

import dev.jvino.ir.ElementType;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.numeric.SubBytePacking;
import org.jspecify.annotations.Nullable;

/**
 * The result of lowering one float32 weight, with the same content as NNCF's {@code CompressedWeight}
 * plus the derived constants OpenVINO stores. All arrays are flat, in C order; codes and dequantized
 * values follow the weight's own flat order, scales follow {@link WeightGrouping#scaleShape()}.
 *
 * <p>Arrays are shared, not copied: treat them as read-only.
 *
 * @param mode the compression mode
 * @param grouping the shape bookkeeping (weight, grouped and scale shapes)
 * @param codeType the element type of the stored codes (i8, u8, i4, u4, nf4, f4e2m1, f8e4m3, or for
 *     codebook indices u4/u8)
 * @param codes one code per element, unpacked: INT*_SYM signed values, INT*_ASYM unsigned values
 *     (read with {@code & 0xFF}), NF4 level index, E2M1 code (bit 3 = sign), E4M3 byte, codebook index
 * @param scale NNCF's float32 scale; for NVFP4 the E4M3-quantized group scales (without the global scale)
 * @param scaleF16 the scale rounded to f16 bits (round to nearest even, overflow to inf), as OpenVINO
 *     stores it; null for the MX modes and NVFP4
 * @param scaleE8m0 E8M0 scale bytes for the MX modes, else null
 * @param scaleE4m3 E4M3 bytes of {@link #scale} for NVFP4, else null
 * @param globalScale NVFP4's tensor-wide second-level scale, NaN for other modes
 * @param zeroPoint zero points (0..2^b-1) for the asymmetric INT modes, else null
 * @param codebook the codebook values for codebook modes, else null
 * @param dequantized NNCF's dequantized weight (float32, original shape)
 */
public record CompressedWeight(
    CompressWeightsMode mode,
    WeightGrouping grouping,
    ElementType codeType,
    byte[] codes,
    float[] scale,
    short @Nullable [] scaleF16,
    byte @Nullable [] scaleE8m0,
    byte @Nullable [] scaleE4m3,
    float globalScale,
    int @Nullable [] zeroPoint,
    float @Nullable [] codebook,
    float[] dequantized) {

  /** Whether NVFP4's global scale is present. */
  public boolean hasGlobalScale() {
    return mode == CompressWeightsMode.NVFP4;
  }

  /**
   * The codes as OpenVINO stores them in the weight constant of type {@link #codeType()}: 4-bit types
   * packed two per byte (low nibble first), 8-bit types one per byte.
   */
  public byte[] packedCodes() {
    return codeType.bitWidth() == 4 ? SubBytePacking.pack4(codes) : codes.clone();
  }

  /**
   * The zero points as OpenVINO stores them (same element type as the codes: u4 packed low nibble first,
   * or u8), or null for modes without a zero point.
   */
  public byte @Nullable [] packedZeroPoint() {
    if (zeroPoint == null) {
      return null;
    }
    byte[] b = new byte[zeroPoint.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) zeroPoint[i];
    }
    return codeType.bitWidth() == 4 ? SubBytePacking.pack4(b) : b;
  }

  /** The codes as ints: signed for INT*_SYM, unsigned (0..255) otherwise. */
  public int code(int index) {
    byte c = codes[index];
    return mode == CompressWeightsMode.INT8_SYM || mode == CompressWeightsMode.INT4_SYM ? c : c & 0xFF;
  }
}
