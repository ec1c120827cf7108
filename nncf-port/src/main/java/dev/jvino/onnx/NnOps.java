package dev.jvino.onnx;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Network layers: convolutions, pooling, normalizations, Gemm/MatMul and softmax, mapped as
 * OpenVINO's ONNX frontend maps them (Conv with groups to GroupConvolution with regrouped weights and
 * the bias added per channel; BatchNormalization to BatchNormInference-5; InstanceNormalization and
 * LayerNormalization to MVN-6 with scale and shift; Gemm to MatMul with alpha/beta scaling, the
 * MatMul named {@code <node>/WithoutBiases}; Softmax before opset 13 on the input flattened at
 * {@code axis}). Scalings by 1 that OpenVINO's conversion folds away are not emitted.
 */
final class NnOps {
  private NnOps() {}

  static void register(Map<String, OpMapper> t) {
    t.put("Conv", NnOps::conv);
    t.put("ConvTranspose", NnOps::convTranspose);
    t.put("MaxPool", c -> pool(c, true));
    t.put("AveragePool", c -> pool(c, false));
    t.put("BatchNormalization", NnOps::batchNorm);
    t.put("InstanceNormalization", NnOps::instanceNorm);
    t.put("LayerNormalization", NnOps::layerNorm);
    t.put("GroupNormalization", NnOps::groupNorm);
    t.put("LRN", c -> {
      long size = c.i("size", 0);
      if (size <= 0) {
        throw c.fail("LRN needs a positive size attribute");
      }
      return List.of(c.make("LRN", "opset1", List.of(c.in(0), c.i64(1)), a -> a
          .set("alpha", (double) c.f("alpha", 1e-4f)).set("beta", (double) c.f("beta", 0.75f))
          .set("bias", (double) c.f("bias", 1f)).set("size", size)).output(0));
    });
    t.put("Gemm", NnOps::gemm);
    t.put("MatMul", c -> List.of(c.make("MatMul", "opset1", List.of(c.in(0), c.in(1)),
        a -> a.set("transpose_a", false).set("transpose_b", false)).output(0)));
    t.put("Softmax", c -> softmax(c, false));
    t.put("LogSoftmax", c -> softmax(c, true));
  }

  /** ONNX {@code pads} [b1..bn, e1..en] and {@code auto_pad} as OpenVINO pads and auto_pad. */
  private record Padding(long[] begin, long[] end, String autoPad) {}

  private static Padding padding(NodeContext c, int spatial) {
    String ap = c.s("auto_pad", "NOTSET").toUpperCase(Locale.ROOT);
    long[] pads = c.ints("pads", new long[2 * spatial]);
    if (pads.length != 2 * spatial) {
      throw c.fail("pads has " + pads.length + " values, expected " + 2 * spatial);
    }
    String mode = switch (ap) {
      case "NOTSET", "" -> "explicit";
      case "VALID" -> "valid";
      case "SAME_UPPER" -> "same_upper";
      case "SAME_LOWER" -> "same_lower";
      default -> throw c.fail("unknown auto_pad " + ap);
    };
    boolean explicit = mode.equals("explicit");
    return new Padding(explicit ? Arrays.copyOfRange(pads, 0, spatial) : new long[spatial],
        explicit ? Arrays.copyOfRange(pads, spatial, 2 * spatial) : new long[spatial], mode);
  }

  private static long[] ones(int n) {
    long[] o = new long[n];
    Arrays.fill(o, 1);
    return o;
  }

  private static int spatialRank(NodeContext c, Output x, Output w) {
    if (x.shape().isRankStatic()) {
      return x.shape().rank() - 2;
    }
    return c.rank(w, "the weights") - 2;
  }

  private static List<Output> conv(NodeContext c) {
    Output x = c.in(0);
    Output w = c.in(1);
    int spatial = spatialRank(c, x, w);
    long group = c.i("group", 1);
    Padding p = padding(c, spatial);
    long[] strides = c.ints("strides", ones(spatial));
    long[] dilations = c.ints("dilations", ones(spatial));
    String type = "Convolution";
    if (group > 1) {
      type = "GroupConvolution";
      w = regroup(c, w, group);
    }
    Output y = c.make(type, "opset1", List.of(x, w), a -> a.set("strides", strides).set("dilations", dilations)
        .set("pads_begin", p.begin()).set("pads_end", p.end()).set("auto_pad", p.autoPad())).output(0);
    if (c.opt(2).isPresent()) {
      y = addChannelBias(c, y, c.in(2), spatial);
    }
    return List.of(y);
  }

  /** Weights [Cout, Cin/G, k...] as [G, Cout/G, Cin/G, k...]. */
  private static Output regroup(NodeContext c, Output w, long group) {
    PartialShape ws = w.shape();
    if (!ws.isStatic()) {
      throw c.unsupported("grouped convolution needs weights of a static shape");
    }
    long[] s = ws.toLongArray();
    if (s[0] % group != 0) {
      throw c.fail("output channels " + s[0] + " are not divisible by group " + group);
    }
    long[] g = new long[s.length + 1];
    g[0] = group;
    g[1] = s[0] / group;
    System.arraycopy(s, 1, g, 2, s.length - 1);
    var data = NodeContext.constant(w);
    if (data.isPresent()) {
      return Ops.constant(ConstantData.ofSegment(data.get().elementType(), g, data.get().bytes())).output();
    }
    return c.make("Reshape", "opset1", List.of(w, c.i64(g)), a -> a.set("special_zero", false)).output(0);
  }

  /**
   * Explicit pads for a ConvTranspose given {@code output_shape} (or SAME auto_pad, whose output is
   * {@code in * stride}), by the ONNX specification: the total padding
   * {@code stride * (in - 1) + output_padding + (k - 1) * dilation + 1 - out} is split with the larger
   * half at the end for SAME_UPPER and at the start otherwise (SAME_LOWER, or output_shape without
   * auto_pad). Needs static spatial input dimensions.
   */
  private static Padding transposedPads(NodeContext c, Output x, Output w, int spatial, Padding p, long[] strides,
      long[] dilations, long[] outPad) {
    long[] out = c.ints("output_shape");
    if (!x.shape().isRankStatic() || !w.shape().isStatic()) {
      throw c.unsupported("output_shape or SAME auto_pad need static input and weight shapes here");
    }
    long[] ws = w.shape().toLongArray();
    long[] begin = new long[spatial];
    long[] end = new long[spatial];
    for (int i = 0; i < spatial; i++) {
      var d = x.shape().get(i + 2);
      if (d.isDynamic()) {
        throw c.unsupported("output_shape or SAME auto_pad need static spatial input dimensions");
      }
      long in = d.length();
      long target = out != null ? out[out.length - spatial + i] : in * strides[i];
      long total = strides[i] * (in - 1) + outPad[i] + (ws[i + 2] - 1) * dilations[i] + 1 - target;
      boolean upper = p.autoPad().equals("same_upper");
      if (total < 0) {
        throw c.unsupported("an output (" + target + ") larger than the kernel reaches is not mapped");
      }
      begin[i] = upper ? total / 2 : total - total / 2;
      end[i] = total - begin[i];
    }
    return new Padding(begin, end, "explicit");
  }

  /** Transposed-convolution weights [Cin, Cout/G, k...] as [G, Cin/G, Cout/G, k...]. */
  private static Output regroupTransposed(NodeContext c, Output w, long group) {
    var data = NodeContext.constant(w);
    if (data.isEmpty()) {
      throw c.unsupported("grouped ConvTranspose needs constant weights");
    }
    long[] s = data.get().shape();
    if (s[0] % group != 0) {
      throw c.fail("input channels " + s[0] + " are not divisible by group " + group);
    }
    long[] g = new long[s.length + 1];
    g[0] = group;
    g[1] = s[0] / group;
    System.arraycopy(s, 1, g, 2, s.length - 1);
    return Ops.constant(ConstantData.ofSegment(data.get().elementType(), g, data.get().bytes())).output();
  }

  /** {@code y + bias} with a 1-D bias of C values aligned to axis 1. */
  private static Output addChannelBias(NodeContext c, Output y, Output bias, int spatial) {
    Output b = channelShaped(c, bias, spatial);
    return c.make("Add", "opset1", List.of(y, b), a -> a.set("auto_broadcast", "numpy")).output(0);
  }

  /** A 1-D per-channel tensor reshaped to [C, 1, ..., 1] (one 1 per spatial axis). */
  private static Output channelShaped(NodeContext c, Output v, int spatial) {
    long[] shape = new long[spatial + 1];
    Arrays.fill(shape, 1);
    var data = NodeContext.constant(v);
    if (data.isPresent() && data.get().shape().length == 1) {
      shape[0] = data.get().shape()[0];
      return Ops.constant(ConstantData.ofSegment(data.get().elementType(), shape, data.get().bytes())).output();
    }
    shape[0] = -1;
    return c.make("Reshape", "opset1", List.of(v, c.i64(shape)), a -> a.set("special_zero", false)).output(0);
  }

  private static List<Output> convTranspose(NodeContext c) {
    Output x = c.in(0);
    Output w = c.in(1);
    int spatial = spatialRank(c, x, w);
    long group = c.i("group", 1);
    Padding p = padding(c, spatial);
    long[] strides = c.ints("strides", ones(spatial));
    long[] dilations = c.ints("dilations", ones(spatial));
    long[] outPad = c.ints("output_padding", new long[spatial]);
    if (c.has("output_shape") || p.autoPad().startsWith("same")) {
      p = transposedPads(c, x, w, spatial, p, strides, dilations, outPad);
    }
    String type = "ConvolutionBackpropData";
    if (group > 1) {
      type = "GroupConvolutionBackpropData";
      w = regroupTransposed(c, w, group);
    }
    Padding pads = p;
    Output y = c.make(type, "opset1", List.of(x, w), a -> a.set("strides", strides)
        .set("dilations", dilations).set("pads_begin", pads.begin()).set("pads_end", pads.end())
        .set("output_padding", outPad).set("auto_pad", pads.autoPad())).output(0);
    if (c.opt(2).isPresent()) {
      y = addChannelBias(c, y, c.in(2), spatial);
    }
    return List.of(y);
  }

  private static List<Output> pool(NodeContext c, boolean max) {
    Output x = c.in(0);
    long[] kernel = c.ints("kernel_shape");
    if (kernel == null) {
      throw c.fail("kernel_shape is required");
    }
    int spatial = kernel.length;
    Padding p = padding(c, spatial);
    long[] strides = c.ints("strides", ones(spatial));
    long[] dilations = c.ints("dilations", ones(spatial));
    String rounding = c.i("ceil_mode", 0) != 0 ? "ceil" : "floor";
    if (max) {
      if (c.i("storage_order", 0) != 0 && c.node().outputs().size() > 1) {
        throw c.unsupported("column-major indices (storage_order=1) are not mapped");
      }
      String version = c.opset() >= 8 ? "opset8" : "opset1";
      var n = c.make("MaxPool", version, List.of(x), a -> {
        a.set("kernel", kernel).set("strides", strides).set("pads_begin", p.begin()).set("pads_end", p.end())
            .set("rounding_type", rounding).set("auto_pad", p.autoPad());
        if (version.equals("opset8")) {
          a.set("dilations", dilations).set("index_element_type", ElementType.I64).set("axis", 0L);
        }
      });
      if (c.node().outputs().size() > 1 && !c.node().outputs().get(1).isEmpty()) {
        if (n.outputs().size() < 2) {
          throw c.unsupported("MaxPool indices need opset 8 or later");
        }
        return List.of(n.output(0), n.output(1));
      }
      return List.of(n.output(0));
    }
    for (long d : dilations) {
      if (d != 1) {
        throw c.unsupported("AveragePool with dilations is not mapped");
      }
    }
    boolean exclude = c.i("count_include_pad", 0) == 0;
    return List.of(c.make("AvgPool", "opset1", List.of(x), a -> a.set("kernel", kernel).set("strides", strides)
        .set("pads_begin", p.begin()).set("pads_end", p.end()).set("exclude-pad", exclude)
        .set("rounding_type", rounding).set("auto_pad", p.autoPad())).output(0));
  }

  private static List<Output> batchNorm(NodeContext c) {
    if (c.i("training_mode", 0) != 0) {
      throw c.unsupported("training_mode=1 is not mapped");
    }
    if (c.i("spatial", 1) == 0) {
      throw c.unsupported("spatial=0 is not mapped");
    }
    double eps = c.f("epsilon", 1e-5f);
    Output y = c.make("BatchNormInference", "opset5", List.of(c.in(0), c.in(1), c.in(2), c.in(3), c.in(4)),
        a -> a.set("epsilon", eps)).output(0);
    return List.of(y);
  }

  private static List<Output> instanceNorm(NodeContext c) {
    Output x = c.in(0);
    int r = c.rank(x, "the input of InstanceNormalization");
    long[] axes = new long[r - 2];
    for (int i = 2; i < r; i++) {
      axes[i - 2] = i;
    }
    double eps = c.f("epsilon", 1e-5f);
    Output mvn = c.make("MVN", "opset6", List.of(x, c.i64(axes)), a -> a.set("eps", eps)
        .set("normalize_variance", true).set("eps_mode", "inside_sqrt")).output(0);
    Output scale = channelShaped(c, c.in(1), r - 2);
    Output bias = channelShaped(c, c.in(2), r - 2);
    Output scaled = c.make("Multiply", "opset1", List.of(mvn, scale), a -> a.set("auto_broadcast", "numpy"))
        .output(0);
    return List.of(c.make("Add", "opset1", List.of(scaled, bias), a -> a.set("auto_broadcast", "numpy"))
        .output(0));
  }

  /**
   * GroupNormalization-12. Before opset 21 ONNX gives scale and bias per group; each value is repeated
   * for the group's channels, as OpenVINO's frontend does (here on constants).
   */
  private static List<Output> groupNorm(NodeContext c) {
    Output x = c.in(0);
    long groups = c.i("num_groups", 0);
    if (groups <= 0) {
      throw c.fail("num_groups must be positive");
    }
    Output scale = c.in(1);
    Output bias = c.in(2);
    if (c.opset() < 21) {
      scale = perChannel(c, x, scale, groups);
      bias = perChannel(c, x, bias, groups);
    }
    double eps = c.f("epsilon", 1e-5f);
    return List.of(c.make("GroupNormalization", "opset12", List.of(x, scale, bias),
        a -> a.set("num_groups", groups).set("epsilon", eps)).output(0));
  }

  private static Output perChannel(NodeContext c, Output x, Output perGroup, long groups) {
    var data = NodeContext.constant(perGroup);
    if (!x.shape().isRankStatic() || x.shape().rank() < 2 || x.shape().get(1).isDynamic() || data.isEmpty()) {
      throw c.unsupported("per-group scale and bias (opset < 21) need constant values and a static channel count");
    }
    long channels = x.shape().get(1).length();
    float[] g = data.get().toFloatArray();
    if (g.length != groups || channels % groups != 0) {
      throw c.fail(g.length + " per-group values for " + groups + " groups of " + channels + " channels");
    }
    float[] v = new float[(int) channels];
    for (int i = 0; i < channels; i++) {
      v[i] = g[(int) (i / (channels / groups))];
    }
    return Ops.constant(ConstantData.ofFloats(perGroup.elementType(), new long[] {channels}, v)).output();
  }

  private static List<Output> layerNorm(NodeContext c) {
    Output x = c.in(0);
    if (c.node().outputs().size() > 1) {
      for (int i = 1; i < c.node().outputs().size(); i++) {
        if (!c.node().outputs().get(i).isEmpty()) {
          throw c.unsupported("the Mean and InvStdDev outputs are not mapped");
        }
      }
    }
    int r = c.rank(x, "the input of LayerNormalization");
    long axis = c.axis(c.i("axis", -1), r);
    long[] axes = new long[(int) (r - axis)];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = axis + i;
    }
    double eps = c.f("epsilon", 1e-5f);
    Output y = c.make("MVN", "opset6", List.of(x, c.i64(axes)), a -> a.set("eps", eps)
        .set("normalize_variance", true).set("eps_mode", "inside_sqrt")).output(0);
    y = c.make("Multiply", "opset1", List.of(y, c.in(1)), a -> a.set("auto_broadcast", "numpy")).output(0);
    if (c.opt(2).isPresent()) {
      Output prev = y;
      y = c.make("Add", "opset1", List.of(prev, c.in(2)), a -> a.set("auto_broadcast", "numpy")).output(0);
    }
    return List.of(y);
  }

  private static List<Output> gemm(NodeContext c) {
    Output a = c.in(0);
    Output b = c.in(1);
    double alpha = c.f("alpha", 1f);
    double beta = c.f("beta", 1f);
    boolean ta = c.i("transA", 0) != 0;
    boolean tb = c.i("transB", 0) != 0;
    Output y = c.make("MatMul", "opset1", List.of(a, b), at -> at.set("transpose_a", ta).set("transpose_b", tb))
        .output(0);
    y.node().setName(c.node().displayName() + "/WithoutBiases");
    if (alpha != 1) {
      Output prev = y;
      y = c.make("Multiply", "opset1", List.of(prev, NodeContext.scalar(prev.elementType(), alpha)),
          at -> at.set("auto_broadcast", "numpy")).output(0);
    }
    if (c.opt(2).isPresent() && beta != 0) {
      Output bias = c.in(2);
      if (beta != 1) {
        Output pb = bias;
        bias = c.make("Multiply", "opset1", List.of(pb, NodeContext.scalar(pb.elementType(), beta)),
            at -> at.set("auto_broadcast", "numpy")).output(0);
      }
      Output prev = y;
      Output bb = bias;
      y = c.make("Add", "opset1", List.of(prev, bb), at -> at.set("auto_broadcast", "numpy")).output(0);
    }
    return List.of(y);
  }

  private static List<Output> softmax(NodeContext c, boolean log) {
    Output x = c.in(0);
    String type = log ? "LogSoftmax" : "Softmax";
    String version = log ? "opset5" : "opset8";
    if (c.opset() >= 13) {
      long axis = c.i("axis", -1);
      return List.of(c.make(type, version, List.of(x), a -> a.set("axis", axis)).output(0));
    }
    int r = c.rank(x, "the input of " + c.node().opType() + " before opset 13");
    long axis = c.axis(c.i("axis", 1), r);
    if (axis == r - 1) {
      return List.of(c.make(type, version, List.of(x), a -> a.set("axis", axis)).output(0));
    }
    Output flat = TensorOps.flatten(c, x, axis);
    Output s = c.make(type, version, List.of(flat), a -> a.set("axis", 1L)).output(0);
    Output shape = c.make("ShapeOf", "opset3", List.of(x), a -> a.set("output_type", ElementType.I64)).output(0);
    Output y = c.make("Reshape", "opset1", List.of(s, shape), a -> a.set("special_zero", false)).output(0);
    y.setType(x.elementType(), x.shape());
    return List.of(y);
  }
}
