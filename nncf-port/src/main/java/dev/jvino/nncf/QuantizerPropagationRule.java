package dev.jvino.nncf;

/** NNCF's {@code QuantizerPropagationRule}: how quantizers merge where branches meet. */
public enum QuantizerPropagationRule {
  DO_NOT_MERGE_BRANCHES("do_not_merge_branches"),
  MERGE_IF_ALL_BRANCHES_SAME("merge_if_all_branches_same"),
  MERGE_WITH_POTENTIAL_REQUANTIZATION("merge_with_potential_requantization"),
  /** The default. */
  MERGE_ALL_IN_ONE("merge_all_in_one");

  private final String value;

  QuantizerPropagationRule(String value) {
    this.value = value;
  }

  /** NNCF's string value. */
  public String value() {
    return value;
  }

  /** Parses NNCF's value (case-insensitive; the Java name is accepted too). */
  public static QuantizerPropagationRule fromValue(String value) {
    return NncfValues.parse(QuantizerPropagationRule.class, QuantizerPropagationRule::value, "quantizer propagation rule", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
