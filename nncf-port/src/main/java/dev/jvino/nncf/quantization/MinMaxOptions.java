package dev.jvino.nncf.quantization;

import dev.jvino.engine.Engine;
import dev.jvino.engine.Engines;
import dev.jvino.nncf.AdvancedQuantizationParameters;
import dev.jvino.nncf.FP8QuantizationParameters;
import dev.jvino.nncf.FP8Type;
import dev.jvino.nncf.ParameterNotSupportedException;
import dev.jvino.nncf.QuantizationMode;
import dev.jvino.nncf.QuantizerParameters;
import dev.jvino.nncf.RangeEstimatorParameters;
import dev.jvino.nncf.ValidationException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The options of {@link MinMaxQuantization} beyond the quantizer setup.
 *
 * @param subsetSize the number of calibration items for activation statistics (300)
 * @param mode an FP8 mode (FakeConvert instead of FakeQuantize), or null for integer quantization
 * @param activationsFp8Type the FakeConvert type of activations in FP8 mode (null: the mode's type)
 * @param weightsFp8Type the FakeConvert type of weights in FP8 mode (null: the mode's type)
 * @param inplaceStatistics reduce statistics inside the model (true)
 * @param batchwiseStatistics per batch item statistics for activations (false)
 * @param activationsRangeEstimator user overrides of the activation range estimators (UNSET)
 * @param weightsRangeEstimator user overrides of the weight range estimators (UNSET)
 * @param compressWeights fold weight FakeQuantize/FakeConvert into low-precision constants (true,
 *     NNCF's {@code backend_params["compress_weights"]})
 * @param engine the engine that runs the calibration pass (null: {@link Engines#auto()})
 */
public record MinMaxOptions(int subsetSize, @Nullable QuantizationMode mode, @Nullable FP8Type activationsFp8Type,
    @Nullable FP8Type weightsFp8Type, boolean inplaceStatistics, boolean batchwiseStatistics,
    RangeEstimatorParameters activationsRangeEstimator, RangeEstimatorParameters weightsRangeEstimator,
    boolean compressWeights, @Nullable Engine engine) {

  /** The defaults: 300 samples, integer quantization, inplace statistics, weights compressed. */
  public static final MinMaxOptions DEFAULT = builder().build();

  public MinMaxOptions {
    Objects.requireNonNull(activationsRangeEstimator, "activationsRangeEstimator");
    Objects.requireNonNull(weightsRangeEstimator, "weightsRangeEstimator");
    if (subsetSize < 1) {
      throw new ValidationException("Subset size must be positive.");
    }
    if (mode == null && (activationsFp8Type != null || weightsFp8Type != null)) {
      throw new ValidationException("FP8 destination types need an FP8 quantization mode");
    }
  }

  /** The FakeConvert type of {@code group} in FP8 mode. */
  public FP8Type fp8Type(QuantizerGroup group) {
    FP8Type t = group == QuantizerGroup.WEIGHTS ? weightsFp8Type : activationsFp8Type;
    return new FP8QuantizationParameters(t).destinationTypeOr(Objects.requireNonNull(mode, "mode"));
  }

  /** The user range estimator overrides of {@code group}. */
  public RangeEstimatorParameters rangeEstimator(QuantizerGroup group) {
    return group == QuantizerGroup.WEIGHTS ? weightsRangeEstimator : activationsRangeEstimator;
  }

  /**
   * The options {@code nncf.quantize} passes to MinMax: subset size, FP8 mode and the relevant fields of
   * the advanced parameters (batchwise statistics null counts as false).
   *
   * @throws ParameterNotSupportedException if quantization parameters do not match the mode (FP8
   *     parameters without an FP8 mode or integer ones with it), as NNCF's {@code _validate_param_types}
   */
  public static MinMaxOptions from(int subsetSize, @Nullable QuantizationMode mode,
      AdvancedQuantizationParameters advanced) {
    return builder().subsetSize(subsetSize).mode(mode)
        .activationsFp8Type(fp8(mode, advanced.activationsQuantizationParams(), "activations"))
        .weightsFp8Type(fp8(mode, advanced.weightsQuantizationParams(), "weights"))
        .inplaceStatistics(advanced.inplaceStatistics())
        .batchwiseStatistics(Boolean.TRUE.equals(advanced.batchwiseStatistics()))
        .activationsRangeEstimator(advanced.activationsRangeEstimatorParams())
        .weightsRangeEstimator(advanced.weightsRangeEstimatorParams())
        .compressWeights(advanced.compressWeights()).build();
  }

  private static @Nullable FP8Type fp8(@Nullable QuantizationMode mode, @Nullable QuantizerParameters p, String name) {
    if (p == null) {
      return null;
    }
    boolean fp8 = p instanceof FP8QuantizationParameters;
    if (fp8 != (mode != null)) {
      throw new ParameterNotSupportedException("Quantization parameters for " + name + " (" + p
          + ") are not supported with the selected mode!");
    }
    return p instanceof FP8QuantizationParameters f ? f.destinationType() : null;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link MinMaxOptions}. */
  public static final class Builder {
    private int subsetSize = 300;
    private @Nullable QuantizationMode mode;
    private @Nullable FP8Type activationsFp8Type;
    private @Nullable FP8Type weightsFp8Type;
    private boolean inplaceStatistics = true;
    private boolean batchwiseStatistics;
    private RangeEstimatorParameters activationsRangeEstimator = RangeEstimatorParameters.UNSET;
    private RangeEstimatorParameters weightsRangeEstimator = RangeEstimatorParameters.UNSET;
    private boolean compressWeights = true;
    private @Nullable Engine engine;

    private Builder() {}

    public Builder subsetSize(int v) {
      subsetSize = v;
      return this;
    }

    public Builder mode(@Nullable QuantizationMode v) {
      mode = v;
      return this;
    }

    public Builder activationsFp8Type(@Nullable FP8Type v) {
      activationsFp8Type = v;
      return this;
    }

    public Builder weightsFp8Type(@Nullable FP8Type v) {
      weightsFp8Type = v;
      return this;
    }

    public Builder inplaceStatistics(boolean v) {
      inplaceStatistics = v;
      return this;
    }

    public Builder batchwiseStatistics(boolean v) {
      batchwiseStatistics = v;
      return this;
    }

    public Builder activationsRangeEstimator(RangeEstimatorParameters v) {
      activationsRangeEstimator = v;
      return this;
    }

    public Builder weightsRangeEstimator(RangeEstimatorParameters v) {
      weightsRangeEstimator = v;
      return this;
    }

    public Builder compressWeights(boolean v) {
      compressWeights = v;
      return this;
    }

    public Builder engine(@Nullable Engine v) {
      engine = v;
      return this;
    }

    /**
     * @throws ValidationException if the subset size is not positive or FP8 types are set without an
     *     FP8 mode
     */
    public MinMaxOptions build() {
      return new MinMaxOptions(subsetSize, mode, activationsFp8Type, weightsFp8Type, inplaceStatistics,
          batchwiseStatistics, activationsRangeEstimator, weightsRangeEstimator, compressWeights, engine);
    }
  }
}
