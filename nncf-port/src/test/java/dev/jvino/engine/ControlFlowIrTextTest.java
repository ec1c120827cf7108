package dev.jvino.engine;

import static dev.jvino.engine.ControlFlowTest.f32;
import static dev.jvino.engine.ControlFlowTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.Model;
import dev.jvino.ir.io.IrReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TensorIterator-0 and If-8 written as IR text in OpenVINO's layout (port maps, back edges, then/else
 * bodies), read, written and read again, and run on the reference engine on hand-computed cases.
 */
class ControlFlowIrTextTest {
  /** The TensorIterator of OpenVINO's TensorIterator spec layout, written as IR text (no weights). */
  static final String TI_XML = """
      <?xml version="1.0"?>
      <net name="ti_text" version="11">
        <layers>
          <layer id="0" name="x" type="Parameter" version="opset1">
            <data shape="2,3" element_type="f32"/>
            <output><port id="0" precision="FP32"><dim>2</dim><dim>3</dim></port></output>
          </layer>
          <layer id="1" name="h0" type="Parameter" version="opset1">
            <data shape="2,1" element_type="f32"/>
            <output><port id="0" precision="FP32"><dim>2</dim><dim>1</dim></port></output>
          </layer>
          <layer id="2" name="ti" type="TensorIterator" version="opset1">
            <port_map>
              <input external_port_id="0" internal_layer_id="0" axis="1" start="-1" end="0" stride="-1"/>
              <input external_port_id="1" internal_layer_id="1"/>
              <output external_port_id="3" internal_layer_id="3"/>
              <output external_port_id="4" internal_layer_id="3" axis="1" start="-1" end="0" stride="-1"/>
            </port_map>
            <back_edges>
              <edge from-layer="3" to-layer="1"/>
            </back_edges>
            <input>
              <port id="0"><dim>2</dim><dim>3</dim></port>
              <port id="1"><dim>2</dim><dim>1</dim></port>
            </input>
            <output>
              <port id="3" precision="FP32"><dim>2</dim><dim>1</dim></port>
              <port id="4" precision="FP32"><dim>2</dim><dim>3</dim></port>
            </output>
            <body>
              <layers>
                <layer id="0" name="xs" type="Parameter" version="opset1">
                  <data shape="2,1" element_type="f32"/>
                  <output><port id="0" precision="FP32"><dim>2</dim><dim>1</dim></port></output>
                </layer>
                <layer id="1" name="h" type="Parameter" version="opset1">
                  <data shape="2,1" element_type="f32"/>
                  <output><port id="0" precision="FP32"><dim>2</dim><dim>1</dim></port></output>
                </layer>
                <layer id="2" name="sum" type="Add" version="opset1">
                  <data auto_broadcast="numpy"/>
                  <input>
                    <port id="0"><dim>2</dim><dim>1</dim></port>
                    <port id="1"><dim>2</dim><dim>1</dim></port>
                  </input>
                  <output><port id="2" precision="FP32"><dim>2</dim><dim>1</dim></port></output>
                </layer>
                <layer id="3" name="h_out" type="Result" version="opset1">
                  <input><port id="0"><dim>2</dim><dim>1</dim></port></input>
                </layer>
              </layers>
              <edges>
                <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
                <edge from-layer="1" from-port="0" to-layer="2" to-port="1"/>
                <edge from-layer="2" from-port="2" to-layer="3" to-port="0"/>
              </edges>
            </body>
          </layer>
          <layer id="3" name="last" type="Result" version="opset1">
            <input><port id="0"><dim>2</dim><dim>1</dim></port></input>
          </layer>
          <layer id="4" name="all" type="Result" version="opset1">
            <input><port id="0"><dim>2</dim><dim>3</dim></port></input>
          </layer>
        </layers>
        <edges>
          <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
          <edge from-layer="1" from-port="0" to-layer="2" to-port="1"/>
          <edge from-layer="2" from-port="3" to-layer="3" to-port="0"/>
          <edge from-layer="2" from-port="4" to-layer="4" to-port="0"/>
        </edges>
      </net>
      """;

  @Test
  void tensorIteratorWrittenAsIrTextRunsAndRoundTrips() {
    Model m = IrReader.read(TI_XML.strip().getBytes(StandardCharsets.UTF_8), null, IrReader.Options.DEFAULT);
    // running sums of the columns taken last to first: [13,26] -> [15,31] -> [16,35]
    List<NdArray> r = run(m, f32(new long[] {2, 3}, 1, 2, 3, 4, 5, 6), f32(new long[] {2, 1}, 10, 20));
    assertArrayEquals(new float[] {16, 35}, r.get(0).floats());
    // concatenated with stride -1: last iteration first
    assertArrayEquals(new float[] {16, 15, 13, 35, 31, 26}, r.get(1).floats());
  }

  /** An If-8 in OpenVINO's IR layout, as text: then a + b, else a - b (inputs 1, 2 to both branches). */
  static final String IF_XML = """
      <?xml version="1.0"?>
      <net name="if_text" version="11">
        <layers>
          <layer id="0" name="c" type="Parameter" version="opset1">
            <data shape="" element_type="boolean"/>
            <output><port id="0" precision="BOOL"/></output>
          </layer>
          <layer id="1" name="a" type="Parameter" version="opset1">
            <data shape="2" element_type="f32"/>
            <output><port id="0" precision="FP32"><dim>2</dim></port></output>
          </layer>
          <layer id="2" name="b" type="Parameter" version="opset1">
            <data shape="2" element_type="f32"/>
            <output><port id="0" precision="FP32"><dim>2</dim></port></output>
          </layer>
          <layer id="3" name="branch" type="If" version="opset8">
            <then_port_map>
              <input external_port_id="1" internal_layer_id="0"/>
              <input external_port_id="2" internal_layer_id="1"/>
              <output external_port_id="3" internal_layer_id="3"/>
            </then_port_map>
            <else_port_map>
              <input external_port_id="2" internal_layer_id="1"/>
              <input external_port_id="1" internal_layer_id="0"/>
              <output external_port_id="3" internal_layer_id="3"/>
            </else_port_map>
            <input>
              <port id="0" precision="BOOL"/>
              <port id="1" precision="FP32"><dim>2</dim></port>
              <port id="2" precision="FP32"><dim>2</dim></port>
            </input>
            <output>
              <port id="3" precision="FP32"><dim>2</dim></port>
            </output>
            <then_body>
              <layers>
                <layer id="0" name="ta" type="Parameter" version="opset1">
                  <data shape="2" element_type="f32"/>
                  <output><port id="0" precision="FP32"><dim>2</dim></port></output>
                </layer>
                <layer id="1" name="tb" type="Parameter" version="opset1">
                  <data shape="2" element_type="f32"/>
                  <output><port id="0" precision="FP32"><dim>2</dim></port></output>
                </layer>
                <layer id="2" name="sum" type="Add" version="opset1">
                  <data auto_broadcast="numpy"/>
                  <input><port id="0"><dim>2</dim></port><port id="1"><dim>2</dim></port></input>
                  <output><port id="2" precision="FP32"><dim>2</dim></port></output>
                </layer>
                <layer id="3" name="then_out" type="Result" version="opset1">
                  <input><port id="0"><dim>2</dim></port></input>
                </layer>
              </layers>
              <edges>
                <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
                <edge from-layer="1" from-port="0" to-layer="2" to-port="1"/>
                <edge from-layer="2" from-port="2" to-layer="3" to-port="0"/>
              </edges>
            </then_body>
            <else_body>
              <layers>
                <layer id="0" name="ea" type="Parameter" version="opset1">
                  <data shape="2" element_type="f32"/>
                  <output><port id="0" precision="FP32"><dim>2</dim></port></output>
                </layer>
                <layer id="1" name="eb" type="Parameter" version="opset1">
                  <data shape="2" element_type="f32"/>
                  <output><port id="0" precision="FP32"><dim>2</dim></port></output>
                </layer>
                <layer id="2" name="diff" type="Subtract" version="opset1">
                  <data auto_broadcast="numpy"/>
                  <input><port id="0"><dim>2</dim></port><port id="1"><dim>2</dim></port></input>
                  <output><port id="2" precision="FP32"><dim>2</dim></port></output>
                </layer>
                <layer id="3" name="else_out" type="Result" version="opset1">
                  <input><port id="0"><dim>2</dim></port></input>
                </layer>
              </layers>
              <edges>
                <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
                <edge from-layer="1" from-port="0" to-layer="2" to-port="1"/>
                <edge from-layer="2" from-port="2" to-layer="3" to-port="0"/>
              </edges>
            </else_body>
          </layer>
          <layer id="4" name="y" type="Result" version="opset1">
            <input><port id="0"><dim>2</dim></port></input>
          </layer>
        </layers>
        <edges>
          <edge from-layer="0" from-port="0" to-layer="3" to-port="0"/>
          <edge from-layer="1" from-port="0" to-layer="3" to-port="1"/>
          <edge from-layer="2" from-port="0" to-layer="3" to-port="2"/>
          <edge from-layer="3" from-port="3" to-layer="4" to-port="0"/>
        </edges>
      </net>
      """;

  @Test
  void ifWrittenAsIrTextRunsAndRoundTrips() {
    Model m = IrReader.read(IF_XML.strip().getBytes(StandardCharsets.UTF_8), null, IrReader.Options.DEFAULT);
    NdArray a = f32(new long[] {2}, 5, 1);
    NdArray b = f32(new long[] {2}, 2, 3);
    assertArrayEquals(new float[] {7, 4}, run(m, NdArray.bools(new long[0], true), a, b).get(0).floats());
    assertArrayEquals(new float[] {3, -2}, run(m, NdArray.bools(new long[0], false), a, b).get(0).floats());
  }
}
