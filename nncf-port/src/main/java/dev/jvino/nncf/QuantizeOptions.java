package dev.jvino.nncf;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of {@code nncf.quantize} after the model and dataset, with NNCF's defaults: no FP8
 * {@code mode}, {@code preset} by model type, {@code targetDevice} ANY, {@code subsetSize} 300,
 * {@code fastBiasCorrection} true, no {@code modelType}, no ignored scope, default advanced parameters.
 * Null values mean "not given", as in Python; the model rt_info records them that way.
 */
public record QuantizeOptions(@Nullable QuantizationMode mode, @Nullable QuantizationPreset preset,
    TargetDevice targetDevice, int subsetSize, boolean fastBiasCorrection, @Nullable ModelType modelType,
    @Nullable IgnoredScope ignoredScope, @Nullable AdvancedQuantizationParameters advancedParameters) {

  /** {@code nncf.quantize}'s defaults. */
  public static final QuantizeOptions DEFAULT = builder().build();

  /**
   * @throws ValidationException if {@code subsetSize} is not positive
   */
  public QuantizeOptions {
    Objects.requireNonNull(targetDevice, "targetDevice");
    if (subsetSize < 1) {
      throw new ValidationException("Subset size must be positive.");
    }
  }

  /** The advanced parameters in force. */
  public AdvancedQuantizationParameters advanced() {
    return advancedParameters == null ? AdvancedQuantizationParameters.DEFAULT : advancedParameters;
  }

  /** The ignored scope in force. */
  public IgnoredScope ignored() {
    return ignoredScope == null ? IgnoredScope.EMPTY : ignoredScope;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with NNCF's defaults; {@link #build()} validates. */
  public static final class Builder {
    private @Nullable QuantizationMode mode;
    private @Nullable QuantizationPreset preset;
    private TargetDevice targetDevice = TargetDevice.ANY;
    private int subsetSize = 300;
    private boolean fastBiasCorrection = true;
    private @Nullable ModelType modelType;
    private @Nullable IgnoredScope ignoredScope;
    private @Nullable AdvancedQuantizationParameters advancedParameters;

    private Builder() {}

    /** An FP8 mode: FakeConvert instead of FakeQuantize. */
    public Builder mode(@Nullable QuantizationMode v) {
      mode = v;
      return this;
    }

    public Builder preset(@Nullable QuantizationPreset v) {
      preset = v;
      return this;
    }

    public Builder targetDevice(TargetDevice v) {
      targetDevice = v;
      return this;
    }

    public Builder subsetSize(int v) {
      subsetSize = v;
      return this;
    }

    public Builder fastBiasCorrection(boolean v) {
      fastBiasCorrection = v;
      return this;
    }

    public Builder modelType(@Nullable ModelType v) {
      modelType = v;
      return this;
    }

    public Builder ignoredScope(@Nullable IgnoredScope v) {
      ignoredScope = v;
      return this;
    }

    public Builder advancedParameters(@Nullable AdvancedQuantizationParameters v) {
      advancedParameters = v;
      return this;
    }

    public QuantizeOptions build() {
      return new QuantizeOptions(mode, preset, targetDevice, subsetSize, fastBiasCorrection, modelType, ignoredScope,
          advancedParameters);
    }
  }
}
