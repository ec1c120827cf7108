package dev.jvino.nncf;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * NNCF's {@code AdvancedAccuracyRestorerParameters} with its defaults: no iteration limit
 * ({@link Integer#MAX_VALUE}), no hyperparameter tuning, the ranking subset of {@code subset_size} items,
 * the worker count chosen automatically, no intermediate model, and
 * {@link RestoreMode#ACTIVATIONS_AND_WEIGHTS}.
 *
 * @param maxNumIterations the most groups reverted (NNCF's loop iterations)
 * @param tuneHyperparams NNCF's hyperparameter search before reverting
 *     ({@link dev.jvino.nncf.accuracy.AccuracyControl} runs it when the quantized model's drop is too large)
 * @param rankingSubsetSize items used to rank groups, null for the quantize subset size
 * @param numRankingWorkers parallel ranking workers; jvino ranks sequentially, so this only records the value
 * @param intermediateModelDir folder where {@code intermediate_model.xml} (the fully quantized model) is saved
 * @param restoreMode what reverting a group restores
 */
public record AdvancedAccuracyRestorerParameters(int maxNumIterations, boolean tuneHyperparams,
    @Nullable Integer rankingSubsetSize, @Nullable Integer numRankingWorkers, @Nullable Path intermediateModelDir,
    RestoreMode restoreMode) {

  /** NNCF's defaults. */
  public static final AdvancedAccuracyRestorerParameters DEFAULT = builder().build();

  /** @throws ValidationException for non-positive counts */
  public AdvancedAccuracyRestorerParameters {
    Objects.requireNonNull(restoreMode, "restoreMode");
    if (maxNumIterations < 1) {
      throw new ValidationException("max_num_iterations must be positive, got " + maxNumIterations);
    }
    if (rankingSubsetSize != null && rankingSubsetSize < 1) {
      throw new ValidationException("ranking_subset_size must be positive, got " + rankingSubsetSize);
    }
    if (numRankingWorkers != null && numRankingWorkers < 1) {
      throw new ValidationException("num_ranking_workers must be positive, got " + numRankingWorkers);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with NNCF's defaults; {@link #build()} validates. */
  public static final class Builder {
    private int maxNumIterations = Integer.MAX_VALUE;
    private boolean tuneHyperparams;
    private @Nullable Integer rankingSubsetSize;
    private @Nullable Integer numRankingWorkers;
    private @Nullable Path intermediateModelDir;
    private RestoreMode restoreMode = RestoreMode.ACTIVATIONS_AND_WEIGHTS;

    private Builder() {}

    public Builder maxNumIterations(int v) {
      maxNumIterations = v;
      return this;
    }

    public Builder tuneHyperparams(boolean v) {
      tuneHyperparams = v;
      return this;
    }

    public Builder rankingSubsetSize(@Nullable Integer v) {
      rankingSubsetSize = v;
      return this;
    }

    public Builder numRankingWorkers(@Nullable Integer v) {
      numRankingWorkers = v;
      return this;
    }

    public Builder intermediateModelDir(@Nullable Path v) {
      intermediateModelDir = v;
      return this;
    }

    public Builder restoreMode(RestoreMode v) {
      restoreMode = v;
      return this;
    }

    public AdvancedAccuracyRestorerParameters build() {
      return new AdvancedAccuracyRestorerParameters(maxNumIterations, tuneHyperparams, rankingSubsetSize,
          numRankingWorkers, intermediateModelDir, restoreMode);
    }
  }
}
