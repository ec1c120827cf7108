package dev.jvino.models;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.Dimension;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.ShapeInference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Small conveniences over {@link Ops} for building synthetic models: ops that shape inference does not
 * know get their declared output, constants are named, random weights come from one seeded generator.
 */
final class GraphBuilder {
  static final Dimension DYN = Dimension.DYNAMIC;
  private final SplittableRandom random;

  GraphBuilder(long seed) {
    this.random = new SplittableRandom(seed);
  }

  static PartialShape shape(Object... dims) {
    List<Dimension> out = new ArrayList<>();
    for (Object d : dims) {
      out.add(d instanceof Dimension dim ? dim : Dimension.of(((Number) d).longValue()));
    }
    return PartialShape.of(out);
  }

  /** A node of {@code type}; its output is inferred when {@link ShapeInference} knows the op, else declared. */
  static Node op(String type, String opset, Consumer<Node> attributes, ElementType outType, PartialShape outShape,
      Output... inputs) {
    Node n = Ops.node(type, opset, Arrays.asList(inputs));
    attributes.accept(n);
    if (ShapeInference.knows(type)) {
      ShapeInference.apply(n);
    } else {
      n.addOutput(outType, outShape);
    }
    return n;
  }

  static Output i64(long... values) {
    return Ops.constant(ConstantData.ofLongs(ElementType.I64, new long[] {values.length}, values)).output();
  }

  static Output i64Scalar(long value) {
    return Ops.constant(ConstantData.i64Scalar(value)).output();
  }

  static Output f32Scalar(float value) {
    return Ops.constant(ConstantData.f32Scalar(value)).output();
  }

  /** A named f32 constant of normally distributed values with standard deviation {@code std}. */
  Output normal(String name, float std, long... shape) {
    int n = Math.toIntExact(PartialShape.elementCount(shape));
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return Ops.constant(name, ConstantData.ofFloats(ElementType.F32, shape, values)).output();
  }

  /** A named f32 constant filled with {@code value}. */
  static Output filled(String name, float value, long... shape) {
    float[] values = new float[Math.toIntExact(PartialShape.elementCount(shape))];
    Arrays.fill(values, value);
    return Ops.constant(name, ConstantData.ofFloats(ElementType.F32, shape, values)).output();
  }

  static Output unsqueeze(Output x, long axis, PartialShape out) {
    return op("Unsqueeze", "opset1", n -> {}, x.elementType(), out, x, i64(axis)).output();
  }

  static Output slice(Output x, long start, long stop, long axis, PartialShape out) {
    return op("Slice", "opset8", n -> {}, x.elementType(), out, x, i64(start), i64(stop), i64(1), i64(axis)).output();
  }

  static Output reduceMean(Output x, long axis, PartialShape out) {
    return op("ReduceMean", "opset1", n -> n.attributes().set("keep_dims", true), x.elementType(), out, x, i64(axis))
        .output();
  }
}
