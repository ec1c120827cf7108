package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.engine.tensor.Shapes;
import dev.jvino.engine.tensor.Storage;
import dev.jvino.engine.tensor.Values;
import dev.jvino.ir.ElementType;
import java.util.Arrays;
import java.util.Locale;

/**
 * FakeConvert-13: emulates a round trip through an 8-bit float type, following the order of operations
 * of OpenVINO's reference implementation ({@code reference/fake_convert.hpp} and
 * {@code reference/src/op/fake_convert.cpp}, 2025 versions, with the default {@code use_clamp}):
 *
 * <ol>
 *   <li>{@code y = data * scale - shift} in the data type (for f16/bf16 each operator result is rounded
 *       to that type, as OpenVINO's half types do);
 *   <li>{@code y} is converted to f16 (for f32/bf16 data; round to nearest even, overflow to infinity);
 *   <li>the f16 bit pattern is rounded to the destination type's precision while staying an f16
 *       ("emulation"; see {@link #emulateE4m3} and {@link #emulateE5m2});
 *   <li>the f16 value is converted back to the data type and {@code (y + shift) / scale} is applied.
 * </ol>
 *
 * {@code scale} and {@code shift} (which must have the same shape) broadcast into the data shape
 * numpy-style; a missing shift is zero.
 */
public final class FakeConvert {
  private static final String OP = "FakeConvert-13";

  private FakeConvert() {}

  /** The 8-bit destination types FakeConvert-13 emulates. */
  public enum Destination {
    F8E4M3("f8e4m3"),
    F8E5M2("f8e5m2");

    private final String irName;

    Destination(String irName) {
      this.irName = irName;
    }

    /** The attribute value in IR text. */
    public String irName() {
      return irName;
    }

    /** Parses the IR attribute value; anything but f8e4m3/f8e5m2 is an {@link OpAttributeException}. */
    public static Destination parse(String op, String text) {
      String t = text.trim().toLowerCase(Locale.ROOT);
      for (Destination d : values()) {
        if (d.irName.equals(t)) {
          return d;
        }
      }
      throw new OpAttributeException(op, "destination_type", text, "expected f8e4m3 or f8e5m2");
    }

    short emulate(short f16Bits) {
      return this == F8E4M3 ? emulateE4m3(f16Bits) : emulateE5m2(f16Bits);
    }
  }

  /**
   * Evaluates FakeConvert-13 on f32, f16 or bf16 data.
   *
   * @param shift may be {@code null} (zero shift)
   */
  public static NdArray fakeConvert(NdArray data, NdArray scale, NdArray shift, Destination destination) {
    if (data.storage() != Storage.FLOAT) {
      throw new UnsupportedOpException(OP, "element type " + data.type() + " is not supported (f32, f16, bf16)");
    }
    ElementType t = data.type();
    long[] shape = data.shape();
    int[] scaleMap = operandMap(data, scale, 1);
    if (shift != null && !Arrays.equals(shift.shape(), scale.shape())) {
      throw new OpInputException(OP, 2, "shift shape " + Shapes.str(shift.shape()) + " must equal scale shape "
          + Shapes.str(scale.shape()));
    }
    int[] shiftMap = shift == null ? null : operandMap(data, shift, 2);
    float[] x = data.floats();
    float[] s = scale.floats();
    float[] o = shift == null ? null : shift.floats();
    float[] r = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      float sc = s[scaleMap[i]];
      float sh = o == null ? 0f : o[shiftMap[i]];
      float y = rnd(t, rnd(t, x[i] * sc) - sh);
      short half = destination.emulate(Float.floatToFloat16(y));
      float back = rnd(t, Float.float16ToFloat(half));
      r[i] = rnd(t, rnd(t, back + sh) / sc);
    }
    return NdArray.ofFloats(t, shape, r);
  }

  private static int[] operandMap(NdArray data, NdArray operand, int port) {
    if (operand.type() != data.type()) {
      throw new OpInputException(OP, port, "element type " + operand.type() + " differs from data type "
          + data.type());
    }
    long[] shape = data.shape();
    if (!Arrays.equals(Broadcasting.numpy(OP, shape, operand.shape()), shape)) {
      throw new OpInputException(OP, port, Shapes.str(operand.shape()) + " does not broadcast into data "
          + Shapes.str(shape));
    }
    return Broadcasting.indexMap(shape, operand.shape());
  }

  private static float rnd(ElementType t, float v) {
    return Values.roundFloat(t, v);
  }

  /**
   * Rounds an f16 bit pattern to E5M2 precision, keeping it an f16: the low eight mantissa bits of every
   * finite value are dropped with round to nearest even; a result that lands on infinity - and an
   * infinite input - is clamped to +/-57344, the largest E5M2 value (OpenVINO 2025's emulation with its
   * default clamping; the 2023 version instead left values from 57344 up unrounded and kept infinities).
   */
  public static short emulateE5m2(short f16Bits) {
    int h = f16Bits & 0xFFFF;
    if ((h & 0x7C00) != 0x7C00) {
      int dropped = h & 0xFF;
      boolean oddTie = (h & 0x180) == 0x180;
      if (dropped > 0x80 || oddTie) {
        h += 0x100;
      }
    }
    h &= 0xFF00;
    if ((h & 0x7F00) == 0x7C00) {
      h -= 0x100; // S.11111.00 (infinity) -> S.11110.11 (57344)
    }
    return (short) h;
  }

  /**
   * Rounds an f16 bit pattern to E4M3 precision, keeping it an f16, the way OpenVINO's emulation does:
   * magnitudes below 2^-9 flush to zero; exponents above 8 (including infinities and NaNs) clamp to 448;
   * values from 448 up clamp to 448; otherwise the mantissa is rounded to three bits (nearest even), and
   * for exponents below -6 (E4M3 subnormals) the rounded mantissa is then truncated to the bits the
   * subnormal keeps.
   */
  public static short emulateE4m3(short f16Bits) {
    int h = f16Bits & 0xFFFF;
    if (Math.abs(Float.float16ToFloat((short) h)) < 0x1p-9f) {
      h = 0;
    }
    int exp = ((h & 0x7C00) >>> 10) - 15;
    int sign = h & 0x8000;
    int mant = h & 0x03FF;
    boolean roundable = (h & 0x7FFF) < 0x5F80; // below 480
    boolean special = (h & 0x7C00) == 0x7C00;
    if (exp > 8) {
      special = true;
      exp = 8;
      mant = 0x300;
    } else if (exp < -9) {
      exp = -15;
      mant = 0;
    }
    if (exp == 8 && mant >= 0x300) {
      mant = 0x300;
    }
    if (!special && roundable) {
      int dropped = mant & 0x7F;
      boolean oddTie = (mant & 0xC0) == 0xC0;
      if (dropped > 0x40 || oddTie) {
        mant += 0x80;
      }
    }
    int shiftBits = exp < -6 ? -6 - exp : 0;
    mant = ((mant >> shiftBits) & 0xFF80) << shiftBits;
    mant += (exp + 15) << 10;
    return (short) ((mant | sign) & 0xFFFF);
  }
}
