package dev.jvino.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/** Builds ONNX graphs for tests node by node (names, random weights), then the model bytes. */
final class GraphBuilder {
  private final List<Consumer<OnnxBytes>> parts = new ArrayList<>();
  private final Random random;
  private int counter;

  GraphBuilder(long seed) {
    this.random = new Random(seed);
  }

  /** Adds a node with generated output name; returns the output name. */
  String op(String type, Consumer<OnnxBytes> attrs, String... inputs) {
    String out = type.toLowerCase() + "_" + (counter++);
    parts.add(g -> g.message(1, OnnxBytes.node(type, out + "_node", inputs, new String[] {out}, attrs)));
    return out;
  }

  String op(String type, String... inputs) {
    return op(type, n -> { }, inputs);
  }

  /** Adds a node with several named outputs. */
  void opN(String type, Consumer<OnnxBytes> attrs, String[] inputs, String... outputs) {
    parts.add(g -> g.message(1, OnnxBytes.node(type, outputs[0] + "_node", inputs, outputs, attrs)));
  }

  /** A random float initializer in [lo, hi). */
  String weights(long[] dims, float lo, float hi) {
    String name = "w_" + (counter++);
    int n = 1;
    for (long d : dims) {
      n *= (int) d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = lo + (hi - lo) * random.nextFloat();
    }
    parts.add(g -> g.message(5, OnnxBytes.rawFloatTensor(name, dims, v)));
    return name;
  }

  String floats(long[] dims, float... v) {
    String name = "f_" + (counter++);
    parts.add(g -> g.message(5, OnnxBytes.floatTensor(name, dims, v)));
    return name;
  }

  /** An initializer of ONNX data type {@code dataType} with raw little-endian bytes. */
  String raw(int dataType, long[] dims, byte[] bytes) {
    String name = "r_" + (counter++);
    parts.add(g -> g.message(5, t -> {
      for (long d : dims) {
        t.varint(1, d);
      }
      t.varint(2, dataType).string(8, name).bytes(9, bytes);
    }));
    return name;
  }

  /** Random bytes (int8/uint8 weights). */
  byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  String longs(long... v) {
    String name = "i_" + (counter++);
    parts.add(g -> g.message(5, OnnxBytes.longTensor(name, new long[] {v.length}, v)));
    return name;
  }

  String longScalar(long v) {
    String name = "s_" + (counter++);
    parts.add(g -> g.message(5, OnnxBytes.longTensor(name, new long[0], v)));
    return name;
  }

  void input(String name, long... dims) {
    parts.add(g -> g.message(11, OnnxBytes.valueInfo(name, 1, dims)));
  }

  void output(String name) {
    parts.add(g -> g.message(12, v -> v.string(1, name).message(2, t -> t.message(1, tt -> tt.varint(1, 1)))));
  }

  byte[] model(long opset) {
    return OnnxBytes.model(opset, g -> {
      g.string(2, "test_graph");
      parts.forEach(p -> p.accept(g));
    });
  }
}
