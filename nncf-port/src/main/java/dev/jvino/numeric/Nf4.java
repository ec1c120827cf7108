package dev.jvino.numeric;

/**
 * NF4 ("normal float 4"): 16 fixed levels in [-1, 1]. A normalised value maps to the number of decision
 * centres strictly below it, using the 15 float32 centres that NNCF and OpenVINO's nf4 conversion
 * hard-code (a value exactly on a centre takes the lower level).
 */
public final class Nf4 {
  private static final float[] VALUES = {
    -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
    -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
    0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
    0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f
  };
  private static final float[] CENTERS = {
    -0.84809643f, -0.6106329f, -0.45999527f, -0.33967942f, -0.2346074f, -0.13791174f,
    -0.045525018f, 0.03979015f, 0.120255254f, 0.20352125f, 0.29201376f, 0.38931254f,
    0.5016634f, 0.6427869f, 0.8614784f
  };

  private Nf4() {}

  /** The level of a code (0..15). */
  public static float toFloat(int code) {
    return VALUES[code & 0xF];
  }

  /** A copy of the 16 levels. */
  public static float[] values() {
    return VALUES.clone();
  }

  /** A copy of the 15 decision centres. */
  public static float[] centers() {
    return CENTERS.clone();
  }

  /** The code (0..15) of a normalised value; NaN gives 15. */
  public static byte quantize(float x) {
    if (Float.isNaN(x)) {
      return 15;
    }
    int idx = 0;
    for (int i = 0; i < 15; i++) {
      idx += CENTERS[i] < x ? 1 : 0;
    }
    return (byte) idx;
  }
}
