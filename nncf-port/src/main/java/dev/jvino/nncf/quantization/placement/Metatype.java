package dev.jvino.nncf.quantization.placement;

import dev.jvino.ir.ElementType;
import dev.jvino.ir.Node;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * NNCF's operator metatypes for OpenVINO: the role an IR op plays in quantizer placement. Most follow the
 * op type one to one; {@link #DEPTHWISE_CONVOLUTION} and {@link #EMBEDDING} are refined from GroupConvolution
 * and Gather by looking at shapes and inputs ({@link #of(Node)}).
 */
public enum Metatype {
  CONVOLUTION(HwOp.CONVOLUTION, "Convolution"),
  CONVOLUTION_BACKPROP_DATA(HwOp.CONVOLUTION, "ConvolutionBackpropData"),
  DEPTHWISE_CONVOLUTION(HwOp.DEPTHWISE_CONVOLUTION),
  GROUP_CONVOLUTION(HwOp.CONVOLUTION, "GroupConvolution"),
  GROUP_CONVOLUTION_BACKPROP_DATA(HwOp.CONVOLUTION, "GroupConvolutionBackpropData"),
  DEFORMABLE_CONVOLUTION(null, "DeformableConvolution"),
  MATMUL(HwOp.MAT_MUL, "MatMul"),
  RELU(null, "Relu"),
  GELU(HwOp.GELU, "Gelu"),
  ELU(null, "Elu"),
  PRELU(null, "PRelu"),
  SIGMOID(null, "Sigmoid"),
  HSIGMOID(null, "HSigmoid"),
  HARD_SIGMOID(null, "HardSigmoid"),
  AVG_POOL(HwOp.AVG_POOL, "AvgPool"),
  ADAPTIVE_AVG_POOL(HwOp.AVG_POOL, "AdaptiveAvgPool"),
  MAX_POOL(HwOp.MAX_POOL, "MaxPool"),
  ADAPTIVE_MAX_POOL(HwOp.MAX_POOL, "AdaptiveMaxPool"),
  CONSTANT(null, "Constant"),
  ADD(HwOp.ADD, "Add"),
  SUBTRACT(HwOp.SUBTRACT, "Subtract"),
  MULTIPLY(HwOp.MULTIPLY, "Multiply"),
  DIVIDE(HwOp.DIVIDE, "Divide"),
  REDUCE_SUM(HwOp.REDUCE_SUM, "ReduceSum"),
  CONCAT(HwOp.CONCAT, "Concat"),
  BATCH_NORM(null, "BatchNormInference"),
  INTERPOLATE(HwOp.INTERPOLATE, "Interpolate"),
  MVN(HwOp.MVN, "MVN"),
  NORMALIZE_L2(null, "NormalizeL2"),
  RESHAPE(HwOp.RESHAPE, "Reshape"),
  SHAPE_OF(null, "ShapeOf"),
  NON_ZERO(null, "NonZero"),
  SPLIT(HwOp.SPLIT, "Split"),
  VARIADIC_SPLIT(null, "VariadicSplit"),
  SHUFFLE_CHANNELS(null, "ShuffleChannels"),
  BROADCAST(null, "Broadcast"),
  CONVERT_LIKE(null, "ConvertLike"),
  SPACE_TO_BATCH(null, "SpaceToBatch"),
  BATCH_TO_SPACE(null, "BatchToSpace"),
  DEPTH_TO_SPACE(null, "DepthToSpace"),
  SPACE_TO_DEPTH(null, "SpaceToDepth"),
  LSTM_SEQUENCE(HwOp.LSTM_SEQUENCE, "LSTMSequence"),
  GRU_SEQUENCE(HwOp.GRU_SEQUENCE, "GRUSequence"),
  FAKE_QUANTIZE(null, "FakeQuantize"),
  FAKE_CONVERT(null, "FakeConvert"),
  LESS(HwOp.LESS, "Less"),
  LESS_EQUAL(HwOp.LESS_EQUAL, "LessEqual"),
  GREATER(HwOp.GREATER, "Greater"),
  GREATER_EQUAL(HwOp.GREATER_EQUAL, "GreaterEqual"),
  EQUAL(HwOp.EQUAL, "Equal"),
  NOT_EQUAL(HwOp.NOT_EQUAL, "NotEqual"),
  LOGICAL_NOT(HwOp.LOGICAL_NOT, "LogicalNot"),
  LOGICAL_AND(HwOp.LOGICAL_AND, "LogicalAnd"),
  LOGICAL_OR(HwOp.LOGICAL_OR, "LogicalOr"),
  LOGICAL_XOR(HwOp.LOGICAL_XOR, "LogicalXor"),
  EMBEDDING(HwOp.EMBEDDING),
  FLOOR(null, "Floor"),
  FLOOR_MOD(HwOp.FLOOR_MOD, "FloorMod"),
  MAXIMUM(HwOp.MAXIMUM, "Maximum"),
  MINIMUM(HwOp.MINIMUM, "Minimum"),
  SQRT(HwOp.POWER, "Sqrt"),
  POWER(HwOp.POWER, "Power"),
  LOG(null, "Log"),
  ROI_ALIGN(null, "ROIAlign"),
  ROI_POOLING(null, "ROIPooling"),
  GATHER(null, "Gather"),
  GATHER_ND(null, "GatherND"),
  GATHER_ELEMENTS(null, "GatherElements"),
  UNSQUEEZE(HwOp.UNSQUEEZE, "Unsqueeze"),
  SQUEEZE(HwOp.SQUEEZE, "Squeeze"),
  NON_MAX_SUPPRESSION(null, "NonMaxSuppression"),
  REDUCE_MIN(null, "ReduceMin"),
  REDUCE_MAX(HwOp.REDUCE_MAX, "ReduceMax"),
  REDUCE_MEAN(HwOp.REDUCE_MEAN, "ReduceMean"),
  REDUCE_L1(null, "ReduceL1"),
  REDUCE_L2(HwOp.REDUCE_L2, "ReduceL2"),
  TOPK(null, "TopK"),
  STRIDED_SLICE(HwOp.STRIDED_SLICE, "StridedSlice"),
  SLICE(HwOp.SLICE, "Slice"),
  EXP(null, "Exp"),
  TRANSPOSE(HwOp.TRANSPOSE, "Transpose"),
  TILE(HwOp.TILE, "Tile"),
  SCATTER_ELEMENTS_UPDATE(null, "ScatterElementsUpdate"),
  SCATTER_ND_UPDATE(null, "ScatterNDUpdate"),
  SCATTER_UPDATE(null, "ScatterUpdate"),
  SOFTMAX(null, "SoftMax", "Softmax"),
  PAD(HwOp.PAD, "Pad"),
  READ_VALUE(null, "ReadValue"),
  ASSIGN(null, "Assign"),
  CONVERT(null, "Convert"),
  PARAMETER(null, "Parameter"),
  RESULT(null, "Result"),
  SWISH(null, "Swish"),
  HSWISH(null, "HSwish"),
  SELU(null, "Selu"),
  CLAMP(null, "Clamp"),
  SQUARED_DIFFERENCE(null, "SquaredDifference"),
  ABS(null, "Abs"),
  IF(null, "If"),
  GROUP_NORMALIZATION(HwOp.GROUP_NORMALIZATION, "GroupNormalization"),
  SCALED_DOT_PRODUCT_ATTENTION(HwOp.SCALED_DOT_PRODUCT_ATTENTION, "ScaledDotProductAttention"),
  COS(null, "Cos"),
  SIN(null, "Sin"),
  /** An op type NNCF has no metatype for. */
  UNKNOWN(null);

  private static final Map<String, Metatype> BY_OP = new HashMap<>();

  static {
    for (Metatype m : values()) {
      for (String op : m.opNames) {
        BY_OP.put(op, m);
      }
    }
  }

  private final @Nullable HwOp hwOp;
  private final List<String> opNames;

  Metatype(@Nullable HwOp hwOp, String... opNames) {
    this.hwOp = hwOp;
    this.opNames = List.of(opNames);
  }

  /** The hardware-config op name of this metatype, or null if it has none. */
  public @Nullable HwOp hwOp() {
    return hwOp;
  }

  /** Convolution-like and MatMul ops (NNCF's {@code LINEAR_OPERATIONS}). */
  public static final Set<Metatype> LINEAR = EnumSet.of(CONVOLUTION, GROUP_CONVOLUTION, DEPTHWISE_CONVOLUTION,
      CONVOLUTION_BACKPROP_DATA, GROUP_CONVOLUTION_BACKPROP_DATA, DEFORMABLE_CONVOLUTION, MATMUL);

  /** Activation functions that fuse into a preceding op ({@code ATOMIC_ACTIVATIONS_OPERATIONS}). */
  public static final Set<Metatype> ATOMIC_ACTIVATIONS = EnumSet.of(RELU, CLAMP, ELU, PRELU, SIGMOID, HSIGMOID,
      HARD_SIGMOID, SWISH, HSWISH, SELU);

  /** The four arithmetic ops ({@code ARITHMETIC_OPERATIONS}). */
  public static final Set<Metatype> ARITHMETIC = EnumSet.of(ADD, SUBTRACT, MULTIPLY, DIVIDE);

  /** Element-wise binary ops ({@code ELEMENTWISE_OPERATIONS}). */
  public static final Set<Metatype> ELEMENTWISE = EnumSet.of(ADD, MULTIPLY, SUBTRACT, DIVIDE, LESS, LESS_EQUAL,
      GREATER, GREATER_EQUAL, EQUAL, NOT_EQUAL, FLOOR_MOD, LOGICAL_OR, LOGICAL_XOR, LOGICAL_AND, MAXIMUM, MINIMUM);

  /** Ops quantizers propagate through unchanged ({@code QUANTIZE_AGNOSTIC_OPERATIONS}). */
  public static final Set<Metatype> QUANTIZATION_AGNOSTIC = EnumSet.of(MAX_POOL, ADAPTIVE_MAX_POOL, REDUCE_MAX,
      RESHAPE, SQUEEZE, UNSQUEEZE, SPLIT, VARIADIC_SPLIT, TRANSPOSE, TILE, STRIDED_SLICE, SHUFFLE_CHANNELS,
      BROADCAST, PAD, MINIMUM, MAXIMUM, CONVERT_LIKE, GATHER, GATHER_ND, GATHER_ELEMENTS, SCATTER_UPDATE,
      SCATTER_ND_UPDATE, SCATTER_ELEMENTS_UPDATE, DEPTH_TO_SPACE, SPACE_TO_DEPTH, BATCH_TO_SPACE, SPACE_TO_BATCH);

  /** Ops whose activation inputs are quantized by default ({@code INPUTS_QUANTIZABLE_OPERATIONS}). */
  public static final Set<Metatype> INPUTS_QUANTIZABLE = EnumSet.of(CONVOLUTION, GROUP_CONVOLUTION,
      DEPTHWISE_CONVOLUTION, CONVOLUTION_BACKPROP_DATA, GROUP_CONVOLUTION_BACKPROP_DATA, MATMUL, BATCH_NORM, ADD,
      SUBTRACT, MULTIPLY, DIVIDE, MAXIMUM, MINIMUM, AVG_POOL, ADAPTIVE_AVG_POOL, REDUCE_MEAN, MVN, NORMALIZE_L2,
      INTERPOLATE, POWER, FLOOR_MOD, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL, EQUAL, NOT_EQUAL, LOGICAL_NOT,
      LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR, SQUARED_DIFFERENCE, LSTM_SEQUENCE, GRU_SEQUENCE, GROUP_NORMALIZATION,
      SCALED_DOT_PRODUCT_ATTENTION);

  /** Ops that may carry constant weights ({@code OPERATIONS_WITH_WEIGHTS}). */
  public static final Set<Metatype> WITH_WEIGHTS = EnumSet.of(CONVOLUTION, GROUP_CONVOLUTION,
      DEPTHWISE_CONVOLUTION, CONVOLUTION_BACKPROP_DATA, GROUP_CONVOLUTION_BACKPROP_DATA, MATMUL, LSTM_SEQUENCE,
      GRU_SEQUENCE, EMBEDDING);

  /** Weighted ops the ENABLE overflow fix halves ({@code overflow_fix_metatypes}). */
  public static final Set<Metatype> OVERFLOW_FIX = EnumSet.of(CONVOLUTION, GROUP_CONVOLUTION,
      CONVOLUTION_BACKPROP_DATA, GROUP_CONVOLUTION_BACKPROP_DATA, MATMUL);

  /** The metatype of {@code node}, refining GroupConvolution (depthwise) and Gather (embedding). */
  public static Metatype of(Node node) {
    Metatype m = BY_OP.getOrDefault(node.type(), UNKNOWN);
    if (m == GROUP_CONVOLUTION && isDepthwise(node)) {
      return DEPTHWISE_CONVOLUTION;
    }
    if (m == GATHER && isEmbedding(node)) {
      return EMBEDDING;
    }
    return m;
  }

  /** A GroupConvolution whose group count equals its (static, > 1) input channel count. */
  static boolean isDepthwise(Node node) {
    PartialShape in = node.input(0).shape();
    PartialShape w = node.input(1).shape();
    if (!in.isRankStatic() || !w.isRankStatic() || in.rank() < 2 || w.rank() < 1) {
      return false;
    }
    if (in.get(1).isDynamic() || w.get(0).isDynamic()) {
      return false;
    }
    long channels = in.get(1).length();
    return w.get(0).length() == channels && channels > 1;
  }

  /** A Gather whose data (port 0) is a floating-point constant, possibly behind Convert/FQ/Reshape. */
  static boolean isEmbedding(Node node) {
    if (node.name().endsWith("nncf_codebook")) {
      return false;
    }
    Output data = node.input(0).source();
    ElementType t = data.elementType();
    boolean real = t == ElementType.F16 || t == ElementType.F32 || t == ElementType.F64;
    return real && constantBehind(node, 0) != null;
  }

  /**
   * The Constant feeding input {@code port} of {@code node}, looking through Convert, FakeQuantize,
   * FakeConvert and Reshape (first inputs only), or null.
   */
  static @Nullable Node constantBehind(Node node, int port) {
    Node n = node.input(port).source().node();
    while (true) {
      if (n.is("Constant")) {
        return n;
      }
      if (n.inputs().isEmpty()) {
        return null;
      }
      String t = n.type();
      if (!(t.equals("Convert") || t.equals("FakeQuantize") || t.equals("FakeConvert") || t.equals("Reshape"))) {
        return null;
      }
      n = n.input(0).source().node();
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
