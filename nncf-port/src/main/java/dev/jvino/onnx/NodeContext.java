package dev.jvino.onnx;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.InvalidGraphException;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.ShapeInference;
import dev.jvino.onnx.OnnxModel.Attribute;
import dev.jvino.onnx.OnnxModel.AttributeType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What an operator mapping sees while converting one ONNX node: its inputs as graph outputs, its
 * attributes with the specification's defaults, the default-domain opset, and factories for the
 * OpenVINO nodes it builds (outputs inferred by {@link ShapeInference} or {@link ExtraShapes}).
 */
final class NodeContext {
  private final OnnxModel.Node node;
  private final Map<String, Output> values;
  private final long opset;
  private final String source;

  NodeContext(OnnxModel.Node node, Map<String, Output> values, long opset, String source) {
    this.node = node;
    this.values = values;
    this.opset = opset;
    this.source = source;
  }

  OnnxModel.Node node() {
    return node;
  }

  /** The default-domain opset version the model imports. */
  long opset() {
    return opset;
  }

  String source() {
    return source;
  }

  int inputCount() {
    return node.inputs().size();
  }

  /** Required input {@code i}. */
  Output in(int i) {
    return opt(i).orElseThrow(() -> fail("input " + i + " is required but missing"));
  }

  /** Optional input {@code i} (absent or given as the empty name). */
  Optional<Output> opt(int i) {
    return node.input(i).map(name -> {
      Output o = values.get(name);
      if (o == null) {
        throw new OnnxFormatException(source, "node '" + node.displayName() + "' (" + node.opType()
            + ") reads '" + name + "', which no earlier node, input or initializer produces");
      }
      return o;
    });
  }

  // ---- attributes ----

  @Nullable Attribute attr(String name) {
    return node.attributes().get(name);
  }

  boolean has(String name) {
    return node.attributes().containsKey(name);
  }

  long i(String name, long dflt) {
    Attribute a = attr(name);
    return a == null ? dflt : a.i();
  }

  float f(String name, float dflt) {
    Attribute a = attr(name);
    return a == null ? dflt : a.f();
  }

  String s(String name, String dflt) {
    Attribute a = attr(name);
    return a == null ? dflt : a.string();
  }

  long @Nullable [] ints(String name) {
    Attribute a = attr(name);
    return a == null ? null : a.ints();
  }

  long[] ints(String name, long[] dflt) {
    long[] v = ints(name);
    return v == null ? dflt : v;
  }

  float @Nullable [] floats(String name) {
    Attribute a = attr(name);
    return a == null || a.type() != AttributeType.FLOATS ? null : a.floats();
  }

  // ---- constants ----

  /** The value of {@code o} if it is produced by a Constant. */
  static Optional<ConstantData> constant(Output o) {
    return o.node().is("Constant") ? o.node().constant() : Optional.empty();
  }

  /** The integer values of a constant input, or an unsupported-op error naming {@code what}. */
  long[] constLongs(Output o, String what) {
    return constant(o).map(ConstantData::toLongArray).orElseThrow(() -> unsupported(what
        + " must be a constant (computed at run time here)"));
  }

  Output i64(long... v) {
    return Ops.constant(ConstantData.i64(v)).output();
  }

  Output i64Scalar(long v) {
    return Ops.constant(ConstantData.i64Scalar(v)).output();
  }

  /** A scalar of {@code type} (a float or integer element type) holding {@code v}. */
  static Output scalar(ElementType type, double v) {
    if (type.isFloatingPoint()) {
      return Ops.constant(ConstantData.ofFloats(type, new long[0], (float) v)).output();
    }
    return Ops.constant(ConstantData.ofLongs(type, new long[0], (long) v)).output();
  }

  // ---- building ----

  /** A new node; {@code attrs} sets its attributes before its outputs are inferred. */
  Node make(String type, String opset, List<Output> inputs, Consumer<dev.jvino.ir.Attributes> attrs) {
    Node n = Ops.node(type, opset, inputs);
    attrs.accept(n.attributes());
    try {
      if (ShapeInference.knows(type)) {
        ShapeInference.apply(n);
      } else {
        ExtraShapes.apply(n);
      }
    } catch (InvalidGraphException e) {
      throw new OnnxFormatException(source, "node '" + node.displayName() + "' (" + node.opType() + "): "
          + e.getMessage(), e);
    }
    return n;
  }

  Node make(String type, String opset, List<Output> inputs) {
    return make(type, opset, inputs, a -> { });
  }

  Output make1(String type, String opset, Output... inputs) {
    return make(type, opset, Arrays.asList(inputs)).output(0);
  }

  /** The rank of {@code o}, or an unsupported-op error when it is dynamic. */
  int rank(Output o, String what) {
    PartialShape s = o.shape();
    if (!s.isRankStatic()) {
      throw unsupported(what + " needs a known rank, but it is dynamic");
    }
    return s.rank();
  }

  /** An axis attribute normalised against {@code rank}. */
  long axis(long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new OnnxFormatException(source, "node '" + node.displayName() + "' (" + node.opType()
          + "): axis " + axis + " is out of range for rank " + rank);
    }
    return a;
  }

  UnsupportedOnnxException unsupported(String reason) {
    return new UnsupportedOnnxException(opName(), node.displayName(), reason);
  }

  OnnxFormatException fail(String reason) {
    return new OnnxFormatException(source, "node '" + node.displayName() + "' (" + node.opType() + "): "
        + reason);
  }

  String opName() {
    String d = node.domain();
    return d.isEmpty() || d.equals("ai.onnx") ? node.opType() : d + "::" + node.opType();
  }
}
