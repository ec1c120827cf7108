package dev.jvino.nncf;

import dev.jvino.ir.ElementType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * NNCF's {@code AdvancedCompressionParameters}, with the same defaults. Build with {@link #builder()};
 * {@link #DEFAULT} is NNCF's {@code AdvancedCompressionParameters()}.
 *
 * @param statisticsPath where collected statistics are cached ({@code statistics_path}), if anywhere
 * @param loraAdapterRank {@code lora_adapter_rank} (256), for the FQ_LORA formats
 * @param groupSizeFallbackMode {@code group_size_fallback_mode} (ERROR)
 * @param minAdjustedGroupSize {@code min_adjusted_group_size} (32)
 * @param awq {@code awq_params}
 * @param scaleEstimation {@code scale_estimation_params}
 * @param gptq {@code gptq_params}
 * @param loraCorrection {@code lora_correction_params}
 * @param codebook the user codebook for CODEBOOK mode, strictly increasing, at least 2 values
 * @param codebookType the element type the codebook is stored in (NNCF keeps the user array's dtype;
 *     f32 unless set)
 * @param adaptiveCodebook {@code adaptive_codebook_params}
 */
public record AdvancedCompressionParameters(
    Optional<Path> statisticsPath,
    int loraAdapterRank,
    GroupSizeFallbackMode groupSizeFallbackMode,
    int minAdjustedGroupSize,
    AwqParameters awq,
    ScaleEstimationParameters scaleEstimation,
    GptqParameters gptq,
    LoraCorrectionParameters loraCorrection,
    Optional<float[]> codebook,
    ElementType codebookType,
    AdaptiveCodebookParameters adaptiveCodebook) {

  /** {@code AdvancedAWQParameters}. */
  public record AwqParameters(
      int subsetSize, double percentToApply, double alphaMin, double alphaMax, int steps, boolean preferDataAwareScaling) {
    public static final AwqParameters DEFAULT = new AwqParameters(32, 0.002, 0.0, 1.0, 100, true);
  }

  /** {@code AdvancedScaleEstimationParameters}. */
  public record ScaleEstimationParameters(int subsetSize, int initialSteps, int scaleSteps, double weightPenalty) {
    public static final ScaleEstimationParameters DEFAULT = new ScaleEstimationParameters(64, 5, 5, -1.0);
  }

  /** {@code AdvancedGPTQParameters}. */
  public record GptqParameters(double dampPercent, int blockSize, int subsetSize) {
    public static final GptqParameters DEFAULT = new GptqParameters(0.1, 128, 128);
  }

  /** {@code AdvancedLoraCorrectionParameters} (the real default rank is 8). */
  public record LoraCorrectionParameters(
      int adapterRank, int numIterations, boolean applyRegularization, int subsetSize, boolean useInt8Adapters) {
    public static final LoraCorrectionParameters DEFAULT = new LoraCorrectionParameters(8, 3, true, 128, true);
  }

  /** {@code AdvancedAdaptiveCodebookParameters}. */
  public record AdaptiveCodebookParameters(ElementType valueType, boolean acrossBlocks, int numElements) {
    public static final AdaptiveCodebookParameters DEFAULT =
        new AdaptiveCodebookParameters(ElementType.F8E4M3, false, 16);

    public AdaptiveCodebookParameters {
      Objects.requireNonNull(valueType, "valueType");
    }
  }

  public static final AdvancedCompressionParameters DEFAULT = builder().build();

  public AdvancedCompressionParameters {
    Objects.requireNonNull(statisticsPath, "statisticsPath");
    Objects.requireNonNull(groupSizeFallbackMode, "groupSizeFallbackMode");
    Objects.requireNonNull(awq, "awq");
    Objects.requireNonNull(scaleEstimation, "scaleEstimation");
    Objects.requireNonNull(gptq, "gptq");
    Objects.requireNonNull(loraCorrection, "loraCorrection");
    codebook = codebook.map(float[]::clone);
    Objects.requireNonNull(codebookType, "codebookType");
    Objects.requireNonNull(adaptiveCodebook, "adaptiveCodebook");
  }

  /** A copy of the codebook, if one was given. */
  @Override
  public Optional<float[]> codebook() {
    return codebook.map(float[]::clone);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof AdvancedCompressionParameters p
        && statisticsPath.equals(p.statisticsPath) && loraAdapterRank == p.loraAdapterRank
        && groupSizeFallbackMode == p.groupSizeFallbackMode && minAdjustedGroupSize == p.minAdjustedGroupSize
        && awq.equals(p.awq) && scaleEstimation.equals(p.scaleEstimation) && gptq.equals(p.gptq)
        && loraCorrection.equals(p.loraCorrection) && adaptiveCodebook.equals(p.adaptiveCodebook)
        && Arrays.equals(codebook.orElse(null), p.codebook.orElse(null)) && codebookType == p.codebookType;
  }

  @Override
  public int hashCode() {
    return Objects.hash(statisticsPath, loraAdapterRank, groupSizeFallbackMode, minAdjustedGroupSize, awq,
        scaleEstimation, gptq, loraCorrection, adaptiveCodebook, codebookType, Arrays.hashCode(codebook.orElse(null)));
  }

  @Override
  public String toString() {
    return "AdvancedCompressionParameters[statisticsPath=" + statisticsPath + ", groupSizeFallbackMode="
        + groupSizeFallbackMode + ", minAdjustedGroupSize=" + minAdjustedGroupSize + ", codebook="
        + codebook.map(Arrays::toString).orElse("none") + ", codebookType=" + codebookType + ", awq=" + awq + ", scaleEstimation=" + scaleEstimation
        + ", gptq=" + gptq + ", loraCorrection=" + loraCorrection + ", adaptiveCodebook=" + adaptiveCodebook + "]";
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link AdvancedCompressionParameters}, starting from NNCF's defaults. */
  public static final class Builder {
    private @Nullable Path statisticsPath;
    private int loraAdapterRank = 256;
    private GroupSizeFallbackMode groupSizeFallbackMode = GroupSizeFallbackMode.ERROR;
    private int minAdjustedGroupSize = 32;
    private AwqParameters awq = AwqParameters.DEFAULT;
    private ScaleEstimationParameters scaleEstimation = ScaleEstimationParameters.DEFAULT;
    private GptqParameters gptq = GptqParameters.DEFAULT;
    private LoraCorrectionParameters loraCorrection = LoraCorrectionParameters.DEFAULT;
    private float @Nullable [] codebook;
    private ElementType codebookType = ElementType.F32;
    private AdaptiveCodebookParameters adaptiveCodebook = AdaptiveCodebookParameters.DEFAULT;

    public Builder statisticsPath(@Nullable Path value) {
      statisticsPath = value;
      return this;
    }

    public Builder loraAdapterRank(int value) {
      loraAdapterRank = value;
      return this;
    }

    public Builder groupSizeFallbackMode(GroupSizeFallbackMode value) {
      groupSizeFallbackMode = Objects.requireNonNull(value, "groupSizeFallbackMode");
      return this;
    }

    public Builder minAdjustedGroupSize(int value) {
      minAdjustedGroupSize = value;
      return this;
    }

    public Builder awq(AwqParameters value) {
      awq = Objects.requireNonNull(value, "awq");
      return this;
    }

    public Builder scaleEstimation(ScaleEstimationParameters value) {
      scaleEstimation = Objects.requireNonNull(value, "scaleEstimation");
      return this;
    }

    public Builder gptq(GptqParameters value) {
      gptq = Objects.requireNonNull(value, "gptq");
      return this;
    }

    public Builder loraCorrection(LoraCorrectionParameters value) {
      loraCorrection = Objects.requireNonNull(value, "loraCorrection");
      return this;
    }

    public Builder codebook(float @Nullable ... values) {
      codebook = values == null ? null : values.clone();
      return this;
    }

    /**
     * A codebook stored in {@code type}, as NNCF keeps a numpy codebook's dtype (e.g. f16, i8): the IR
     * holds it in that type and the decision midpoints are computed in it.
     */
    public Builder codebook(ElementType type, float... values) {
      codebookType = Objects.requireNonNull(type, "type");
      return codebook(values);
    }

    public Builder adaptiveCodebook(AdaptiveCodebookParameters value) {
      adaptiveCodebook = Objects.requireNonNull(value, "adaptiveCodebook");
      return this;
    }

    /**
     * Validates what can be checked without the mode: a codebook must have at least 2 values and be
     * strictly increasing; ranks and subset sizes must be positive.
     */
    public AdvancedCompressionParameters build() {
      if (codebook != null) {
        if (codebook.length < 2) {
          throw new ValidationException("advanced_parameters.codebook: a codebook needs at least 2 values, got "
              + codebook.length);
        }
        for (int i = 1; i < codebook.length; i++) {
          if (!(codebook[i] > codebook[i - 1])) {
            throw new ValidationException("advanced_parameters.codebook: values must be strictly increasing, but "
                + codebook[i - 1] + " is followed by " + codebook[i] + " at index " + i);
          }
        }
        try {
          dev.jvino.nncf.weights.WeightLowering.checkCodebookType(codebook, codebookType);
        } catch (IllegalArgumentException e) {
          throw new ValidationException("advanced_parameters.codebook: " + e.getMessage());
        }
      }
      positive("advanced_parameters.lora_adapter_rank", loraAdapterRank);
      positive("advanced_parameters.lora_correction_params.adapter_rank", loraCorrection.adapterRank());
      positive("advanced_parameters.awq_params.subset_size", awq.subsetSize());
      positive("advanced_parameters.scale_estimation_params.subset_size", scaleEstimation.subsetSize());
      positive("advanced_parameters.gptq_params.subset_size", gptq.subsetSize());
      positive("advanced_parameters.lora_correction_params.subset_size", loraCorrection.subsetSize());
      if (loraCorrection.numIterations() < 0) {
        throw new ValidationException("advanced_parameters.lora_correction_params.num_iterations must not be"
            + " negative, got " + loraCorrection.numIterations());
      }
      if (adaptiveCodebook.numElements() < 2 || adaptiveCodebook.numElements() > 256) {
        throw new ValidationException("advanced_parameters.adaptive_codebook_params.num_elements must be 2 to 256,"
            + " got " + adaptiveCodebook.numElements());
      }
      return new AdvancedCompressionParameters(Optional.ofNullable(statisticsPath), loraAdapterRank,
          groupSizeFallbackMode, minAdjustedGroupSize, awq, scaleEstimation, gptq, loraCorrection,
          Optional.ofNullable(codebook), codebookType, adaptiveCodebook);
    }

    private static void positive(String name, int value) {
      if (value <= 0) {
        throw new ValidationException(name + " must be positive, got " + value);
      }
    }
  }
}
