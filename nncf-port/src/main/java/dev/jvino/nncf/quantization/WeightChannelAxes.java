package dev.jvino.nncf.quantization;

import dev.jvino.ir.Node;
import dev.jvino.nncf.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * The axes of a weight that per-channel quantization keeps (NNCF's {@code get_weight_channel_axes}),
 * from the weight layout of the consuming op:
 *
 * <ul>
 *   <li>Convolution {@code [C_OUT, C_IN, k...]}: 0; ConvolutionBackpropData {@code [C_IN, C_OUT, k...]}: 1;
 *       GroupConvolution {@code [G, C_OUT, C_IN, k...]}: 0 and 1; GroupConvolutionBackpropData
 *       {@code [G, C_IN, C_OUT, k...]}: 0 and 2;
 *   <li>MatMul: the leading (batch) axes and the output-channel axis, which is the last axis of a
 *       non-transposed second input (or transposed first input) and the one before it otherwise; a 1-D
 *       weight has none;
 *   <li>LSTMSequence / GRUSequence {@code [dirs, gates * hidden, input]}: 1; an embedding Gather: 0.
 * </ul>
 */
public final class WeightChannelAxes {
  private WeightChannelAxes() {}

  /**
   * @param node the op consuming the weight
   * @param port the weight's input port
   * @param rank the weight's rank
   * @throws ValidationException for an op NNCF does not quantize weights of per channel
   */
  public static List<Integer> of(Node node, int port, int rank) {
    return switch (node.type()) {
      case "Convolution" -> List.of(0);
      case "ConvolutionBackpropData" -> List.of(1);
      case "GroupConvolution" -> List.of(0, 1);
      case "GroupConvolutionBackpropData" -> List.of(0, 2);
      case "LSTMSequence", "GRUSequence" -> List.of(1);
      case "Gather" -> List.of(0);
      case "MatMul" -> matMul(node, port, rank);
      default -> throw new ValidationException("per-channel weight quantization of " + node.type() + " '" + node.name()
          + "' (input " + port + ") is not supported: it has no known weight channel axis");
    };
  }

  private static List<Integer> matMul(Node node, int port, int rank) {
    boolean transpose = node.attributes().bool(port == 0 ? "transpose_a" : "transpose_b", false);
    List<Integer> axes = new ArrayList<>();
    for (int d = 0; d < rank - 2; d++) {
      axes.add(d); // spatial (batch) axes
    }
    if (rank > 1) {
      boolean inOut = (transpose && port == 0) || (!transpose && port == 1); // [.., C_IN, C_OUT]
      axes.add(inOut ? rank - 1 : rank - 2);
    }
    return List.copyOf(axes);
  }
}
