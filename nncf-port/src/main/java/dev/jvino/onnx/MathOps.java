package dev.jvino.onnx;

import dev.jvino.ir.ElementType;
import dev.jvino.ir.Output;
import java.util.List;
import java.util.Map;

/**
 * Element-wise arithmetic, comparisons, activations and reductions, mapped as OpenVINO's ONNX
 * frontend maps them (e.g. LeakyRelu to PRelu with a constant slope, Softsign and HardSigmoid to
 * their arithmetic, GlobalAveragePool to ReduceMean over the spatial axes).
 */
final class MathOps {
  private MathOps() {}

  static void register(Map<String, OpMapper> t) {
    binary(t, "Add", "Add");
    binary(t, "Sub", "Subtract");
    binary(t, "Mul", "Multiply");
    binary(t, "Div", "Divide");
    t.put("Pow", c -> {
      Output base = c.in(0);
      Output exp = c.in(1);
      if (exp.elementType() != base.elementType()) {
        exp = c.make("Convert", "opset1", List.of(exp), a -> a.set("destination_type", base.elementType()))
            .output(0);
      }
      return List.of(c.make("Power", "opset1", List.of(base, exp), a -> a.set("auto_broadcast", "numpy"))
          .output(0));
    });
    for (var e : Map.of("Equal", "Equal", "Less", "Less", "Greater", "Greater", "LessOrEqual", "LessEqual",
        "GreaterOrEqual", "GreaterEqual", "And", "LogicalAnd", "Or", "LogicalOr", "Xor", "LogicalXor")
        .entrySet()) {
      t.put(e.getKey(), c -> List.of(c.make(e.getValue(), "opset1", List.of(c.in(0), c.in(1)),
          a -> a.set("auto_broadcast", "numpy")).output(0)));
    }
    variadic(t, "Max", "Maximum");
    variadic(t, "Min", "Minimum");
    variadic(t, "Sum", "Add");
    t.put("Mean", c -> {
      Output sum = chain(c, "Add");
      return List.of(c.make("Divide", "opset1", List.of(sum, NodeContext.scalar(sum.elementType(),
          c.node().inputs().size())), a -> a.set("auto_broadcast", "numpy").set("m_pythondiv", true)).output(0));
    });
    for (var e : Map.ofEntries(Map.entry("Relu", "Relu"), Map.entry("Sigmoid", "Sigmoid"),
        Map.entry("Tanh", "Tanh"), Map.entry("Exp", "Exp"), Map.entry("Log", "Log"), Map.entry("Sqrt", "Sqrt"),
        Map.entry("Abs", "Abs"), Map.entry("Neg", "Negative"), Map.entry("Erf", "Erf"),
        Map.entry("Floor", "Floor"), Map.entry("Ceil", "Ceiling"), Map.entry("Sign", "Sign"),
        Map.entry("Sin", "Sin"), Map.entry("Cos", "Cos"), Map.entry("Not", "LogicalNot")).entrySet()) {
      t.put(e.getKey(), c -> List.of(c.make1(e.getValue(), "opset1", c.in(0))));
    }
    t.put("Softplus", c -> List.of(c.make1("SoftPlus", "opset4", c.in(0))));
    t.put("Reciprocal", c -> List.of(c.make("Divide", "opset1", List.of(
        NodeContext.scalar(c.in(0).elementType(), 1), c.in(0)),
        a -> a.set("auto_broadcast", "numpy").set("m_pythondiv", true)).output(0)));
    t.put("Elu", c -> List.of(c.make("Elu", "opset1", List.of(c.in(0)),
        a -> a.set("alpha", (double) c.f("alpha", 1f))).output(0)));
    t.put("Selu", c -> {
      ElementType et = c.in(0).elementType();
      return List.of(c.make1("Selu", "opset1", c.in(0), NodeContext.scalar(et, c.f("alpha", 1.67326319217681884765625f)),
          NodeContext.scalar(et, c.f("gamma", 1.05070102214813232421875f))));
    });
    t.put("LeakyRelu", c -> List.of(c.make1("PRelu", "opset1", c.in(0),
        NodeContext.scalar(c.in(0).elementType(), c.f("alpha", 0.01f)))));
    t.put("PRelu", c -> List.of(c.make1("PRelu", "opset1", c.in(0), c.in(1))));
    t.put("Softsign", c -> {
      Output x = c.in(0);
      Output denom = c.make("Add", "opset1", List.of(c.make1("Abs", "opset1", x),
          NodeContext.scalar(x.elementType(), 1)), a -> a.set("auto_broadcast", "numpy")).output(0);
      return List.of(c.make("Divide", "opset1", List.of(x, denom),
          a -> a.set("auto_broadcast", "numpy").set("m_pythondiv", true)).output(0));
    });
    t.put("HardSigmoid", c -> {
      Output x = c.in(0);
      Output ax = c.make("Multiply", "opset1", List.of(x, NodeContext.scalar(x.elementType(), c.f("alpha", 0.2f))),
          a -> a.set("auto_broadcast", "numpy")).output(0);
      Output axb = c.make("Add", "opset1", List.of(ax, NodeContext.scalar(x.elementType(), c.f("beta", 0.5f))),
          a -> a.set("auto_broadcast", "numpy")).output(0);
      return List.of(c.make("Clamp", "opset1", List.of(axb), a -> a.set("min", 0.0).set("max", 1.0)).output(0));
    });
    t.put("Gelu", c -> List.of(c.make("Gelu", "opset7", List.of(c.in(0)), a -> a.set("approximation_mode",
        c.s("approximate", "none").equals("tanh") ? "TANH" : "ERF")).output(0)));
    t.put("Clip", MathOps::clip);
    t.put("Mod", c -> List.of(c.make(c.i("fmod", 0) != 0 ? "Mod" : "FloorMod", "opset1", List.of(c.in(0), c.in(1)),
        a -> a.set("auto_broadcast", "numpy")).output(0)));
    t.put("Where", c -> List.of(c.make("Select", "opset1", List.of(c.in(0), c.in(1), c.in(2)),
        a -> a.set("auto_broadcast", "numpy")).output(0)));
    reduce(t, "ReduceMean", "ReduceMean", 18);
    reduce(t, "ReduceSum", "ReduceSum", 13);
    reduce(t, "ReduceMax", "ReduceMax", 18);
    reduce(t, "ReduceMin", "ReduceMin", 18);
    t.put("GlobalAveragePool", c -> List.of(globalPool(c, "ReduceMean")));
    t.put("GlobalMaxPool", c -> List.of(globalPool(c, "ReduceMax")));
  }

  private static void binary(Map<String, OpMapper> t, String onnx, String ov) {
    t.put(onnx, c -> {
      Output a = c.in(0);
      Output b = legacyBroadcast(c, a, c.in(1));
      return List.of(c.make(ov, "opset1", List.of(a, b), at -> {
        at.set("auto_broadcast", "numpy");
        if (ov.equals("Divide")) {
          at.set("m_pythondiv", true);
        }
      }).output(0));
    });
  }

  /**
   * Before opset 7, {@code broadcast=1} with an {@code axis} aligns B with A starting at that axis
   * (not numpy's right alignment): B is reshaped with trailing ones.
   */
  static Output legacyBroadcast(NodeContext c, Output a, Output b) {
    if (c.opset() >= 7 || c.i("broadcast", 0) == 0 || !c.has("axis")) {
      return b;
    }
    int ra = c.rank(a, "legacy broadcast input A");
    int rb = c.rank(b, "legacy broadcast input B");
    long axis = c.axis(c.i("axis", 0), ra);
    int trailing = (int) (ra - axis - rb);
    if (trailing <= 0) {
      return b;
    }
    long[] target = new long[rb + trailing];
    for (int i = rb; i < target.length; i++) {
      target[i] = 1;
    }
    return c.make("Reshape", "opset1", List.of(b, c.i64(target)), at -> at.set("special_zero", true)).output(0);
  }

  private static void variadic(Map<String, OpMapper> t, String onnx, String ov) {
    t.put(onnx, c -> List.of(chain(c, ov)));
  }

  private static Output chain(NodeContext c, String ov) {
    Output acc = c.in(0);
    for (int i = 1; i < c.inputCount(); i++) {
      Output next = c.in(i);
      Output prev = acc;
      acc = c.make(ov, "opset1", List.of(prev, next), a -> a.set("auto_broadcast", "numpy")).output(0);
    }
    return acc;
  }

  private static List<Output> clip(NodeContext c) {
    Output x = c.in(0);
    ElementType et = x.elementType();
    if (c.opset() < 11) {
      double lo = c.f("min", -Float.MAX_VALUE);
      double hi = c.f("max", Float.MAX_VALUE);
      return List.of(c.make("Clamp", "opset1", List.of(x), a -> a.set("min", lo).set("max", hi)).output(0));
    }
    Output out = x;
    var min = c.opt(1);
    var max = c.opt(2);
    if (min.isPresent()) {
      Output prev = out;
      out = c.make("Maximum", "opset1", List.of(prev, min.get()), a -> a.set("auto_broadcast", "numpy")).output(0);
    }
    if (max.isPresent()) {
      Output prev = out;
      out = c.make("Minimum", "opset1", List.of(prev, max.get()), a -> a.set("auto_broadcast", "numpy")).output(0);
    }
    if (out == x) {
      out = c.make("Clamp", "opset1", List.of(x), a -> a.set("min", -Double.MAX_VALUE).set("max", Double.MAX_VALUE))
          .output(0);
    }
    return List.of(out);
  }

  private static void reduce(Map<String, OpMapper> t, String onnx, String ov, int axesInputFrom) {
    t.put(onnx, c -> {
      Output x = c.in(0);
      boolean keep = c.i("keepdims", 1) != 0;
      long[] axes;
      if (c.opset() >= axesInputFrom) {
        axes = c.opt(1).map(o -> c.constLongs(o, "the axes input")).orElse(null);
      } else {
        axes = c.ints("axes");
      }
      if (axes == null || axes.length == 0) {
        if (c.i("noop_with_empty_axes", 0) != 0) {
          return List.of(x);
        }
        int r = c.rank(x, "reducing over all axes");
        axes = new long[r];
        for (int i = 0; i < r; i++) {
          axes[i] = i;
        }
      }
      return List.of(c.make(ov, "opset1", List.of(x, c.i64(axes)), a -> a.set("keep_dims", keep)).output(0));
    });
  }

  private static Output globalPool(NodeContext c, String ov) {
    Output x = c.in(0);
    int r = c.rank(x, "the input of a global pool");
    long[] axes = new long[r - 2];
    for (int i = 2; i < r; i++) {
      axes[i - 2] = i;
    }
    return c.make(ov, "opset1", List.of(x, c.i64(axes)), a -> a.set("keep_dims", true)).output(0);
  }
}
