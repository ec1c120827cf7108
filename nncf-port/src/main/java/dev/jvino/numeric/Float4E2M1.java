package dev.jvino.numeric;

/**
 * FP4 E2M1 (OCP MX): one sign bit (bit 3) and a magnitude index (bits 0-2) into
 * {@code [0, 0.5, 1, 1.5, 2, 3, 4, 6]}.
 *
 * <p>{@link #quantize(float)} rounds like NNCF's FP4 quantizer: to the nearest grid value, saturating at
 * +/-6; a value exactly between two grid values goes to the one with an even code; every zero result is
 * {@code -0.0} (code {@code 0x8}), whatever the input's sign.
 */
public final class Float4E2M1 {
  /** Largest magnitude, 6. */
  public static final float MAX_VALUE = 6f;

  private static final float[] BY_CODE = {
    0f, 0.5f, 1f, 1.5f, 2f, 3f, 4f, 6f, -0f, -0.5f, -1f, -1.5f, -2f, -3f, -4f, -6f
  };
  /** The 15 ordered grid values (one zero, {@code -0.0}) and their codes. */
  private static final float[] GRID = {
    -6f, -4f, -3f, -2f, -1.5f, -1f, -0.5f, -0f, 0.5f, 1f, 1.5f, 2f, 3f, 4f, 6f
  };
  private static final byte[] GRID_CODE = {15, 14, 13, 12, 11, 10, 9, 8, 1, 2, 3, 4, 5, 6, 7};
  private static final float[] MIDPOINTS = new float[14];

  static {
    for (int i = 0; i < 14; i++) {
      MIDPOINTS[i] = (GRID[i] + GRID[i + 1]) / 2f;
    }
  }

  private Float4E2M1() {}

  /** The value of a 4-bit code (only the low nibble is read). */
  public static float toFloat(int code) {
    return BY_CODE[code & 0xF];
  }

  /** A copy of the 16 values indexed by code. */
  public static float[] valuesByCode() {
    return BY_CODE.clone();
  }

  /** The code of the grid value nearest to {@code x} (see the class comment for ties and zeros). */
  public static byte quantize(float x) {
    return GRID_CODE[gridIndex(x)];
  }

  /** Index (0..14) into the ordered grid {@code [-6 .. -0.0 .. 6]}. */
  static int gridIndex(float x) {
    int idx = 0;
    // number of midpoints strictly below x (searchsorted, side left); NaN sorts last
    if (Float.isNaN(x)) {
      idx = 14;
    } else {
      for (int i = 0; i < 14; i++) {
        idx += MIDPOINTS[i] < x ? 1 : 0;
      }
    }
    int right = Math.min(idx + 1, 14);
    float dLeft = Math.abs(x - GRID[idx]);
    float dRight = Math.abs(x - GRID[right]);
    if (dRight < dLeft || (dLeft == dRight && ((right + 1) & 1) == 0)) {
      return right;
    }
    return idx;
  }
}
