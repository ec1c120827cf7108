package dev.jvino.nncf;

import java.util.Locale;

/** What {@code compress_weights} does when a weight's channel is not divisible by the group size. */
public enum GroupSizeFallbackMode {
  /** Fail with an invalid-group-size error (NNCF's default). */
  ERROR("error"),
  /** Leave such weights uncompressed. */
  IGNORE("ignore"),
  /**
   * Use the largest power of two dividing the channel if it is at least the minimum adjusted group size
   * (32 by default); otherwise compress the weight with the backup mode.
   */
  ADJUST("adjust");

  private final String value;

  GroupSizeFallbackMode(String value) {
    this.value = value;
  }

  /** NNCF's string value. */
  public String value() {
    return value;
  }

  /** The mode with the given value (case-insensitive). */
  public static GroupSizeFallbackMode fromValue(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    for (GroupSizeFallbackMode m : values()) {
      if (m.value.equals(v)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown group size fallback mode '" + value + "'");
  }

  @Override
  public String toString() {
    return value;
  }
}
