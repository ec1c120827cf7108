package dev.jvino.nncf.quantization;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import dev.jvino.nncf.FP8Type;
import java.util.Objects;

/**
 * The attributes of one FakeConvert (FP8 quantization), and NNCF's {@code calculate_convert_parameters}:
 * {@code scale = maxFP8 / max(max, |min| + eps)} with maxFP8 = 448 (E4M3) or 57344 (E5M2) and eps the
 * machine epsilon of the statistic's type, halved and squeezed to a scalar for per-tensor quantizers;
 * {@code shift = 0}. Computed in the statistic's precision (f64 statistics in double), stored as f32.
 *
 * @param scale f32
 * @param shift f32 zeros of the scale's shape
 * @param destinationType the FP8 type
 */
public record FakeConvertParameters(NdArray scale, NdArray shift, FP8Type destinationType) {
  /** NNCF's {@code activation_scale}: per-tensor scales are halved. */
  private static final float ACTIVATION_SCALE = 0.5f;

  public FakeConvertParameters {
    Objects.requireNonNull(scale, "scale");
    Objects.requireNonNull(shift, "shift");
    Objects.requireNonNull(destinationType, "destinationType");
  }

  /** NNCF's {@code calculate_convert_parameters}. */
  public static FakeConvertParameters calculate(MinMaxStatistic statistic, boolean perChannel, FP8Type type) {
    NdArray max = statistic.max();
    NdArray min = statistic.min();
    int n = max.size();
    float[] scale = new float[n];
    if (max.type() == ElementType.F64) {
      double eps = Math.ulp(1.0);
      for (int i = 0; i < n; i++) {
        double s = type.maxValue() / Math.max(max.getDouble(i), Math.abs(min.getDouble(i)) + eps);
        scale[i] = perChannel ? (float) s : (float) (0.5 * s);
      }
    } else {
      float eps = Math.ulp(1.0f);
      float[] mx = max.toFloatArray();
      float[] mn = min.toFloatArray();
      for (int i = 0; i < n; i++) {
        float s = type.maxValue() / Math.max(mx[i], Math.abs(mn[i]) + eps);
        scale[i] = perChannel ? s : ACTIVATION_SCALE * s;
      }
    }
    long[] shape = perChannel ? max.shape() : FakeQuantizeParameters.squeezed(max.shape());
    return new FakeConvertParameters(NdArray.f32(shape, scale), NdArray.f32(shape, new float[n]), type);
  }
}
