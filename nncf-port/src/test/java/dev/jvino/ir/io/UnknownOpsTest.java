package dev.jvino.ir.io;

import static org.junit.jupiter.api.Assertions.*;

import dev.jvino.ir.ElementType;
import dev.jvino.ir.GraphAssert;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ops jvino does not know, and rt_info on input ports, survive read and write unchanged. */
class UnknownOpsTest {
  @Test
  void unknownOpsAndInputPortRtInfoRoundTrip() {
    Node x = Ops.parameter("x", ElementType.F16, PartialShape.of(2, -1));
    Node custom = Ops.node("MyFancyOp", "extension", List.of(x.output()));
    custom.setName("fancy");
    custom.attributes().set("alpha", "0.25").set("mode", "weird,list").set("flag", "true");
    custom.addOutput(ElementType.F32, PartialShape.of(2, 7)).names().add("fancy:0");
    custom.addOutput(ElementType.I32, PartialShape.dynamic(3));
    custom.input(0).rtInfo().putAttribute("precise", "0", null);
    custom.rtInfo().putAttribute("fused_names", "0", "a,b");
    Node sm = Ops.softmax(custom.output(0), 1);
    Model m = new Model("custom", List.of(x), List.of(Ops.result(sm.output()),
        Ops.result(custom.output(1))));
    IrWriter.Serialized s = IrWriter.serialize(m, IrWriter.Options.DEFAULT);
    String text = new String(s.xml(), StandardCharsets.UTF_8);
    assertTrue(text.contains("type=\"MyFancyOp\" version=\"extension\""), text);
    assertTrue(text.contains("<data alpha=\"0.25\" mode=\"weird,list\" flag=\"true\" />"), text);
    assertTrue(text.contains("type=\"SoftMax\" version=\"opset8\""), text);
    Model back = IrReader.read(s.xml(), s.weights(), IrReader.Options.DEFAULT);
    GraphAssert.assertSameGraph(m, back);
    Node f = back.node("fancy").orElseThrow();
    assertTrue(f.input(0).rtInfo().find("precise").isPresent());
    assertEquals(PartialShape.dynamic(3), f.output(1).shape());
    assertEquals("Softmax", back.nodesOfType("softmax").get(0).type());
  }
}
