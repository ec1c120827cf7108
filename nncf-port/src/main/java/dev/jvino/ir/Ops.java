package dev.jvino.ir;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Factories for the ops jvino builds: each creates a {@link Node} in the opset OpenVINO's writer
 * uses, sets its attributes, and infers its outputs, so a mistake (wrong rank, mismatched types,
 * bad axis) fails here with an {@link InvalidGraphException} naming the node.
 *
 * <p>Nodes get a generated friendly name ({@code Add_12}); rename them with {@link Node#setName}.
 * Every {@code Output} argument may come from any node; a {@code Node} argument must have one output.
 */
public final class Ops {
  private static final AtomicLong COUNTER = new AtomicLong();

  private Ops() {}

  /** Bound while temporary nodes are built (see {@link #withTemporaryNames}). */
  private static final ScopedValue<AtomicLong> TEMPORARY = ScopedValue.newInstance();

  private static String autoName(String type) {
    if (TEMPORARY.isBound()) {
      return type + "_tmp" + TEMPORARY.get().incrementAndGet();
    }
    return type + "_" + COUNTER.incrementAndGet();
  }

  /**
   * Runs {@code op} with the nodes it builds named from a counter of their own ({@code Type_tmpN}) instead
   * of the process-wide one, for nodes that are removed again (such as the statistic outputs added for one
   * calibration pass): the names of the nodes that stay in a model then do not depend on whether such a
   * pass ran, so compressing with a statistics cache writes the same IR as the run that filled it.
   */
  public static <R, X extends Throwable> R withTemporaryNames(ScopedValue.CallableOp<? extends R, X> op) throws X {
    return ScopedValue.where(TEMPORARY, new AtomicLong()).call(op);
  }

  /**
   * A node of any type with its outputs inferred if the type is known to {@link ShapeInference}.
   * For other types, add outputs with {@link Node#addOutput}.
   */
  public static Node node(String type, String opset, List<Output> inputs) {
    Node n = new Node(type, opset, autoName(type), inputs);
    return n;
  }

  private static Node make(String type, String opset, Output... inputs) {
    Node n = new Node(type, opset, autoName(type), Arrays.asList(inputs));
    return n;
  }

  private static Node done(Node n) {
    ShapeInference.apply(n);
    return n;
  }

  /** A model input; its tensor is named like the node. */
  public static Node parameter(String name, ElementType type, PartialShape shape) {
    Node n = new Node("Parameter", "opset1", name, List.of());
    n.attributes().set("shape", shape.toIrString()).set("element_type", type);
    done(n);
    n.output().names().add(name);
    return n;
  }

  /** A constant holding {@code data}. */
  public static Node constant(ConstantData data) {
    Node n = make("Constant", "opset1");
    n.setConstant(data);
    return n;
  }

  /** A constant with a chosen friendly name. */
  public static Node constant(String name, ConstantData data) {
    Node n = constant(data);
    n.setName(name);
    return n;
  }

  /** Converts {@code x} to {@code type}. */
  public static Node convert(Output x, ElementType type) {
    Node n = make("Convert", "opset1", x);
    n.attributes().set("destination_type", type);
    return done(n);
  }

  private static Node binary(String type, Output a, Output b) {
    Node n = make(type, "opset1", a, b);
    n.attributes().set("auto_broadcast", "numpy");
    return done(n);
  }

  public static Node add(Output a, Output b) {
    return binary("Add", a, b);
  }

  public static Node subtract(Output a, Output b) {
    return binary("Subtract", a, b);
  }

  public static Node multiply(Output a, Output b) {
    return binary("Multiply", a, b);
  }

  public static Node divide(Output a, Output b) {
    Node n = make("Divide", "opset1", a, b);
    n.attributes().set("auto_broadcast", "numpy").set("m_pythondiv", true);
    return done(n);
  }

  public static Node maximum(Output a, Output b) {
    return binary("Maximum", a, b);
  }

  public static Node power(Output a, Output b) {
    return binary("Power", a, b);
  }

  /** An element-wise unary op of the given type ({@code Relu}, {@code Sigmoid}, {@code Exp}...). */
  public static Node unary(String type, Output x) {
    String opset = switch (type.toLowerCase(Locale.ROOT)) {
      case "gelu" -> "opset7";
      case "swish", "hswish", "mish", "softplus" -> "opset4";
      case "hsigmoid" -> "opset5";
      default -> "opset1";
    };
    Node n = make(type, opset, x);
    if (type.equalsIgnoreCase("gelu")) {
      n.attributes().set("approximation_mode", "ERF");
    }
    if (!ShapeInference.knows(type)) {
      throw new InvalidGraphException("no shape inference for unary op " + type);
    }
    return done(n);
  }

  public static Node relu(Output x) {
    return unary("Relu", x);
  }

  public static Node matMul(Output a, Output b, boolean transposeA, boolean transposeB) {
    Node n = make("MatMul", "opset1", a, b);
    n.attributes().set("transpose_a", transposeA).set("transpose_b", transposeB);
    return done(n);
  }

  /** Reshape to a constant target shape ({@code 0} copies a dimension when specialZero, -1 infers). */
  public static Node reshape(Output data, long[] target, boolean specialZero) {
    return reshape(data, constant(ConstantData.i64(target)).output(), specialZero);
  }

  public static Node reshape(Output data, Output target, boolean specialZero) {
    Node n = make("Reshape", "opset1", data, target);
    n.attributes().set("special_zero", specialZero);
    return done(n);
  }

  public static Node transpose(Output data, long... order) {
    return done(make("Transpose", "opset1", data, constant(ConstantData.i64(order)).output()));
  }

  public static Node concat(List<Output> inputs, long axis) {
    Node n = node("Concat", "opset1", inputs);
    n.attributes().set("axis", axis);
    return done(n);
  }

  /** Gather-8 along a constant axis. */
  public static Node gather(Output data, Output indices, long axis, long batchDims) {
    Node n = make("Gather", "opset8", data, indices,
        constant(ConstantData.ofLongs(ElementType.I64, new long[0], axis)).output());
    n.attributes().set("batch_dims", batchDims);
    return done(n);
  }

  /** Softmax-8 (negative axes allowed). */
  public static Node softmax(Output x, long axis) {
    Node n = make("Softmax", "opset8", x);
    n.attributes().set("axis", axis);
    return done(n);
  }

  /** MVN-6 over constant axes. */
  public static Node mvn(Output x, long[] axes, boolean normalizeVariance, double eps,
      String epsMode) {
    Node n = make("MVN", "opset6", x, constant(ConstantData.i64(axes)).output());
    n.attributes().set("eps", eps).set("normalize_variance", normalizeVariance)
        .set("eps_mode", epsMode);
    return done(n);
  }

  /** A model output reading {@code x}; the tensor name is not changed. */
  public static Node result(Output x) {
    Node n = make("Result", "opset1", x);
    done(n);
    return n;
  }

  /** Convolution-1 with explicit padding. */
  public static Node convolution(Output x, Output w, long[] strides, long[] padsBegin,
      long[] padsEnd, long[] dilations) {
    Node n = make("Convolution", "opset1", x, w);
    n.attributes().set("strides", strides).set("dilations", dilations)
        .set("pads_begin", padsBegin).set("pads_end", padsEnd).set("auto_pad", "explicit");
    return done(n);
  }

  /** GroupConvolution-1 with explicit padding; weights {@code [G, Cout/G, Cin/G, k...]}. */
  public static Node groupConvolution(Output x, Output w, long[] strides, long[] padsBegin,
      long[] padsEnd, long[] dilations) {
    Node n = make("GroupConvolution", "opset1", x, w);
    n.attributes().set("strides", strides).set("dilations", dilations)
        .set("pads_begin", padsBegin).set("pads_end", padsEnd).set("auto_pad", "explicit");
    return done(n);
  }

  /** ReadValue-6 of a variable initialised by {@code init}. */
  public static Node readValue(Output init, String variableId) {
    Node n = make("ReadValue", "opset6", init);
    n.attributes().set("variable_id", variableId)
        .set("variable_type", init.elementType())
        .set("variable_shape", init.shape().toIrString());
    return done(n);
  }

  /** Assign-6 storing {@code value} into a variable; add it to the model with {@link Model#addSink}. */
  public static Node assign(Output value, String variableId) {
    Node n = make("Assign", "opset6", value);
    n.attributes().set("variable_id", variableId);
    return done(n);
  }

  /** FakeQuantize-1. */
  public static Node fakeQuantize(Output x, Output inLow, Output inHigh, Output outLow,
      Output outHigh, long levels) {
    if (levels < 2) {
      throw new InvalidGraphException("FakeQuantize levels must be >= 2, not " + levels);
    }
    Node n = make("FakeQuantize", "opset1", x, inLow, inHigh, outLow, outHigh);
    n.attributes().set("levels", levels).set("auto_broadcast", "numpy");
    return done(n);
  }

  /** ShapeOf-3 with i64 output. */
  public static Node shapeOf(Output x) {
    Node n = make("ShapeOf", "opset3", x);
    n.attributes().set("output_type", ElementType.I64);
    return done(n);
  }
}
