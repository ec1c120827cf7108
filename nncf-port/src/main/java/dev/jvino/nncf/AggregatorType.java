package dev.jvino.nncf;

/** NNCF's {@code AggregatorType}: how a range estimator combines the per-sample statistics. */
public enum AggregatorType {
  MEAN("mean"),
  MAX("max"),
  MIN("min"),
  MEDIAN("median"),
  MEAN_NO_OUTLIERS("mean_no_outliers"),
  MEDIAN_NO_OUTLIERS("median_no_outliers"),
  HISTOGRAM("histogram");

  private final String value;

  AggregatorType(String value) {
    this.value = value;
  }

  /** NNCF's string value. */
  public String value() {
    return value;
  }

  /** Parses NNCF's value (case-insensitive; the Java name is accepted too). */
  public static AggregatorType fromValue(String value) {
    return NncfValues.parse(AggregatorType.class, AggregatorType::value, "aggregator type", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
