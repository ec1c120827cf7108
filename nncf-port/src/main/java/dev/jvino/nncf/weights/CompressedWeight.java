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
 * <p>Contents:
 *
 * <ul>
 * <li>mode: the compression mode
 * <li>grouping: the shape bookkeeping (weight, grouped and scale shapes)
 * <li>codeType: the element type of the stored codes (i8, u8, i4, u4, nf4, f4e2m1, f8e4m3, or for
 *     codebook indices u4/u8)
 * <li>codes: one code per element, unpacked: INT*_SYM signed values, INT*_ASYM unsigned values
 *     (read with {@code & 0xFF}), NF4 level index, E2M1 code (bit 3 = sign), E4M3 byte, codebook index
 * <li>scale: NNCF's float32 scale; for NVFP4 the E4M3-quantized group scales (without the global scale)
 * <li>scaleF16: the scale rounded to f16 bits (round to nearest even, overflow to inf), as OpenVINO
 *     stores it; null for the MX modes and NVFP4
 * <li>scaleE8m0: E8M0 scale bytes for the MX modes, else null
 * <li>scaleE4m3: E4M3 bytes of {@link #scale} for NVFP4, else null
 * <li>globalScale: NVFP4's tensor-wide second-level scale, NaN for other modes
 * <li>zeroPoint: zero points (0..2^b-1) for the asymmetric INT modes, else null
 * <li>codebook: the codebook values for codebook modes, else null
 * <li>dequantized: NNCF's dequantized weight (float32, original shape)
 * </ul>
 */
public final class CompressedWeight {
  /** Fills the dequantized values of the outer rows {@code [o0, o1)} from codes and scales. */
  @FunctionalInterface
  interface Dequantizer {
    void fill(float[] dq, int o0, int o1);
  }

  private final CompressWeightsMode mode;
  private final WeightGrouping grouping;
  private final ElementType codeType;
  private final byte[] codes;
  private final float[] scale;
  private final short @Nullable [] scaleF16;
  private final byte @Nullable [] scaleE8m0;
  private final byte @Nullable [] scaleE4m3;
  private final float globalScale;
  private final int @Nullable [] zeroPoint;
  private final float @Nullable [] codebook;
  private final @Nullable Dequantizer dequantizer;
  private volatile float @Nullable [] dequantized;

  CompressedWeight(
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
    this(mode, grouping, codeType, codes, scale, scaleF16, scaleE8m0, scaleE4m3, globalScale, zeroPoint, codebook,
        dequantized, null);
  }

  /** With dequantized values computed on first use by {@code dequantizer} (the compress path never asks). */
  CompressedWeight(
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
      Dequantizer dequantizer) {
    this(mode, grouping, codeType, codes, scale, scaleF16, scaleE8m0, scaleE4m3, globalScale, zeroPoint, codebook,
        null, dequantizer);
  }

  private CompressedWeight(
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
      float @Nullable [] dequantized,
      @Nullable Dequantizer dequantizer) {
    this.mode = mode;
    this.grouping = grouping;
    this.codeType = codeType;
    this.codes = codes;
    this.scale = scale;
    this.scaleF16 = scaleF16;
    this.scaleE8m0 = scaleE8m0;
    this.scaleE4m3 = scaleE4m3;
    this.globalScale = globalScale;
    this.zeroPoint = zeroPoint;
    this.codebook = codebook;
    this.dequantized = dequantized;
    this.dequantizer = dequantizer;
  }

  /** The compression mode. */
  public CompressWeightsMode mode() {
    return mode;
  }

  /** The shape bookkeeping (weight, grouped and scale shapes). */
  public WeightGrouping grouping() {
    return grouping;
  }

  /** The element type of the stored codes. */
  public ElementType codeType() {
    return codeType;
  }

  /** One code per element, unpacked (see the class comment). */
  public byte[] codes() {
    return codes;
  }

  /** NNCF's float32 scale (NVFP4: the E4M3-quantized group scales). */
  public float[] scale() {
    return scale;
  }

  /** The scale as f16 bits, or null for the MX modes and NVFP4. */
  public short @Nullable [] scaleF16() {
    return scaleF16;
  }

  /** E8M0 scale bytes for the MX modes, else null. */
  public byte @Nullable [] scaleE8m0() {
    return scaleE8m0;
  }

  /** E4M3 scale bytes for NVFP4, else null. */
  public byte @Nullable [] scaleE4m3() {
    return scaleE4m3;
  }

  /** NVFP4's global scale, NaN for other modes. */
  public float globalScale() {
    return globalScale;
  }

  /** Zero points of the asymmetric INT modes, else null. */
  public int @Nullable [] zeroPoint() {
    return zeroPoint;
  }

  /** The codebook of codebook modes, else null. */
  public float @Nullable [] codebook() {
    return codebook;
  }

  /**
   * NNCF's dequantized weight (float32, original shape). For the INT and table modes it is computed from
   * the codes and scales on the first call (the same float32 products NNCF forms) and then kept.
   */
  public float[] dequantized() {
    float[] dq = dequantized;
    if (dq == null) {
      synchronized (this) {
        dq = dequantized;
        if (dq == null) {
          float[] out = new float[grouping.size()];
          Dequantizer d = java.util.Objects.requireNonNull(dequantizer);
          RowSplitter.run(grouping, (o0, o1) -> d.fill(out, o0, o1));
          dequantized = dq = out;
        }
      }
    }
    return dq;
  }

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
