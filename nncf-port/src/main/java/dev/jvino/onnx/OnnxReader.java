package dev.jvino.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.jvino.onnx.OnnxModel.Attribute;
import dev.jvino.onnx.OnnxModel.AttributeType;
import dev.jvino.onnx.OnnxModel.Dim;
import dev.jvino.onnx.OnnxModel.Graph;
import dev.jvino.onnx.OnnxModel.Node;
import dev.jvino.onnx.OnnxModel.Tensor;
import dev.jvino.onnx.OnnxModel.ValueInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes ONNX files with protobuf-java's wire reader, by the field numbers of the ONNX specification
 * ({@code onnx.proto}'s ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto,
 * TypeProto, TensorShapeProto, OperatorSetIdProto). Unknown fields are skipped, as protobuf requires;
 * a field with an unexpected wire type, a truncated message or tensor data that does not fill its
 * shape raise an {@link OnnxFormatException} naming the file and what was being read.
 *
 * <p>Tensors stored as external data ({@code data_location = EXTERNAL}) are read from the file their
 * {@code location} names, relative to the model's folder, at {@code offset}/{@code length}.
 */
public final class OnnxReader {
  private final String source;
  private final @Nullable Path baseDir;

  private OnnxReader(String source, @Nullable Path baseDir) {
    this.source = source;
    this.baseDir = baseDir;
  }

  /**
   * Reads a model file.
   *
   * @throws OnnxFormatException if the file is not a decodable ONNX model
   * @throws IOException if it cannot be read
   */
  public static OnnxModel read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "ONNX model file not found");
    }
    Path dir = file.toAbsolutePath().getParent();
    return new OnnxReader(file.toString(), dir).model(bytes);
  }

  /** Reads a model from bytes; external data is then resolved against {@code baseDir} (may be null). */
  public static OnnxModel read(byte[] bytes, String sourceLabel, @Nullable Path baseDir) {
    return new OnnxReader(sourceLabel, baseDir).model(bytes);
  }

  /** Reads a serialized {@code TensorProto} file (the {@code input_N.pb} / {@code output_N.pb} of ONNX tests). */
  public static Tensor readTensor(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    OnnxReader r = new OnnxReader(file.toString(), file.toAbsolutePath().getParent());
    try {
      return r.tensor(CodedInputStream.newInstance(bytes));
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxFormatException(file.toString(), "malformed TensorProto: " + e.getMessage(), e);
    }
  }

  private OnnxModel model(byte[] bytes) {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    in.setSizeLimit(Integer.MAX_VALUE);
    in.setRecursionLimit(1000);
    long irVersion = 0;
    String producer = "";
    String producerVersion = "";
    Map<String, Long> opsets = new LinkedHashMap<>();
    Graph graph = null;
    try {
      int tag;
      while ((tag = in.readTag()) != 0) {
        switch (WireFormat.getTagFieldNumber(tag)) {
          case 1 -> irVersion = varint(in, tag, "ModelProto.ir_version");
          case 2 -> producer = string(in, tag, "ModelProto.producer_name");
          case 3 -> producerVersion = string(in, tag, "ModelProto.producer_version");
          case 7 -> {
            int old = push(in, tag, "ModelProto.graph");
            graph = graph(in);
            in.popLimit(old);
          }
          case 8 -> {
            int old = push(in, tag, "ModelProto.opset_import");
            String domain = "";
            long version = 1;
            int t;
            while ((t = in.readTag()) != 0) {
              switch (WireFormat.getTagFieldNumber(t)) {
                case 1 -> domain = string(in, t, "OperatorSetIdProto.domain");
                case 2 -> version = varint(in, t, "OperatorSetIdProto.version");
                default -> in.skipField(t);
              }
            }
            in.popLimit(old);
            opsets.put(domain, version);
          }
          default -> in.skipField(tag);
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxFormatException(source, "malformed ONNX protobuf: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new OnnxFormatException(source, "cannot decode ONNX protobuf: " + e.getMessage(), e);
    }
    if (graph == null) {
      throw new OnnxFormatException(source, "ModelProto has no graph (field 7); not an ONNX model?");
    }
    return new OnnxModel(irVersion, producer, producerVersion, opsets, graph);
  }

  private Graph graph(CodedInputStream in) throws IOException {
    String name = "";
    List<Node> nodes = new ArrayList<>();
    List<Tensor> inits = new ArrayList<>();
    List<ValueInfo> inputs = new ArrayList<>();
    List<ValueInfo> outputs = new ArrayList<>();
    List<ValueInfo> valueInfo = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      int field = WireFormat.getTagFieldNumber(tag);
      switch (field) {
        case 1 -> {
          int old = push(in, tag, "GraphProto.node");
          nodes.add(node(in));
          in.popLimit(old);
        }
        case 2 -> name = string(in, tag, "GraphProto.name");
        case 5 -> {
          int old = push(in, tag, "GraphProto.initializer");
          inits.add(tensor(in));
          in.popLimit(old);
        }
        case 11, 12, 13 -> {
          int old = push(in, tag, "GraphProto.value_info");
          ValueInfo v = valueInfo(in);
          in.popLimit(old);
          (field == 11 ? inputs : field == 12 ? outputs : valueInfo).add(v);
        }
        case 15 -> throw new OnnxFormatException(source, "graph '" + name
            + "' has sparse initializers, which jvino does not read");
        default -> in.skipField(tag);
      }
    }
    return new Graph(name, nodes, inits, inputs, outputs, valueInfo);
  }

  private Node node(CodedInputStream in) throws IOException {
    String name = "";
    String opType = "";
    String domain = "";
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    Map<String, Attribute> attrs = new LinkedHashMap<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> inputs.add(string(in, tag, "NodeProto.input"));
        case 2 -> outputs.add(string(in, tag, "NodeProto.output"));
        case 3 -> name = string(in, tag, "NodeProto.name");
        case 4 -> opType = string(in, tag, "NodeProto.op_type");
        case 7 -> domain = string(in, tag, "NodeProto.domain");
        case 5 -> {
          int old = push(in, tag, "NodeProto.attribute");
          Attribute a = attribute(in);
          in.popLimit(old);
          attrs.put(a.name(), a);
        }
        default -> in.skipField(tag);
      }
    }
    if (opType.isEmpty()) {
      throw new OnnxFormatException(source, "node '" + name + "' has no op_type");
    }
    return new Node(name, opType, domain, inputs, outputs, attrs);
  }

  private Attribute attribute(CodedInputStream in) throws IOException {
    String name = "";
    int type = 0;
    float f = 0;
    long i = 0;
    byte[] s = new byte[0];
    Tensor t = null;
    Graph g = null;
    FloatList floats = new FloatList();
    LongList ints = new LongList();
    List<byte[]> strings = new ArrayList<>();
    List<Tensor> tensors = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> name = string(in, tag, "AttributeProto.name");
        case 20 -> type = (int) varint(in, tag, "AttributeProto.type");
        case 2 -> f = fixed32Float(in, tag, "AttributeProto.f");
        case 3 -> i = varint(in, tag, "AttributeProto.i");
        case 4 -> s = bytes(in, tag, "AttributeProto.s");
        case 5 -> {
          int old = push(in, tag, "AttributeProto.t");
          t = tensor(in);
          in.popLimit(old);
        }
        case 6 -> {
          int old = push(in, tag, "AttributeProto.g");
          g = graph(in);
          in.popLimit(old);
        }
        case 7 -> readFloats(in, tag, floats);
        case 8 -> readVarints(in, tag, ints, false);
        case 9 -> strings.add(bytes(in, tag, "AttributeProto.strings"));
        case 10 -> {
          int old = push(in, tag, "AttributeProto.tensors");
          tensors.add(tensor(in));
          in.popLimit(old);
        }
        case 21 -> throw new OnnxFormatException(source, "attribute '" + name
            + "' refers to a function attribute (ref_attr_name), which only functions may use");
        default -> in.skipField(tag);
      }
    }
    AttributeType at = AttributeType.of(type);
    if (type >= 1 && type <= 14) {
      at = switch (type) {
        case 1 -> AttributeType.FLOAT;
        case 2 -> AttributeType.INT;
        case 3 -> AttributeType.STRING;
        case 4 -> AttributeType.TENSOR;
        case 5 -> AttributeType.GRAPH;
        case 6 -> AttributeType.FLOATS;
        case 7 -> AttributeType.INTS;
        case 8 -> AttributeType.STRINGS;
        case 9 -> AttributeType.TENSORS;
        case 10 -> AttributeType.GRAPHS;
        case 11 -> AttributeType.SPARSE_TENSOR;
        case 12 -> AttributeType.SPARSE_TENSORS;
        case 13 -> AttributeType.TYPE_PROTO;
        default -> AttributeType.TYPE_PROTOS;
      };
    }
    return new Attribute(name, at, f, i, s, t, g, floats.toArray(), ints.toArray(), strings, tensors);
  }

  private ValueInfo valueInfo(CodedInputStream in) throws IOException {
    String name = "";
    String kind = "none";
    int elem = 0;
    List<Dim> shape = null;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> name = string(in, tag, "ValueInfoProto.name");
        case 2 -> {
          int old = push(in, tag, "ValueInfoProto.type");
          int t;
          while ((t = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(t)) {
              case 1 -> {
                kind = "tensor";
                int o2 = push(in, t, "TypeProto.tensor_type");
                int u;
                while ((u = in.readTag()) != 0) {
                  switch (WireFormat.getTagFieldNumber(u)) {
                    case 1 -> elem = (int) varint(in, u, "TypeProto.Tensor.elem_type");
                    case 2 -> {
                      int o3 = push(in, u, "TypeProto.Tensor.shape");
                      shape = shape(in);
                      in.popLimit(o3);
                    }
                    default -> in.skipField(u);
                  }
                }
                in.popLimit(o2);
              }
              case 4 -> {
                kind = "sequence";
                in.skipField(t);
              }
              case 5 -> {
                kind = "map";
                in.skipField(t);
              }
              case 8 -> {
                kind = "sparse_tensor";
                in.skipField(t);
              }
              case 9 -> {
                kind = "optional";
                in.skipField(t);
              }
              default -> in.skipField(t);
            }
          }
          in.popLimit(old);
        }
        default -> in.skipField(tag);
      }
    }
    return new ValueInfo(name, kind, elem, shape);
  }

  private List<Dim> shape(CodedInputStream in) throws IOException {
    List<Dim> dims = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (WireFormat.getTagFieldNumber(tag) != 1) {
        in.skipField(tag);
        continue;
      }
      int old = push(in, tag, "TensorShapeProto.dim");
      long value = -1;
      String param = null;
      int t;
      while ((t = in.readTag()) != 0) {
        switch (WireFormat.getTagFieldNumber(t)) {
          case 1 -> value = varint(in, t, "TensorShapeProto.Dimension.dim_value");
          case 2 -> param = string(in, t, "TensorShapeProto.Dimension.dim_param");
          default -> in.skipField(t);
        }
      }
      in.popLimit(old);
      dims.add(new Dim(param != null ? -1 : value, param));
    }
    return dims;
  }

  Tensor tensor(CodedInputStream in) throws IOException {
    TensorFields tf = new TensorFields();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> readVarints(in, tag, tf.dims, false);
        case 2 -> tf.dataType = (int) varint(in, tag, "TensorProto.data_type");
        case 4 -> readFloats(in, tag, tf.floats);
        case 5 -> readVarints(in, tag, tf.int32s, true);
        case 6 -> tf.strings.add(bytes(in, tag, "TensorProto.string_data"));
        case 7 -> readVarints(in, tag, tf.int64s, false);
        case 8 -> tf.name = string(in, tag, "TensorProto.name");
        case 9 -> tf.raw = bytes(in, tag, "TensorProto.raw_data");
        case 10 -> readDoubles(in, tag, tf.doubles);
        case 11 -> readVarints(in, tag, tf.uint64s, false);
        case 13 -> {
          int old = push(in, tag, "TensorProto.external_data");
          String key = "";
          String value = "";
          int t;
          while ((t = in.readTag()) != 0) {
            switch (WireFormat.getTagFieldNumber(t)) {
              case 1 -> key = string(in, t, "StringStringEntryProto.key");
              case 2 -> value = string(in, t, "StringStringEntryProto.value");
              default -> in.skipField(t);
            }
          }
          in.popLimit(old);
          tf.external.put(key, value);
        }
        case 14 -> tf.externalLocation = varint(in, tag, "TensorProto.data_location") == 1;
        default -> in.skipField(tag);
      }
    }
    return TensorData.build(tf, source, baseDir);
  }

  // ---- wire helpers ----

  private int push(CodedInputStream in, int tag, String what) throws IOException {
    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, what);
    int len = in.readRawVarint32();
    if (len < 0) {
      throw new OnnxFormatException(source, "negative length for " + what);
    }
    return in.pushLimit(len);
  }

  private void expect(int tag, int wireType, String what) {
    if (WireFormat.getTagWireType(tag) != wireType) {
      throw new OnnxFormatException(source, what + " has wire type " + WireFormat.getTagWireType(tag)
          + ", expected " + wireType);
    }
  }

  private long varint(CodedInputStream in, int tag, String what) throws IOException {
    expect(tag, WireFormat.WIRETYPE_VARINT, what);
    return in.readInt64();
  }

  private String string(CodedInputStream in, int tag, String what) throws IOException {
    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, what);
    return in.readStringRequireUtf8();
  }

  private byte[] bytes(CodedInputStream in, int tag, String what) throws IOException {
    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, what);
    return in.readByteArray();
  }

  private float fixed32Float(CodedInputStream in, int tag, String what) throws IOException {
    expect(tag, WireFormat.WIRETYPE_FIXED32, what);
    return in.readFloat();
  }

  private void readFloats(CodedInputStream in, int tag, FloatList out) throws IOException {
    if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int old = in.pushLimit(in.readRawVarint32());
      while (in.getBytesUntilLimit() > 0) {
        out.add(in.readFloat());
      }
      in.popLimit(old);
    } else {
      out.add(fixed32Float(in, tag, "packed float field"));
    }
  }

  private void readDoubles(CodedInputStream in, int tag, List<Double> out) throws IOException {
    if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int old = in.pushLimit(in.readRawVarint32());
      while (in.getBytesUntilLimit() > 0) {
        out.add(in.readDouble());
      }
      in.popLimit(old);
    } else {
      expect(tag, WireFormat.WIRETYPE_FIXED64, "double field");
      out.add(in.readDouble());
    }
  }

  private void readVarints(CodedInputStream in, int tag, LongList out, boolean int32) throws IOException {
    if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
      int old = in.pushLimit(in.readRawVarint32());
      while (in.getBytesUntilLimit() > 0) {
        out.add(int32 ? in.readInt32() : in.readInt64());
      }
      in.popLimit(old);
    } else {
      expect(tag, WireFormat.WIRETYPE_VARINT, "repeated integer field");
      out.add(int32 ? in.readInt32() : in.readInt64());
    }
  }

  /** The fields of a TensorProto as read, before they become one little-endian buffer. */
  static final class TensorFields {
    String name = "";
    int dataType;
    final LongList dims = new LongList();
    final FloatList floats = new FloatList();
    final LongList int32s = new LongList();
    final LongList int64s = new LongList();
    final LongList uint64s = new LongList();
    final List<Double> doubles = new ArrayList<>();
    final List<byte[]> strings = new ArrayList<>();
    byte @Nullable [] raw;
    final Map<String, String> external = new LinkedHashMap<>();
    boolean externalLocation;
  }

  /** A growable primitive list. */
  static final class LongList {
    private long[] a = new long[8];
    private int n;

    void add(long v) {
      if (n == a.length) {
        a = java.util.Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    int size() {
      return n;
    }

    long get(int i) {
      return a[i];
    }

    long[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }

  /** A growable float list. */
  static final class FloatList {
    private float[] a = new float[8];
    private int n;

    void add(float v) {
      if (n == a.length) {
        a = java.util.Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    int size() {
      return n;
    }

    float get(int i) {
      return a[i];
    }

    float[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }
}
