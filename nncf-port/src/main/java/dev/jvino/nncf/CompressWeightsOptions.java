package dev.jvino.nncf;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Every parameter of {@code nncf.compress_weights}, Java-cased, with NNCF's defaults and validation.
 * A parameter left unset behaves as Python's {@code None}: {@link #build()} resolves it as NNCF's
 * {@code get_weight_compression_configuration} does, after the checks of {@code compress_weights} (OpenVINO
 * backend) and {@code check_user_compression_configuration}.
 */
public final class CompressWeightsOptions {
  private static final Set<CompressWeightsMode> INT8 = EnumSet.of(CompressWeightsMode.INT8_SYM, CompressWeightsMode.INT8_ASYM);
  private static final Set<CompressWeightsMode> FLOAT_MODES = EnumSet.of(CompressWeightsMode.MXFP4,
      CompressWeightsMode.MXFP8_E4M3, CompressWeightsMode.FP8_E4M3, CompressWeightsMode.FP4, CompressWeightsMode.NVFP4);

  private final CompressWeightsMode mode;
  private final float ratio;
  private final boolean ratioGiven;
  private final int groupSize;
  private final IgnoredScope ignoredScope;
  private final boolean allLayers;
  private final @Nullable Dataset<?> dataset;
  private final SensitivityMetric sensitivityMetric;
  private final int subsetSize;
  private final boolean awq;
  private final boolean scaleEstimation;
  private final boolean gptq;
  private final boolean loraCorrection;
  private final BackupMode backupMode;
  private final CompressionFormat compressionFormat;
  private final AdvancedCompressionParameters advanced;

  private CompressWeightsOptions(Builder b) {
    mode = b.mode;
    ratio = b.ratio == null ? 1f : b.ratio;
    ratioGiven = b.ratio != null;
    groupSize = b.groupSize == null ? mode.defaultGroupSize() : b.groupSize;
    ignoredScope = b.ignoredScope == null ? IgnoredScope.EMPTY : b.ignoredScope;
    allLayers = Boolean.TRUE.equals(b.allLayers);
    dataset = b.dataset;
    sensitivityMetric = b.sensitivityMetric != null ? b.sensitivityMetric
        : b.dataset == null ? SensitivityMetric.WEIGHT_QUANTIZATION_ERROR : SensitivityMetric.MAX_ACTIVATION_VARIANCE;
    subsetSize = b.subsetSize;
    awq = Boolean.TRUE.equals(b.awq);
    scaleEstimation = Boolean.TRUE.equals(b.scaleEstimation);
    gptq = Boolean.TRUE.equals(b.gptq);
    loraCorrection = Boolean.TRUE.equals(b.loraCorrection);
    backupMode = b.backupMode == null ? BackupMode.defaultFor(mode) : b.backupMode;
    compressionFormat = b.compressionFormat;
    advanced = b.advanced == null ? AdvancedCompressionParameters.DEFAULT : b.advanced;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** NNCF's defaults: INT8_ASYM, per channel, everything else off. */
  public static CompressWeightsOptions defaults() {
    return builder().build();
  }

  public CompressWeightsMode mode() {
    return mode;
  }

  /** Share of the ratio-defining parameters in the primary precision (1 unless set). */
  public float ratio() {
    return ratio;
  }

  /** Whether {@code ratio} was set (NNCF's {@code ratio=None} otherwise). */
  public boolean ratioGiven() {
    return ratioGiven;
  }

  /** The group size after defaults (-1 = per channel). */
  public int groupSize() {
    return groupSize;
  }

  public IgnoredScope ignoredScope() {
    return ignoredScope;
  }

  public boolean allLayers() {
    return allLayers;
  }

  public Optional<Dataset<?>> dataset() {
    return Optional.ofNullable(dataset);
  }

  public SensitivityMetric sensitivityMetric() {
    return sensitivityMetric;
  }

  public int subsetSize() {
    return subsetSize;
  }

  public boolean awq() {
    return awq;
  }

  public boolean scaleEstimation() {
    return scaleEstimation;
  }

  public boolean gptq() {
    return gptq;
  }

  public boolean loraCorrection() {
    return loraCorrection;
  }

  public BackupMode backupMode() {
    return backupMode;
  }

  public CompressionFormat compressionFormat() {
    return compressionFormat;
  }

  public AdvancedCompressionParameters advancedParameters() {
    return advanced;
  }

  /** Builds {@link CompressWeightsOptions}; unset values resolve to NNCF's defaults in {@link #build()}. */
  public static final class Builder {
    private CompressWeightsMode mode = CompressWeightsMode.INT8_ASYM;
    private @Nullable Float ratio;
    private @Nullable Integer groupSize;
    private @Nullable IgnoredScope ignoredScope;
    private @Nullable Boolean allLayers;
    private @Nullable Dataset<?> dataset;
    private @Nullable SensitivityMetric sensitivityMetric;
    private int subsetSize = 128;
    private @Nullable Boolean awq;
    private @Nullable Boolean scaleEstimation;
    private @Nullable Boolean gptq;
    private @Nullable Boolean loraCorrection;
    private @Nullable BackupMode backupMode;
    private CompressionFormat compressionFormat = CompressionFormat.DQ;
    private @Nullable AdvancedCompressionParameters advanced;

    public Builder mode(CompressWeightsMode value) {
      mode = Objects.requireNonNull(value, "mode");
      return this;
    }

    public Builder ratio(@Nullable Float value) {
      ratio = value;
      return this;
    }

    public Builder groupSize(@Nullable Integer value) {
      groupSize = value;
      return this;
    }

    public Builder ignoredScope(@Nullable IgnoredScope value) {
      ignoredScope = value;
      return this;
    }

    public Builder allLayers(@Nullable Boolean value) {
      allLayers = value;
      return this;
    }

    public Builder dataset(@Nullable Dataset<?> value) {
      dataset = value;
      return this;
    }

    public Builder sensitivityMetric(@Nullable SensitivityMetric value) {
      sensitivityMetric = value;
      return this;
    }

    public Builder subsetSize(int value) {
      subsetSize = value;
      return this;
    }

    public Builder awq(@Nullable Boolean value) {
      awq = value;
      return this;
    }

    public Builder scaleEstimation(@Nullable Boolean value) {
      scaleEstimation = value;
      return this;
    }

    public Builder gptq(@Nullable Boolean value) {
      gptq = value;
      return this;
    }

    public Builder loraCorrection(@Nullable Boolean value) {
      loraCorrection = value;
      return this;
    }

    public Builder backupMode(@Nullable BackupMode value) {
      backupMode = value;
      return this;
    }

    public Builder compressionFormat(CompressionFormat value) {
      compressionFormat = Objects.requireNonNull(value, "compressionFormat");
      return this;
    }

    public Builder advancedParameters(@Nullable AdvancedCompressionParameters value) {
      advanced = value;
      return this;
    }

    /**
     * Validates as NNCF does and resolves the defaults.
     *
     * @throws ParameterNotSupportedException for combinations the OpenVINO backend rejects
     * @throws ValidationException for invalid values
     */
    public CompressWeightsOptions build() {
      checkBackendSupport();
      checkUserConfiguration();
      return new CompressWeightsOptions(this);
    }

    private boolean isTrue(@Nullable Boolean b) {
      return Boolean.TRUE.equals(b);
    }

    /** The OpenVINO branch of {@code compress_weights}. */
    private void checkBackendSupport() {
      if ((isTrue(scaleEstimation) || isTrue(gptq) || isTrue(loraCorrection)) && dataset == null) {
        throw new ParameterNotSupportedException(
            "Scale estimation, GPTQ or Lora Correction algorithm is defined, but dataset is None."
                + " Pass a dataset or turn these options off.");
      }
      if ((isTrue(awq) || isTrue(scaleEstimation) || isTrue(gptq) || isTrue(loraCorrection)) && FLOAT_MODES.contains(mode)) {
        throw new ParameterNotSupportedException("AWQ, Scale estimation, GPTQ or Lora Correction algorithm is defined,"
            + " but mode in ['mxfp4', 'mxfp8_e4m3', 'fp8_e4m3', 'fp4', 'nvfp4']. (mode=" + mode.value() + ")");
      }
      if (isTrue(gptq) && isTrue(loraCorrection)) {
        throw new ParameterNotSupportedException(
            "Simultaneous use of Lora correction and GPTQ algorithms is not supported. Select one of them.");
      }
      if (compressionFormat != CompressionFormat.DQ) {
        throw new ParameterNotSupportedException("OpenVINO backend does not support " + compressionFormat.name()
            + " compression format; use CompressionFormat.DQ.");
      }
    }

    /** NNCF's {@code check_user_compression_configuration}. */
    private void checkUserConfiguration() {
      AdvancedCompressionParameters adv = advanced == null ? AdvancedCompressionParameters.DEFAULT : advanced;
      if (INT8.contains(mode)) {
        if ((ratio != null && ratio != 1f) || (groupSize != null && groupSize != -1)) {
          throw new ValidationException("Default values of `ratio` (1) or `group_size` (-1) parameters cannot be"
              + " overridden for INT8 compression; got ratio=" + ratio + ", group_size=" + groupSize + ".");
        }
        if (adv.statisticsPath().isPresent()) {
          throw new ValidationException(
              "INT8 modes do not support the `statistics_path` option in `AdvancedCompressionParameters`.");
        }
        List<String> set = new ArrayList<>();
        if (allLayers != null) set.add("all_layers");
        if (sensitivityMetric != null) set.add("sensitivity_metric");
        if (dataset != null) set.add("dataset");
        if (awq != null) set.add("awq");
        if (scaleEstimation != null) set.add("scale_estimation");
        if (gptq != null) set.add("gptq");
        if (loraCorrection != null) set.add("lora_correction");
        if (backupMode != null) set.add("backup_mode");
        if (!set.isEmpty()) {
          throw new ValidationException("INT8 modes do not support " + String.join(", ", set)
              + " option(s). Set them to None (leave them unset).");
        }
      }
      if (ratio != null && !(ratio >= 0f && ratio <= 1f)) {
        throw new ValidationException("The ratio should be between 0 and 1, got " + ratio + ".");
      }
      if (subsetSize <= 0) {
        throw new ValidationException("The subset_size value should be positive, got " + subsetSize + ".");
      }
      if (ratio != null && dataset == null && sensitivityMetric != null && sensitivityMetric.isDataAware()) {
        throw new ValidationException("Mixed precision selection with sensitivity metric " + sensitivityMetric.name()
            + " requires a dataset, but it's not provided. Pass a dataset or use WEIGHT_QUANTIZATION_ERROR.");
      }
      if (groupSize != null && (groupSize == 0 || groupSize < -1)) {
        throw new ValidationException("Group size should be a positive number or -1 (per channel), got "
            + groupSize + ".");
      }
      if (mode == CompressWeightsMode.CODEBOOK && adv.codebook().isEmpty()) {
        throw new ValidationException(
            "CODEBOOK mode needs a codebook: set AdvancedCompressionParameters.codebook (strictly increasing values).");
      }
      if (mode == CompressWeightsMode.ADAPTIVE_CODEBOOK) {
        var acp = adv.adaptiveCodebook();
        adv.codebook().ifPresent(cb -> {
          if (cb.length != acp.numElements()) {
            throw new ValidationException("ADAPTIVE_CODEBOOK: adaptive_codebook_params.num_elements ("
                + acp.numElements() + ") must equal the codebook size (" + cb.length + ").");
          }
        });
        if (acp.acrossBlocks() && groupSize != null && groupSize != -1) {
          throw new ValidationException("ADAPTIVE_CODEBOOK: across_blocks requires group_size -1, got " + groupSize + ".");
        }
      }
      if (mode.isMx() || mode == CompressWeightsMode.NVFP4) {
        int required = mode == CompressWeightsMode.NVFP4 ? 16 : 32;
        if (groupSize != null && groupSize != required) {
          throw new ValidationException(mode.name() + " requires group_size " + required + ", got " + groupSize + ".");
        }
        if (adv.groupSizeFallbackMode() == GroupSizeFallbackMode.ADJUST) {
          throw new ValidationException(mode.name() + " does not support GroupSizeFallbackMode.ADJUST: its group size"
              + " is fixed at " + required + ".");
        }
      }
    }
  }
}
