package dev.jvino.engine;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Node;
import java.util.List;

/**
 * Runs one node of a graph: reads its typed attributes from {@link Node#attributes()} and computes its
 * outputs (one value per output port, in port order) from the values of its inputs.
 */
@FunctionalInterface
public interface NodeKernel {
  /**
   * @param node the node being run (attributes, opset version, friendly name)
   * @param inputs the value of each input port, in port order
   * @return the value of each output port, in port order
   */
  List<NdArray> run(Node node, List<NdArray> inputs);
}
