package dev.jvino.nncf.quantization.bias;

import dev.jvino.ir.Input;
import dev.jvino.ir.Node;
import dev.jvino.ir.Output;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A Convolution or MatMul with a constant weight whose output feeds an {@code Add} of a constant bias
 * (NNCF's {@code is_node_with_bias} with {@code OPERATIONS_WITH_BIAS_REDUCED}): the layers bias
 * correction works on.
 *
 * @param node the Convolution or MatMul
 * @param activationPort its activation input port
 * @param weightPort its constant weight port
 * @param add the bias Add
 * @param biasConstant the Constant holding the bias (possibly behind a Convert)
 */
public record BiasLayer(Node node, int activationPort, int weightPort, Node add, Node biasConstant) {
  /** Ops a weight may pass through and still be a constant weight (decompression and quantizers). */
  private static final Set<String> WEIGHT_PATH = Set.of("Convert", "FakeQuantize", "FakeConvert", "Reshape",
      "Transpose", "Multiply", "Subtract");

  /** The bias layer rooted at {@code node}, if it is one (Convolution or MatMul: NNCF's reduced set). */
  public static Optional<BiasLayer> of(Node node) {
    return of(node, false);
  }

  /**
   * NNCF's full {@code OPERATIONS_WITH_BIAS} (used by BiasCorrection): also depthwise GroupConvolution and
   * ConvolutionBackpropData.
   */
  public static Optional<BiasLayer> ofAny(Node node) {
    return of(node, true);
  }

  private static Optional<BiasLayer> of(Node node, boolean all) {
    int weightPort;
    int activationPort;
    boolean convLike = node.is("Convolution")
        || all && (node.is("ConvolutionBackpropData") || node.is("GroupConvolution") && isDepthwise(node));
    if (convLike) {
      if (!isConstant(node.input(1).source())) {
        return Optional.empty();
      }
      weightPort = 1;
      activationPort = 0;
    } else if (node.is("MatMul")) {
      boolean c0 = isConstant(node.input(0).source());
      boolean c1 = isConstant(node.input(1).source());
      if (c0 == c1) {
        return Optional.empty(); // no constant weight, or no activation
      }
      weightPort = c1 ? 1 : 0;
      activationPort = 1 - weightPort;
    } else {
      return Optional.empty();
    }
    for (Input consumer : node.output(0).consumers()) {
      Node add = consumer.node();
      if (!add.is("Add")) {
        continue;
      }
      Node other = add.inputNode(1 - consumer.index());
      Node constant = other.is("Convert") ? other.inputNode(0) : other;
      if (constant.is("Constant")) {
        return Optional.of(new BiasLayer(node, activationPort, weightPort, add, constant));
      }
    }
    return Optional.empty();
  }

  /** Whether the weight reaches the layer through a quantizer (FakeQuantize or FakeConvert) directly. */
  public boolean hasQuantizedWeights() {
    Node w = node.inputNode(weightPort);
    return w.is("FakeQuantize") || w.is("FakeConvert");
  }

  /** NNCF's {@code output_channel_axis}: 1 for convolutions, -1 for MatMul. */
  public int outputChannelAxis() {
    return node.is("MatMul") ? -1 : 1;
  }

  /** OpenVINO's depthwise test: a GroupConvolution with one input channel per group and more than one group. */
  static boolean isDepthwise(Node groupConv) {
    var shape = groupConv.input(1).shape();
    if (!shape.isStatic() || shape.rank() < 3) {
      return false;
    }
    long[] dims = shape.toLongArray();
    return dims[0] > 1 && dims[2] == 1;
  }

  /**
   * NNCF's {@code get_activation_channel_axis}: 1 ([N, C, ...]) for convolutions; for MatMul the axis of
   * the activation's input channels, given its transpose flag (as a non-negative index for rank
   * {@code rank}).
   */
  public int activationChannelAxis(int rank) {
    if (!node.is("MatMul")) {
      return 1;
    }
    boolean transposed = node.attributes().bool(activationPort == 0 ? "transpose_a" : "transpose_b", false);
    if (rank < 2) {
      return 0;
    }
    boolean inputChannelsLast = activationPort == 0 ? !transposed : transposed;
    return inputChannelsLast ? rank - 1 : rank - 2;
  }

  private static boolean isConstant(Output out) {
    @Nullable Node n = out.node();
    int guard = 0;
    while (n != null && guard++ < 16) {
      if (n.is("Constant")) {
        return true;
      }
      if (!WEIGHT_PATH.contains(n.type())) {
        return false;
      }
      // the data flows through input 0; every other input (ranges, scales, zero points, shapes) must
      // itself be a constant, or this is not a weight path
      for (int i = 1; i < n.inputs().size(); i++) {
        Node side = n.inputNode(i);
        if (!side.is("Constant") && !(side.is("Convert") && side.inputNode(0).is("Constant"))) {
          return false;
        }
      }
      Node next = n.inputs().isEmpty() ? null : n.inputNode(0);
      n = next;
    }
    return false;
  }
}
