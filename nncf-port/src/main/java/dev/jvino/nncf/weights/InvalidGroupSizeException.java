package dev.jvino.nncf.weights;

/**
 * A weight's reduction channel is not divisible by the requested group size (NNCF's
 * {@code InvalidGroupSizeError}); the message is NNCF's, e.g. "Channel size 96 should be divisible by
 * size of group 64."
 */
public final class InvalidGroupSizeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final long channelSize;
  private final int groupSize;

  public InvalidGroupSizeException(long channelSize, int groupSize) {
    super("Channel size " + channelSize + " should be divisible by size of group " + groupSize + ".");
    this.channelSize = channelSize;
    this.groupSize = groupSize;
  }

  /** Size of the reduced axis. */
  public long channelSize() {
    return channelSize;
  }

  /** The group size that does not divide it. */
  public int groupSize() {
    return groupSize;
  }
}
