package dev.jvino.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.io.IrWriter;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkCommandTest {
  @TempDir Path dir;

  /** x[?,4] -> MatMul W[4,3] -> Add b -> Relu. */
  private Path mlp() throws java.io.IOException {
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(List.of(dev.jvino.ir.Dimension.DYNAMIC,
        dev.jvino.ir.Dimension.of(4))));
    float[] w = new float[12];
    Arrays.fill(w, 0.5f);
    Node wc = Ops.constant("w", ConstantData.ofFloats(ElementType.F32, new long[] {4, 3}, w));
    Node mm = Ops.matMul(x.output(), wc.output(), false, false);
    mm.setName("mm");
    Node b = Ops.constant(ConstantData.ofFloats(ElementType.F32, new long[] {3}, 1, -1, 0));
    Node add = Ops.add(mm.output(), b.output());
    add.setName("add");
    Node relu = Ops.relu(add.output());
    relu.setName("relu");
    Node r = Ops.result(relu.output());
    r.setName("out");
    Path xml = dir.resolve("mlp.xml");
    IrWriter.write(new Model("mlp", List.of(x), List.of(r)), xml);
    return xml;
  }

  private static double value(String out, String label) {
    Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(label) + "\\s+([0-9.]+)").matcher(out);
    assertTrue(m.find(), "no '" + label + "' in\n" + out);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void measuresFiveIterationsAndWritesJsonAndPlot() throws Exception {
    Path json = dir.resolve("stats.json");
    Path png = dir.resolve("latency.png");
    MainTest.Run r = MainTest.run("benchmark", "-m", mlp().toString(), "-niter", "5", "-b", "2", "--engine",
        "reference", "-json_stats", json.toString(), "--plot", png.toString());
    assertEquals(Main.OK, r.code(), r.err() + r.out());
    String out = r.out();
    assertTrue(out.contains("device options do not apply to the reference engine"), out);
    assertTrue(out.contains("x: f32 [2, 4]"), out);
    assertEquals(5, (int) value(out, "Count:"));
    double median = value(out, "Median:");
    double avg = value(out, "Average:");
    double min = value(out, "Min:");
    double max = value(out, "Max:");
    double p90 = value(out, "p90:");
    double p99 = value(out, "p99:");
    assertTrue(min <= median && median <= max, out);
    assertTrue(min <= avg && avg <= max, out);
    assertTrue(median <= p90 && p90 <= p99 && p99 <= max, out);
    double duration = value(out, "Duration:");
    double fps = value(out, "Throughput:");
    // FPS = count * batch / duration; both printed rounded to 0.01
    double expected = 5 * 2 / (duration / 1000);
    assertEquals(expected, fps, Math.max(0.01, expected * 0.01), out);
    for (String s : List.of("Read model:", "Compile model:", "First inference:")) {
      assertTrue(value(out, s) >= 0, s);
    }

    Map<String, Map<String, String>> stats = parse(Files.readString(json));
    Map<String, String> results = stats.get("execution_results");
    assertNotNull(results, stats.toString());
    assertEquals("5", results.get("total number of iterations"));
    assertEquals(BenchmarkCommand.f2(median), results.get("latency (ms)"));
    assertEquals(BenchmarkCommand.f2(avg), results.get("avg latency"));
    assertEquals(BenchmarkCommand.f2(min), results.get("min latency"));
    assertEquals(BenchmarkCommand.f2(max), results.get("max latency"));
    assertEquals(BenchmarkCommand.f2(fps), results.get("throughput"));
    assertEquals(BenchmarkCommand.f2(duration), results.get("total execution time (ms)"));
    assertTrue(results.containsKey("read model time (ms)") && results.containsKey("compile model time (ms)")
        && results.containsKey("first inference time (ms)"), results.toString());
    assertEquals("2", stats.get("configuration_setup").get("batch size"));
    assertEquals("mlp", stats.get("configuration_setup").get("topology"));
    assertEquals("5", stats.get("cmd_options").get("-niter"));

    byte[] bytes = Files.readAllBytes(png);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(bytes, 8));
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(LatencyPlot.WIDTH, img.getWidth());
    assertEquals(LatencyPlot.HEIGHT, img.getHeight());
  }

  @Test
  void perLayerCountersListTheModelsOps() throws Exception {
    MainTest.Run r = MainTest.run("benchmark", "-m", mlp().toString(), "-niter", "5", "-shape", "x[3,4]", "-pc",
        "--engine", "reference");
    assertEquals(Main.OK, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("x: f32 [3, 4]"), r.out());
    for (String op : List.of("MatMul", "Add", "Relu")) {
      assertTrue(Pattern.compile("(?m)^\\S+\\s+EXECUTED\\s+" + op + "\\s+[0-9.]+\\s+[0-9.]+%$").matcher(r.out()).find(),
          op + " missing in\n" + r.out());
    }
    assertTrue(r.out().contains("Total time:"), r.out());
  }

  @Test
  void asyncRunsSessionsOnThreadsAndTokenModelsGetTokenInputs() throws Exception {
    Path xml = dir.resolve("decoder.xml");
    IrWriter.write(DecoderModel.build(new DecoderConfig(64, 32, 1, 2, 48, 10000, 1)), xml);
    MainTest.Run r = MainTest.run("benchmark", "-m", xml.toString(), "-niter", "6", "-api", "async", "-nireq", "2",
        "--engine", "reference");
    assertEquals(Main.OK, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("2 sessions on 2 threads"), r.out());
    assertTrue(r.out().contains("(token ids)"), r.out());
    assertTrue(r.out().contains("input_ids: i64 [1, 8]"), r.out());
    assertEquals(6, (int) value(r.out(), "Count:"));
    MainTest.Run longer = MainTest.run("benchmark", "-m", xml.toString(), "-niter", "1", "-shape",
        "input_ids[1,5]", "--engine", "reference");
    assertEquals(Main.OK, longer.code(), longer.err());
    assertTrue(longer.out().contains("input_ids: i64 [1, 5]"), longer.out());
    assertTrue(longer.out().contains("attention_mask: i64 [1, 5]"), longer.out());
    MainTest.Run batched = MainTest.run("benchmark", "-m", xml.toString(), "-niter", "1", "-b", "4");
    assertEquals(Main.FAILURE, batched.code());
    assertTrue(batched.err().startsWith("jvino: error: -b 4: token inputs are one prompt"), batched.err());
  }

  @Test
  void badOptionsFailWithOneLine() throws Exception {
    String model = mlp().toString();
    MainTest.Run zero = MainTest.run("benchmark", "-m", model, "-niter", "0");
    assertEquals(Main.USAGE, zero.code());
    assertEquals("jvino: -niter must be at least 1, got 0", zero.err().lines().findFirst().orElseThrow());
    MainTest.Run missing = MainTest.run("benchmark", "-niter", "5");
    assertEquals(Main.USAGE, missing.code());
    assertTrue(missing.err().lines().findFirst().orElseThrow().contains("Missing required option: '-m=MODEL.xml'"),
        missing.err());
    MainTest.Run engine = MainTest.run("benchmark", "-m", model, "-niter", "5", "--engine", "warp");
    assertEquals(Main.FAILURE, engine.code());
    assertEquals(1, engine.err().strip().lines().count(), engine.err());
    assertTrue(engine.err().startsWith("jvino: error: unknown engine 'warp'"), engine.err());
    MainTest.Run openvino = MainTest.run("benchmark", "-m", model, "-niter", "5", "--engine", "openvino");
    assertEquals(Main.FAILURE, openvino.code()); // no OpenVINO runtime on this machine or CI
    assertEquals(1, openvino.err().strip().lines().count(), openvino.err());
    assertTrue(openvino.err().startsWith("jvino: error: the openvino engine is not available"), openvino.err());
    MainTest.Run dynamic = MainTest.run("benchmark", "-m", model, "-niter", "5", "--engine", "reference");
    assertEquals(Main.FAILURE, dynamic.code());
    assertTrue(dynamic.err().contains("input 'x' has dynamic shape"), dynamic.err());
    MainTest.Run syncMany = MainTest.run("benchmark", "-m", model, "-niter", "5", "-nireq", "3");
    assertEquals(Main.USAGE, syncMany.code());
    assertTrue(syncMany.err().contains("-nireq/-nstreams above 1 need -api async"), syncMany.err());
  }

  @Test
  void timeLimitedRunsStopAfterTheLimitAndNameIgnoredDeviceOptions() throws Exception {
    MainTest.Run r = MainTest.run("benchmark", "-m", mlp().toString(), "-t", "0.2", "-b", "1", "-d", "GPU", "-hint",
        "latency", "--engine", "reference");
    assertEquals(Main.OK, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("-d GPU and -hint latency are ignored"), r.out());
    assertTrue(value(r.out(), "Count:") >= 1, r.out());
    assertTrue(value(r.out(), "Duration:") >= 200, r.out());
  }

  @Test
  void readsInputsFromHdf5() throws Exception {
    float[][] x = new float[3][4];
    x[1][2] = 1.5f;
    Path h5 = dir.resolve("in.h5");
    try (io.jhdf.WritableHdfFile w = io.jhdf.HdfFile.write(h5)) {
      w.putDataset("x", x);
    }
    MainTest.Run r = MainTest.run("benchmark", "-m", mlp().toString(), "-niter", "5", "-i", h5.toString(),
        "--engine", "reference");
    assertEquals(Main.OK, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("inputs: 3 samples from " + h5), r.out());
    assertTrue(r.out().contains("x: f32 [1, 4]"), r.out());
    assertEquals(5, (int) value(r.out(), "Count:"));
  }

  @Test
  void latencyStatisticsUseNearestRankPercentiles() {
    LatencyStats s = LatencyStats.of(new double[] {5, 1, 4, 2, 3});
    assertEquals(new LatencyStats(5, 3, 3, 1, 5, 5, 5), s);
    LatencyStats even = LatencyStats.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    assertEquals(5.5, even.median());
    assertEquals(9, even.p90());
    assertEquals(10, even.p99());
  }

  @Test
  void deviceOptionsBecomeOpenVinoCompileProperties() {
    assertEquals(Map.of(), BenchmarkCommand.deviceProperties("none", 0));
    assertEquals(Map.of("PERFORMANCE_HINT", "THROUGHPUT", "NUM_STREAMS", "4"),
        BenchmarkCommand.deviceProperties("throughput", 4));
    assertEquals(Map.of("PERFORMANCE_HINT", "LATENCY"), BenchmarkCommand.deviceProperties("Latency", 0));
  }

  @Test
  void shapeListsParseByName() {
    Map<String, long[]> m = BenchmarkInputs.parseShapes("a[1,3,224,224], b[2]");
    assertArrayEquals(new long[] {1, 3, 224, 224}, m.get("a"));
    assertArrayEquals(new long[] {2}, m.get("b"));
    assertArrayEquals(new long[] {4, 4}, BenchmarkInputs.parseShapes("[4,4]").get(""));
  }

  /** A two-level JSON reader for the statistics file: objects of objects of strings. */
  private static Map<String, Map<String, String>> parse(String json) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    Matcher section = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:\\s*\\{([^{}]*)\\}").matcher(json);
    while (section.find()) {
      Map<String, String> inner = new LinkedHashMap<>();
      Matcher kv = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(section.group(2));
      while (kv.find()) {
        inner.put(kv.group(1), kv.group(2));
      }
      out.put(section.group(1), inner);
    }
    assertTrue(json.strip().startsWith("{") && json.strip().endsWith("}"), json);
    return out;
  }
}
