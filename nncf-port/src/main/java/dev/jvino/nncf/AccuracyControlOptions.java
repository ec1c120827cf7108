package dev.jvino.nncf;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The arguments of {@code nncf.quantize_with_accuracy_control} after the model, datasets and validation
 * function, with NNCF's defaults: {@code maxDrop} 0.01, {@link DropType#ABSOLUTE}, the quantize options of
 * {@link QuantizeOptions#DEFAULT} and {@link AdvancedAccuracyRestorerParameters#DEFAULT}. {@code reportPath}
 * (jvino's) names a JSON file the run's report is written to.
 */
public record AccuracyControlOptions(double maxDrop, DropType dropType, QuantizeOptions quantize,
    AdvancedAccuracyRestorerParameters restorer, @Nullable Path reportPath) {

  /** NNCF's defaults. */
  public static final AccuracyControlOptions DEFAULT = builder().build();

  /**
   * @throws ValidationException for a negative or non-finite {@code maxDrop}
   */
  public AccuracyControlOptions {
    Objects.requireNonNull(dropType, "dropType");
    Objects.requireNonNull(quantize, "quantize");
    Objects.requireNonNull(restorer, "restorer");
    if (!Double.isFinite(maxDrop) || maxDrop < 0) {
      throw new ValidationException("max_drop must be a finite non-negative number, got " + maxDrop);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder with NNCF's defaults; {@link #build()} validates. */
  public static final class Builder {
    private double maxDrop = 0.01;
    private DropType dropType = DropType.ABSOLUTE;
    private QuantizeOptions quantize = QuantizeOptions.DEFAULT;
    private AdvancedAccuracyRestorerParameters restorer = AdvancedAccuracyRestorerParameters.DEFAULT;
    private @Nullable Path reportPath;

    private Builder() {}

    public Builder maxDrop(double v) {
      maxDrop = v;
      return this;
    }

    public Builder dropType(DropType v) {
      dropType = v;
      return this;
    }

    /** Every {@code nncf.quantize} option (preset, target device, subset size, advanced parameters...). */
    public Builder quantize(QuantizeOptions v) {
      quantize = v;
      return this;
    }

    public Builder restorer(AdvancedAccuracyRestorerParameters v) {
      restorer = v;
      return this;
    }

    public Builder reportPath(@Nullable Path v) {
      reportPath = v;
      return this;
    }

    public AccuracyControlOptions build() {
      return new AccuracyControlOptions(maxDrop, dropType, quantize, restorer, reportPath);
    }
  }
}
