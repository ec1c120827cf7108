package dev.jvino.onnx;

import dev.jvino.ir.ElementType;
import dev.jvino.ir.Output;
import java.util.List;
import java.util.Map;

/**
 * QuantizeLinear, DequantizeLinear and Shrink. As in OpenVINO's ONNX frontend, QuantizeLinear becomes
 * a FakeQuantize over the integer type's range followed by a Convert ({@code round(x / scale) + zp},
 * saturated, rounding half to even), and DequantizeLinear becomes {@code (convert(x) - convert(zp)) *
 * scale}; per-axis scales and zero points are reshaped to broadcast along {@code axis}.
 */
final class QuantOps {
  private QuantOps() {}

  static void register(Map<String, OpMapper> t) {
    t.put("QuantizeLinear", QuantOps::quantize);
    t.put("DequantizeLinear", QuantOps::dequantize);
    t.put("Shrink", QuantOps::shrink);
  }

  /** A per-axis parameter (1-D) reshaped to [1.., n, ..1] at {@code axis} of a rank-{@code rank} input. */
  private static Output alongAxis(NodeContext c, Output p, Output x) {
    if (!p.shape().isRankStatic() || p.shape().rank() != 1) {
      return p;
    }
    if (p.shape().get(0).isStatic() && p.shape().get(0).length() == 1 && c.i("axis", 1) == 1) {
      // one value: broadcasts as it is
      return p;
    }
    int rank = c.rank(x, "a per-axis quantization input");
    long axis = c.axis(c.i("axis", 1), rank);
    long[] target = new long[rank];
    java.util.Arrays.fill(target, 1);
    target[(int) axis] = -1;
    return c.make("Reshape", "opset1", List.of(p, c.i64(target)), a -> a.set("special_zero", false)).output(0);
  }

  private static List<Output> quantize(NodeContext c) {
    if (c.has("block_size") && c.i("block_size", 0) != 0) {
      throw c.unsupported("blocked quantization (block_size) is not mapped");
    }
    Output x = c.in(0);
    Output scale = alongAxis(c, c.in(1), x);
    ElementType outType = c.opt(2).map(Output::elementType).orElse(ElementType.U8);
    if (c.has("output_dtype") && c.i("output_dtype", 0) != 0) {
      outType = OnnxDataType.toElementType((int) c.i("output_dtype", 0), "node '" + c.node().displayName() + "'");
    }
    double lo;
    double hi;
    switch (outType) {
      case U8 -> {
        lo = 0;
        hi = 255;
      }
      case I8 -> {
        lo = -128;
        hi = 127;
      }
      case U16 -> {
        lo = 0;
        hi = 65535;
      }
      case I16 -> {
        lo = -32768;
        hi = 32767;
      }
      default -> throw c.unsupported("quantizing to " + outType + " is not mapped");
    }
    ElementType ft = x.elementType();
    Output zp = c.opt(2).map(z -> c.make("Convert", "opset1", List.of(alongAxis(c, z, x)),
        a -> a.set("destination_type", ft)).output(0)).orElse(NodeContext.scalar(ft, 0));
    Output scaleF = scale.elementType() == ft ? scale
        : c.make("Convert", "opset1", List.of(scale), a -> a.set("destination_type", ft)).output(0);
    Output outLow = NodeContext.scalar(ft, lo);
    Output outHigh = NodeContext.scalar(ft, hi);
    Output inLow = mul(c, sub(c, outLow, zp), scaleF);
    Output inHigh = mul(c, sub(c, outHigh, zp), scaleF);
    long levels = (long) (hi - lo + 1);
    Output fq = c.make("FakeQuantize", "opset1", List.of(x, inLow, inHigh, outLow, outHigh),
        a -> a.set("levels", levels).set("auto_broadcast", "numpy")).output(0);
    ElementType ot = outType;
    return List.of(c.make("Convert", "opset1", List.of(fq), a -> a.set("destination_type", ot)).output(0));
  }

  private static List<Output> dequantize(NodeContext c) {
    if (c.has("block_size") && c.i("block_size", 0) != 0) {
      throw c.unsupported("blocked dequantization (block_size) is not mapped");
    }
    Output x = c.in(0);
    Output scale = alongAxis(c, c.in(1), x);
    ElementType ft = scale.elementType();
    Output xf = c.make("Convert", "opset1", List.of(x), a -> a.set("destination_type", ft)).output(0);
    if (c.opt(2).isPresent()) {
      Output zp = c.make("Convert", "opset1", List.of(alongAxis(c, c.in(2), x)),
          a -> a.set("destination_type", ft)).output(0);
      xf = sub(c, xf, zp);
    }
    return List.of(mul(c, xf, scale));
  }

  private static List<Output> shrink(NodeContext c) {
    Output x = c.in(0);
    ElementType et = x.elementType();
    double lambd = c.f("lambd", 0.5f);
    double bias = c.f("bias", 0f);
    Output below = c.make("Less", "opset1", List.of(x, NodeContext.scalar(et, -lambd)),
        a -> a.set("auto_broadcast", "numpy")).output(0);
    Output above = c.make("Greater", "opset1", List.of(x, NodeContext.scalar(et, lambd)),
        a -> a.set("auto_broadcast", "numpy")).output(0);
    Output plus = c.make("Add", "opset1", List.of(x, NodeContext.scalar(et, bias)),
        a -> a.set("auto_broadcast", "numpy")).output(0);
    Output minus = sub(c, x, NodeContext.scalar(et, bias));
    Output zero = NodeContext.scalar(et, 0);
    Output upper = c.make("Select", "opset1", List.of(above, minus, zero), a -> a.set("auto_broadcast", "numpy"))
        .output(0);
    return List.of(c.make("Select", "opset1", List.of(below, plus, upper), a -> a.set("auto_broadcast", "numpy"))
        .output(0));
  }

  private static Output sub(NodeContext c, Output a, Output b) {
    return c.make("Subtract", "opset1", List.of(a, b), at -> at.set("auto_broadcast", "numpy")).output(0);
  }

  private static Output mul(NodeContext c, Output a, Output b) {
    return c.make("Multiply", "opset1", List.of(a, b), at -> at.set("auto_broadcast", "numpy")).output(0);
  }
}
