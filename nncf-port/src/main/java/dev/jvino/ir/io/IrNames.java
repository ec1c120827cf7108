package dev.jvino.ir.io;

import dev.jvino.ir.ElementType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The IR's spellings: op type names, port precisions and tensor-name lists. */
public final class IrNames {
  private static final Map<String, String> IR_TO_OV = Map.of(
      "const", "Constant", "relu", "Relu", "softmax", "Softmax", "prelu", "PRelu");
  private static final Map<String, String> OV_TO_IR = Map.of(
      "Constant", "Const", "Relu", "ReLU", "Softmax", "SoftMax", "PRelu", "PReLU");
  private static final List<String> CANONICAL = List.of("Parameter", "Result", "Convert", "Add",
      "Subtract", "Multiply", "Divide", "MatMul", "Reshape", "Transpose", "Concat", "Gather",
      "Convolution", "GroupConvolution", "ReadValue", "Assign", "FakeQuantize", "FakeConvert", "MVN",
      "ShapeOf", "Loop", "TensorIterator", "If", "Sigmoid", "Tanh", "Exp", "Sqrt", "Gelu", "Swish",
      "Maximum", "Minimum", "Power", "Select", "Squeeze", "Unsqueeze", "Broadcast", "ReduceMean",
      "ReduceSum", "ScaledDotProductAttention", "StridedSlice", "Slice", "Split", "VariadicSplit",
      "Range", "Erf", "HSwish", "Clamp", "Interpolate", "MaxPool", "AvgPool", "NormalizeL2", "RMS",
      "Equal", "Less", "Greater", "LogSoftmax", "ScatterUpdate", "TopK", "Tile", "Pad");

  private IrNames() {}

  /** Lower-case IR spelling to op class name: the renamed types, then the canonical ones. */
  private static final Map<String, String> BY_LOWER = byLower();

  private static Map<String, String> byLower() {
    Map<String, String> m = new java.util.HashMap<>(IR_TO_OV);
    for (String c : CANONICAL) {
      m.putIfAbsent(c.toLowerCase(Locale.ROOT), c);
    }
    return Map.copyOf(m);
  }

  /** The op class name for an IR type ({@code Const} to {@code Constant}, case-insensitively). */
  public static String opType(String irType) {
    String t = BY_LOWER.get(irType.toLowerCase(Locale.ROOT));
    return t != null ? t : irType;
  }

  /** The IR type name for an op class name ({@code Constant} to {@code Const}). */
  public static String irType(String opType) {
    return OV_TO_IR.getOrDefault(opType, opType);
  }

  /** The port {@code precision} OpenVINO writes for an element type. */
  public static String precision(ElementType t) {
    return switch (t) {
      case DYNAMIC -> "UNSPECIFIED";
      case BOOLEAN -> "BOOL";
      case U1 -> "BIN";
      case F16 -> "FP16";
      case F32 -> "FP32";
      case BF16 -> "BF16";
      case F64 -> "FP64";
      default -> t.irName().toUpperCase(Locale.ROOT);
    };
  }

  /** Parses a port precision ({@code FP32}, {@code BIN}, {@code UNSPECIFIED}, {@code u8}...). */
  public static java.util.Optional<ElementType> fromPrecision(String p) {
    if (p.equalsIgnoreCase("UNSPECIFIED")) {
      return java.util.Optional.of(ElementType.DYNAMIC);
    }
    return ElementType.fromIrName(p);
  }

  /** Splits a {@code names} list on commas not escaped as {@code \,}, and unescapes them. */
  public static List<String> splitNames(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == ',') {
        cur.append(',');
        i++;
      } else if (c == ',') {
        add(out, cur);
      } else {
        cur.append(c);
      }
    }
    add(out, cur);
    return out;
  }

  private static void add(List<String> out, StringBuilder cur) {
    String n = cur.toString();
    if (!n.isEmpty()) {
      out.add(n);
    }
    cur.setLength(0);
  }

  /** Joins names sorted, escaping commas, as OpenVINO's writer does. */
  public static String joinNames(java.util.Collection<String> names) {
    List<String> sorted = new ArrayList<>(names);
    java.util.Collections.sort(sorted);
    StringBuilder sb = new StringBuilder();
    for (String n : sorted) {
      if (!sb.isEmpty()) {
        sb.append(',');
      }
      sb.append(n.replace(",", "\\,"));
    }
    return sb.toString();
  }
}
