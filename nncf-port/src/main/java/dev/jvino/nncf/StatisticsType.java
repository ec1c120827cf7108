package dev.jvino.nncf;

/** NNCF's {@code StatisticsType}: the per-sample statistic a range estimator reduces each tensor to. */
public enum StatisticsType {
  MAX("max"),
  MIN("min"),
  ABS_MAX("abs_max"),
  QUANTILE("quantile"),
  ABS_QUANTILE("abs_quantile"),
  MEAN("mean"),
  RAW("raw");

  private final String value;

  StatisticsType(String value) {
    this.value = value;
  }

  /** NNCF's string value. */
  public String value() {
    return value;
  }

  /** Parses NNCF's value (case-insensitive; the Java name is accepted too). */
  public static StatisticsType fromValue(String value) {
    return NncfValues.parse(StatisticsType.class, StatisticsType::value, "statistics type", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
