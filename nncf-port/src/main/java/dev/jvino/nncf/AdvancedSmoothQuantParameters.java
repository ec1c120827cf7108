package dev.jvino.nncf;

/**
 * NNCF's {@code AdvancedSmoothQuantParameters}: the SmoothQuant alpha per op type; a negative value
 * disables SmoothQuant for that type.
 *
 * @param convolution alpha for convolutions (-1: off)
 * @param matmul alpha for MatMuls (0.95)
 */
public record AdvancedSmoothQuantParameters(double convolution, double matmul) {
  /** NNCF's defaults (convolution -1, matmul 0.95). */
  public static final AdvancedSmoothQuantParameters DEFAULT = new AdvancedSmoothQuantParameters(-1, 0.95);

  /**
   * @throws ValidationException if an alpha is NaN or above 1
   */
  public AdvancedSmoothQuantParameters {
    check("convolution", convolution);
    check("matmul", matmul);
  }

  private static void check(String name, double alpha) {
    if (Double.isNaN(alpha) || alpha > 1) {
      throw new ValidationException("smooth_quant_alphas." + name + " must be at most 1 (negative disables it), got "
          + alpha);
    }
  }
}
