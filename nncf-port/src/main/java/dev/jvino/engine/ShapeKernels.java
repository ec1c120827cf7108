package dev.jvino.engine;

import dev.jvino.engine.ref.Indexing;
import dev.jvino.engine.ref.MatMul;
import dev.jvino.engine.ref.OpAttributeException;
import dev.jvino.engine.ref.Reductions;
import dev.jvino.engine.ref.ShapeOps;
import dev.jvino.engine.ref.Slicing;
import dev.jvino.ir.Attributes;
import dev.jvino.ir.ElementType;
import java.util.List;
import java.util.Locale;

/**
 * Registers MatMul, the Reduce ops, the data-movement ops (Reshape, Transpose, Squeeze, Unsqueeze,
 * ShapeOf, Concat, Split, VariadicSplit), Gather, Broadcast, Range, StridedSlice and Slice.
 */
final class ShapeKernels {
  private ShapeKernels() {}

  private static final List<String> V1 = CoreKernels.V1;

  static void register(KernelRegistry r) {
    r.register("MatMul", V1, (n, in) -> List.of(MatMul.matMul(in.get(0), in.get(1), new MatMul.MatMulAttrs(
        n.attributes().bool("transpose_a", false), n.attributes().bool("transpose_b", false)))));
    for (Reductions.Kind k : Reductions.Kind.values()) {
      String type = "Reduce" + k.name().charAt(0) + k.name().substring(1).toLowerCase(Locale.ROOT);
      r.register(type, V1, (n, in) -> List.of(
          Reductions.reduce(k, in.get(0), in.get(1), n.attributes().bool("keep_dims", false))));
    }
    r.register("Reshape", V1, (n, in) -> List.of(
        ShapeOps.reshape(in.get(0), in.get(1), n.attributes().bool("special_zero", false))));
    r.register("Transpose", V1, (n, in) -> List.of(ShapeOps.transpose(in.get(0), in.get(1))));
    r.register("Squeeze", V1, (n, in) -> List.of(ShapeOps.squeeze(in.get(0), in.size() > 1 ? in.get(1) : null)));
    r.register("Squeeze", List.of("opset15"), (n, in) -> List.of(ShapeOps.squeeze(in.get(0),
        in.size() > 1 ? in.get(1) : null, n.attributes().bool("allow_axis_skip", false))));
    r.register("Unsqueeze", V1, (n, in) -> List.of(ShapeOps.unsqueeze(in.get(0), in.get(1))));
    r.register("ShapeOf", V1, (n, in) -> List.of(ShapeOps.shapeOf(in.get(0), ElementType.I64)));
    r.register("ShapeOf", List.of("opset3"), (n, in) -> List.of(ShapeOps.shapeOf(in.get(0),
        n.attributes().has("output_type") ? n.attributes().elementType("output_type") : ElementType.I64)));
    r.register("Concat", V1, (n, in) -> List.of(ShapeOps.concat(in, n.attributes().integer("axis"))));
    r.register("Split", V1, (n, in) -> ShapeOps.split(in.get(0), in.get(1), n.attributes().count("num_splits")));
    r.register("VariadicSplit", V1, (n, in) -> ShapeOps.variadicSplit(in.get(0), in.get(1), in.get(2)));
    r.register("Gather", V1, (n, in) -> List.of(Indexing.gather(in.get(0), in.get(1), in.get(2), 0)));
    r.register("Gather", List.of("opset7", "opset8"), (n, in) -> List.of(
        Indexing.gather(in.get(0), in.get(1), in.get(2), n.attributes().integer("batch_dims", 0))));
    r.register("Broadcast", List.of("opset1", "opset3"), (n, in) -> List.of(Indexing.broadcast(in.get(0),
        in.get(1), in.size() > 2 ? in.get(2) : null, broadcastMode(n.attributes(), n.version()))));
    r.register("Range", List.of("opset4"), (n, in) -> List.of(
        Indexing.range(in.get(0), in.get(1), in.get(2), n.attributes().elementType("output_type"))));
    r.register("Range", V1, (n, in) -> List.of(Indexing.range(in.get(0), in.get(1), in.get(2), in.get(0).type())));
    r.register("StridedSlice", V1, (n, in) -> {
      Attributes a = n.attributes();
      Slicing.StridedSliceAttrs attrs = new Slicing.StridedSliceAttrs(mask(a, "begin_mask"), mask(a, "end_mask"),
          mask(a, "new_axis_mask"), mask(a, "shrink_axis_mask"), mask(a, "ellipsis_mask"));
      return List.of(Slicing.stridedSlice(in.get(0), in.get(1), in.get(2), in.size() > 3 ? in.get(3) : null, attrs));
    });
    r.register("Slice", List.of("opset8"), (n, in) -> List.of(
        Slicing.slice(in.get(0), in.get(1), in.get(2), in.get(3), in.size() > 4 ? in.get(4) : null)));
  }

  private static long[] mask(Attributes a, String name) {
    return a.integers(name, new long[0]);
  }

  private static Indexing.BroadcastMode broadcastMode(Attributes a, String version) {
    String mode = a.string("mode", "numpy").strip().toLowerCase(Locale.ROOT);
    return switch (mode) {
      case "numpy" -> Indexing.BroadcastMode.NUMPY;
      case "explicit" -> Indexing.BroadcastMode.EXPLICIT;
      case "bidirectional" -> {
        if (!version.equalsIgnoreCase("opset3")) {
          throw new OpAttributeException("Broadcast-1", "mode", mode, "bidirectional needs Broadcast-3");
        }
        yield Indexing.BroadcastMode.BIDIRECTIONAL;
      }
      default -> throw new OpAttributeException("Broadcast-" + version.replace("opset", ""), "mode", mode,
          "expected numpy, explicit or bidirectional");
    };
  }
}
