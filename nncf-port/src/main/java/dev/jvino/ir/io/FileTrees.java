package dev.jvino.ir.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting a folder and everything in it (temporary outputs of the CLI, the benchmarks, the statistics cache). */
public final class FileTrees {
  private FileTrees() {}

  /** Deletes {@code root} and its contents, deepest entries first; stops at the first entry that fails. */
  public static void delete(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Best effort: deletes what it can of {@code root} and its contents, and reports nothing. */
  public static void deleteQuietly(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // a leftover entry of a temporary folder is harmless
        }
      });
    } catch (IOException | UncheckedIOException ignored) {
      // best effort
    }
  }
}
