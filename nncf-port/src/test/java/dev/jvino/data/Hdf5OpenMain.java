package dev.jvino.data;

import java.nio.file.Path;

/**
 * Run in a forked JVM with a small heap by {@link Hdf5SamplesTest}: opens each file given and prints
 * {@code ok}, the exception's class name, or {@code OOM}, one line per file.
 */
public final class Hdf5OpenMain {
  private Hdf5OpenMain() {}

  public static void main(String[] args) {
    for (String f : args) {
      try (Hdf5Samples s = Hdf5Samples.open(Path.of(f))) {
        System.out.println("ok " + s.names());
      } catch (OutOfMemoryError e) {
        System.out.println("OOM");
      } catch (RuntimeException e) {
        System.out.println(e.getClass().getName());
      }
    }
  }
}
