package dev.jvino.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.ref.UnsupportedOpException;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.io.IrReader;
import dev.jvino.ir.io.IrWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Models that went through the IR file format (written by jvino or in OpenVINO's layout) run on the engine. */
class IrFileExecutionTest {
  @Test
  void compressedModelSurvivesAnIrRoundTrip() {
    // u4 asymmetric weight (codes, zero points u4, f16 scales) feeding a MatMul, as NNCF writes it
    Output codes = Ops.convert(Ops.constant(ConstantData.ofLongs(ElementType.U4, new long[] {2, 3}, 0, 5, 15, 8, 3, 1))
        .output(), ElementType.F16).output();
    Output zp = Ops.convert(Ops.constant(ConstantData.ofLongs(ElementType.U4, new long[] {2, 1}, 8, 2)).output(),
        ElementType.F16).output();
    Output scale = Ops.constant(ConstantData.ofFloats(ElementType.F16, new long[] {2, 1}, 0.5f, 0.25f)).output();
    Output w = Ops.convert(Ops.multiply(Ops.subtract(codes, zp).output(), scale).output(), ElementType.F32).output();
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 3));
    Node mm = Ops.matMul(x.output(), w, false, true);
    mm.output().names().add("y");
    Model original = new Model("wc", List.of(x), List.of(Ops.result(mm.output())));
    IrWriter.Serialized ir = IrWriter.serialize(original, IrWriter.Options.DEFAULT);
    Model read = IrReader.read(ir.xml(), ir.weights(), IrReader.Options.DEFAULT);
    NdArray y = new ReferenceEngine().compile(read).createSession()
        .infer(java.util.Map.of("x", NdArray.f32(new long[] {1, 3}, 1, 2, 3))).get("y");
    assertArrayEquals(new float[] {3.5f, 1.25f}, y.floats());
  }

  @Test
  void loopInAnOpenVinoLayoutIrRuns() throws URISyntaxException {
    Path xml = Path.of(getClass().getResource("/fixtures/ov2026/fixture.xml").toURI());
    Model m = IrReader.read(xml);
    // its string constant has no reference-engine tensor and stays reported as unsupported
    UnsupportedOpException e = assertThrows(UnsupportedOpException.class, () -> new ReferenceEngine().compile(m));
    assertEquals("Constant-opset1", e.op());
    assertTrue(e.getMessage().contains("OpenVINO engine"), e.getMessage());
    // without it the Loop runs: trip count 2, body x_out = x_in * 2 with a back edge, so y = 4 * its input
    m.removeResult(m.node("strings/sink_port_0").orElseThrow());
    Node loop = m.node("loop").orElseThrow();
    m.addResult(loop.input(2).source());
    List<NdArray> r = new ReferenceEngine().compile(m).createSession().infer(List.of(
        NdArray.f32(new long[] {2, 4}, 1, -2, 0.5f, 3, 0, 1, 2, -1), NdArray.i64(new long[] {2}, 4, 1))).values();
    NdArray y = r.get(0);
    NdArray loopInput = r.get(1);
    assertArrayEquals(new long[] {2, 3}, y.shape());
    for (int i = 0; i < 6; i++) {
      assertEquals(4 * loopInput.floats()[i], y.floats()[i], 0f, "element " + i);
    }
    assertTrue(java.util.Arrays.stream(new int[] {0, 1, 2, 3, 4, 5}).anyMatch(i -> loopInput.floats()[i] != 0));
  }
}
