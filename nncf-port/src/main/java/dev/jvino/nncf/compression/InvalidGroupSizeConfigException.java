package dev.jvino.nncf.compression;

import dev.jvino.nncf.NncfException;
import java.util.List;

/**
 * Group-wise compression cannot be applied because some weights' reduction channel is not divisible by
 * the group size (NNCF's {@code nncf.InvalidGroupSizeError}, raised with the default
 * {@code GroupSizeFallbackMode.ERROR}). The message lists every failing node with its channel size.
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

  /** The failing nodes, in graph order. */
  public List<FailedNode> failedNodes() {
    return failed;
  }
}
