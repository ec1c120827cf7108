package dev.jvino.engine.ref;

import dev.jvino.engine.ref.Activations.ClampAttrs;
import dev.jvino.engine.ref.Activations.GeluMode;
import dev.jvino.engine.ref.Activations.UnaryOp;
import dev.jvino.engine.ref.Convolution.ConvolutionAttrs;
import dev.jvino.engine.ref.Elementwise.BinaryOp;
import dev.jvino.engine.ref.Elementwise.Comparison;
import dev.jvino.engine.ref.Indexing.BroadcastMode;
import dev.jvino.engine.ref.MatMul.MatMulAttrs;
import dev.jvino.engine.ref.Normalization.EpsMode;
import dev.jvino.engine.ref.Normalization.MvnAttrs;
import dev.jvino.engine.ref.Pooling.AvgPoolAttrs;
import dev.jvino.engine.ref.Pooling.MaxPoolAttrs;
import dev.jvino.engine.ref.Pooling.MaxPoolResult;
import dev.jvino.engine.ref.Pooling.RoundingType;
import dev.jvino.engine.ref.Quantization.FakeQuantizeAttrs;
import dev.jvino.engine.ref.Reductions.Kind;
import dev.jvino.engine.ref.Slicing.StridedSliceAttrs;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reference engine's kernels keyed by operation type and version (OpenVINO's class versions: MatMul
 * and Convert are v0, Add is v1, Softmax v1 and v8 ...), with the IR attribute parsing for each. Look a
 * kernel up by exact version ({@link #find}) or by the opset an IR layer names ({@link #forOpset}: the
 * newest registered version not above the opset number, which is the version that opset contains).
 */
public final class KernelRegistry {
  private static final Map<String, TreeMap<Integer, OpKernel>> KERNELS = new HashMap<>();

  private KernelRegistry() {}

  /** The kernel of {@code type} in exactly {@code version}. */
  public static Optional<OpKernel> find(String type, int version) {
    TreeMap<Integer, OpKernel> versions = KERNELS.get(type);
    return Optional.ofNullable(versions == null ? null : versions.get(version));
  }

  /** The kernel an IR layer {@code type="..." version="opsetN"} denotes. */
  public static Optional<OpKernel> forOpset(String type, int opset) {
    TreeMap<Integer, OpKernel> versions = KERNELS.get(type);
    if (versions == null) {
      return Optional.empty();
    }
    Map.Entry<Integer, OpKernel> e = versions.floorEntry(opset);
    return Optional.ofNullable(e == null ? null : e.getValue());
  }

  /** Like {@link #find} but raising {@link UnsupportedOpException}. */
  public static OpKernel get(String type, int version) {
    return find(type, version).orElseThrow(() -> new UnsupportedOpException(type + "-" + version,
        "no reference kernel for this operation version"));
  }

  /** Evaluates {@code Type-version} with IR-text attributes. */
  public static List<NdArray> evaluate(String type, int version, List<NdArray> inputs, Map<String, String> attrs) {
    return get(type, version).evaluate(inputs, new IrAttributes(type + "-" + version, attrs));
  }

  /** Every registered {@code Type-version}, sorted. */
  public static SortedMap<String, List<Integer>> supported() {
    TreeMap<String, List<Integer>> out = new TreeMap<>();
    KERNELS.forEach((k, v) -> out.put(k, List.copyOf(new TreeSet<>(v.keySet()))));
    return Collections.unmodifiableSortedMap(out);
  }

  static void register(String type, OpKernel kernel, int... versions) {
    for (int v : versions) {
      KERNELS.computeIfAbsent(type, k -> new TreeMap<>()).put(v, kernel);
    }
  }

  /**
   * MVN-1 (class version 0) has no axes input: {@code reduction_axes} when the IR gives them, else the
   * spatial axes, from axis 1 with {@code across_channels} and from axis 2 without. Its reference adds
   * eps to the variance inside the square root.
   */
  private static NdArray mvn1Axes(NdArray data, IrAttributes a) {
    long[] given = a.has("reduction_axes") && !a.string("reduction_axes").isBlank() ? a.longs("reduction_axes") : null;
    if (given != null && given.length > 0) {
      return NdArray.i64(new long[] {given.length}, given);
    }
    int from = a.bool("across_channels", false) ? 1 : 2;
    int rank = data.rank();
    if (rank <= from) {
      throw new OpInputException(a.op(), 0, "needs rank > " + from + " to have axes to normalize, got " + rank);
    }
    long[] axes = new long[rank - from];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = from + i;
    }
    return NdArray.i64(new long[] {axes.length}, axes);
  }

  private static OpKernel single(java.util.function.BiFunction<List<NdArray>, IrAttributes, NdArray> f) {
    return (in, a) -> List.of(f.apply(in, a));
  }

  static NdArray in(List<NdArray> inputs, int i, IrAttributes a) {
    if (i >= inputs.size() || inputs.get(i) == null) {
      throw new OpInputException(a.op(), i, "required input is missing");
    }
    return inputs.get(i);
  }

  static NdArray opt(List<NdArray> inputs, int i) {
    return i < inputs.size() ? inputs.get(i) : null;
  }

  static {
    registerElementwise();
    registerActivations();
    registerShapes();
    registerNetworkOps();
    RecurrentKernels.register((type, kernel, version) -> register(type, kernel, version));
    IndexKernels.registerAll();
    VisionKernels.register();
    FrontendKernels.register();
  }

  private static void registerElementwise() {
    for (BinaryOp op : BinaryOp.values()) {
      register(op.irName(), single((in, a) -> Elementwise.binary(op, in(in, 0, a), in(in, 1, a),
          a.autoBroadcast(), a.bool("m_pythondiv", true))), 1);
    }
    for (Comparison op : Comparison.values()) {
      register(op.irName(), single((in, a) -> Elementwise.compare(op, in(in, 0, a), in(in, 1, a),
          a.autoBroadcast())), 1);
    }
    for (Elementwise.LogicalOp op : Elementwise.LogicalOp.values()) {
      register(op.irName(), single((in, a) -> Elementwise.logical(op, in(in, 0, a), in(in, 1, a),
          a.autoBroadcast())), 1);
    }
    register("LogicalNot", single((in, a) -> Elementwise.logicalNot(in(in, 0, a))), 1);
    for (Bitwise.Op op : Bitwise.Op.values()) {
      register(op.irName(), single((in, a) -> Bitwise.binary(op, in(in, 0, a), in(in, 1, a), a.autoBroadcast())), 13);
    }
    register("BitwiseNot", single((in, a) -> Bitwise.not(in(in, 0, a))), 13);
    register("Select", single((in, a) -> Elementwise.select(in(in, 0, a), in(in, 1, a), in(in, 2, a),
        a.autoBroadcast())), 1);
    register("Convert", single((in, a) -> Convert.convert(in(in, 0, a), a.elementType("destination_type"))), 0);
    register("FakeQuantize", single((in, a) -> Quantization.fakeQuantize(in(in, 0, a), in(in, 1, a),
        in(in, 2, a), in(in, 3, a), in(in, 4, a),
        new FakeQuantizeAttrs(a.longValue("levels"), a.autoBroadcast()))), 0);
    register("FakeConvert", single((in, a) -> FakeConvert.fakeConvert(in(in, 0, a), in(in, 1, a), opt(in, 2),
        FakeConvert.Destination.parse(a.op(), a.string("destination_type")))), 13);
  }

  private static void registerActivations() {
    for (UnaryOp op : UnaryOp.values()) {
      if (op == UnaryOp.GELU_ERF || op == UnaryOp.GELU_TANH) {
        continue;
      }
      String[] parts = op.opName().split("-");
      register(parts[0], single((in, a) -> Activations.unary(op, in(in, 0, a))), Integer.parseInt(parts[1]));
    }
    register("Gelu", single((in, a) -> Activations.gelu(in(in, 0, a), GeluMode.ERF)), 0);
    register("Gelu", single((in, a) -> {
      String mode = a.string("approximation_mode", "ERF").toUpperCase(Locale.ROOT);
      GeluMode m = switch (mode) {
        case "ERF" -> GeluMode.ERF;
        case "TANH" -> GeluMode.TANH;
        default -> throw new OpAttributeException(a.op(), "approximation_mode", mode, "expected ERF or TANH");
      };
      return Activations.gelu(in(in, 0, a), m);
    }), 7);
    register("Swish", single((in, a) -> Activations.swish(in(in, 0, a), opt(in, 1))), 4);
    register("Clamp", single((in, a) -> Activations.clamp(in(in, 0, a),
        new ClampAttrs(a.doubleValue("min"), a.doubleValue("max")))), 0);
    register("Softmax", single((in, a) -> {
      long axis = a.longValue("axis", 1);
      if (axis < 0) {
        throw new OpAttributeException(a.op(), "axis", axis, "Softmax-1 needs a non-negative axis");
      }
      return Activations.softmax(in(in, 0, a), axis);
    }), 1);
    register("Softmax", single((in, a) -> Activations.softmax(in(in, 0, a), a.longValue("axis", 1))), 8);
    register("MVN", single((in, a) -> Normalization.mvn(in(in, 0, a), mvn1Axes(in(in, 0, a), a),
        new MvnAttrs(a.bool("normalize_variance", true), a.doubleValue("eps"), EpsMode.INSIDE_SQRT))), 0);
    register("MVN", single((in, a) -> Normalization.mvn(in(in, 0, a), in(in, 1, a),
        new MvnAttrs(a.bool("normalize_variance", true), a.doubleValue("eps"),
            EpsMode.parse(a.op(), a.string("eps_mode"))))), 6);
    register("ScaledDotProductAttention", single((in, a) -> Attention.scaledDotProductAttention(in(in, 0, a),
        in(in, 1, a), in(in, 2, a), opt(in, 3), opt(in, 4), a.bool("causal", false))), 13);
  }

  private static void registerShapes() {
    register("Reshape", single((in, a) -> ShapeOps.reshape(in(in, 0, a), in(in, 1, a),
        a.bool("special_zero", false))), 1);
    register("Transpose", single((in, a) -> ShapeOps.transpose(in(in, 0, a), in(in, 1, a))), 1);
    register("Squeeze", single((in, a) -> ShapeOps.squeeze(in(in, 0, a), opt(in, 1))), 0);
    register("Squeeze", single((in, a) -> ShapeOps.squeeze(in(in, 0, a), opt(in, 1),
        a.bool("allow_axis_skip", false))), 15);
    register("Unsqueeze", single((in, a) -> ShapeOps.unsqueeze(in(in, 0, a), in(in, 1, a))), 0);
    register("ShapeOf", single((in, a) -> ShapeOps.shapeOf(in(in, 0, a), ElementType.I64)), 0);
    register("ShapeOf", single((in, a) -> ShapeOps.shapeOf(in(in, 0, a),
        a.elementType("output_type", ElementType.I64))), 3);
    register("Concat", (in, a) -> {
      if (in.isEmpty()) {
        throw new OpInputException(a.op(), 0, "needs at least one input");
      }
      return List.of(ShapeOps.concat(in, a.longValue("axis")));
    }, 0);
    register("Split", (in, a) -> ShapeOps.split(in(in, 0, a), in(in, 1, a), a.longValue("num_splits")), 1);
    register("VariadicSplit", (in, a) -> ShapeOps.variadicSplit(in(in, 0, a), in(in, 1, a), in(in, 2, a)), 1);
    register("StridedSlice", single((in, a) -> Slicing.stridedSlice(in(in, 0, a), in(in, 1, a), in(in, 2, a),
        opt(in, 3), new StridedSliceAttrs(a.longs("begin_mask", new long[0]), a.longs("end_mask", new long[0]),
            a.longs("new_axis_mask", new long[0]), a.longs("shrink_axis_mask", new long[0]),
            a.longs("ellipsis_mask", new long[0])))), 1);
    register("Slice", single((in, a) -> Slicing.slice(in(in, 0, a), in(in, 1, a), in(in, 2, a),
        in(in, 3, a), opt(in, 4))), 8);
    register("Gather", single((in, a) -> Indexing.gather(in(in, 0, a), in(in, 1, a), in(in, 2, a),
        a.longValue("batch_dims", 0))), 1, 7, 8);
    register("Broadcast", single((in, a) -> {
      String mode = a.string("mode", "numpy").toLowerCase(Locale.ROOT);
      BroadcastMode m = switch (mode) {
        case "numpy" -> BroadcastMode.NUMPY;
        case "explicit" -> BroadcastMode.EXPLICIT;
        case "bidirectional" -> BroadcastMode.BIDIRECTIONAL;
        case "pdpd" -> BroadcastMode.PDPD;
        default -> throw new OpAttributeException(a.op(), "mode", mode, "expected numpy, explicit, bidirectional or pdpd");
      };
      return Indexing.broadcast(in(in, 0, a), in(in, 1, a), opt(in, 2), m);
    }), 1, 3);
    register("Range", single((in, a) -> Indexing.range(in(in, 0, a), in(in, 1, a), in(in, 2, a),
        in(in, 0, a).type())), 0);
    register("Range", single((in, a) -> Indexing.range(in(in, 0, a), in(in, 1, a), in(in, 2, a),
        a.elementType("output_type"))), 4);
    register("MatMul", single((in, a) -> MatMul.matMul(in(in, 0, a), in(in, 1, a),
        new MatMulAttrs(a.bool("transpose_a", false), a.bool("transpose_b", false)))), 0);
    for (Kind k : Kind.values()) {
      register(k.opName().split("-")[0], single((in, a) -> Reductions.reduce(k, in(in, 0, a), in(in, 1, a),
          a.bool("keep_dims", false))), 1);
    }
  }

  private static void registerNetworkOps() {
    OpKernel conv = single((in, a) -> Convolution.convolution(in(in, 0, a), in(in, 1, a), convAttrs(a)));
    register("Convolution", conv, 1);
    register("GroupConvolution", single((in, a) -> Convolution.groupConvolution(in(in, 0, a), in(in, 1, a),
        convAttrs(a))), 1);
    register("MaxPool", single((in, a) -> {
      long[] k = a.longs("kernel");
      long[] ones = new long[k.length];
      java.util.Arrays.fill(ones, 1);
      return Pooling.maxPool(in(in, 0, a), new MaxPoolAttrs(a.longs("strides"), ones, a.longs("pads_begin"),
          a.longs("pads_end"), k, rounding(a, false), autoPad(a), ElementType.I64, 0)).values();
    }), 1);
    OpKernel maxPool8 = (in, a) -> {
      MaxPoolResult r = Pooling.maxPool(in(in, 0, a), new MaxPoolAttrs(a.longs("strides"), a.longs("dilations"),
          a.longs("pads_begin"), a.longs("pads_end"), a.longs("kernel"), rounding(a, a.op().endsWith("-14")),
          autoPad(a), a.elementType("index_element_type", ElementType.I64), a.longValue("axis", 0)));
      return List.of(r.values(), r.indices());
    };
    register("MaxPool", maxPool8, 8, 14);
    OpKernel avg = single((in, a) -> Pooling.avgPool(in(in, 0, a), new AvgPoolAttrs(a.longs("strides"),
        a.longs("pads_begin"), a.longs("pads_end"), a.longs("kernel"), a.bool("exclude-pad", false),
        rounding(a, a.op().endsWith("-14")), autoPad(a))));
    register("AvgPool", avg, 1, 14);
  }

  private static ConvolutionAttrs convAttrs(IrAttributes a) {
    return new ConvolutionAttrs(a.longs("strides"), a.longs("pads_begin"), a.longs("pads_end"),
        a.longs("dilations"), autoPad(a));
  }

  private static AutoPad autoPad(IrAttributes a) {
    return AutoPad.parse(a.op(), a.string("auto_pad", "explicit"));
  }

  private static RoundingType rounding(IrAttributes a, boolean allowTorch) {
    RoundingType r = RoundingType.parse(a.op(), a.string("rounding_type", "floor"));
    if (r == RoundingType.CEIL_TORCH && !allowTorch) {
      throw new OpAttributeException(a.op(), "rounding_type", "ceil_torch", "only valid from version 14");
    }
    return r;
  }
}
