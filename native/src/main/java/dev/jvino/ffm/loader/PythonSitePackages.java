package dev.jvino.ffm.loader;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The folders a pip-installed {@code openvino} package may live in, without running Python. */
final class PythonSitePackages {
  private PythonSitePackages() {}

  static List<Path> candidates(Function<String, @Nullable String> env, Path home) {
    Set<Path> out = new LinkedHashSet<>();
    String pythonPath = env.apply("PYTHONPATH");
    if (pythonPath != null) {
      for (String p : pythonPath.split(File.pathSeparator)) {
        if (!p.isBlank()) {
          out.add(Path.of(p));
        }
      }
    }
    for (String prefixVar : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
      String prefix = env.apply(prefixVar);
      if (prefix != null && !prefix.isBlank()) {
        out.addAll(sitePackagesUnder(Path.of(prefix)));
      }
    }
    out.addAll(sitePackagesUnder(home.resolve(".local")));
    for (Path pyenvVersion : children(home.resolve(".pyenv/versions"))) {
      out.addAll(sitePackagesUnder(pyenvVersion));
    }
    out.addAll(sitePackagesUnder(Path.of("/usr/local")));
    out.addAll(sitePackagesUnder(Path.of("/usr")));
    out.add(Path.of("/usr/lib/python3/dist-packages"));
    return new ArrayList<>(out);
  }

  /** {@code prefix/lib/python3.*}/{site,dist}-packages. */
  private static List<Path> sitePackagesUnder(Path prefix) {
    List<Path> out = new ArrayList<>();
    for (Path lib : children(prefix.resolve("lib"))) {
      String name = lib.getFileName().toString();
      if (name.startsWith("python3")) {
        out.add(lib.resolve("site-packages"));
        out.add(lib.resolve("dist-packages"));
      }
    }
    return out;
  }

  private static List<Path> children(Path dir) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        if (Files.isDirectory(p)) {
          out.add(p);
        }
      }
    } catch (IOException | SecurityException e) {
      return out;
    }
    out.sort(null);
    return out;
  }
}
