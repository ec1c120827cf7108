package dev.jvino.nncf.quantization.placement;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import java.util.List;

/**
 * Small helpers for building synthetic IR graphs with explicit names, output types and shapes (placement
 * only looks at structure, types and shapes; constants hold zeros).
 */
final class ModelKit {
  private ModelKit() {}

  static Node param(String name, long... shape) {
    return Ops.parameter(name, ElementType.F32, PartialShape.of(shape));
  }

  static Node param(String name, ElementType type, PartialShape shape) {
    return Ops.parameter(name, type, shape);
  }

  static Output constant(String name, long... shape) {
    return constant(name, ElementType.F32, shape);
  }

  /** Values for named f32 constants while a builder runs (see {@link SyntheticModels#withConstants}). */
  static final ScopedValue<java.util.Map<String, float[]>> VALUES = ScopedValue.newInstance();

  static Output constant(String name, ElementType type, long... shape) {
    long n = PartialShape.elementCount(shape);
    float[] given = VALUES.isBound() ? VALUES.get().remove(name) : null;
    if (given != null) {
      if (type != ElementType.F32 || given.length != n) {
        throw new IllegalArgumentException("constant " + name + ": " + given.length + " values for " + type
            + java.util.Arrays.toString(shape));
      }
      return Ops.constant(name, ConstantData.ofFloats(type, shape, given)).output();
    }
    ConstantData data = type == ElementType.F32 ? ConstantData.ofFloats(type, shape, new float[(int) n])
        : ConstantData.ofLongs(type, shape, new long[(int) n]);
    return Ops.constant(name, data).output();
  }

  static Output ints(long... values) {
    return Ops.constant(ConstantData.i64(values)).output();
  }

  /** An op with one output of the given type and shape. */
  static Node op(String type, String name, ElementType outType, PartialShape outShape, Output... inputs) {
    Node n = new Node(type, "opset1", name, List.of(inputs));
    n.addOutput(outType, outShape);
    return n;
  }

  static Node op(String type, String name, long[] outShape, Output... inputs) {
    return op(type, name, ElementType.F32, PartialShape.of(outShape), inputs);
  }

  static long[] s(long... dims) {
    return dims;
  }

  static Node result(String name, Output x) {
    Node r = Ops.result(x);
    r.setName(name);
    return r;
  }
}
