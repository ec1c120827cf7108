package dev.jvino.engine;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.io.IrReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An IR in OpenVINO's layout using TopK-11 (two outputs), ScatterNDUpdate-15 and Einsum-7 runs on the
 * reference engine, dispatched by opset through {@link KernelTable}.
 */
class IndexingIrTest {
  private static final String XML = """
      <?xml version="1.0"?>
      <net name="indexing" version="11">
        <layers>
          <layer id="0" name="x" type="Parameter" version="opset1">
            <data shape="2,3" element_type="f32"/>
            <output><port id="0" precision="FP32" names="x"><dim>2</dim><dim>3</dim></port></output>
          </layer>
          <layer id="1" name="k" type="Parameter" version="opset1">
            <data shape="" element_type="i64"/>
            <output><port id="0" precision="I64" names="k"/></output>
          </layer>
          <layer id="8" name="idx" type="Parameter" version="opset1">
            <data shape="2,2,2" element_type="i64"/>
            <output><port id="0" precision="I64" names="idx"><dim>2</dim><dim>2</dim><dim>2</dim></port></output>
          </layer>
          <layer id="2" name="topk" type="TopK" version="opset11">
            <data axis="1" mode="max" sort="value" stable="true" index_element_type="i64"/>
            <input>
              <port id="0" precision="FP32"><dim>2</dim><dim>3</dim></port>
              <port id="1" precision="I64"/>
            </input>
            <output>
              <port id="2" precision="FP32" names="values"><dim>2</dim><dim>2</dim></port>
              <port id="3" precision="I64" names="indices"><dim>2</dim><dim>2</dim></port>
            </output>
          </layer>
          <layer id="3" name="scatter" type="ScatterNDUpdate" version="opset15">
            <data reduction="sum"/>
            <input>
              <port id="0" precision="FP32"><dim>2</dim><dim>3</dim></port>
              <port id="1" precision="I64"><dim>2</dim><dim>2</dim><dim>2</dim></port>
              <port id="2" precision="FP32"><dim>2</dim><dim>2</dim></port>
            </input>
            <output><port id="3" precision="FP32" names="scattered"><dim>2</dim><dim>3</dim></port></output>
          </layer>
          <layer id="4" name="einsum" type="Einsum" version="opset7">
            <data equation="ij,ij->i"/>
            <input>
              <port id="0" precision="FP32"><dim>2</dim><dim>3</dim></port>
              <port id="1" precision="FP32"><dim>2</dim><dim>3</dim></port>
            </input>
            <output><port id="2" precision="FP32" names="dots"><dim>2</dim></port></output>
          </layer>
          <layer id="5" name="r0" type="Result" version="opset1">
            <input><port id="0" precision="FP32"><dim>2</dim><dim>2</dim></port></input>
          </layer>
          <layer id="6" name="r1" type="Result" version="opset1">
            <input><port id="0" precision="I64"><dim>2</dim><dim>2</dim></port></input>
          </layer>
          <layer id="7" name="r2" type="Result" version="opset1">
            <input><port id="0" precision="FP32"><dim>2</dim></port></input>
          </layer>
        </layers>
        <edges>
          <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
          <edge from-layer="1" from-port="0" to-layer="2" to-port="1"/>
          <edge from-layer="0" from-port="0" to-layer="3" to-port="0"/>
          <edge from-layer="8" from-port="0" to-layer="3" to-port="1"/>
          <edge from-layer="2" from-port="2" to-layer="3" to-port="2"/>
          <edge from-layer="3" from-port="3" to-layer="4" to-port="0"/>
          <edge from-layer="0" from-port="0" to-layer="4" to-port="1"/>
          <edge from-layer="2" from-port="2" to-layer="5" to-port="0"/>
          <edge from-layer="2" from-port="3" to-layer="6" to-port="0"/>
          <edge from-layer="4" from-port="2" to-layer="7" to-port="0"/>
        </edges>
      </net>
      """;

  @Test
  void indexingOpsRunFromAnIrFile() {
    Model m = IrReader.read(XML.strip().getBytes(StandardCharsets.UTF_8), null, IrReader.Options.DEFAULT);
    InferResult r = new ReferenceEngine().compile(m).createSession().infer(Map.of(
        "x", NdArray.f32(new long[] {2, 3}, 1, 5, 3, 4, 2, 6), "k", NdArray.scalarLong(2),
        "idx", NdArray.i64(new long[] {2, 2, 2}, 0, 0, 0, 1, 1, 2, 1, 2)));
    // TopK over rows: [5, 3] at columns [1, 2]; [6, 4] at [2, 0]
    assertArrayEquals(new float[] {5, 3, 6, 4}, r.get("values").floats());
    assertEquals(ElementType.I64, r.get("indices").type());
    assertArrayEquals(new long[] {1, 2, 2, 0}, r.get("indices").longs());
    // ScatterNDUpdate-15 sum adds the TopK values at (0,0), (0,1), (1,2), (1,2): [[6, 8, 3], [4, 2, 16]];
    // Einsum ij,ij->i then takes the row-wise dot product with x
    assertArrayEquals(new float[] {6 * 1 + 8 * 5 + 3 * 3, 4 * 4 + 2 * 2 + 16 * 6}, r.get("dots").floats());
  }
}
