package dev.jvino.ffm.loader;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Looks inside one candidate folder for the OpenVINO libraries of each known layout. */
final class LibraryDirs {
  private LibraryDirs() {}

  static final String C_LIBRARY = "libopenvino_c.so";
  static final String CORE_LIBRARY = "libopenvino.so";
  static final String TBB_LIBRARY = "libtbb.so";

  /** What a folder held: a runtime, or the reason it is not one. */
  sealed interface Inspection permits Found, Missing {}

  record Found(RuntimeLocation location, String outcome) implements Inspection {}

  record Missing(String outcome) implements Inspection {}

  /**
   * Inspects {@code dir}: an archive root (runtime/lib/intel64 below it) or a folder holding the
   * libraries themselves (archive lib folder, APT folder, pip {@code openvino/libs}, an extracted jar).
   */
  static Inspection inspect(SearchSource source, Path dir) {
    if (!Files.exists(dir)) {
      return new Missing("does not exist");
    }
    if (!Files.isDirectory(dir)) {
      return new Missing("is not a directory");
    }
    Path libDir = dir;
    Path tbbDir = null;
    Path archiveLib = dir.resolve("runtime").resolve("lib").resolve("intel64");
    if (Files.isDirectory(archiveLib)) {
      libDir = archiveLib;
      tbbDir = dir.resolve("runtime").resolve("3rdparty").resolve("tbb").resolve("lib");
    } else if (dir.endsWith(Path.of("runtime", "lib", "intel64"))) {
      tbbDir = dir.getParent().getParent().resolve("3rdparty").resolve("tbb").resolve("lib");
    }
    Path cLib = newest(libDir, C_LIBRARY);
    if (cLib == null && Files.isDirectory(libDir.resolve("Release"))) {
      libDir = libDir.resolve("Release");
      cLib = newest(libDir, C_LIBRARY);
    }
    if (cLib == null) {
      return new Missing("no " + C_LIBRARY + "* in " + libDir);
    }
    Path core = newest(libDir, CORE_LIBRARY);
    if (core == null) {
      return new Missing("found " + cLib.getFileName() + " but no " + CORE_LIBRARY + "* beside it");
    }
    List<Path> preload = new ArrayList<>();
    Path tbb = tbbDir != null && Files.isDirectory(tbbDir) ? newest(tbbDir, TBB_LIBRARY) : null;
    if (tbb == null) {
      tbb = newest(libDir, TBB_LIBRARY);
    }
    if (tbb != null) {
      preload.add(tbb);
    }
    preload.add(core);
    Optional<String> version = versionOf(cLib.getFileName().toString(), C_LIBRARY);
    if (version.isEmpty()) {
      version = versionOf(core.getFileName().toString(), CORE_LIBRARY);
    }
    Path pluginDir = libDir;
    if (version.isPresent() && Files.isDirectory(libDir.resolve("openvino-" + version.get()))) {
      pluginDir = libDir.resolve("openvino-" + version.get());
    } else {
      Path apt = newestPluginFolder(libDir);
      if (apt != null) {
        pluginDir = apt;
      }
    }
    RuntimeLocation location =
        new RuntimeLocation(source, libDir, cLib, core, preload, pluginDir, version);
    return new Found(location, "found " + cLib.getFileName() + version.map(v -> " (version " + v + ")").orElse(""));
  }

  /**
   * The library called {@code base} in {@code dir}: the plain name, or a versioned soname such as
   * {@code base.2621} or {@code base.2026.0.0}; the most specific version wins.
   */
  static @Nullable Path newest(Path dir, String base) {
    List<Path> matches = new ArrayList<>();
    Pattern pattern = Pattern.compile(Pattern.quote(base) + "(\\.[0-9]+)*");
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        if (pattern.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
          matches.add(p);
        }
      }
    } catch (IOException | SecurityException e) {
      return null;
    }
    return matches.stream()
        .max(Comparator.comparing((Path p) -> suffixKey(p.getFileName().toString(), base)))
        .orElse(null);
  }

  /** Orders sonames: more version components first, then numerically. */
  private static String suffixKey(String name, String base) {
    String suffix = name.substring(base.length());
    String[] parts = suffix.isEmpty() ? new String[0] : suffix.substring(1).split("\\.");
    StringBuilder key = new StringBuilder().append(parts.length);
    for (String part : parts) {
      key.append('.').append("%012d".formatted(Long.parseLong(part.length() > 12 ? part.substring(0, 12) : part)));
    }
    return key.toString();
  }

  private static final Pattern FULL_VERSION = Pattern.compile("\\.([0-9]{4})\\.([0-9]+)\\.([0-9]+)(\\..*)?");
  private static final Pattern SONAME_VERSION = Pattern.compile("\\.([0-9]{2})([0-9])([0-9]+)");
  private static final Pattern YEAR_VERSION = Pattern.compile("\\.(20[0-9]{2})");

  /**
   * The release encoded in a library file name: {@code .2026.0.0} as is; OpenVINO's short soname
   * {@code .2621} (year, minor, patch) as 2026.2.1; a bare year as that year.
   */
  static Optional<String> versionOf(String fileName, String base) {
    if (!fileName.startsWith(base)) {
      return Optional.empty();
    }
    String suffix = fileName.substring(base.length());
    Matcher full = FULL_VERSION.matcher(suffix);
    if (full.matches()) {
      return Optional.of(full.group(1) + "." + full.group(2) + "." + full.group(3));
    }
    Matcher soname = SONAME_VERSION.matcher(suffix);
    if (soname.matches() && Integer.parseInt(soname.group(1)) >= 22) {
      return Optional.of("20" + soname.group(1) + "." + soname.group(2) + "." + soname.group(3));
    }
    Matcher year = YEAR_VERSION.matcher(suffix);
    if (year.matches()) {
      return Optional.of(year.group(1));
    }
    return Optional.empty();
  }

  private static @Nullable Path newestPluginFolder(Path libDir) {
    Path best = null;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(libDir, "openvino-*")) {
      for (Path p : s) {
        if (Files.isDirectory(p) && (best == null || p.getFileName().toString().compareTo(best.getFileName().toString()) > 0)) {
          best = p;
        }
      }
    } catch (IOException | SecurityException e) {
      return null;
    }
    return best;
  }
}
