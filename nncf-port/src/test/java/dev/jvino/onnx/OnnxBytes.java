package dev.jvino.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * A minimal protobuf message writer for building ONNX models in tests, by the spec's field numbers
 * (the production code only reads ONNX).
 */
final class OnnxBytes {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

  static byte[] message(Consumer<OnnxBytes> body) {
    OnnxBytes b = new OnnxBytes();
    body.accept(b);
    return b.toBytes();
  }

  OnnxBytes varint(int field, long v) {
    try {
      out.writeInt64(field, v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  OnnxBytes string(int field, String s) {
    try {
      out.writeString(field, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  OnnxBytes bytes(int field, byte[] b) {
    try {
      out.writeByteArray(field, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  OnnxBytes floatField(int field, float f) {
    try {
      out.writeFloat(field, f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  OnnxBytes message(int field, Consumer<OnnxBytes> body) {
    return bytes(field, message(body));
  }

  byte[] toBytes() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  // ---- ONNX shapes of messages ----

  /** A TensorProto with float_data (typed field, unpacked). */
  static Consumer<OnnxBytes> floatTensor(String name, long[] dims, float... values) {
    return t -> {
      for (long d : dims) {
        t.varint(1, d);
      }
      t.varint(2, 1).string(8, name);
      for (float v : values) {
        t.floatField(4, v);
      }
    };
  }

  /** A float TensorProto with raw_data (little-endian). */
  static Consumer<OnnxBytes> rawFloatTensor(String name, long[] dims, float[] values) {
    return t -> {
      for (long d : dims) {
        t.varint(1, d);
      }
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      for (float v : values) {
        b.putFloat(v);
      }
      t.varint(2, 1).string(8, name).bytes(9, b.array());
    };
  }

  /** A TensorProto with int64_data. */
  static Consumer<OnnxBytes> longTensor(String name, long[] dims, long... values) {
    return t -> {
      for (long d : dims) {
        t.varint(1, d);
      }
      t.varint(2, 7).string(8, name);
      for (long v : values) {
        t.varint(7, v);
      }
    };
  }

  /** A ValueInfoProto of a float tensor; a negative dim is written as the symbolic dim_param "N". */
  static Consumer<OnnxBytes> valueInfo(String name, int elemType, long... dims) {
    return v -> v.string(1, name).message(2, type -> type.message(1, tensor -> {
      tensor.varint(1, elemType);
      tensor.message(2, shape -> {
        for (long d : dims) {
          shape.message(1, dim -> {
            if (d < 0) {
              dim.string(2, "N");
            } else {
              dim.varint(1, d);
            }
          });
        }
      });
    }));
  }

  /** A NodeProto; attributes are added by {@code attrs}. */
  static Consumer<OnnxBytes> node(String op, String name, String[] inputs, String[] outputs,
      Consumer<OnnxBytes> attrs) {
    return n -> {
      for (String i : inputs) {
        n.string(1, i);
      }
      for (String o : outputs) {
        n.string(2, o);
      }
      n.string(3, name).string(4, op);
      attrs.accept(n);
    };
  }

  /** An INT attribute on a node. */
  static void intAttr(OnnxBytes node, String name, long v) {
    node.message(5, a -> a.string(1, name).varint(20, 2).varint(3, v));
  }

  /** An INTS attribute on a node. */
  static void intsAttr(OnnxBytes node, String name, long... v) {
    node.message(5, a -> {
      a.string(1, name).varint(20, 7);
      for (long x : v) {
        a.varint(8, x);
      }
    });
  }

  /** A FLOAT attribute on a node. */
  static void floatAttr(OnnxBytes node, String name, float v) {
    node.message(5, a -> a.string(1, name).varint(20, 1).floatField(2, v));
  }

  /** A STRING attribute on a node. */
  static void stringAttr(OnnxBytes node, String name, String v) {
    node.message(5, a -> a.string(1, name).varint(20, 3).bytes(4, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** A ModelProto with one opset import of the default domain. */
  static byte[] model(long opset, Consumer<OnnxBytes> graph) {
    return message(m -> m.varint(1, 8).string(2, "jvino-test")
        .message(8, o -> o.string(1, "").varint(2, opset))
        .message(7, graph));
  }
}
