package dev.jvino.nncf.quantization.placement;

import dev.jvino.nncf.QuantizationParameters;
import dev.jvino.nncf.IgnoredScope;
import dev.jvino.nncf.ModelType;
import dev.jvino.nncf.OverflowFix;
import dev.jvino.nncf.ParameterNotSupportedException;
import dev.jvino.nncf.QuantizationMode;
import dev.jvino.nncf.QuantizationPreset;
import dev.jvino.nncf.QuantizerPropagationRule;
import dev.jvino.nncf.TargetDevice;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The {@code nncf.quantize} settings that decide where quantizers go. Null {@code preset} and
 * {@code overflowFix} take NNCF's defaults (MIXED for transformers else PERFORMANCE; FIRST_LAYER, or DISABLE in
 * FP8 mode); see {@link #resolvedPreset()} and {@link #resolvedOverflowFix()}. Build with {@link #builder()}.
 */
public record PlacementOptions(@Nullable QuantizationPreset preset, TargetDevice targetDevice,
    @Nullable ModelType modelType, IgnoredScope ignoredScope, @Nullable OverflowFix overflowFix,
    boolean quantizeOutputs, QuantizerPropagationRule propagationRule,
    @Nullable QuantizationParameters activations, @Nullable QuantizationParameters weights,
    @Nullable QuantizationMode mode) {
  public PlacementOptions {
    Objects.requireNonNull(targetDevice, "targetDevice");
    Objects.requireNonNull(ignoredScope, "ignoredScope");
    Objects.requireNonNull(propagationRule, "propagationRule");
    for (QuantizationParameters p : java.util.Arrays.asList(activations, weights)) {
      if (p != null && p.mode() != null && p.mode() != dev.jvino.nncf.QuantizationScheme.SYMMETRIC
          && p.mode() != dev.jvino.nncf.QuantizationScheme.ASYMMETRIC) {
        throw new dev.jvino.nncf.ValidationException("QuantizationParameters.mode must be symmetric or asymmetric"
            + " for nncf.quantize, got " + p.mode());
      }
    }
    if (mode != null) {
      if (preset != null && preset != QuantizationPreset.PERFORMANCE) {
        throw new ParameterNotSupportedException(
            "preset option with " + preset + " value is not supported with the mode option!");
      }
      if (targetDevice != TargetDevice.CPU && targetDevice != TargetDevice.ANY) {
        throw new ParameterNotSupportedException(
            "target_device option with " + targetDevice + " value is not supported with the mode option!");
      }
      if (overflowFix != null && overflowFix != OverflowFix.DISABLE) {
        throw new ParameterNotSupportedException(
            "overflow_fix option with " + overflowFix + " value is not supported with the mode option!");
      }
      if (quantizeOutputs) {
        throw new ParameterNotSupportedException("quantize_outputs option is not supported with the mode option!");
      }
      if (activations != null || weights != null) {
        throw new ParameterNotSupportedException("in FP8 mode, activation and weight parameters must be "
            + "FP8QuantizationParameters, which are not ported; leave activations/weights unset");
      }
    }
  }

  /** The defaults of {@code nncf.quantize}. */
  public static PlacementOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The preset in force: the given one, else MIXED for transformers and PERFORMANCE otherwise. */
  public QuantizationPreset resolvedPreset() {
    if (preset != null) {
      return preset;
    }
    if (mode != null) {
      return QuantizationPreset.PERFORMANCE;
    }
    return modelType == ModelType.TRANSFORMER ? QuantizationPreset.MIXED : QuantizationPreset.PERFORMANCE;
  }

  /** The overflow fix in force: the given one, else DISABLE in FP8 mode and FIRST_LAYER otherwise. */
  public OverflowFix resolvedOverflowFix() {
    if (overflowFix != null) {
      return overflowFix;
    }
    return mode != null ? OverflowFix.DISABLE : OverflowFix.FIRST_LAYER;
  }

  /** Builder; every setter is optional. */
  public static final class Builder {
    private @Nullable QuantizationPreset preset;
    private TargetDevice targetDevice = TargetDevice.ANY;
    private @Nullable ModelType modelType;
    private IgnoredScope ignoredScope = IgnoredScope.EMPTY;
    private @Nullable OverflowFix overflowFix;
    private boolean quantizeOutputs;
    private QuantizerPropagationRule rule = QuantizerPropagationRule.MERGE_ALL_IN_ONE;
    private @Nullable QuantizationParameters activations;
    private @Nullable QuantizationParameters weights;
    private @Nullable QuantizationMode mode;

    public Builder preset(@Nullable QuantizationPreset v) {
      preset = v;
      return this;
    }

    public Builder targetDevice(TargetDevice v) {
      targetDevice = v;
      return this;
    }

    public Builder modelType(@Nullable ModelType v) {
      modelType = v;
      return this;
    }

    public Builder ignoredScope(IgnoredScope v) {
      ignoredScope = v;
      return this;
    }

    public Builder overflowFix(@Nullable OverflowFix v) {
      overflowFix = v;
      return this;
    }

    public Builder quantizeOutputs(boolean v) {
      quantizeOutputs = v;
      return this;
    }

    public Builder propagationRule(QuantizerPropagationRule v) {
      rule = v;
      return this;
    }

    public Builder activations(@Nullable QuantizationParameters v) {
      activations = v;
      return this;
    }

    public Builder weights(@Nullable QuantizationParameters v) {
      weights = v;
      return this;
    }

    /** FP8 mode (FP8_E4M3 / FP8_E5M2); null for integer quantization. */
    public Builder mode(@Nullable QuantizationMode v) {
      mode = v;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws ParameterNotSupportedException for FP8 mode with a non-PERFORMANCE preset, a device other than
     *     CPU/ANY, an overflow fix other than DISABLE, or quantized outputs (NNCF's checks)
     */
    public PlacementOptions build() {
      return new PlacementOptions(preset, targetDevice, modelType, ignoredScope, overflowFix, quantizeOutputs, rule,
          activations, weights, mode);
    }
  }
}
