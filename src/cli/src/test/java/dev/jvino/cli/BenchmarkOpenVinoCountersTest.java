package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.io.IrWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jvino benchmark --engine openvino -pc} end to end: OpenVINO's own per-layer counters in the table.
 * Runs only where an OpenVINO runtime is installed (tag {@code native}); elsewhere JUnit reports it skipped.
 */
@Tag("native")
@EnabledIf("dev.jvino.openvino.OpenVino#isAvailable")
class BenchmarkOpenVinoCountersTest {
  @TempDir Path dir;

  @Test
  void perLayerCountersComeFromOpenVinosProfiling() throws Exception {
    float[] w = new float[8 * 8];
    for (int i = 0; i < w.length; i++) {
      w[i] = (i % 3 - 1) * 0.25f;
    }
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 8));
    Node mm = Ops.matMul(x.output(), Ops.constant("w", ConstantData.ofFloats(ElementType.F32, new long[] {8, 8}, w))
        .output(), false, true);
    mm.setName("mm");
    Node relu = Ops.relu(mm.output());
    relu.setName("relu");
    Path xml = dir.resolve("tiny.xml");
    IrWriter.write(new Model("tiny", List.of(x), List.of(Ops.result(relu.output()))), xml);

    MainTest.Run r = MainTest.run("benchmark", "-m", xml.toString(), "-niter", "20", "-pc", "--engine", "openvino");
    assertEquals(Main.OK, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("Performance counters (OpenVINO profiling on CPU: real and CPU time per layer, "
        + "average of 20 inferences, slowest first):"), r.out());
    assertTrue(Pattern.compile("(?m)^\\S+\\s+EXECUTED\\s+\\S+\\s+\\S+\\s+[0-9.]+\\s+[0-9.]+\\s+[0-9.]+%$")
        .matcher(r.out()).find(), r.out());
    assertTrue(r.out().contains("Total time:"), r.out());
  }
}
