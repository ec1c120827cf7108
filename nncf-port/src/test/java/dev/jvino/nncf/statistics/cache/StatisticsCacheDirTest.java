package dev.jvino.nncf.statistics.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jvino.engine.tensor.NdArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NNCF's cache directory layout against {@code python_cache/}, written by
 * {@code tools/fixtures/gen_nncf_statistics_cache.py} (the same statistics are rebuilt here), both ways.
 */
public class StatisticsCacheDirTest {
  public static final Path PYTHON_CACHE = Path.of("src/test/resources/statcache/python_cache");

  @TempDir
  Path tmp;

  /** The statistics the generator writes, in its order. */
  public static Map<String, Map<String, NdArray>> chainStatistics() {
    Map<String, Map<String, NdArray>> m = new LinkedHashMap<>();
    String[] nodes = {"x", "A", "B"};
    float[] maxVar = {100f, 0.5f, 1f};
    for (int s = 0; s < 3; s++) {
      float[] means = new float[9];
      for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 3; k++) {
          means[i * 3 + k] = (float) ((s + 1) * 0.5 + i * 0.25 - k * 0.125);
        }
      }
      Map<String, NdArray> wc = new LinkedHashMap<>();
      wc.put("mean_values", NdArray.f32(new long[] {3, 3}, means));
      wc.put("shape_values", NdArray.i32(new long[] {3, 3}, 1, 4, 3, 1, 4, 3, 1, 4, 3));
      m.put("WCTensorStatistic_" + nodes[s] + "_4_0", wc);
      m.put("HessianTensorStatistic_" + nodes[s] + "_4_0", Map.of("hessian", NdArray.f32(new long[0], 2f + s)));
      m.put("MeanVarianceTensorStatistic_" + nodes[s] + "_4_0",
          Map.of("mean_variance", NdArray.f32(new long[0], 0.75f * (s + 1))));
      m.put("MaxVarianceTensorStatistic_" + nodes[s] + "_4_0",
          Map.of("max_variance", NdArray.f32(new long[0], maxVar[s])));
      m.put("MeanMagnitudeTensorStatistic_" + nodes[s] + "_4_0",
          Map.of("mean_magnitude", NdArray.f32(new long[0], 1.5f * (s + 1))));
    }
    m.put("MeanVarianceTensorStatistic_layers.0/self_attn:q_proj_4_0",
        Map.of("mean_variance", NdArray.f32(new long[0], 0.5f)));
    m.put("MeanVarianceTensorStatistic_layers_0/self_attn.q_proj_4_0",
        Map.of("mean_variance", NdArray.f32(new long[0], 0.25f)));
    m.put("HessianTensorStatistic_ряд\u00b71 emb\uD83D\uDE00_4_0", Map.of("hessian", NdArray.f32(new long[0], 1f)));
    return m;
  }

  @Test
  void sanitizesAsPythonsWordRegex() {
    assertEquals("layers_0_self_attn_q_proj", StatisticsCacheDir.sanitize("layers.0/self_attn:q_proj"));
    // one underscore per code point (the emoji is a surrogate pair in Java), Cyrillic letters and digits kept
    assertEquals("ряд_1_emb_", StatisticsCacheDir.sanitize("ряд\u00b71 emb\uD83D\uDE00"));
    assertEquals("x²_٣_", StatisticsCacheDir.sanitize("x²-٣!"));
    assertEquals(List.of("a_b_1.safetensors", "a_b_2.safetensors", "c_1.safetensors"),
        List.copyOf(StatisticsCacheDir.fileNames(List.of("a.b", "a/b", "c")).values()));
  }

  @Test
  void loadsTheCacheWrittenByPythonExactly() {
    StatisticsCacheDir.Loaded l = StatisticsCacheDir.load(PYTHON_CACHE, StatisticsCacheDir.OPENVINO);
    Map<String, Map<String, NdArray>> want = chainStatistics();
    assertEquals(List.copyOf(want.keySet()), List.copyOf(l.statistics().keySet()));
    want.forEach((key, fields) -> fields.forEach((f, v) -> {
      NdArray got = l.statistics().get(key).get(f);
      assertEquals(v.type(), got.type(), key + "." + f);
      assertArrayEquals(v.shape(), got.shape(), key + "." + f);
      assertArrayEquals(v.toDoubleArray(), got.toDoubleArray(), key + "." + f);
    }));
    assertEquals(3, l.subsetSize().orElseThrow());
    assertEquals("openvino", l.metadata().get("backend"));
  }

  @Test
  void dumpsTheSameBytesAsPython() throws IOException {
    Path dir = tmp.resolve("nested/cache");
    StatisticsCacheDir.dump(chainStatistics(), dir, StatisticsCacheDir.OPENVINO, Map.of("subset_size", 3L));
    List<String> pythonFiles = list(PYTHON_CACHE);
    assertEquals(pythonFiles, list(dir));
    for (String f : pythonFiles) {
      assertArrayEquals(Files.readAllBytes(PYTHON_CACHE.resolve(f)), Files.readAllBytes(dir.resolve(f)), f);
    }
    // nothing else is left next to it (the temporary directory was renamed)
    assertEquals(List.of("cache"), list(dir.getParent()));
  }

  public static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private Path copyOfPythonCache() throws IOException {
    Path dir = tmp.resolve("copy");
    Files.createDirectories(dir);
    for (String f : list(PYTHON_CACHE)) {
      Files.copy(PYTHON_CACHE.resolve(f), dir.resolve(f));
    }
    return dir;
  }

  private static String fails(Path dir) {
    return assertThrows(StatisticsCacheException.class, () -> StatisticsCacheDir.load(dir, StatisticsCacheDir.OPENVINO))
        .getMessage();
  }

  @Test
  void staleOrForeignCachesGiveTypedErrors() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertEquals("Metadata file does not exist in the following path: " + empty, fails(empty));

    Path dir = copyOfPythonCache();
    Path meta = dir.resolve(StatisticsCacheDir.METADATA_FILE);
    String original = Files.readString(meta);
    Files.writeString(meta, original.replace("\"openvino\"", "\"torch\""));
    assertTrue(fails(dir).contains("Backend in loaded statistics torch does not match the expected backend openvino."));
    Files.writeString(meta, original.replace("\"backend\": \"openvino\",", ""));
    assertTrue(fails(dir).contains("has no information about backend"));
    Files.writeString(meta, original.substring(0, 100));
    assertTrue(fails(dir).contains("invalid JSON in " + meta));
    Files.writeString(meta, "[]");
    assertTrue(fails(dir).contains("is not a JSON object"));
    Files.writeString(meta, original.replace("\"WCTensorStatistic_x_4_0_1.safetensors\"", "\"../x.safetensors\""));
    assertTrue(fails(dir).contains("'../x.safetensors', which is not a file name inside"));

    Files.writeString(meta, original);
    Path linked = dir.resolve("HessianTensorStatistic_B_4_0_1.safetensors");
    Files.move(linked, tmp.resolve("elsewhere.safetensors"));
    Files.createSymbolicLink(linked, tmp.resolve("elsewhere.safetensors"));
    assertTrue(fails(dir).contains(linked + " is a symbolic link"));
    Files.delete(linked);
    Files.move(tmp.resolve("elsewhere.safetensors"), linked);
    Files.delete(dir.resolve("HessianTensorStatistic_A_4_0_1.safetensors"));
    assertEquals("One of the statistics file: " + dir.resolve("HessianTensorStatistic_A_4_0_1.safetensors")
        + " does not exist.", fails(dir));

    Path dir2 = tmp.resolve("corrupt");
    Files.createDirectories(dir2);
    for (String f : list(PYTHON_CACHE)) {
      Files.copy(PYTHON_CACHE.resolve(f), dir2.resolve(f));
    }
    Path victim = dir2.resolve("MaxVarianceTensorStatistic_B_4_0_1.safetensors");
    byte[] b = Files.readAllBytes(victim);
    Files.write(victim, java.util.Arrays.copyOf(b, b.length - 1));
    String msg = fails(dir2);
    assertTrue(msg.contains(victim.toString()) && msg.contains("tensors cover 4 data bytes but the file holds 3"), msg);
  }

  @Test
  void dumpRefusesAnExistingDirectoryAndLeavesNothingBehind() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("taken"));
    assertThrows(StatisticsCacheException.class, () -> StatisticsCacheDir.dump(chainStatistics(), dir,
        StatisticsCacheDir.OPENVINO, Map.of()));
    assertEquals(List.of("taken"), list(tmp));
    assertFalse(Files.exists(dir.resolve(StatisticsCacheDir.METADATA_FILE)));
  }
}
