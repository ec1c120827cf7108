package dev.jvino.nncf;

/**
 * NNCF's {@code RestoreMode}: what reverting a group of quantizers to floating point restores.
 */
public enum RestoreMode {
  /** Removes activation and weight quantizers, restoring the float weights and biases. */
  ACTIVATIONS_AND_WEIGHTS("activations_and_weights"),
  /** Removes activation quantizers only; weight quantizers stay (and the weights they quantize). */
  ONLY_ACTIVATIONS("only_activations");

  private final String value;

  RestoreMode(String value) {
    this.value = value;
  }

  /** NNCF's string value. */
  public String value() {
    return value;
  }

  /** Parses NNCF's value (case-insensitive; the Java name is accepted too). */
  public static RestoreMode fromValue(String value) {
    return NncfValues.parse(RestoreMode.class, RestoreMode::value, "restore_mode", value);
  }

  @Override
  public String toString() {
    return value;
  }
}
