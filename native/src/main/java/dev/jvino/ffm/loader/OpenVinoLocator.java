package dev.jvino.ffm.loader;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds an OpenVINO runtime on disk, trying each {@link SearchSource} in order and recording every
 * place it looked. It only reads the file system; {@link OpenVinoLibrary} loads what it finds.
 */
public final class OpenVinoLocator {
  private OpenVinoLocator() {}

  /** The outcome of a search: the runtime found and every place looked at on the way. */
  public record Located(RuntimeLocation location, List<Attempt> attempts) {
    public Located {
      attempts = List.copyOf(attempts);
    }
  }

  /**
   * Searches in order and returns the first runtime found.
   *
   * @throws OpenVinoNotFoundException listing every place tried, when none holds a runtime, or when
   *     jvino's own override ({@code -Djvino.openvino.dir}, {@code JVINO_OPENVINO_DIR}) names a folder
   *     without one: an explicit choice is never silently replaced by another runtime
   */
  public static Located locate(LookupEnvironment environment) {
    List<Attempt> attempts = new ArrayList<>();
    Optional<RuntimeLocation> found = search(environment, attempts);
    if (found.isEmpty()) {
      throw new OpenVinoNotFoundException(attempts);
    }
    return new Located(found.get(), attempts);
  }

  private static Optional<RuntimeLocation> search(LookupEnvironment e, List<Attempt> attempts) {
    for (SearchSource explicit : List.of(SearchSource.SYSTEM_PROPERTY, SearchSource.JVINO_OPENVINO_DIR)) {
      String value = explicit == SearchSource.SYSTEM_PROPERTY
          ? e.properties().apply("jvino.openvino.dir")
          : e.env().apply("JVINO_OPENVINO_DIR");
      if (isBlank(value)) {
        attempts.add(new Attempt(explicit, "", "not set"));
        continue;
      }
      Optional<RuntimeLocation> r = tryDir(explicit, Path.of(value.strip()), attempts);
      if (r.isEmpty()) {
        attempts.add(new Attempt(explicit, value.strip(),
            "set explicitly but holds no runtime; not searching further"));
      }
      return r;
    }
    for (SearchSource var : List.of(SearchSource.OPENVINO_INSTALL_DIR, SearchSource.INTEL_OPENVINO_DIR)) {
      String value = e.env().apply(var.name());
      if (isBlank(value)) {
        attempts.add(new Attempt(var, "", "not set"));
        continue;
      }
      Optional<RuntimeLocation> r = tryDir(var, Path.of(value.strip()), attempts);
      if (r.isPresent()) {
        return r;
      }
    }
    String ldPath = e.env().apply("LD_LIBRARY_PATH");
    if (isBlank(ldPath)) {
      attempts.add(new Attempt(SearchSource.LD_LIBRARY_PATH, "", "not set"));
    } else {
      for (String entry : ldPath.split(File.pathSeparator)) {
        if (entry.isBlank()) {
          continue;
        }
        Optional<RuntimeLocation> r = tryDir(SearchSource.LD_LIBRARY_PATH, Path.of(entry), attempts);
        if (r.isPresent()) {
          return r;
        }
      }
    }
    List<Path> optInstalls = optIntelInstalls(e.optIntel());
    if (optInstalls.isEmpty()) {
      attempts.add(new Attempt(SearchSource.OPT_INTEL, e.optIntel().resolve("openvino*").toString(),
          "no openvino* folder"));
    }
    for (Path install : optInstalls) {
      Optional<RuntimeLocation> r = tryDir(SearchSource.OPT_INTEL, install, attempts);
      if (r.isPresent()) {
        return r;
      }
    }
    for (Path dir : e.systemLibraryDirs()) {
      Optional<RuntimeLocation> r = tryDir(SearchSource.SYSTEM_LIBRARY_DIR, dir, attempts);
      if (r.isPresent()) {
        return r;
      }
    }
    Optional<RuntimeLocation> wheel = searchWheels(e.pythonSitePackages(), attempts);
    if (wheel.isPresent()) {
      return wheel;
    }
    return searchJars(e, attempts);
  }

  private static Optional<RuntimeLocation> searchWheels(List<Path> sitePackages, List<Attempt> attempts) {
    int absent = 0;
    for (Path site : sitePackages) {
      if (!Files.isDirectory(site)) {
        absent++;
        continue;
      }
      Path libs = site.resolve("openvino").resolve("libs");
      if (!Files.isDirectory(libs)) {
        attempts.add(new Attempt(SearchSource.PYTHON_WHEEL, libs.toString(), "no openvino package"));
        continue;
      }
      Optional<RuntimeLocation> r = tryDir(SearchSource.PYTHON_WHEEL, libs, attempts);
      if (r.isPresent()) {
        return r;
      }
    }
    if (absent > 0) {
      attempts.add(new Attempt(SearchSource.PYTHON_WHEEL, "",
          absent + " other usual site-packages folder" + (absent == 1 ? " does" : "s do") + " not exist"));
    }
    return Optional.empty();
  }

  private static Optional<RuntimeLocation> searchJars(LookupEnvironment e, List<Attempt> attempts) {
    boolean anyJar = false;
    for (Path entry : e.classPath()) {
      if (!BytedecoJar.looksLikeOpenVinoJar(entry) || !Files.isRegularFile(entry)) {
        continue;
      }
      anyJar = true;
      Optional<Path> libDir;
      try {
        libDir = BytedecoJar.extract(entry, e.extractionRoot());
      } catch (IOException | RuntimeException ex) {
        attempts.add(new Attempt(SearchSource.BYTEDECO_JAR, entry.toString(), "cannot extract: " + ex.getMessage()));
        continue;
      }
      if (libDir.isEmpty()) {
        attempts.add(new Attempt(SearchSource.BYTEDECO_JAR, entry.toString(),
            "no " + BytedecoJar.PLATFORM_PREFIX + LibraryDirs.C_LIBRARY + "* inside"));
        continue;
      }
      Optional<RuntimeLocation> r = tryDir(SearchSource.BYTEDECO_JAR, libDir.get(), attempts);
      if (r.isPresent()) {
        return r;
      }
    }
    if (!anyJar) {
      attempts.add(new Attempt(SearchSource.BYTEDECO_JAR, "", "no openvino-*-linux-x86_64.jar on the class path"));
    }
    return Optional.empty();
  }

  private static Optional<RuntimeLocation> tryDir(SearchSource source, Path dir, List<Attempt> attempts) {
    LibraryDirs.Inspection inspection = LibraryDirs.inspect(source, dir);
    return switch (inspection) {
      case LibraryDirs.Found f -> {
        attempts.add(new Attempt(source, dir.toString(), f.outcome()));
        yield Optional.of(f.location());
      }
      case LibraryDirs.Missing m -> {
        attempts.add(new Attempt(source, dir.toString(), m.outcome()));
        yield Optional.empty();
      }
    };
  }

  /** {@code /opt/intel/openvino*}, newest name first ({@code openvino_2026.1} before {@code openvino_2025.4}). */
  private static List<Path> optIntelInstalls(Path optIntel) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(optIntel)) {
      return out;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(optIntel, "openvino*")) {
      for (Path p : s) {
        if (Files.isDirectory(p)) {
          out.add(p);
        }
      }
    } catch (IOException | SecurityException ex) {
      return out;
    }
    out.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
    return out;
  }

  private static boolean isBlank(@Nullable String s) {
    return s == null || s.isBlank();
  }
}
