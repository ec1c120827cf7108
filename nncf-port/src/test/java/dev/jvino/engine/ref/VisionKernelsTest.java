package dev.jvino.engine.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed cases and typed rejections of the kernels {@link VisionKernels} registers. */
class VisionKernelsTest {
  private static NdArray run(String type, int version, Map<String, String> attrs, NdArray... in) {
    return KernelRegistry.evaluate(type, version, Arrays.asList(in), attrs).get(0);
  }

  private static Map<String, String> attrs(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static NdArray f(long[] shape, float... v) {
    return NdArray.f32(shape, v);
  }

  private static NdArray iota(long... shape) {
    float[] v = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    return NdArray.f32(shape, v);
  }

  @Test
  void registeredVersions() {
    var s = KernelRegistry.supported();
    assertEquals(List.of(0, 4, 11), s.get("Interpolate"));
    assertEquals(List.of(0, 5), s.get("BatchNormInference"));
    for (String op : List.of("NormalizeL2", "DepthToSpace", "SpaceToDepth")) {
      assertEquals(List.of(0), s.get(op), op);
    }
    assertEquals(List.of(3), s.get("CumSum"));
    assertEquals(List.of(4), s.get("ReduceL1"));
    assertEquals(List.of(4), s.get("ReduceL2"));
    assertEquals(List.of(1), s.get("GroupConvolutionBackpropData"));
    // opset13 Interpolate resolves to version 11, opset5 to version 4, opset1 to version 0
    assertTrue(KernelRegistry.forOpset("Interpolate", 13).isPresent());
  }

  @Test
  void depthToSpaceModes() {
    NdArray x = iota(1, 8, 1, 1);
    assertEquals(f(new long[] {1, 2, 2, 2}, 0, 2, 4, 6, 1, 3, 5, 7),
        run("DepthToSpace", 0, attrs("mode", "blocks_first", "block_size", "2"), x));
    assertEquals(f(new long[] {1, 2, 2, 2}, 0, 1, 2, 3, 4, 5, 6, 7),
        run("DepthToSpace", 0, attrs("mode", "depth_first", "block_size", "2"), x));
    NdArray back = run("SpaceToDepth", 0, attrs("mode", "blocks_first", "block_size", "2"),
        f(new long[] {1, 2, 2, 2}, 0, 2, 4, 6, 1, 3, 5, 7));
    assertEquals(x, back);
    OpInputException e = assertThrows(OpInputException.class,
        () -> run("DepthToSpace", 0, attrs("mode", "blocks_first", "block_size", "3"), x));
    assertEquals("DepthToSpace-0", e.op());
    OpAttributeException m = assertThrows(OpAttributeException.class,
        () -> run("SpaceToDepth", 0, attrs("mode", "columns_first", "block_size", "2"), x));
    assertEquals("mode", m.attribute());
  }

  @Test
  void cumSumFlags() {
    NdArray x = f(new long[] {3}, 1, 2, 3);
    NdArray axis = NdArray.scalarLong(0);
    assertEquals(f(new long[] {3}, 1, 3, 6), run("CumSum", 3, attrs(), x, axis));
    assertEquals(f(new long[] {3}, 0, 1, 3), run("CumSum", 3, attrs("exclusive", "true"), x, axis));
    assertEquals(f(new long[] {3}, 6, 5, 3), run("CumSum", 3, attrs("reverse", "true"), x, axis));
    assertEquals(f(new long[] {3}, 5, 3, 0), run("CumSum", 3, attrs("exclusive", "true", "reverse", "true"), x, axis));
    // integers are exact and wrap to the type; a missing axis input means axis 0
    NdArray i8 = NdArray.ofLongs(ElementType.I8, new long[] {2}, new long[] {100, 100});
    assertEquals(NdArray.ofLongs(ElementType.I8, new long[] {2}, new long[] {100, -56}), run("CumSum", 3, attrs(), i8));
    assertThrows(UnsupportedOpException.class, () -> run("CumSum", 3, attrs(), NdArray.bools(new long[] {1}, true)));
  }

  @Test
  void batchNormInferencePortOrders() {
    NdArray x = f(new long[] {1, 2, 1}, 1, 2);
    NdArray gamma = f(new long[] {2}, 2, 3);
    NdArray beta = f(new long[] {2}, 1, 1);
    NdArray mean = f(new long[] {2}, 0, 1);
    NdArray var = f(new long[] {2}, 3, 0);
    NdArray expected = f(new long[] {1, 2, 1}, 2, 4); // 2*(1-0)/2+1, 3*(2-1)/1+1
    assertEquals(expected, run("BatchNormInference", 5, attrs("epsilon", "1"), x, gamma, beta, mean, var));
    assertEquals(expected, run("BatchNormInference", 0, attrs("epsilon", "1"), gamma, beta, x, mean, var));
    OpInputException e = assertThrows(OpInputException.class, () -> run("BatchNormInference", 5,
        attrs("epsilon", "1"), x, f(new long[] {3}, 1, 1, 1), beta, mean, var));
    assertEquals(1, e.input());
  }

  @Test
  void normalizeL2EpsModes() {
    NdArray x = f(new long[] {2}, 3, 4);
    NdArray axes = NdArray.vector(0);
    assertEquals(f(new long[] {2}, 0.6f, 0.8f), run("NormalizeL2", 0, attrs("eps", "0", "eps_mode", "add"), x, axes));
    assertEquals(f(new long[] {2}, 0.3f, 0.4f), run("NormalizeL2", 0, attrs("eps", "100", "eps_mode", "max"), x, axes));
    assertEquals(f(new long[] {2}, 3 / (float) Math.sqrt(125), 4 / (float) Math.sqrt(125)),
        run("NormalizeL2", 0, attrs("eps", "100", "eps_mode", "add"), x, axes));
    // empty axes: non-zero elements become 1
    assertEquals(f(new long[] {3}, 1, 0, 1),
        run("NormalizeL2", 0, attrs("eps", "0", "eps_mode", "add"), f(new long[] {3}, 5, 0, -2), NdArray.vector()));
    OpAttributeException e = assertThrows(OpAttributeException.class,
        () -> run("NormalizeL2", 0, attrs("eps", "0", "eps_mode", "mul"), x, axes));
    assertEquals("eps_mode", e.attribute());
  }

  @Test
  void reductions() {
    NdArray x = NdArray.i64(new long[] {2, 2}, -1, 2, 3, 4);
    NdArray axes = NdArray.vector(1);
    assertEquals(NdArray.i64(new long[] {2}, 3, 7), run("ReduceL1", 4, attrs(), x, axes));
    assertEquals(NdArray.i64(new long[] {2, 1}, 2, 5), run("ReduceL2", 4, attrs("keep_dims", "true"), x, axes));
    assertEquals(NdArray.i64(new long[] {2}, -2, 12), run("ReduceProd", 1, attrs(), x, axes));
    assertEquals(f(new long[] {}, 5), run("ReduceL2", 4, attrs(), f(new long[] {2}, 3, -4), NdArray.vector(0)));
    // an empty extent: product 1
    assertEquals(f(new long[] {2}, 1, 1), run("ReduceProd", 1, attrs(), NdArray.f32(new long[] {2, 0}), axes));
    NdArray b = NdArray.bools(new long[] {2, 2}, true, false, true, true);
    assertEquals(NdArray.bools(new long[] {2}, false, true), run("ReduceLogicalAnd", 1, attrs(), b, axes));
    assertEquals(NdArray.bools(new long[] {2}, true, true), run("ReduceLogicalOr", 1, attrs(), b, axes));
    assertThrows(OpInputException.class, () -> run("ReduceLogicalOr", 1, attrs(), x, axes));
    assertThrows(UnsupportedOpException.class, () -> run("ReduceL1", 4, attrs(), b, axes));
  }

  private static Map<String, String> interp(String mode, String ctm, String... more) {
    Map<String, String> m = attrs(more);
    m.put("mode", mode);
    m.put("coordinate_transformation_mode", ctm);
    m.putIfAbsent("shape_calculation_mode", "sizes");
    return m;
  }

  @Test
  void interpolateHandComputed() {
    NdArray x = f(new long[] {1, 1, 1, 2}, 0, 3);
    NdArray axes = NdArray.vector(3);
    NdArray spatial = NdArray.vector(2, 3);
    // linear_onnx (all spatial axes) with align_corners: 0, 1, 2, 3
    assertEquals(f(new long[] {1, 1, 1, 4}, 0, 1, 2, 3),
        run("Interpolate", 11, interp("linear_onnx", "align_corners"), x, NdArray.vector(1, 4), spatial));
    // nearest asymmetric, scales 2: 0, 0, 3, 3
    assertEquals(f(new long[] {1, 1, 1, 4}, 0, 0, 3, 3), run("Interpolate", 11,
        interp("nearest", "asymmetric", "shape_calculation_mode", "scales"), x, f(new long[] {1}, 2), axes));
    // half_pixel, 2 -> 4: sources -0.25, 0.25, 0.75, 1.25; round_prefer_floor -> 0, 0, 1, 1; ceil -> 0, 1, 1, 1
    assertEquals(f(new long[] {1, 1, 1, 4}, 0, 0, 3, 3),
        run("Interpolate", 11, interp("nearest", "half_pixel"), x, NdArray.vector(4), axes));
    assertEquals(f(new long[] {1, 1, 1, 4}, 0, 3, 3, 3),
        run("Interpolate", 11, interp("nearest", "half_pixel", "nearest_mode", "ceil"), x, NdArray.vector(4), axes));
    // pads: [0, 3] padded to [0, 0, 3] then resized 3 -> 3 is the padded input
    assertEquals(f(new long[] {1, 1, 1, 3}, 0, 0, 3), run("Interpolate", 11,
        interp("linear", "half_pixel", "pads_begin", "0,0,0,1"), x, NdArray.vector(3), axes));
    // Interpolate-4 takes sizes and scales; the shape_calculation_mode picks
    assertEquals(f(new long[] {1, 1, 1, 4}, 0, 1, 2, 3), run("Interpolate", 4,
        interp("linear_onnx", "align_corners"), x, NdArray.vector(1, 4), f(new long[] {2}, 9, 9), spatial));
    // Interpolate-0: linear on a rank-4 input is linear_onnx; align_corners
    assertEquals(f(new long[] {1, 1, 1, 4}, 0, 1, 2, 3), run("Interpolate", 0,
        attrs("axes", "2,3", "mode", "linear", "align_corners", "true"), x, NdArray.vector(1, 4)));
    // without align_corners OpenVINO maps it to asymmetric for 4-D inputs on axes {2,3}: 0, 1.5, 3, 3
    assertEquals(f(new long[] {1, 1, 1, 4}, 0, 1.5f, 3, 3), run("Interpolate", 0,
        attrs("axes", "2,3", "mode", "linear"), x, NdArray.vector(1, 4)));
    // and to half_pixel otherwise (rank 3, axis 2): sources -0.25, 0.25, 0.75, 1.25 clamped -> 0, .75, 2.25, 3
    assertEquals(f(new long[] {1, 1, 4}, 0, 0.75f, 2.25f, 3), run("Interpolate", 0,
        attrs("axes", "0,1,2", "mode", "linear"), x.reshape(1, 1, 2), NdArray.vector(1, 1, 4)));
  }

  @Test
  void interpolateIntegerRounding() {
    NdArray x = NdArray.i32(new long[] {2}, 0, 1);
    NdArray axes = NdArray.vector(0);
    // linear rounds half away from zero: 0, 1/3, 2/3, 1 -> 0, 0, 1, 1
    assertEquals(NdArray.i32(new long[] {4}, 0, 0, 1, 1),
        run("Interpolate", 11, interp("linear", "align_corners"), x, NdArray.vector(4), axes));
    // linear_onnx truncates: 0, 0, 0, 1 (needs rank 2 with both axes)
    NdArray x2 = NdArray.i32(new long[] {1, 2}, 0, 1);
    assertEquals(NdArray.i32(new long[] {1, 4}, 0, 0, 0, 1), run("Interpolate", 11,
        interp("linear_onnx", "align_corners"), x2, NdArray.vector(1, 4), NdArray.vector(0, 1)));
  }

  @Test
  void interpolateRejections() {
    NdArray x = iota(1, 1, 2, 2);
    NdArray sizes = NdArray.vector(3, 3);
    NdArray axes = NdArray.vector(2, 3);
    OpAttributeException mode = assertThrows(OpAttributeException.class, () -> run("Interpolate", 4,
        interp("bilinear_pillow", "half_pixel"), x, sizes, f(new long[] {2}, 1, 1), axes));
    assertEquals("Interpolate-4", mode.op());
    assertEquals("mode", mode.attribute());
    assertEquals("nearest_mode", assertThrows(OpAttributeException.class, () -> run("Interpolate", 11,
        interp("nearest", "half_pixel", "nearest_mode", "nearestest"), x, sizes, axes)).attribute());
    assertEquals("coordinate_transformation_mode", assertThrows(OpAttributeException.class,
        () -> run("Interpolate", 11, interp("nearest", "half"), x, sizes, axes)).attribute());
    assertEquals("pads_begin", assertThrows(OpAttributeException.class, () -> run("Interpolate", 11,
        interp("nearest", "half_pixel", "pads_begin", "0,0,-1,0"), x, sizes, axes)).attribute());
    // sizes mode with a float tensor
    assertEquals(1, assertThrows(OpInputException.class, () -> run("Interpolate", 11,
        interp("nearest", "half_pixel"), x, f(new long[] {2}, 3, 3), axes)).input());
    // Pillow modes resize exactly two axes; linear_onnx only all or the spatial axes
    assertThrows(OpInputException.class, () -> run("Interpolate", 11, interp("bicubic_pillow", "half_pixel"), x,
        NdArray.vector(3), NdArray.vector(3)));
    assertThrows(OpInputException.class, () -> run("Interpolate", 11, interp("linear_onnx", "half_pixel"), x,
        NdArray.vector(2, 3), NdArray.vector(1, 2)));
    assertThrows(OpInputException.class, () -> run("Interpolate", 11, interp("cubic", "half_pixel"), x,
        NdArray.vector(3), axes));
    UnsupportedOpException area = assertThrows(UnsupportedOpException.class, () -> run("Interpolate", 0,
        attrs("axes", "2,3", "mode", "area"), x, sizes));
    assertEquals("Interpolate-0", area.op());
  }

  @Test
  void transposedConvolutionChecks() {
    NdArray x = iota(1, 4, 2);
    NdArray w = iota(2, 2, 1, 2);
    Map<String, String> a = attrs("strides", "1", "dilations", "1", "pads_begin", "0", "pads_end", "0");
    // group 0: channels 0,1 (0,1 / 2,3) with filters [[0,1],[2,3]] -> out ch 0 = [0*0+2*2, ...]
    NdArray y = run("GroupConvolutionBackpropData", 1, a, x, w);
    // ch0 = x0 * w[0,0,0] + x1 * w[0,1,0]: x0 = [0,1], w00 = [0,1]; x1 = [2,3], w01 = [2,3]
    // positions: x0: [0*0, 0*1 + 1*0, 1*1] = [0, 0, 1]; x1: [4, 6+6, 9] = [4, 12, 9] -> [4, 12, 10]
    assertEquals(4f, y.getDouble(0));
    assertEquals(12f, y.getDouble(1));
    assertEquals(10f, y.getDouble(2));
    assertEquals(2, y.dim(1));
    assertThrows(OpInputException.class, () -> run("GroupConvolutionBackpropData", 1, a, iota(1, 3, 2), w));
    assertEquals(2, assertThrows(OpInputException.class,
        () -> run("GroupConvolutionBackpropData", 1, a, x, w, NdArray.vector(4, 4))).input());
    assertEquals("strides", assertThrows(OpAttributeException.class, () -> run("ConvolutionBackpropData", 1,
        attrs("strides", "0", "dilations", "1", "pads_begin", "0", "pads_end", "0"), x, iota(4, 1, 2))).attribute());
  }
}
