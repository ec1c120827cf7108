package dev.jvino.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.io.IrReader;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One ONNX operator per model (with the attribute forms of the opset given), on a float input
 * {@code x[2,3,4,5]} with a dynamic batch: ONNX Runtime on the file and the reference engine on the
 * converted IR (written and read back) agree within 1e-5 + 1e-4 * |ort|.
 */
class SingleOpPeerTest {
  @TempDir Path tmp;

  /** Builds the op on input "x"; returns the output name. */
  interface Body {
    String build(GraphBuilder g);
  }

  static Arguments c(String name, long opset, Body body) {
    return Arguments.of(name, opset, body);
  }

  static Consumer<OnnxBytes> attrs(Consumer<OnnxBytes> a) {
    return a;
  }

  static Stream<Arguments> ops() {
    return Stream.of(
        c("Elu", 13, g -> g.op("Elu", n -> OnnxBytes.floatAttr(n, "alpha", 0.7f), "x")),
        c("Selu", 13, g -> g.op("Selu", "x")),
        c("HardSigmoid", 13, g -> g.op("HardSigmoid", n -> OnnxBytes.floatAttr(n, "alpha", 0.3f), "x")),
        c("Softsign", 13, g -> g.op("Softsign", "x")),
        c("Softplus", 13, g -> g.op("Softplus", "x")),
        c("Gelu_tanh", 20, g -> g.op("Gelu", n -> OnnxBytes.stringAttr(n, "approximate", "tanh"), "x")),
        c("Gelu", 20, g -> g.op("Gelu", "x")),
        c("Reciprocal", 13, g -> g.op("Reciprocal", g.op("Add", g.op("Abs", "x"), g.floats(new long[0], 0.5f)))),
        c("FloorCeilSign", 13, g -> g.op("Add", g.op("Floor", "x"), g.op("Mul", g.op("Ceil", "x"), g.op("Sign", "x")))),
        c("SinCosExpLog", 13, g -> g.op("Add", g.op("Sin", "x"), g.op("Log", g.op("Add", g.op("Exp", g.op("Cos", "x")),
            g.floats(new long[0], 1f))))),
        c("MeanMinSum", 13, g -> g.op("Mean", "x", g.op("Min", "x", g.floats(new long[] {5}, 0, 0.1f, -0.2f, 0.3f, 1f)),
            g.op("Sum", "x", "x", "x"))),
        c("Clip_opset6", 6, g -> g.op("Clip", n -> {
          OnnxBytes.floatAttr(n, "min", -0.4f);
          OnnxBytes.floatAttr(n, "max", 0.6f);
        }, "x")),
        c("Clip_min_only", 13, g -> g.op("Clip", "x", g.floats(new long[0], -0.2f))),
        c("LogSoftmax_13", 13, g -> g.op("LogSoftmax", n -> OnnxBytes.intAttr(n, "axis", 1), "x")),
        c("Softmax_11_axis2", 11, g -> g.op("Softmax", n -> OnnxBytes.intAttr(n, "axis", 2), "x")),
        c("InstanceNormalization", 13, g -> g.op("InstanceNormalization", "x", g.weights(new long[] {3}, 0.5f, 1.5f),
            g.weights(new long[] {3}, -1f, 1f))),
        c("LayerNormalization_axis2", 17, g -> g.op("LayerNormalization", n -> OnnxBytes.intAttr(n, "axis", 2), "x",
            g.weights(new long[] {4, 5}, 0.5f, 1.5f), g.weights(new long[] {4, 5}, -1f, 1f))),
        c("LRN", 13, g -> g.op("LRN", n -> {
          OnnxBytes.intAttr(n, "size", 3);
          OnnxBytes.floatAttr(n, "alpha", 0.01f);
          OnnxBytes.floatAttr(n, "bias", 2f);
        }, "x")),
        c("ConvTranspose", 13, g -> g.op("ConvTranspose", n -> {
          OnnxBytes.intsAttr(n, "strides", 2, 1);
          OnnxBytes.intsAttr(n, "pads", 1, 0, 0, 1);
          OnnxBytes.intsAttr(n, "output_padding", 1, 0);
        }, "x", g.weights(new long[] {3, 2, 3, 2}, -0.5f, 0.5f), g.weights(new long[] {2}, -0.5f, 0.5f))),
        c("ConvTranspose_group3", 13, g -> g.op("ConvTranspose", n -> {
          OnnxBytes.intAttr(n, "group", 3);
          OnnxBytes.intsAttr(n, "strides", 1, 2);
          OnnxBytes.intsAttr(n, "dilations", 2, 1);
          OnnxBytes.intsAttr(n, "pads", 0, 1, 1, 0);
        }, "x", g.weights(new long[] {3, 2, 2, 3}, -0.5f, 0.5f), g.weights(new long[] {6}, -0.5f, 0.5f))),
        c("ConvTranspose_output_shape", 13, g -> g.op("ConvTranspose", n -> {
          OnnxBytes.intsAttr(n, "strides", 2, 2);
          OnnxBytes.intsAttr(n, "output_shape", 8, 10);
        }, "x", g.weights(new long[] {3, 2, 3, 3}, -0.5f, 0.5f))),
        c("ConvTranspose_same_lower", 13, g -> g.op("ConvTranspose", n -> {
          OnnxBytes.intsAttr(n, "strides", 2, 3);
          OnnxBytes.stringAttr(n, "auto_pad", "SAME_LOWER");
        }, "x", g.weights(new long[] {3, 2, 4, 3}, -0.5f, 0.5f))),
        c("ConvTranspose_same_upper", 13, g -> g.op("ConvTranspose", n -> {
          OnnxBytes.intsAttr(n, "strides", 2, 2);
          OnnxBytes.stringAttr(n, "auto_pad", "SAME_UPPER");
        }, "x", g.weights(new long[] {3, 2, 3, 4}, -0.5f, 0.5f))),
        c("Upsample_9", 9, g -> g.op("Upsample", "x", g.floats(new long[] {4}, 1, 1, 2, 3))),
        c("Conv_dilated_strided", 13, g -> g.op("Conv", n -> {
          OnnxBytes.intsAttr(n, "dilations", 2, 1);
          OnnxBytes.intsAttr(n, "strides", 1, 2);
          OnnxBytes.intsAttr(n, "pads", 2, 1, 1, 0);
        }, "x", g.weights(new long[] {4, 3, 2, 3}, -0.5f, 0.5f))),
        c("MaxPool_dilated_same", 13, g -> g.op("MaxPool", n -> {
          OnnxBytes.intsAttr(n, "kernel_shape", 2, 2);
          OnnxBytes.stringAttr(n, "auto_pad", "SAME_UPPER");
        }, "x")),
        c("AveragePool_exclude_pad_ceil", 13, g -> g.op("AveragePool", n -> {
          OnnxBytes.intsAttr(n, "kernel_shape", 3, 2);
          OnnxBytes.intsAttr(n, "strides", 2, 2);
          OnnxBytes.intsAttr(n, "pads", 1, 1, 1, 0);
          OnnxBytes.intAttr(n, "ceil_mode", 1);
        }, "x")),
        c("GlobalMaxPool", 13, g -> g.op("GlobalMaxPool", "x")),
        c("ReduceMax_18_axes_input", 18, g -> g.op("ReduceMax", n -> OnnxBytes.intAttr(n, "keepdims", 0), "x",
            g.longs(1, -1))),
        c("ReduceMin_all", 13, g -> g.op("ReduceMin", "x")),
        c("ReduceSum_13_axes_input", 13, g -> g.op("ReduceSum", "x", g.longs(0, 2))),
        c("Split_18_uneven", 18, g -> {
          g.opN("Split", n -> {
            OnnxBytes.intAttr(n, "axis", 3);
            OnnxBytes.intAttr(n, "num_outputs", 2);
          }, new String[] {"x"}, "s0", "s1");
          return g.op("Concat", n -> OnnxBytes.intAttr(n, "axis", 3), "s1", "s0");
        }),
        c("Pad_edge", 13, g -> g.op("Pad", n -> OnnxBytes.stringAttr(n, "mode", "edge"), "x", g.longs(0, 0, 1, 2, 0, 0, 2, 0))),
        c("Pad_constant_value", 13, g -> g.op("Pad", "x", g.longs(0, 1, 0, 0, 0, 0, 1, 1), g.floats(new long[0], 3f))),
        c("Flatten_axis2", 13, g -> g.op("Flatten", n -> OnnxBytes.intAttr(n, "axis", 2), "x")),
        c("Transpose_default", 13, g -> g.op("Transpose", "x")),
        c("Slice_negative_step", 13, g -> g.op("Slice", "x", g.longs(-1, 4), g.longs(-100, 0), g.longs(3, 2),
            g.longs(-1, -2))),
        c("WhereEqualNot", 13, g -> g.op("Where", g.op("Not", g.op("Equal", g.op("Sign", "x"),
            g.floats(new long[0], 1f))), "x", g.op("Neg", "x"))),
        c("AndOrXor", 13, g -> {
          String a = g.op("Greater", "x", g.floats(new long[0], 0f));
          String b = g.op("Less", "x", g.floats(new long[0], 0.5f));
          String m = g.op("Xor", g.op("And", a, b), g.op("Or", a, g.op("LessOrEqual", "x", g.floats(new long[0], -1f))));
          return g.op("Cast", n -> OnnxBytes.intAttr(n, "to", 1), m);
        }),
        c("CastLike_roundtrip", 15, g -> g.op("CastLike", g.op("Cast", n -> OnnxBytes.intAttr(n, "to", 7), "x"), "x")),
        c("Dropout_mask", 13, g -> {
          g.opN("Dropout", n -> { }, new String[] {"x"}, "d", "mask");
          return g.op("Where", "mask", "d", g.floats(new long[0], 9f));
        }),
        c("GatherNegativeIndices", 13, g -> g.op("Gather", n -> OnnxBytes.intAttr(n, "axis", 3), "x",
            g.longs(-1, 0, 2))),
        c("Unsqueeze_Squeeze_11", 11, g -> g.op("Squeeze", n -> OnnxBytes.intsAttr(n, "axes", 2),
            g.op("Unsqueeze", n -> OnnxBytes.intsAttr(n, "axes", 2), "x"))),
        c("PRelu_channel", 13, g -> g.op("PRelu", "x", g.weights(new long[] {3, 1, 1}, 0f, 0.5f))),
        c("Mod_fmod", 13, g -> g.op("Mod", n -> OnnxBytes.intAttr(n, "fmod", 1), "x", g.floats(new long[0], 0.7f))),
        c("GroupNormalization_21", 21, g -> g.op("GroupNormalization", n -> OnnxBytes.intAttr(n, "num_groups", 3), "x",
            g.weights(new long[] {3}, 0.5f, 1.5f), g.weights(new long[] {3}, -1f, 1f))),
        c("GroupNormalization_18_per_group", 18, g -> g.op("Reshape", g.op("GroupNormalization",
            n -> OnnxBytes.intAttr(n, "num_groups", 2), g.op("Reshape", "x", g.longs(0, 6, 2, 5)),
            g.weights(new long[] {2}, 0.5f, 1.5f), g.weights(new long[] {2}, -1f, 1f)), g.longs(0, 3, 4, 5))),
        c("Pow_int_exponent", 13, g -> g.op("Pow", "x", g.raw(7, new long[0], new byte[] {2, 0, 0, 0, 0, 0, 0, 0}))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void agreesWithOnnxRuntime(String name, long opset, Body body) throws Exception {
    GraphBuilder g = new GraphBuilder(name.hashCode());
    g.input("x", -1, 3, 4, 5);
    g.output(body.build(g));
    Path onnx = tmp.resolve(name + ".onnx");
    Files.write(onnx, g.model(opset));
    Path xml = tmp.resolve(name + ".xml");
    Convert.onnxToIr(onnx, xml, ConvertOptions.DEFAULT);
    Model m = IrReader.read(xml);
    Random r = new Random(name.length());
    float[] v = new float[2 * 3 * 4 * 5];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    long[] shape = {2, 3, 4, 5};
    NdArray ours = new ReferenceEngine().compile(m).createSession()
        .infer(Map.of("x", NdArray.ofFloats(ElementType.F32, shape, v))).get(0);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
        OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(v), shape);
        OrtSession.Result res = s.run(Map.of("x", x))) {
      OnnxTensor t = (OnnxTensor) res.get(0);
      assertArrayEquals(t.getInfo().getShape(), ours.shape(), name + ": shape");
      FloatBuffer fb = t.getFloatBuffer();
      float[] want = new float[fb.remaining()];
      fb.get(want);
      float[] got = ours.toFloatArray();
      for (int i = 0; i < want.length; i++) {
        assertTrue(Math.abs(got[i] - want[i]) <= 1e-5 + 1e-4 * Math.abs(want[i]),
            name + "[" + i + "]: reference engine " + got[i] + ", ONNX Runtime " + want[i]);
      }
    }
  }
}
