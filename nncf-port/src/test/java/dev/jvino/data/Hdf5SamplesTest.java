package dev.jvino.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.tensor.NdArray;
import dev.jvino.ir.ElementType;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hdf5SamplesTest {
  @TempDir Path dir;

  private Path write(String name, java.util.function.Consumer<WritableHdfFile> body) {
    Path file = dir.resolve(name);
    try (WritableHdfFile w = HdfFile.write(file)) {
      body.accept(w);
    }
    return file;
  }

  @Test
  void readsOneSamplePerFirstAxisIndexWithABatchOfOne() {
    float[][][] pixels = new float[3][2][2];
    long[][] ids = new long[3][4];
    for (int s = 0; s < 3; s++) {
      for (int i = 0; i < 4; i++) {
        pixels[s][i / 2][i % 2] = s * 10 + i + 0.5f;
        ids[s][i] = 100L * s + i;
      }
    }
    Path file = write("in.h5", w -> {
      w.putDataset("pixel_values", pixels);
      w.putDataset("ids", ids);
    });
    try (Hdf5Samples h = Hdf5Samples.open(file)) {
      assertEquals(3, h.size());
      assertEquals(Set.of("pixel_values", "ids"), Set.copyOf(h.names()));
      assertEquals(ElementType.F32, h.elementType("pixel_values"));
      assertEquals(ElementType.I64, h.elementType("ids"));
      Map<String, NdArray> s1 = h.sample(1);
      assertArrayEquals(new long[] {1, 2, 2}, s1.get("pixel_values").shape());
      assertArrayEquals(new float[] {10.5f, 11.5f, 12.5f, 13.5f}, s1.get("pixel_values").toFloatArray());
      assertArrayEquals(new long[] {100, 101, 102, 103}, s1.get("ids").toLongArray());
      List<Map<String, NdArray>> all = new ArrayList<>();
      h.forEach(all::add);
      assertEquals(3, all.size());
      assertArrayEquals(new long[] {200, 201, 202, 203}, all.get(2).get("ids").toLongArray());
      assertEquals(3, count(h.asDataset().inferenceData()));
      assertThrows(IndexOutOfBoundsException.class, () -> h.sample(3));
    }
  }

  @Test
  void tokenDatasetsBecomeOptimumInputsUsingTheAttentionMask() {
    long[][] ids = {{5, 6, 7, 0}, {0, 0, 8, 9}};
    long[][] mask = {{1, 1, 1, 0}, {0, 0, 1, 1}};
    Path file = write("tokens.h5", w -> {
      w.putDataset("input_ids", ids);
      w.putDataset("attention_mask", mask);
    });
    try (Hdf5Samples h = Hdf5Samples.open(file)) {
      var prompts = TokenSamples.fromHdf5(h, Set.of("input_ids", "attention_mask", "position_ids", "beam_idx"));
      assertEquals(2, prompts.size());
      assertArrayEquals(new long[] {5, 6, 7}, prompts.get(0).get("input_ids").toLongArray());
      assertArrayEquals(new long[] {1, 3}, prompts.get(0).get("input_ids").shape());
      assertArrayEquals(new long[] {0, 1, 2}, prompts.get(0).get("position_ids").toLongArray());
      assertArrayEquals(new long[] {1, 1, 1}, prompts.get(0).get("attention_mask").toLongArray());
      assertArrayEquals(new long[] {8, 9}, prompts.get(1).get("input_ids").toLongArray());
      assertEquals(ElementType.I32, prompts.get(1).get("beam_idx").type());
      assertArrayEquals(new long[] {0}, prompts.get(1).get("beam_idx").toLongArray());
    }
  }

  @Test
  void tokenDatasetsWithLengthsAndOnlyTheInputsTheModelHas() {
    Path file = write("lengths.h5", w -> {
      w.putDataset("input_ids", new long[][] {{1, 2, 3}, {4, 5, 6}});
      w.putDataset("lengths", new long[] {2, 3});
    });
    try (Hdf5Samples h = Hdf5Samples.open(file)) {
      var prompts = TokenSamples.fromHdf5(h, Set.of("input_ids", "attention_mask"));
      assertEquals(Set.of("input_ids", "attention_mask"), prompts.get(0).keySet());
      assertArrayEquals(new long[] {1, 2}, prompts.get(0).get("input_ids").toLongArray());
      assertArrayEquals(new long[] {4, 5, 6}, prompts.get(1).get("input_ids").toLongArray());
    }
    Path bad = write("badlen.h5", w -> {
      w.putDataset("input_ids", new long[][] {{1, 2, 3}});
      w.putDataset("lengths", new long[] {4});
    });
    try (Hdf5Samples h = Hdf5Samples.open(bad)) {
      var e = assertThrows(DatasetFormatException.class, () -> TokenSamples.fromHdf5(h, Set.of("input_ids")));
      assertTrue(e.getMessage().contains("length 4 outside 0..3"), e.getMessage());
    }
  }

  @Test
  void badFilesGiveTypedErrorsNamingTheFileAndDataset() throws Exception {
    Path missing = dir.resolve("missing.h5");
    assertTrue(assertThrows(DatasetFormatException.class, () -> Hdf5Samples.open(missing)).getMessage()
        .endsWith("missing.h5: no such file"));
    assertTrue(assertThrows(DatasetFormatException.class, () -> Hdf5Samples.open(dir)).getMessage()
        .contains("is a directory"));

    Path garbage = dir.resolve("garbage.h5");
    byte[] noise = new byte[4096];
    new Random(1).nextBytes(noise);
    Files.write(garbage, noise);
    var g = assertThrows(DatasetFormatException.class, () -> Hdf5Samples.open(garbage));
    assertTrue(g.getMessage().startsWith(garbage + ": not a readable HDF5 file"), g.getMessage());

    Path good = write("good.h5", w -> w.putDataset("x", new float[8][16]));
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = dir.resolve("truncated.h5");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    var t = assertThrows(DatasetFormatException.class, () -> {
      try (Hdf5Samples h = Hdf5Samples.open(truncated)) {
        h.forEach(s -> {});
      }
    });
    assertTrue(t.getMessage().startsWith(truncated.toString()), t.getMessage());

    Path mismatch = write("mismatch.h5", w -> {
      w.putDataset("a", new float[3][2]);
      w.putDataset("b", new float[4][2]);
    });
    var m = assertThrows(DatasetFormatException.class, () -> Hdf5Samples.open(mismatch));
    assertTrue(m.getMessage().contains("dataset 'b' has 4 samples but 'a' has 3"), m.getMessage());

    Path empty = write("empty.h5", w -> w.putGroup("nothing"));
    assertTrue(assertThrows(DatasetFormatException.class, () -> Hdf5Samples.open(empty)).getMessage()
        .contains("holds no dataset at its root"));
  }

  @Test
  void aSampleLargerThanTheBoundIsRefusedBeforeReading() {
    Path file = write("big.h5", w -> w.putDataset("x", new float[2][1024]));
    var e = assertThrows(DatasetFormatException.class, () -> Hdf5Samples.open(file, 1000));
    assertTrue(e.getMessage().contains("dataset 'x' has 4096 bytes per sample, more than the limit of 1000"),
        e.getMessage());
    try (Hdf5Samples h = Hdf5Samples.open(file, 4096)) {
      assertEquals(2, h.size());
    }
  }

  private static long count(Iterable<?> it) {
    long n = 0;
    for (Object o : it) {
      n++;
    }
    return n;
  }

  /**
   * Fuzzing finding: this 100-byte file declares a huge object header; jhdf reading it through a file
   * channel allocated gigabytes (OutOfMemoryError with -Xmx256m). Read through the mapping it is a typed
   * error that allocates next to nothing.
   */
  @Test
  void hugeDeclaredHeaderIsATypedErrorWithoutAllocating() throws Exception {
    Path file = dir.resolve("finding.h5");
    try (var in = getClass().getResourceAsStream("Hdf5SamplesFuzzTestInputs/readFile/finding-oom-huge-header")) {
      Files.write(file, in.readAllBytes());
    }
    DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Hdf5Samples.open(file));
    assertEquals(file, e.file());
    // and in a JVM with a 64 MiB heap: a typed error, not an OutOfMemoryError
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(javaBin, "-Xmx64m", "-Xshare:off", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
        Hdf5OpenMain.class.getName(), file.toString()).redirectErrorStream(true).start();
    String out;
    try (var in = p.getInputStream()) {
      out = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), out);
    assertTrue(out.lines().anyMatch(l -> l.equals(DatasetFormatException.class.getName())), out);
  }
}
