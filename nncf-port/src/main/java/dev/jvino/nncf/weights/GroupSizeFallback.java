package dev.jvino.nncf.weights;

import dev.jvino.nncf.GroupSizeFallbackMode;

/**
 * NNCF's handling of a weight whose reduction channel is not divisible by the group size
 * ({@link GroupSizeFallbackMode}).
 */
public final class GroupSizeFallback {
  /** NNCF's default {@code min_adjusted_group_size}. */
  public static final int DEFAULT_MIN_ADJUSTED_GROUP_SIZE = 32;

  /** What to do with one weight. */
  public sealed interface Decision {}

  /** Compress with this group size (-1 = per channel); {@code adjusted} when it differs from the request. */
  public record Use(int groupSize, boolean adjusted) implements Decision {}

  /** Compress with the backup mode instead (ADJUST found no power of two large enough). */
  public record Backup() implements Decision {}

  /** Leave the weight uncompressed (IGNORE). */
  public record Skip() implements Decision {}

  private GroupSizeFallback() {}

  /**
   * Decides the group size for a weight. A divisible channel (or group size -1) always keeps the
   * request. Otherwise: ERROR throws, IGNORE skips the weight, ADJUST uses the largest power of two
   * dividing the channel ({@code c & -c}) if it is at least {@code minAdjustedGroupSize}, else the backup.
   *
   * @throws InvalidGroupSizeException in ERROR mode for a non-divisible channel
   * @throws IllegalArgumentException for a bad shape, axis or group size
   */
  public static Decision resolve(
      long[] shape, int axis, int requestedGroupSize, GroupSizeFallbackMode mode, int minAdjustedGroupSize) {
    if (requestedGroupSize == -1) {
      WeightGrouping.of(shape, axis, -1);
      return new Use(-1, false);
    }
    long channel = WeightGrouping.of(shape, axis, -1).channel();
    if (requestedGroupSize <= 0) {
      throw new IllegalArgumentException("group_size must be -1 (per channel) or positive, got " + requestedGroupSize);
    }
    if (channel % requestedGroupSize == 0) {
      return new Use(requestedGroupSize, false);
    }
    return switch (mode) {
      case ERROR -> throw new InvalidGroupSizeException(channel, requestedGroupSize);
      case IGNORE -> new Skip();
      case ADJUST -> {
        long pow2 = channel & -channel;
        yield pow2 >= minAdjustedGroupSize ? new Use((int) pow2, true) : new Backup();
      }
    };
  }
}
