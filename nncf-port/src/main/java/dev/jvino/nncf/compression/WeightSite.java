package dev.jvino.nncf.compression;

import dev.jvino.ir.ElementType;
import dev.jvino.ir.Node;
import java.util.Arrays;

/**
 * One weight input of a compressible op, as NNCF's {@code WeightCompressionParameters} sees it before a
 * precision is chosen.
 *
 * @param weightName the friendly name of the weight Constant
 * @param constant the weight Constant (found through Convert/FakeQuantize/FakeConvert/Reshape); in a
 *     {@link CompressionResult}, for a compressed weight, the Constant that now holds its codes (or codebook)
 * @param op the op that consumes the weight (MatMul, Gather, Convolution...)
 * @param port the op's input port the weight reaches
 * @param kind the op's role
 * @param dtype the Constant's element type
 * @param shape the Constant's shape
 * @param reductionAxes every axis that is not a channel axis, ascending
 */
public record WeightSite(
    String weightName, Node constant, Node op, int port, OpKind kind, ElementType dtype, long[] shape,
    int[] reductionAxes) {

  public WeightSite {
    shape = shape.clone();
    reductionAxes = reductionAxes.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public int[] reductionAxes() {
    return reductionAxes.clone();
  }

  /** The same site with another Constant node (the original weight's data is then no longer referenced). */
  WeightSite withConstant(Node node) {
    return new WeightSite(weightName, node, op, port, kind, dtype, shape, reductionAxes);
  }

  /** Number of weight elements. */
  public long numWeights() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** The size of the single reduction axis, as NNCF's {@code get_reduction_channel_size}. */
  long reductionChannelSize() {
    if (reductionAxes.length != 1) {
      throw new UnsupportedModelException("Group-wise quantization expects a single reduction axis, but given: "
          + pythonTuple(reductionAxes) + " (weight '" + weightName + "' of " + op + ").");
    }
    return shape[reductionAxes[0]];
  }

  static String pythonTuple(int[] axes) {
    if (axes.length == 1) {
      return "(" + axes[0] + ",)";
    }
    return "(" + String.join(", ", Arrays.stream(axes).mapToObj(Integer::toString).toList()) + ")";
  }

  @Override
  public String toString() {
    return "weight '" + weightName + "' " + dtype + Arrays.toString(shape) + " of " + op + " port " + port;
  }
}
