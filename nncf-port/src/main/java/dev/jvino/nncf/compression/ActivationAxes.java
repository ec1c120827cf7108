package dev.jvino.nncf.compression;

import dev.jvino.ir.Node;

/**
 * The hidden (channel) axis of a MatMul's activation input, as NNCF's {@code get_activation_channel_axis}: the
 * contracted axis, i.e. the last one for a non-transposed input on port 0 ({@code rank - 2} with
 * {@code transpose_a}), and {@code rank - 2} for an input on port 1 ({@code rank - 1} with {@code transpose_b}).
 */
final class ActivationAxes {
  private ActivationAxes() {}

  /** The channel axis (non-negative) of input {@code actPort} of {@code matmul}, whose rank is {@code rank}. */
  static int channelAxis(Node matmul, int actPort, int rank) {
    if (rank <= 1) {
      return 0;
    }
    boolean transposed = matmul.attributes().bool(actPort == 0 ? "transpose_a" : "transpose_b", false);
    return actPort == 0 ? (transposed ? rank - 2 : rank - 1) : (transposed ? rank - 1 : rank - 2);
  }
}
