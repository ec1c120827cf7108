package dev.jvino.engine.ref;

import dev.jvino.engine.tensor.NdArray;
import java.util.List;

/**
 * One operation version evaluated on concrete arrays: inputs in port order (optional trailing inputs
 * may be left out), attributes as the IR writes them, outputs in port order.
 */
@FunctionalInterface
public interface OpKernel {
  List<NdArray> evaluate(List<NdArray> inputs, IrAttributes attributes);
}
