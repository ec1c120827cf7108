package dev.jvino.onnx;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.Dimension;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.onnx.OnnxModel.Attribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Shape and data-movement operators (Reshape, Flatten, Transpose, Concat, Split, Slice, Gather,
 * Squeeze/Unsqueeze, Shape, Expand, Tile, Pad, Range) and the value producers (Constant,
 * ConstantOfShape, Cast, Identity, Dropout in inference), mapped as OpenVINO's ONNX frontend maps
 * them; attributes that later opsets turned into inputs are read from wherever the model's opset has
 * them.
 */
final class TensorOps {
  private TensorOps() {}

  static void register(Map<String, OpMapper> t) {
    t.put("Identity", c -> List.of(c.in(0)));
    t.put("Dropout", TensorOps::dropout);
    t.put("Constant", TensorOps::constant);
    t.put("ConstantOfShape", c -> {
      Attribute v = c.attr("value");
      ConstantData value = v != null && v.t() != null ? TensorData.toConstant(v.t(), c.source())
          : ConstantData.ofFloats(ElementType.F32, new long[0], 0f);
      Output scalar = Ops.constant(ConstantData.ofSegment(value.elementType(), new long[0], value.bytes()))
          .output();
      return List.of(c.make("Broadcast", "opset3", List.of(scalar, c.in(0)), a -> a.set("mode", "numpy"))
          .output(0));
    });
    t.put("Cast", c -> {
      ElementType to = OnnxDataType.toElementType((int) c.i("to", 0), "node '" + c.node().displayName() + "'");
      return List.of(c.make("Convert", "opset1", List.of(c.in(0)), a -> a.set("destination_type", to)).output(0));
    });
    t.put("CastLike", c -> List.of(c.make1("ConvertLike", "opset1", c.in(0), c.in(1))));
    t.put("Reshape", c -> {
      Output shape = c.opset() >= 5 ? c.in(1) : c.i64(c.ints("shape", new long[0]));
      boolean allowZero = c.i("allowzero", 0) != 0;
      return List.of(c.make("Reshape", "opset1", List.of(c.in(0), shape), a -> a.set("special_zero", !allowZero))
          .output(0));
    });
    t.put("Flatten", c -> {
      Output x = c.in(0);
      int r = c.rank(x, "the input of Flatten");
      long axis = c.i("axis", 1);
      axis = axis < 0 ? axis + r : axis;
      return List.of(flatten(c, x, axis));
    });
    t.put("Transpose", c -> {
      Output x = c.in(0);
      long[] perm = c.ints("perm");
      if (perm == null) {
        int r = c.rank(x, "Transpose without perm");
        perm = new long[r];
        for (int i = 0; i < r; i++) {
          perm[i] = r - 1 - i;
        }
      }
      return List.of(c.make1("Transpose", "opset1", x, c.i64(perm)));
    });
    t.put("Concat", c -> {
      List<Output> ins = new ArrayList<>();
      for (int i = 0; i < c.inputCount(); i++) {
        c.opt(i).ifPresent(ins::add);
      }
      long axis = c.i("axis", 1);
      if (axis < 0 && ins.get(0).shape().isRankStatic()) {
        axis += ins.get(0).shape().rank();
      }
      long ax = axis;
      return List.of(c.make("Concat", "opset1", ins, a -> a.set("axis", ax)).output(0));
    });
    t.put("Split", TensorOps::split);
    t.put("Slice", TensorOps::slice);
    t.put("Gather", c -> List.of(c.make("Gather", "opset8", List.of(c.in(0), c.in(1), c.i64Scalar(c.i("axis", 0))),
        a -> a.set("batch_dims", 0L)).output(0)));
    t.put("Squeeze", c -> {
      long[] axes = c.opset() >= 13 ? c.opt(1).map(o -> c.constLongs(o, "the axes input")).orElse(null)
          : c.ints("axes");
      List<Output> ins = axes == null ? List.of(c.in(0)) : List.of(c.in(0), c.i64(axes));
      return List.of(c.make("Squeeze", "opset1", ins).output(0));
    });
    t.put("Unsqueeze", c -> {
      Output axes = c.opset() >= 13 ? c.in(1) : c.i64(c.ints("axes", new long[0]));
      return List.of(c.make1("Unsqueeze", "opset1", c.in(0), axes));
    });
    t.put("Shape", c -> {
      Output s = c.make("ShapeOf", "opset3", List.of(c.in(0)), a -> a.set("output_type", ElementType.I64)).output(0);
      long start = c.i("start", 0);
      boolean hasEnd = c.has("end");
      if (start == 0 && !hasEnd) {
        return List.of(s);
      }
      long end = hasEnd ? c.i("end", 0) : Long.MAX_VALUE;
      return List.of(c.make1("Slice", "opset8", s, c.i64(start), c.i64(end), c.i64(1)));
    });
    t.put("Expand", c -> List.of(c.make("Broadcast", "opset3", List.of(c.in(0), c.in(1)),
        a -> a.set("mode", "bidirectional")).output(0)));
    t.put("Tile", c -> List.of(c.make1("Tile", "opset1", c.in(0), c.in(1))));
    t.put("Range", c -> {
      ElementType et = c.in(0).elementType();
      return List.of(c.make("Range", "opset4", List.of(c.in(0), c.in(1), c.in(2)), a -> a.set("output_type", et))
          .output(0));
    });
    t.put("Pad", TensorOps::pad);
  }

  /** {@code x} reshaped to 2-D at {@code axis}: [d0*..*d(axis-1), d(axis)*..*d(r-1)]. */
  static Output flatten(NodeContext c, Output x, long axis) {
    PartialShape s = x.shape();
    int r = c.rank(x, "the input of Flatten");
    long lead = 1;
    boolean leadStatic = true;
    for (int i = 0; i < axis; i++) {
      Dimension d = s.get(i);
      leadStatic &= d.isStatic();
      lead *= d.isStatic() ? d.length() : 1;
    }
    long trail = 1;
    boolean trailStatic = true;
    for (int i = (int) axis; i < r; i++) {
      Dimension d = s.get(i);
      trailStatic &= d.isStatic();
      trail *= d.isStatic() ? d.length() : 1;
    }
    long[] target;
    if (leadStatic) {
      target = new long[] {lead, -1};
    } else if (trailStatic) {
      target = new long[] {-1, trail};
    } else if (axis == 1) {
      target = new long[] {0, -1};
    } else {
      throw c.unsupported("flattening with dynamic dimensions on both sides of axis " + axis + " is not mapped");
    }
    if (trailStatic && leadStatic && trail == 0) {
      target = new long[] {lead, 0};
    }
    long[] tg = target;
    return c.make("Reshape", "opset1", List.of(x, c.i64(tg)), a -> a.set("special_zero", tg[0] == 0)).output(0);
  }

  private static List<Output> dropout(NodeContext c) {
    if (c.opset() >= 12 && c.opt(2).isPresent()) {
      long[] training = c.constLongs(c.in(2), "training_mode");
      if (training.length > 0 && training[0] != 0) {
        throw c.unsupported("training_mode=true is not mapped");
      }
    }
    Output x = c.in(0);
    if (c.node().outputs().size() > 1 && !c.node().outputs().get(1).isEmpty()) {
      Output t = Ops.constant(ConstantData.ofLongs(ElementType.BOOLEAN, new long[0], 1)).output();
      Output shape = c.make("ShapeOf", "opset3", List.of(x), a -> a.set("output_type", ElementType.I64)).output(0);
      Output mask = c.make("Broadcast", "opset3", List.of(t, shape), a -> a.set("mode", "numpy")).output(0);
      return List.of(x, mask);
    }
    return List.of(x);
  }

  private static List<Output> constant(NodeContext c) {
    Attribute a = c.node().attributes().values().stream().findFirst()
        .orElseThrow(() -> c.fail("Constant has no value attribute"));
    ConstantData data = switch (a.name()) {
      case "value" -> TensorData.toConstant(a.t(), c.source());
      case "value_float" -> ConstantData.ofFloats(ElementType.F32, new long[0], a.f());
      case "value_floats" -> ConstantData.ofFloats(ElementType.F32, new long[] {a.floats().length}, a.floats());
      case "value_int" -> ConstantData.ofLongs(ElementType.I64, new long[0], a.i());
      case "value_ints" -> ConstantData.ofLongs(ElementType.I64, new long[] {a.ints().length}, a.ints());
      case "value_string" -> ConstantData.ofStrings(new long[0], List.of(a.string()));
      case "value_strings" -> ConstantData.ofStrings(new long[] {a.strings().size()}, a.strings().stream()
          .map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).toList());
      default -> throw c.unsupported("the " + a.name() + " value attribute is not mapped");
    };
    Node n = Ops.constant(data);
    return List.of(n.output());
  }

  private static List<Output> split(NodeContext c) {
    Output x = c.in(0);
    long axis = c.i("axis", 0);
    int outs = c.node().outputs().size();
    long[] lengths = null;
    if (c.opset() >= 13) {
      if (c.opt(1).isPresent()) {
        lengths = c.constLongs(c.in(1), "the split input");
      }
    } else {
      lengths = c.ints("split");
    }
    Node n;
    if (lengths == null) {
      long parts = c.opset() >= 18 && c.has("num_outputs") ? c.i("num_outputs", outs) : outs;
      PartialShape s = x.shape();
      if (s.isRankStatic()) {
        Dimension d = s.get((int) c.axis(axis, s.rank()));
        if (d.isStatic() && d.length() % parts != 0) {
          // opset 18: the last chunk is smaller; OpenVINO uses VariadicSplit then
          long chunk = (d.length() + parts - 1) / parts;
          lengths = new long[(int) parts];
          for (int i = 0; i < parts; i++) {
            lengths[i] = Math.min(chunk, d.length() - chunk * i);
          }
        }
      }
      if (lengths == null) {
        n = c.make("Split", "opset1", List.of(x, c.i64Scalar(axis)), a -> a.set("num_splits", parts));
        return n.outputs();
      }
    }
    n = c.make("VariadicSplit", "opset1", List.of(x, c.i64Scalar(axis), c.i64(lengths)));
    return n.outputs();
  }

  private static List<Output> slice(NodeContext c) {
    Output x = c.in(0);
    Output starts;
    Output ends;
    Output axes = null;
    Output steps;
    if (c.opset() < 10) {
      long[] st = c.ints("starts", new long[0]);
      starts = c.i64(st);
      ends = c.i64(c.ints("ends", new long[0]));
      long[] ax = c.ints("axes");
      axes = ax == null ? null : c.i64(ax);
      long[] one = new long[st.length];
      java.util.Arrays.fill(one, 1);
      steps = c.i64(one);
    } else {
      starts = c.in(1);
      ends = c.in(2);
      axes = c.opt(3).orElse(null);
      if (c.opt(4).isPresent()) {
        steps = c.in(4);
      } else {
        long[] st = c.constLongs(starts, "Slice starts without steps");
        long[] one = new long[st.length];
        java.util.Arrays.fill(one, 1);
        steps = c.i64(one);
      }
    }
    List<Output> ins = axes == null ? List.of(x, starts, ends, steps) : List.of(x, starts, ends, steps, axes);
    return List.of(c.make("Slice", "opset8", ins).output(0));
  }

  private static List<Output> pad(NodeContext c) {
    Output x = c.in(0);
    String mode = c.s("mode", "constant");
    if (!mode.equals("constant") && !mode.equals("reflect") && !mode.equals("edge")) {
      throw c.unsupported("pad mode " + mode + " is not mapped");
    }
    long[] pads;
    Output value;
    if (c.opset() < 11) {
      pads = c.ints(c.opset() < 2 ? "paddings" : "pads", new long[0]);
      value = NodeContext.scalar(x.elementType(), c.f("value", 0f));
    } else {
      pads = c.constLongs(c.in(1), "the pads input");
      value = c.opt(2).orElse(NodeContext.scalar(x.elementType(), 0));
      if (c.opt(3).isPresent()) {
        throw c.unsupported("the axes input of Pad-18 is not mapped");
      }
    }
    int half = pads.length / 2;
    long[] begin = java.util.Arrays.copyOfRange(pads, 0, half);
    long[] end = java.util.Arrays.copyOfRange(pads, half, pads.length);
    boolean negative = java.util.Arrays.stream(pads).anyMatch(p -> p < 0);
    List<Output> ins = mode.equals("constant") ? List.of(x, c.i64(begin), c.i64(end), value)
        : List.of(x, c.i64(begin), c.i64(end));
    return List.of(c.make("Pad", negative ? "opset12" : "opset1", ins, a -> a.set("pad_mode", mode)).output(0));
  }
}
