package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.io.IrWriter;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoModelTest {
  @TempDir Path dir;

  @Test
  void summarisesAnIrAsTextAndJson() throws Exception {
    Path xml = dir.resolve("decoder.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 1, 2, 48, 10000, 1)), xml);
    MainTest.Run text = MainTest.run("info", xml.toString());
    assertEquals(Main.OK, text.code(), text.err());
    assertTrue(text.out().contains("input_ids: i64 [?,?]"), text.out());
    assertTrue(text.out().contains("logits: f32"), text.out());
    assertTrue(text.out().contains("ScaledDotProductAttention"), text.out());
    MainTest.Run json = MainTest.run("info", "--json", xml.toString());
    assertEquals(Main.OK, json.code(), json.err());
    assertTrue(json.out().startsWith("{\"name\":\"jvino_demo_decoder\""), json.out());
    // f32 constants: 12 weights (2·64·32 + 4·32² + 3·32·48 + 2·32 + 32 = 12,896 values), inv_freq (8),
    // 3 RMSNorm epsilons, the 0 and -1e9 of the attention bias and the 0 of the empty cache: 19 constants
    assertTrue(json.out().contains("\"f32\":{\"constants\":19,\"elements\":" + (12_896 + 8 + 3 + 2 + 1)
        + ",\"bytes\":" + 4 * (12_896 + 8 + 3 + 2 + 1) + "}"), json.out());
  }

  @Test
  void badOrForeignFilesFailWithOneLineAndExitCodeOne() throws Exception {
    Path onnx = dir.resolve("model.onnx");
    Files.write(onnx, new byte[] {0x08, 0x07, 0x12, 0x04, 't', 'e', 's', 't'});
    MainTest.Run r = MainTest.run("info", onnx.toString());
    assertEquals(Main.FAILURE, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("Core.readModel") || r.err().toLowerCase().contains("convert"), r.err());

    Path broken = dir.resolve("broken.xml");
    Files.writeString(broken, "<net name=\"x\" version=\"11\"><layers><layer id=\"0\"");
    MainTest.Run b = MainTest.run("info", broken.toString());
    assertEquals(Main.FAILURE, b.code());
    assertTrue(b.err().startsWith("jvino: error: " + broken), b.err());

    MainTest.Run missing = MainTest.run("info", "--json");
    assertEquals(Main.USAGE, missing.code());
  }
}
