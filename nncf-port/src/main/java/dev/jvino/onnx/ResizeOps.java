package dev.jvino.onnx;

import dev.jvino.ir.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resize and Upsample to Interpolate-11, as OpenVINO's ONNX frontend maps them: ONNX modes nearest,
 * linear and cubic become nearest, linear_onnx and cubic; sizes (when given) or scales; the
 * {@code axes} attribute (opset 18) becomes the axes input; before opset 11, nearest resizing uses
 * the asymmetric transform with the {@code simple} nearest mode and linear the asymmetric transform.
 */
final class ResizeOps {
  private static final Set<String> TRANSFORMS = Set.of("half_pixel", "pytorch_half_pixel", "align_corners",
      "asymmetric", "tf_half_pixel_for_nn");

  private ResizeOps() {}

  static void register(Map<String, OpMapper> t) {
    t.put("Resize", ResizeOps::resize);
    t.put("Upsample", ResizeOps::resize);
  }

  private static List<Output> resize(NodeContext c) {
    String mode = c.s("mode", "nearest");
    String ovMode = switch (mode) {
      case "nearest" -> "nearest";
      case "linear", "bilinear" -> "linear_onnx";
      case "cubic" -> "cubic";
      default -> throw c.unsupported("interpolation mode " + mode + " is not mapped");
    };
    String transform = c.s("coordinate_transformation_mode", "half_pixel");
    String nearest = c.s("nearest_mode", "round_prefer_floor");
    boolean legacy = c.opset() < 11 || c.node().opType().equals("Upsample");
    if (legacy) {
      transform = "asymmetric";
      if (ovMode.equals("nearest")) {
        nearest = "simple";
      }
    } else if (!TRANSFORMS.contains(transform)) {
      throw c.unsupported("coordinate_transformation_mode " + transform + " is not mapped");
    }
    if (c.i("antialias", 0) != 0) {
      throw c.unsupported("antialias is not mapped");
    }
    if (!c.s("keep_aspect_ratio_policy", "stretch").equals("stretch")) {
      throw c.unsupported("keep_aspect_ratio_policy other than stretch is not mapped");
    }
    Output data = c.in(0);
    Output target;
    boolean sizes;
    if (legacy) {
      target = c.has("scales") ? floatConst(c.floats("scales")) : c.in(1);
      sizes = false;
    } else if (c.opt(3).isPresent()) {
      target = c.in(3);
      sizes = true;
    } else {
      target = c.in(2);
      sizes = false;
    }
    List<Output> ins = new ArrayList<>(List.of(data, target));
    long[] axes = c.ints("axes");
    if (axes != null && axes.length > 0) {
      ins.add(c.i64(axes));
    }
    String tm = transform;
    String nm = nearest;
    double cube = c.f("cubic_coeff_a", -0.75f);
    return List.of(c.make("Interpolate", "opset11", ins, a -> a.set("mode", ovMode)
        .set("shape_calculation_mode", sizes ? "sizes" : "scales").set("coordinate_transformation_mode", tm)
        .set("nearest_mode", nm).set("antialias", false).set("pads_begin", new long[] {0})
        .set("pads_end", new long[] {0}).set("cube_coeff", cube)).output(0));
  }

  private static Output floatConst(float[] v) {
    return dev.jvino.ir.Ops.constant(dev.jvino.ir.ConstantData.ofFloats(dev.jvino.ir.ElementType.F32,
        new long[] {v.length}, v)).output();
  }
}
