package dev.jvino.nncf.quantization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.data.TokenSamples;
import dev.jvino.engine.ReferenceEngine;
import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ConstantData;
import dev.jvino.ir.ElementType;
import dev.jvino.ir.Model;
import dev.jvino.ir.Node;
import dev.jvino.ir.Ops;
import dev.jvino.ir.Output;
import dev.jvino.ir.PartialShape;
import dev.jvino.ir.io.IrWriter;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import dev.jvino.nncf.Dataset;
import dev.jvino.nncf.ModelType;
import dev.jvino.nncf.Nncf;
import dev.jvino.nncf.QuantizationMode;
import dev.jvino.nncf.QuantizeOptions;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Nncf.quantize} on different models in parallel threads against the same calls made one after
 * the other: CNNs with fast and full bias correction and FP8, and the demo decoder as a transformer
 * (SmoothQuant); then file-to-file quantization of several jobs into one folder. The serialized results
 * must be identical (weights byte for byte, {@code .xml} up to the process-wide numbers of auto-named
 * nodes) and no temporary file may be left behind.
 */
class ParallelQuantizeTest {
  @TempDir Path dir;

  private static Output conv(Output x, String name, int cin, int cout, SplittableRandom r) {
    float[] w = new float[cout * cin * 9];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * 0.3);
    }
    float[] b = new float[cout];
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) (r.nextGaussian() * 0.1 + 0.2);
    }
    Node c = Ops.convolution(x, Ops.constant(name + ".weight", ConstantData.ofFloats(ElementType.F32,
        new long[] {cout, cin, 3, 3}, w)).output(), new long[] {1, 1}, new long[] {1, 1}, new long[] {1, 1},
        new long[] {1, 1});
    c.setName(name);
    Node add = Ops.add(c.output(), Ops.constant(name + ".bias", ConstantData.ofFloats(ElementType.F32,
        new long[] {1, cout, 1, 1}, b)).output());
    add.setName(name + "/add");
    Node relu = Ops.relu(add.output());
    relu.setName(name + "/relu");
    return relu.output();
  }

  static Model cnn(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Node x = Ops.parameter("x", ElementType.F32, PartialShape.of(1, 3, 8, 8));
    Output y = conv(x.output(), "conv1", 3, 8, r);
    y = conv(y, "conv2", 8, 8, r);
    return new Model("cnn" + seed, List.of(x), List.of(Ops.result(y)));
  }

  static Dataset<List<NdArray>> images(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    List<List<NdArray>> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] v = new float[3 * 8 * 8];
      for (int k = 0; k < v.length; k++) {
        v[k] = (float) r.nextDouble(-1, 1);
      }
      items.add(List.of(NdArray.f32(new long[] {1, 3, 8, 8}, v)));
    }
    return Dataset.of(items);
  }

  private static Dataset<Map<String, NdArray>> prompts(Model decoder, long seed, int n) {
    Set<String> inputs = decoder.parameters().stream().map(Node::name).collect(Collectors.toSet());
    SplittableRandom r = new SplittableRandom(seed);
    List<long[]> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long[] t = new long[6];
      for (int j = 0; j < t.length; j++) {
        t[j] = r.nextInt(1, 64);
      }
      ids.add(t);
    }
    return Dataset.of(ids, t -> TokenSamples.forTokens(t, inputs));
  }

  /** The result of one job: serialized .xml (node numbers masked), .bin, and its FakeQuantize names. */
  record Outcome(String xml, byte[] bin, List<String> quantizers) {}

  /** Masks the numbers of auto-named nodes ({@code Multiply_366}): a process-wide counter assigns them. */
  private static String withoutNodeIds(String text) {
    return text.replaceAll("\\b([A-Z][A-Za-z0-9]*)_\\d+", "$1_#");
  }

  private static String withoutNodeIds(byte[] xml) {
    return withoutNodeIds(new String(xml, StandardCharsets.UTF_8));
  }

  private static Outcome outcome(Model q) {
    // unique names even when other threads named nodes at the same time
    List<String> names = q.ops().stream().map(Node::name).toList();
    assertEquals(names.size(), names.stream().distinct().count(), "node names unique in " + q.name());
    IrWriter.Serialized s = IrWriter.serialize(q, IrWriter.Options.DEFAULT);
    return new Outcome(withoutNodeIds(s.xml()), s.weights().toArray(ValueLayout.JAVA_BYTE), quantizers(q));
  }

  private static List<String> quantizers(Model q) {
    return Stream.concat(q.nodesOfType("FakeQuantize").stream(), q.nodesOfType("FakeConvert").stream())
        .map(n -> withoutNodeIds(n.name())).sorted().toList();
  }

  /** Job {@code i}: an in-memory quantization of its own model. */
  private static Outcome inMemory(int i) {
    PostTrainingQuantization.Result r = switch (i) {
      case 0 -> Nncf.quantize(cnn(1), images(11, 6), QuantizeOptions.builder().subsetSize(6).build(),
          new ReferenceEngine());
      case 1 -> Nncf.quantize(cnn(2), images(12, 4), QuantizeOptions.builder().subsetSize(4)
          .fastBiasCorrection(false).build(), new ReferenceEngine());
      case 2 -> Nncf.quantize(cnn(3), images(13, 4), QuantizeOptions.builder().subsetSize(4)
          .mode(QuantizationMode.FP8_E4M3).build(), new ReferenceEngine());
      default -> {
        Model decoder = DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 48, 10000, 5));
        yield Nncf.quantize(decoder, prompts(decoder, 1, 4), QuantizeOptions.builder()
            .modelType(ModelType.TRANSFORMER).subsetSize(4).build(), new ReferenceEngine());
      }
    };
    return outcome(r.model());
  }

  /** Job {@code i}: file to file into {@code folder}; returns what was written. */
  private static Outcome fileToFile(Path in, Path folder, int i) throws Exception {
    Path out = folder.resolve("q" + i + ".xml");
    QuantizeOptions o = i % 2 == 0 ? QuantizeOptions.builder().subsetSize(4).build()
        : QuantizeOptions.builder().subsetSize(4).fastBiasCorrection(false).build();
    Nncf.quantize(in, out, images(20 + i, 4), o, new ReferenceEngine());
    return new Outcome(withoutNodeIds(Files.readAllBytes(out)), Files.readAllBytes(folder.resolve("q" + i + ".bin")),
        quantizers(dev.jvino.ir.io.IrReader.read(out)));
  }

  private static <T> List<T> parallel(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> t : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          return t.call();
        }));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(100, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertSame(List<Outcome> sequential, List<Outcome> parallel) {
    for (int i = 0; i < sequential.size(); i++) {
      Outcome s = sequential.get(i);
      Outcome p = parallel.get(i);
      assertFalse(s.quantizers().isEmpty(), "job " + i + " quantized");
      assertEquals(s.quantizers(), p.quantizers(), "quantizer names of job " + i);
      assertArrayEquals(s.bin(), p.bin(), "weights of job " + i);
      assertEquals(s.xml(), p.xml(), "xml of job " + i);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS) // a safety bound against a deadlock, not a benchmark
  void quantizeCallsOnDifferentModelsInParallelGiveTheSequentialResults() throws Exception {
    int jobs = 4;
    List<Outcome> sequential = new ArrayList<>();
    List<Callable<Outcome>> tasks = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      sequential.add(inMemory(i));
      int id = i;
      tasks.add(() -> inMemory(id));
    }
    List<Outcome> got = parallel(tasks);
    assertSame(sequential, got);
    String fp8 = sequential.get(2).xml();
    assertTrue(fp8.contains("type=\"FakeConvert\"") && !fp8.contains("type=\"FakeQuantize\""),
        "the FP8 job inserted FakeConvert, not FakeQuantize");
    assertTrue(sequential.get(3).xml().contains("nncf_smooth_quant"), "the transformer job ran SmoothQuant");
    assertFalse(Arrays.equals(sequential.get(0).bin(), sequential.get(1).bin()), "the jobs differ");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void fileToFileQuantizeIntoOneFolderInParallelGivesTheSequentialFiles() throws Exception {
    Path in = dir.resolve("cnn.xml");
    IrWriter.write(cnn(7), in);
    int jobs = 3;
    Path seqDir = Files.createDirectories(dir.resolve("sequential"));
    Path parDir = Files.createDirectories(dir.resolve("parallel"));
    List<Outcome> sequential = new ArrayList<>();
    List<Callable<Outcome>> tasks = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      sequential.add(fileToFile(in, seqDir, i));
      int id = i;
      tasks.add(() -> fileToFile(in, parDir, id));
    }
    List<Outcome> got = parallel(tasks);
    assertSame(sequential, got);
    try (Stream<Path> s = Files.list(parDir)) {
      assertEquals(List.of("q0.bin", "q0.xml", "q1.bin", "q1.xml", "q2.bin", "q2.xml"),
          s.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left by the parallel runs");
    }
  }
}
