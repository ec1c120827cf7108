package dev.jvino.nncf;

import org.jspecify.annotations.Nullable;

/**
 * NNCF's {@code AdvancedBiasCorrectionParameters}.
 *
 * @param applyForAllNodes correct every node, or only those that have a bias (false)
 * @param threshold skip a correction whose magnitude is above this (null: the algorithm's own
 *     threshold, 2 for fast bias correction and 1000 for bias correction)
 */
public record AdvancedBiasCorrectionParameters(boolean applyForAllNodes, @Nullable Double threshold) {
  /** NNCF's defaults. */
  public static final AdvancedBiasCorrectionParameters DEFAULT = new AdvancedBiasCorrectionParameters(false, null);

  /**
   * @throws ValidationException if the threshold is NaN or negative
   */
  public AdvancedBiasCorrectionParameters {
    if (threshold != null && !(threshold >= 0)) {
      throw new ValidationException("bias_correction_params.threshold must be a non-negative number, got "
          + threshold);
    }
  }
}
