package dev.jvino.onnx;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A decoded ONNX {@code ModelProto}: the parts jvino's converter reads (fields it does not need, such
 * as doc strings and training info, are skipped by {@link OnnxReader}).
 *
 * @param irVersion the ONNX IR version
 * @param producerName the exporting tool
 * @param producerVersion the exporting tool's version
 * @param opsetImports operator-set versions by domain ({@code ""} is the default ONNX domain)
 * @param graph the main graph
 */
public record OnnxModel(long irVersion, String producerName, String producerVersion,
    Map<String, Long> opsetImports, Graph graph) {

  /** The opset version of the default domain ({@code ""} or {@code ai.onnx}), or 1 if not imported. */
  public long defaultOpset() {
    Long v = opsetImports.get("");
    if (v == null) {
      v = opsetImports.get("ai.onnx");
    }
    return v == null ? 1 : v;
  }

  /** A {@code GraphProto}: nodes in file (topological) order. */
  public record Graph(String name, List<Node> nodes, List<Tensor> initializers, List<ValueInfo> inputs,
      List<ValueInfo> outputs, List<ValueInfo> valueInfo) {}

  /** A {@code NodeProto}. */
  public record Node(String name, String opType, String domain, List<String> inputs,
      List<String> outputs, Map<String, Attribute> attributes) {
    /** The name to report: the node's own, or its first output's. */
    public String displayName() {
      if (!name.isEmpty()) {
        return name;
      }
      return outputs.isEmpty() ? "<unnamed>" : outputs.get(0);
    }

    /** Input {@code i}, or empty if absent or given as the empty name (an omitted optional input). */
    public Optional<String> input(int i) {
      return i < inputs.size() && !inputs.get(i).isEmpty() ? Optional.of(inputs.get(i)) : Optional.empty();
    }
  }

  /** The kinds of {@code AttributeProto.AttributeType}, by code. */
  public enum AttributeType {
    UNDEFINED, FLOAT, INT, STRING, TENSOR, GRAPH, FLOATS, INTS, STRINGS, TENSORS, GRAPHS,
    SPARSE_TENSOR, SPARSE_TENSORS, TYPE_PROTO, TYPE_PROTOS;

    static AttributeType of(int code) {
      return code >= 0 && code < values().length ? values()[code] : UNDEFINED;
    }
  }

  /** An {@code AttributeProto}; only the field its {@link #type} names is meaningful. */
  public record Attribute(String name, AttributeType type, float f, long i, byte[] s,
      @Nullable Tensor t, @Nullable Graph g, float[] floats, long[] ints, List<byte[]> strings,
      List<Tensor> tensors) {
    /** The string value decoded as UTF-8. */
    public String string() {
      return new String(s, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * A {@code TensorProto} with its data in little-endian layout (typed fields, {@code raw_data} and
   * external data all end up here; sub-byte types packed two per byte, low nibble first).
   *
   * @param dataType the {@code TensorProto.DataType} code
   * @param data the element bytes ({@code null} for strings)
   * @param strings the values of a string tensor
   */
  public record Tensor(String name, int dataType, long[] dims, @Nullable MemorySegment data,
      List<byte[]> strings) {}

  /** One dimension: a value, a symbolic name, or neither (unknown). */
  public record Dim(long value, @Nullable String param) {
    public boolean isStatic() {
      return value >= 0 && param == null;
    }
  }

  /**
   * A {@code ValueInfoProto}. For a tensor, {@code elemType} is its data type code and {@code shape}
   * its dimensions ({@code null} when the rank is unknown); {@code kind} names a non-tensor type
   * ({@code sequence}, {@code map}, {@code optional}, {@code sparse_tensor}) or is {@code tensor}.
   */
  public record ValueInfo(String name, String kind, int elemType, @Nullable List<Dim> shape) {}
}
