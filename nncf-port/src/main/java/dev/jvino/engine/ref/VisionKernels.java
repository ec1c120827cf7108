package dev.jvino.engine.ref;

import static dev.jvino.engine.ref.KernelRegistry.in;
import static dev.jvino.engine.ref.KernelRegistry.opt;

import dev.jvino.engine.tensor.NdArray;
import java.util.List;

/**
 * Registers the vision and normalization kernels of issue #8 with {@link KernelRegistry}: Interpolate-0/4/11,
 * BatchNormInference-0/5, NormalizeL2-0, GroupConvolutionBackpropData-1 and ConvolutionBackpropData-1
 * ({@link TransposedConvolution}), DepthToSpace-0, SpaceToDepth-0, CumSum-3, ReduceL1-4, ReduceL2-4,
 * ReduceProd-1, ReduceLogicalAnd-1 and ReduceLogicalOr-1.
 */
final class VisionKernels {
  private VisionKernels() {}

  static void register() {
    KernelRegistry.register("DepthToSpace", one((in, a) -> SpaceDepth.depthToSpace(in(in, 0, a),
        SpaceDepth.Mode.parse(a.op(), a.string("mode")), a.longValue("block_size", 1))), 0);
    KernelRegistry.register("SpaceToDepth", one((in, a) -> SpaceDepth.spaceToDepth(in(in, 0, a),
        SpaceDepth.Mode.parse(a.op(), a.string("mode")), a.longValue("block_size", 1))), 0);
    KernelRegistry.register("CumSum", one((in, a) -> CumSum.cumSum(in(in, 0, a), opt(in, 1),
        a.bool("exclusive", false), a.bool("reverse", false))), 3);
    KernelRegistry.register("BatchNormInference", one((in, a) -> NormOps.batchNorm(a.op(), in(in, 2, a),
        in(in, 0, a), in(in, 1, a), in(in, 3, a), in(in, 4, a), a.doubleValue("epsilon"),
        new int[] {2, 0, 1, 3, 4})), 0);
    KernelRegistry.register("BatchNormInference", one((in, a) -> NormOps.batchNorm(a.op(), in(in, 0, a),
        in(in, 1, a), in(in, 2, a), in(in, 3, a), in(in, 4, a), a.doubleValue("epsilon"),
        new int[] {0, 1, 2, 3, 4})), 5);
    KernelRegistry.register("NormalizeL2", one((in, a) -> NormOps.normalizeL2(in(in, 0, a), in(in, 1, a),
        a.doubleValue("eps"), NormOps.L2EpsMode.parse(a.op(), a.string("eps_mode")))), 0);
    KernelRegistry.register("ReduceL1", one((in, a) -> MoreReductions.reduce(MoreReductions.Kind.L1,
        in(in, 0, a), in(in, 1, a), a.bool("keep_dims", false))), 4);
    KernelRegistry.register("ReduceL2", one((in, a) -> MoreReductions.reduce(MoreReductions.Kind.L2,
        in(in, 0, a), in(in, 1, a), a.bool("keep_dims", false))), 4);
    KernelRegistry.register("ReduceProd", one((in, a) -> MoreReductions.reduce(MoreReductions.Kind.PROD,
        in(in, 0, a), in(in, 1, a), a.bool("keep_dims", false))), 1);
    KernelRegistry.register("ReduceLogicalAnd", one((in, a) -> MoreReductions.reduceLogical(true,
        in(in, 0, a), in(in, 1, a), a.bool("keep_dims", false))), 1);
    KernelRegistry.register("ReduceLogicalOr", one((in, a) -> MoreReductions.reduceLogical(false,
        in(in, 0, a), in(in, 1, a), a.bool("keep_dims", false))), 1);
    KernelRegistry.register("ConvolutionBackpropData", one((in, a) -> TransposedConvolution.run(a.op(), false,
        in(in, 0, a), in(in, 1, a), opt(in, 2), deconvAttrs(a))), 1);
    KernelRegistry.register("GroupConvolutionBackpropData", one((in, a) -> TransposedConvolution.run(a.op(), true,
        in(in, 0, a), in(in, 1, a), opt(in, 2), deconvAttrs(a))), 1);
    KernelRegistry.register("Interpolate", one((in, a) -> Interpolate.v0(a.op(), in(in, 0, a), in(in, 1, a),
        a.longs("axes"), a.string("mode"), a.bool("align_corners", false), a.bool("antialias", false),
        a.longs("pads_begin", new long[] {0}), a.longs("pads_end", new long[] {0}))), 0);
    KernelRegistry.register("Interpolate", one((in, a) -> Interpolate.v4(a.op(), in(in, 0, a), in(in, 1, a),
        in(in, 2, a), opt(in, 3), interpolateAttrs(a, false))), 4);
    KernelRegistry.register("Interpolate", one((in, a) -> Interpolate.v11(a.op(), in(in, 0, a), in(in, 1, a),
        opt(in, 2), interpolateAttrs(a, true))), 11);
  }

  private static Interpolate.Attrs interpolateAttrs(IrAttributes a, boolean v11) {
    return new Interpolate.Attrs(Interpolate.Mode.parse(a.op(), a.string("mode"), v11),
        Interpolate.ShapeCalc.parse(a.op(), a.string("shape_calculation_mode")),
        Interpolate.Transform.parse(a.op(), a.string("coordinate_transformation_mode", "half_pixel")),
        Interpolate.Nearest.parse(a.op(), a.string("nearest_mode", "round_prefer_floor")),
        a.bool("antialias", false), a.longs("pads_begin", new long[] {0}), a.longs("pads_end", new long[] {0}),
        a.doubleValue("cube_coeff", -0.75));
  }

  private static TransposedConvolution.Attrs deconvAttrs(IrAttributes a) {
    return new TransposedConvolution.Attrs(a.longs("strides"), a.longs("dilations"), optLongs(a, "pads_begin"),
        optLongs(a, "pads_end"), AutoPad.parse(a.op(), a.string("auto_pad", "explicit")),
        optLongs(a, "output_padding"));
  }

  private static long[] optLongs(IrAttributes a, String name) {
    return a.has(name) ? a.longs(name) : null;
  }

  private static OpKernel one(java.util.function.BiFunction<List<NdArray>, IrAttributes, NdArray> f) {
    return (in, a) -> List.of(f.apply(in, a));
  }
}
