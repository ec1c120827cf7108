package dev.jvino.nncf.compression;

import org.jspecify.annotations.Nullable;

/**
 * The precision chosen for one weight: its site and the config, or null when the weight stays in its
 * original floating-point precision.
 *
 * @param site the weight
 * @param config how it is compressed, or null
 * @param ratioDefining whether the weight counts for the primary/backup ratio
 */
public record WeightAssignment(WeightSite site, @Nullable WeightCompressionConfig config, boolean ratioDefining) {

  /** Whether the weight is compressed. */
  public boolean isCompressed() {
    return config != null;
  }
}
