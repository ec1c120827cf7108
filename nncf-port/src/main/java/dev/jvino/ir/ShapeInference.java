package dev.jvino.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Element-type and shape inference for the ops jvino builds and edits. Ops not listed here keep the
 * outputs they were read or built with.
 */
public final class ShapeInference {
  /** An inferred output. */
  public record TypedShape(ElementType type, PartialShape shape) {}

  private static final Set<String> UNARY = Set.of("relu", "sigmoid", "tanh", "exp", "sqrt", "log",
      "abs", "negative", "erf", "gelu", "swish", "hswish", "hsigmoid", "mish", "softplus", "clamp",
      "floor", "ceiling", "sin", "cos", "result", "fakequantize", "mvn", "softmax", "logsoftmax",
      "fakeconvert", "normalizel2", "round", "sign");
  private static final Set<String> BINARY = Set.of("add", "subtract", "multiply", "divide", "maximum",
      "minimum", "power", "squareddifference", "floormod", "mod");
  private static final Set<String> COMPARE = Set.of("equal", "notequal", "less", "lessequal",
      "greater", "greaterequal");

  private ShapeInference() {}

  /** Whether {@link #infer} knows this op type. */
  public static boolean knows(String type) {
    String t = type.toLowerCase(Locale.ROOT);
    return UNARY.contains(t) || BINARY.contains(t) || COMPARE.contains(t) || switch (t) {
      case "parameter", "constant", "convert", "matmul", "reshape", "transpose", "concat", "gather",
          "convolution", "groupconvolution", "readvalue", "assign", "shapeof", "select" -> true;
      default -> false;
    };
  }

  /** Infers and sets the outputs of {@code n}; does nothing for unknown ops. */
  public static void apply(Node n) {
    List<TypedShape> out = infer(n);
    if (out == null) {
      return;
    }
    for (int i = 0; i < out.size(); i++) {
      if (i < n.outputs().size()) {
        n.output(i).setType(out.get(i).type(), out.get(i).shape());
      } else {
        n.addOutput(out.get(i).type(), out.get(i).shape());
      }
    }
  }

  /**
   * The outputs of {@code n} computed from its inputs and attributes, or {@code null} if the op is
   * unknown here.
   *
   * @throws InvalidGraphException if inputs or attributes are inconsistent
   */
  public static @Nullable List<TypedShape> infer(Node n) {
    String t = n.type().toLowerCase(Locale.ROOT);
    if (t.equals("result")) {
      arity(n, 1);
      return null;
    }
    if (UNARY.contains(t)) {
      if (n.inputs().isEmpty()) {
        throw new InvalidGraphException(n + " needs an input");
      }
      return one(n.input(0).elementType(), n.input(0).shape());
    }
    if (BINARY.contains(t) || COMPARE.contains(t)) {
      arity(n, 2);
      ElementType a = n.input(0).elementType();
      ElementType b = n.input(1).elementType();
      if (a != b && a != ElementType.DYNAMIC && b != ElementType.DYNAMIC) {
        throw new InvalidGraphException(n + ": element types differ (" + a + " vs " + b + ")");
      }
      PartialShape s = broadcast(n, n.input(0).shape(), n.input(1).shape());
      return one(COMPARE.contains(t) ? ElementType.BOOLEAN : a, s);
    }
    return switch (t) {
      case "parameter" -> one(n.attributes().elementType("element_type"),
          n.attributes().shape("shape"));
      case "constant" -> one(n.constantData().elementType(), n.constantData().partialShape());
      case "convert" -> {
        arity(n, 1);
        yield one(n.attributes().elementType("destination_type"), n.input(0).shape());
      }
      case "matmul" -> Shapes.matMul(n);
      case "reshape" -> Shapes.reshape(n);
      case "transpose" -> Shapes.transpose(n);
      case "concat" -> Shapes.concat(n);
      case "gather" -> Shapes.gather(n);
      case "convolution", "groupconvolution" -> Shapes.convolution(n, t.equals("groupconvolution"));
      case "readvalue" -> {
        if (n.inputs().isEmpty() && !(n.attributes().has("variable_type")
            && n.attributes().has("variable_shape"))) {
          yield null; // ReadValue-3 without an initializer: the type lives in the variable
        }
        ElementType vt = n.attributes().has("variable_type")
            ? n.attributes().elementType("variable_type")
            : n.input(0).elementType();
        PartialShape vs = n.attributes().has("variable_shape") ? n.attributes().shape("variable_shape")
            : n.input(0).shape();
        yield one(vt, vs);
      }
      case "assign" -> {
        arity(n, 1);
        yield one(n.input(0).elementType(), n.input(0).shape());
      }
      case "shapeof" -> {
        arity(n, 1);
        PartialShape in = n.input(0).shape();
        ElementType ot = n.attributes().has("output_type") ? n.attributes().elementType("output_type")
            : ElementType.I64;
        yield one(ot, in.isRankStatic() ? PartialShape.of(in.rank()) : PartialShape.dynamic(1));
      }
      case "select" -> {
        arity(n, 3);
        PartialShape s = broadcast(n, n.input(0).shape(), broadcast(n, n.input(1).shape(),
            n.input(2).shape()));
        yield one(n.input(1).elementType(), s);
      }
      default -> null;
    };
  }

  static List<TypedShape> one(ElementType t, PartialShape s) {
    List<TypedShape> l = new ArrayList<>(1);
    l.add(new TypedShape(t, s));
    return l;
  }

  static void arity(Node n, int count) {
    if (n.inputs().size() != count) {
      throw new InvalidGraphException(n + " needs " + count + " inputs, has " + n.inputs().size());
    }
  }

  /** NumPy broadcasting of two partial shapes ({@code auto_broadcast="none"} requires equality). */
  static PartialShape broadcast(Node n, PartialShape a, PartialShape b) {
    String mode = n.attributes().string("auto_broadcast", "numpy");
    if (mode.equals("pdpd")) {
      return a; // PDPD broadcasting fits the second input into the first
    }
    if (mode.equals("none")) {
      if (!a.compatible(b)) {
        throw new InvalidGraphException(n + ": shapes " + a + " and " + b + " differ (auto_broadcast=none)");
      }
      return a.isRankStatic() ? a : b;
    }
    if (!a.isRankStatic() || !b.isRankStatic()) {
      return PartialShape.dynamic();
    }
    int r = Math.max(a.rank(), b.rank());
    List<Dimension> dims = new ArrayList<>(r);
    for (int i = 0; i < r; i++) {
      int ia = i - (r - a.rank());
      int ib = i - (r - b.rank());
      Dimension da = ia >= 0 ? a.get(ia) : Dimension.of(1);
      Dimension db = ib >= 0 ? b.get(ib) : Dimension.of(1);
      if (da.isStatic() && da.length() == 1) {
        dims.add(db);
      } else if (db.isStatic() && db.length() == 1) {
        dims.add(da);
      } else if (da.compatible(db)) {
        dims.add(da.merge(db));
      } else {
        throw new InvalidGraphException(n + ": shapes " + a + " and " + b + " do not broadcast");
      }
    }
    return PartialShape.of(dims);
  }
}
