package dev.jvino.nncf.compression;

import dev.jvino.nncf.NncfException;
import java.util.List;

/**
 * Group-wise compression cannot be applied because some weights' reduction channel is not divisible by
 * the group size (NNCF's {@code nncf.InvalidGroupSizeError}): raised with the default
 * {@code GroupSizeFallbackMode.ERROR} for the ratio-defining weights (the message lists every failing
 * node with its channel size), and before any weight is changed for any other weight whose config is
 * grouped (e.g. an FP8_E4M3 backup, which uses the primary group size).
 */
public final class InvalidGroupSizeConfigException extends NncfException {
  private static final long serialVersionUID = 1L;

  /** A node whose channel does not divide by the group size. */
  public record FailedNode(String nodeName, long channelSize) {}

  private final transient List<FailedNode> failed;

  public InvalidGroupSizeConfigException(int groupSize, List<FailedNode> failed) {
    super("Failed to apply group-wise quantization with group size value " + groupSize + ".\n"
        + "Ensure that the group size is divisible by the channel size, or consider setting"
        + " `group_size_fallback_mode` to IGNORE or ADJUST. Failed nodes:\n\t"
        + String.join("\n\t", failed.stream()
            .map(f -> "\"" + f.nodeName() + "\" (channel size: " + f.channelSize() + ")").toList()));
    this.failed = List.copyOf(failed);
  }

  /** One weight whose config's group size does not divide its channel (checked before compressing). */
  public InvalidGroupSizeConfigException(String weightName, String nodeName, long channelSize, int groupSize) {
    super("Channel size " + channelSize + " should be divisible by size of group " + groupSize + " (weight '"
        + weightName + "' of node '" + nodeName + "').");
    this.failed = List.of(new FailedNode(nodeName, channelSize));
  }

  /** The failing nodes, in graph order. */
  public List<FailedNode> failedNodes() {
    return failed;
  }
}
