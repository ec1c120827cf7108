package dev.jvino.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.jvino.engine.tensor.NdArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Fuzz target for the HDF5 dataset reader: the input is an HDF5 file, opened with
 * {@link Hdf5Samples#open(Path, long)} (a 1 MiB per-sample bound), then its first samples are read and,
 * when it holds {@code input_ids}, turned into LLM prompts with {@link TokenSamples#fromHdf5}.
 *
 * <p>Accepted outcomes: samples, or a {@link DatasetFormatException}. Anything else (NPE, index errors,
 * OOM, stack overflow, a hang) fails the target.
 *
 * <p>{@code mvn test} replays the corpus in {@code src/test/resources/dev/jvino/data/
 * Hdf5SamplesFuzzTestInputs/readFile/}; to fuzz for real see {@code docs/fuzzing.md}.
 */
class Hdf5SamplesFuzzTest {
  private static final Path DIR;

  static {
    try {
      DIR = Files.createTempDirectory("jvino-h5-fuzz");
      DIR.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "10s")
  void readFile(byte[] data) throws IOException {
    Path file = DIR.resolve("d.h5");
    Files.write(file, data);
    try (Hdf5Samples s = Hdf5Samples.open(file, 1 << 20)) {
      long n = Math.min(s.size(), 4);
      for (long i = 0; i < n; i++) {
        Map<String, NdArray> sample = s.sample(i);
        if (sample.size() != s.names().size()) {
          throw new AssertionError("sample " + i + " has " + sample.keySet() + " not " + s.names());
        }
      }
      if (s.names().contains("input_ids")) {
        TokenSamples.fromHdf5(s, Set.of("input_ids", "attention_mask", "position_ids", "beam_idx"));
      }
    } catch (DatasetFormatException expected) {
      if (!expected.getMessage().startsWith(file.toString())) {
        throw new AssertionError("the error does not name the file", expected);
      }
    }
  }
}
