package dev.jvino.engine.ref;

import dev.jvino.engine.ref.Scatter.Reduction;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Registers the indexing kernels with {@link KernelRegistry}: ScatterUpdate-3, ScatterElementsUpdate-3/12,
 * ScatterNDUpdate-3/15, GatherElements-6, GatherND-5/8, TopK-1/3/11, NonZero-3 and Einsum-7, each with
 * the IR attributes of its version.
 */
final class IndexKernels {
  private IndexKernels() {}

  private static final Set<Reduction> ELEMENTS_12 = EnumSet.of(Reduction.NONE, Reduction.SUM, Reduction.PROD,
      Reduction.MIN, Reduction.MAX, Reduction.MEAN);
  private static final Set<Reduction> ND_15 = EnumSet.of(Reduction.NONE, Reduction.SUM, Reduction.SUB,
      Reduction.PROD, Reduction.MIN, Reduction.MAX);

  static void registerAll() {
    KernelRegistry.register("ScatterUpdate", one((in, a) -> Scatter.scatterUpdate(in(in, 0, a), in(in, 1, a),
        in(in, 2, a), in(in, 3, a))), 3);
    KernelRegistry.register("ScatterElementsUpdate", one((in, a) -> Scatter.scatterElementsUpdate(a.op(),
        in(in, 0, a), in(in, 1, a), in(in, 2, a), in(in, 3, a), Reduction.NONE, true)), 3);
    KernelRegistry.register("ScatterElementsUpdate", one((in, a) -> Scatter.scatterElementsUpdate(a.op(),
        in(in, 0, a), in(in, 1, a), in(in, 2, a), in(in, 3, a),
        Reduction.parse(a.op(), a.string("reduction", "none"), ELEMENTS_12), a.bool("use_init_val", true))), 12);
    KernelRegistry.register("ScatterNDUpdate", one((in, a) -> Scatter.scatterNdUpdate(a.op(), in(in, 0, a),
        in(in, 1, a), in(in, 2, a), Reduction.NONE)), 3);
    KernelRegistry.register("ScatterNDUpdate", one((in, a) -> Scatter.scatterNdUpdate(a.op(), in(in, 0, a),
        in(in, 1, a), in(in, 2, a), Reduction.parse(a.op(), a.string("reduction", "none"), ND_15))), 15);
    KernelRegistry.register("GatherElements", one((in, a) -> GatherOps.gatherElements(in(in, 0, a), in(in, 1, a),
        a.longValue("axis"))), 6);
    KernelRegistry.register("GatherND", one((in, a) -> GatherOps.gatherNd(a.op(), in(in, 0, a), in(in, 1, a),
        a.longValue("batch_dims", 0), true)), 5);
    KernelRegistry.register("GatherND", one((in, a) -> GatherOps.gatherNd(a.op(), in(in, 0, a), in(in, 1, a),
        a.longValue("batch_dims", 0), false)), 8);
    OpKernel topK = (in, a) -> {
      if (a.op().endsWith("-11")) {
        a.bool("stable", false); // validated; selection is always stable (see TopK)
      }
      return TopK.topK(a.op(), in(in, 0, a), in(in, 1, a), a.longValue("axis"), TopK.mode(a.op(), a.string("mode")),
          TopK.sort(a.op(), a.string("sort")), a.elementType("index_element_type", ElementType.I32)).asList();
    };
    KernelRegistry.register("TopK", topK, 1, 3, 11);
    KernelRegistry.register("NonZero", one((in, a) -> GatherOps.nonZero(in(in, 0, a),
        a.elementType("output_type", ElementType.I64))), 3);
    KernelRegistry.register("Einsum", (in, a) -> {
      for (int i = 0; i < in.size(); i++) {
        in(in, i, a);
      }
      return List.of(Einsum.einsum(a.string("equation"), in));
    }, 7);
  }

  private static NdArray in(List<NdArray> inputs, int i, IrAttributes a) {
    return KernelRegistry.in(inputs, i, a);
  }

  private static OpKernel one(java.util.function.BiFunction<List<NdArray>, IrAttributes, NdArray> f) {
    return (in, a) -> List.of(f.apply(in, a));
  }
}
