package dev.jvino.openvino;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small IR v11 model written by the tests: y = ReLU(x[N,4] . W[4,2] + b[1,2]), with W and b below.
 * Its expected output is computed in Java by {@link #expected}.
 */
final class TinyIr {
  private TinyIr() {}

  static final float[] W = {0.5f, -1f, 1f, 2f, -0.25f, 0.75f, 2f, -0.5f}; // row-major [4,2]
  static final float[] B = {0.1f, -0.2f};

  static String xml(boolean broken) {
    String relu = broken ? "ReLUUU" : "ReLU";
    return """
        <?xml version="1.0"?>
        <net name="tiny_mlp" version="11">
          <layers>
            <layer id="0" name="x" type="Parameter" version="opset1">
              <data shape="1,4" element_type="f32"/>
              <output><port id="0" precision="FP32" names="x"><dim>1</dim><dim>4</dim></port></output>
            </layer>
            <layer id="1" name="fc.weight" type="Const" version="opset1">
              <data element_type="f32" shape="4, 2" offset="0" size="32"/>
              <output><port id="0" precision="FP32"><dim>4</dim><dim>2</dim></port></output>
            </layer>
            <layer id="2" name="fc/MatMul" type="MatMul" version="opset1">
              <data transpose_a="false" transpose_b="false"/>
              <input>
                <port id="0" precision="FP32"><dim>1</dim><dim>4</dim></port>
                <port id="1" precision="FP32"><dim>4</dim><dim>2</dim></port>
              </input>
              <output><port id="2" precision="FP32"><dim>1</dim><dim>2</dim></port></output>
            </layer>
            <layer id="3" name="fc.bias" type="Const" version="opset1">
              <data element_type="f32" shape="1, 2" offset="32" size="8"/>
              <output><port id="0" precision="FP32"><dim>1</dim><dim>2</dim></port></output>
            </layer>
            <layer id="4" name="fc/Add" type="Add" version="opset1">
              <data auto_broadcast="numpy"/>
              <input>
                <port id="0" precision="FP32"><dim>1</dim><dim>2</dim></port>
                <port id="1" precision="FP32"><dim>1</dim><dim>2</dim></port>
              </input>
              <output><port id="2" precision="FP32"><dim>1</dim><dim>2</dim></port></output>
            </layer>
            <layer id="5" name="relu" type="%s" version="opset1">
              <input><port id="0" precision="FP32"><dim>1</dim><dim>2</dim></port></input>
              <output><port id="1" precision="FP32" names="y"><dim>1</dim><dim>2</dim></port></output>
            </layer>
            <layer id="6" name="y/sink_port_0" type="Result" version="opset1">
              <input><port id="0" precision="FP32"><dim>1</dim><dim>2</dim></port></input>
            </layer>
          </layers>
          <edges>
            <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
            <edge from-layer="1" from-port="0" to-layer="2" to-port="1"/>
            <edge from-layer="2" from-port="2" to-layer="4" to-port="0"/>
            <edge from-layer="3" from-port="0" to-layer="4" to-port="1"/>
            <edge from-layer="4" from-port="2" to-layer="5" to-port="0"/>
            <edge from-layer="5" from-port="1" to-layer="6" to-port="0"/>
          </edges>
          <rt_info/>
        </net>
        """.formatted(relu);
  }

  static byte[] weights() {
    ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    for (float w : W) {
      b.putFloat(w);
    }
    for (float v : B) {
      b.putFloat(v);
    }
    return b.array();
  }

  /** Writes tiny.xml and tiny.bin into {@code dir}; returns the xml path. */
  static Path write(Path dir, boolean broken) throws IOException {
    Path xml = dir.resolve(broken ? "broken.xml" : "tiny.xml");
    Files.writeString(xml, xml(broken), StandardCharsets.UTF_8);
    Files.write(dir.resolve(broken ? "broken.bin" : "tiny.bin"), weights());
    return xml;
  }

  /** ReLU(x . W + b) for rows of 4 values. */
  static float[] expected(float[] x) {
    int rows = x.length / 4;
    float[] y = new float[rows * 2];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < 2; j++) {
        float acc = B[j];
        for (int k = 0; k < 4; k++) {
          acc += x[r * 4 + k] * W[k * 2 + j];
        }
        y[r * 2 + j] = Math.max(0f, acc);
      }
    }
    return y;
  }
}
