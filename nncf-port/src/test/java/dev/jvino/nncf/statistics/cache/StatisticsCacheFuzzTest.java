package dev.jvino.nncf.statistics.cache;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Fuzz targets for the statistics-cache reader (NNCF's {@code statistics_path} format).
 *
 * <ul>
 *   <li>{@code readSafetensors}: the input is one safetensors file, read with {@link Safetensors#read}.
 *   <li>{@code loadCacheDir}: the input is a cache directory: its first two bytes (little-endian) give the
 *       length of {@code statistics_metadata.json}, which follows; the rest is written as the one
 *       statistics file {@code WCTensorStatistic_x_4_0_1.safetensors}; then {@link StatisticsCacheDir#load}.
 * </ul>
 *
 * <p>Accepted outcomes: a result, or a {@link StatisticsCacheException} (its {@link SafetensorsException}
 * included). Anything else (NPE, index errors, OOM, stack overflow, a hang) fails the target.
 *
 * <p>{@code mvn test} replays the corpus in {@code src/test/resources/dev/jvino/nncf/statistics/cache/
 * StatisticsCacheFuzzTestInputs/}; to fuzz for real see {@code docs/fuzzing.md}.
 */
class StatisticsCacheFuzzTest {
  private static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("jvino-cache-fuzz");
      DIR.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "10s")
  void readSafetensors(byte[] data) throws IOException {
    Path file = DIR.resolve("t.safetensors");
    Files.write(file, data);
    try {
      Safetensors.read(file);
    } catch (StatisticsCacheException expected) {
      // typed and bounded: fine
    }
  }

  @FuzzTest(maxDuration = "10s")
  void loadCacheDir(byte[] data) throws IOException {
    Path dir = DIR.resolve("cache");
    deleteTree(dir);
    Files.createDirectories(dir);
    int metaLength = data.length < 2 ? 0 : Math.min(((data[0] & 0xFF) | (data[1] & 0xFF) << 8), data.length - 2);
    int from = Math.min(2, data.length);
    Files.write(dir.resolve(StatisticsCacheDir.METADATA_FILE), Arrays.copyOfRange(data, from, from + metaLength));
    Files.write(dir.resolve("WCTensorStatistic_x_4_0_1.safetensors"),
        Arrays.copyOfRange(data, from + metaLength, data.length));
    try {
      StatisticsCacheDir.load(dir, StatisticsCacheDir.OPENVINO);
    } catch (StatisticsCacheException expected) {
      // typed and bounded: fine
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
