package dev.jvino.engine;

import dev.jvino.engine.ref.Activations;
import dev.jvino.engine.ref.Activations.UnaryOp;
import dev.jvino.engine.ref.AutoBroadcast;
import dev.jvino.engine.ref.Convert;
import dev.jvino.engine.ref.Elementwise;
import dev.jvino.engine.ref.Elementwise.BinaryOp;
import dev.jvino.engine.ref.Elementwise.Comparison;
import dev.jvino.engine.ref.OpAttributeException;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Attributes;
import dev.jvino.ir.Node;
import java.util.List;
import java.util.Locale;

/**
 * Registers the elementwise, activation and conversion kernels of {@code dev.jvino.engine.ref}: binary
 * arithmetic, comparisons, Select, the unary activations, Clamp, Swish, Gelu, Softmax, Convert and
 * ConvertLike.
 */
final class CoreKernels {
  private CoreKernels() {}

  static final List<String> V1 = List.of("opset1");

  static void register(KernelRegistry r) {
    for (BinaryOp op : BinaryOp.values()) {
      r.register(op.irName(), V1, (n, in) -> List.of(Elementwise.binary(op, in.get(0), in.get(1),
          broadcast(n), op != BinaryOp.DIVIDE || n.attributes().bool("m_pythondiv", true))));
    }
    for (Comparison op : Comparison.values()) {
      r.register(op.irName(), V1,
          (n, in) -> List.of(Elementwise.compare(op, in.get(0), in.get(1), broadcast(n))));
    }
    r.register("Select", V1, (n, in) -> List.of(Elementwise.select(in.get(0), in.get(1), in.get(2), broadcast(n))));

    unary(r, "Abs", V1, UnaryOp.ABS);
    unary(r, "Negative", V1, UnaryOp.NEGATIVE);
    unary(r, "Sqrt", V1, UnaryOp.SQRT);
    unary(r, "Exp", V1, UnaryOp.EXP);
    unary(r, "Log", V1, UnaryOp.LOG);
    unary(r, "Erf", V1, UnaryOp.ERF);
    unary(r, "Tanh", V1, UnaryOp.TANH);
    unary(r, "Sigmoid", V1, UnaryOp.SIGMOID);
    unary(r, "Relu", V1, UnaryOp.RELU);
    unary(r, "Sin", V1, UnaryOp.SIN);
    unary(r, "Cos", V1, UnaryOp.COS);
    unary(r, "HSwish", List.of("opset4"), UnaryOp.HSWISH);
    unary(r, "HSigmoid", List.of("opset5"), UnaryOp.HSIGMOID);
    // Gelu-2 (in opset2) is always the erf form; Gelu-7 has approximation_mode
    r.register("Gelu", List.of("opset2"), (n, in) -> List.of(Activations.gelu(in.get(0), Activations.GeluMode.ERF)));
    r.register("Gelu", List.of("opset7"), (n, in) -> List.of(Activations.gelu(in.get(0), geluMode(n))));
    r.register("Swish", List.of("opset4"),
        (n, in) -> List.of(Activations.swish(in.get(0), in.size() > 1 ? in.get(1) : null)));
    r.register("Clamp", V1, (n, in) -> List.of(Activations.clamp(in.get(0),
        new Activations.ClampAttrs(n.attributes().real("min"), n.attributes().real("max")))));
    r.register("Softmax", List.of("opset1"), (n, in) -> {
      long axis = n.attributes().integer("axis", 1);
      if (axis < 0) {
        throw new OpAttributeException("Softmax-1", "axis", axis, "must be non-negative in Softmax-1");
      }
      return List.of(Activations.softmax(in.get(0), axis));
    });
    r.register("Softmax", List.of("opset8"),
        (n, in) -> List.of(Activations.softmax(in.get(0), n.attributes().integer("axis", 1))));
    r.register("Convert", V1,
        (n, in) -> List.of(Convert.convert(in.get(0), n.attributes().elementType("destination_type"))));
    r.register("ConvertLike", V1, (n, in) -> List.of(Convert.convert(in.get(0), in.get(1).type())));
  }

  private static void unary(KernelRegistry r, String type, List<String> versions, UnaryOp op) {
    r.register(type, versions, (n, in) -> List.of(Activations.unary(op, in.get(0))));
  }

  /** The {@code auto_broadcast} attribute (default numpy) with its pdpd {@code axis}. */
  static AutoBroadcast broadcast(Node n) {
    Attributes a = n.attributes();
    return AutoBroadcast.parse(n.type() + "-1", a.string("auto_broadcast", "numpy"), a.integer("axis", -1));
  }

  private static Activations.GeluMode geluMode(Node n) {
    String mode = n.attributes().string("approximation_mode", "ERF").strip().toUpperCase(Locale.ROOT);
    return switch (mode) {
      case "ERF" -> Activations.GeluMode.ERF;
      case "TANH" -> Activations.GeluMode.TANH;
      default -> throw new OpAttributeException("Gelu-7", "approximation_mode", mode, "expected ERF or TANH");
    };
  }

  /** Shortcut for kernels with a single output. */
  static List<NdArray> one(NdArray a) {
    return List.of(a);
  }
}
