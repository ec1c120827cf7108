package dev.jvino.nncf.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jvino.ir.Model;
import dev.jvino.ir.io.IrWriter;
import dev.jvino.models.DecoderConfig;
import dev.jvino.models.DecoderModel;
import dev.jvino.nncf.CompressWeightsMode;
import dev.jvino.nncf.CompressWeightsOptions;
import dev.jvino.nncf.Nncf;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parts {@link ParallelCompressionTest} leaves out, run in parallel threads against the same
 * calls made one after the other: data-aware compression (activation statistics through the reference
 * engine, mixed precision by sensitivity, AWQ with scale estimation) and file-to-file compression into
 * one folder (temporary spill and IR files side by side). Results must be identical.
 */
class ParallelDataAwareCompressionTest {
  private static final DecoderConfig SMALL = new DecoderConfig(64, 32, 2, 2, 48, 10000.0, 7);

  @TempDir Path dir;

  private static Model model(long seed) {
    return DecoderModel.build(new DecoderConfig(64, 32, 2, 2, 48, 10000.0, seed));
  }

  private static String withoutNodeIds(byte[] xml) {
    return new String(xml, StandardCharsets.UTF_8).replaceAll("\\b([A-Z][A-Za-z0-9]*)_\\d+\\b", "$1_#");
  }

  /** Job {@code i}: an in-memory data-aware compression, returned as the serialized .xml and .bin. */
  private static byte[][] inMemory(int i) {
    Model m = model(10 + i);
    CompressWeightsOptions.Builder b = CompressWeightsOptions.builder().dataset(DataAwareDecoderTest.prompts(m));
    CompressWeightsOptions o = switch (i) {
      case 0 -> b.mode(CompressWeightsMode.INT4_ASYM).groupSize(16).ratio(0.5f).build();
      case 1 -> b.mode(CompressWeightsMode.INT4_SYM).groupSize(16).awq(true).scaleEstimation(true).build();
      default -> b.mode(CompressWeightsMode.INT4_SYM).groupSize(16).ratio(0.7f).build();
    };
    Nncf.compressWeights(m, o);
    IrWriter.Serialized s = IrWriter.serialize(m, IrWriter.Options.DEFAULT);
    return new byte[][] {s.xml(), s.weights().toArray(ValueLayout.JAVA_BYTE)};
  }

  /** Job {@code i}: file to file, into {@code folder}; returns the written .xml and .bin. */
  private static byte[][] fileToFile(Path in, Path folder, int i) throws Exception {
    CompressWeightsOptions o = i % 2 == 0
        ? CompressWeightsOptions.builder().build()
        : CompressWeightsOptions.builder().mode(CompressWeightsMode.INT4_ASYM).groupSize(16).build();
    Path out = folder.resolve("out" + i + ".xml");
    Nncf.compressWeights(in, out, o);
    return new byte[][] {Files.readAllBytes(out), Files.readAllBytes(folder.resolve("out" + i + ".bin"))};
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

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS) // a safety bound against a deadlock, not a benchmark
  void dataAwareCallsInParallelGiveTheSequentialResults() throws Exception {
    int jobs = 3;
    List<byte[][]> sequential = new ArrayList<>();
    List<Callable<byte[][]>> tasks = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      sequential.add(inMemory(i));
      int id = i;
      tasks.add(() -> inMemory(id));
    }
    List<byte[][]> got = parallel(tasks);
    for (int i = 0; i < jobs; i++) {
      assertEquals(withoutNodeIds(sequential.get(i)[0]), withoutNodeIds(got.get(i)[0]), "xml of job " + i);
      assertArrayEquals(sequential.get(i)[1], got.get(i)[1], "weights of job " + i);
    }
    assertFalse(java.util.Arrays.equals(sequential.get(0)[1], sequential.get(1)[1]), "the jobs differ");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void fileToFileCallsIntoOneFolderInParallelGiveTheSequentialFiles() throws Exception {
    Path in = dir.resolve("in.xml");
    IrWriter.write(DecoderModel.build(SMALL), in);
    int jobs = 3;
    Path seqDir = Files.createDirectories(dir.resolve("sequential"));
    Path parDir = Files.createDirectories(dir.resolve("parallel"));
    List<byte[][]> sequential = new ArrayList<>();
    List<Callable<byte[][]>> tasks = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      sequential.add(fileToFile(in, seqDir, i));
      int id = i;
      tasks.add(() -> fileToFile(in, parDir, id));
    }
    List<byte[][]> got = parallel(tasks);
    for (int i = 0; i < jobs; i++) {
      assertEquals(withoutNodeIds(sequential.get(i)[0]), withoutNodeIds(got.get(i)[0]), "xml of job " + i);
      assertArrayEquals(sequential.get(i)[1], got.get(i)[1], "weights of job " + i);
    }
    try (Stream<Path> s = Files.list(parDir)) {
      assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
          "no temporary file left by the parallel runs");
    }
  }
}
